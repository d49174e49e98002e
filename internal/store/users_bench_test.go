package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/bench"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/pgtest"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// BenchmarkUsers reads a store holding 100,000 users (MSPBACKUP_BENCH_USERS;
// 1000 per customer account), seeded once for all its sub-benchmarks.
func BenchmarkUsers(b *testing.B) {
	ctx := context.Background()
	st, seeded, secret := bench.SeedForBenchmark(b, pgtest.StoreDB(b, "bench.db"))
	ids := seeded.UserIDs

	b.Run("GetUser", func(b *testing.B) {
		defer bench.ReportCPU(b)()
		i := 0
		for b.Loop() {
			if _, err := st.GetUser(ctx, ids[i*7919%len(ids)]); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("GetUserParallel", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				if _, err := st.GetUser(ctx, ids[i*7919%len(ids)]); err != nil {
					b.Error(err)
					return
				}
				i++
			}
		})
	})
	b.Run("ListPage100", func(b *testing.B) {
		defer bench.ReportCPU(b)()
		// Pages from across the table: keyset pagination costs the same deep
		// in the table as on the first page.
		i := int64(0)
		for b.Loop() {
			items, _, err := st.ListUsers(ctx, store.UserFilter{}, store.Page{After: i * 997 % int64(max(len(ids)-100, 1)), Limit: 100})
			if err != nil || len(items) == 0 {
				b.Fatal(len(items), err)
			}
			i++
		}
	})
	b.Run("ListPage100ByAccount", func(b *testing.B) {
		defer bench.ReportCPU(b)()
		i := 0
		for b.Loop() {
			f := store.UserFilter{CustomerAccountID: seeded.AccountIDs[i%len(seeded.AccountIDs)]}
			items, _, err := st.ListUsers(ctx, f, store.Page{Limit: 100})
			if err != nil || len(items) != 100 {
				b.Fatal(len(items), err)
			}
			i++
		}
	})
	b.Run("TokenByHash", func(b *testing.B) {
		sum := sha256.Sum256([]byte(secret))
		hash := hex.EncodeToString(sum[:])
		for b.Loop() {
			if _, err := st.TokenByHash(ctx, hash); err != nil {
				b.Fatal(err)
			}
		}
	})
}
