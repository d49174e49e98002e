package store_test

import (
	"sync"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/pgtest"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// These run on PostgreSQL whatever MSPBACKUP_TEST_DB says: they are about
// several stores (replicas) sharing one database.

func TestReplicasStartingTogetherMigrateOnce(t *testing.T) {
	t.Parallel()
	db := pgtest.Database(t)
	stores := make([]*store.Store, 4)
	errs := make([]error, len(stores))
	var wg sync.WaitGroup
	for i := range stores {
		wg.Go(func() { stores[i], errs[i] = store.Open(t.Context(), db) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("replica %d: %v", i, err)
		}
		t.Cleanup(func() { stores[i].Close() })
	}
	// The seed of migration 0001 (the built-in group) ran once: a second
	// run would have failed on its unique name.
	if g, err := stores[3].GetGroup(t.Context(), "grp_administrators"); err != nil || !g.BuiltIn {
		t.Fatalf("built-in group: %+v, %v", g, err)
	}
}

func TestWritesOfReplicasAreSerialised(t *testing.T) {
	t.Parallel()
	db := pgtest.Database(t)
	a, b := open(t, db), open(t, db)
	ctx := t.Context()
	// Read-then-write in each transaction, as the server's rules (the
	// licence pool, versions) do: no increment may be lost between replicas.
	const each = 20
	var wg sync.WaitGroup
	for i := range 2 * each {
		st := []*store.Store{a, b}[i%2]
		wg.Go(func() {
			err := st.Write(ctx, func(tx *store.Tx) error {
				e, err := tx.PoolEntry(ctx, "server")
				if err != nil {
					return err
				}
				return tx.SetPoolTotal(ctx, "server", e.Total+1)
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if e, err := b.PoolEntry(ctx, "server"); err != nil || e.Total != 2*each {
		t.Fatalf("after %d increments over two replicas: %+v, %v", 2*each, e, err)
	}
}

func TestCacheGenerationIsSharedByReplicas(t *testing.T) {
	t.Parallel()
	db := pgtest.Database(t)
	a, b := open(t, db), open(t, db)
	ctx := t.Context()
	before, err := b.Generation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Write(ctx, func(tx *store.Tx) error { return tx.SetPoolTotal(ctx, "server", 3) }); err != nil {
		t.Fatal(err)
	}
	if g, err := b.Generation(ctx); err != nil || g != before {
		t.Fatalf("a write that bumps nothing moved the generation: %d -> %d, %v", before, g, err)
	}
	if err := a.Write(ctx, func(tx *store.Tx) error { return tx.BumpGeneration(ctx) }); err != nil {
		t.Fatal(err)
	}
	if g, err := b.Generation(ctx); err != nil || g == before {
		t.Fatalf("a bump on one replica is not seen by the other: %d -> %d, %v", before, g, err)
	}
}
