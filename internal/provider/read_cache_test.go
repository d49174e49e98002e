package provider

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// fakeParent is a list of objects of one parent, served in pages of
// snapshotPageSize, that counts the list and get calls made against it.
type fakeParent struct {
	ids   []string
	other map[string]bool // ids that exist under another parent
	lists atomic.Int64
	gets  atomic.Int64
	fail  error
}

type fakeItem struct{ ID, Parent string }

func newFakeParent(n int) *fakeParent {
	f := &fakeParent{other: map[string]bool{}}
	for i := range n {
		f.ids = append(f.ids, "id"+strconv.Itoa(i))
	}
	return f
}

func (f *fakeParent) source() batchedSource[fakeItem] {
	return batchedSource[fakeItem]{
		kind: kindUsers,
		list: func(_ context.Context, _ *client.Client, parent string, o *client.ListOptions) (*client.Page[fakeItem], error) {
			f.lists.Add(1)
			if f.fail != nil {
				return nil, f.fail
			}
			start := 0
			if o.PageToken != "" {
				start, _ = strconv.Atoi(o.PageToken)
			}
			end := min(start+o.PageSize, len(f.ids))
			page := &client.Page[fakeItem]{}
			for _, id := range f.ids[start:end] {
				page.Items = append(page.Items, fakeItem{ID: id, Parent: parent})
			}
			if end < len(f.ids) {
				page.NextPageToken = strconv.Itoa(end)
			}
			return page, nil
		},
		id: func(v *fakeItem) string { return v.ID },
	}
}

func (f *fakeParent) read(ctx context.Context, rc *readCache, id string) (*fakeItem, error) {
	src := f.source()
	src.get = func(_ context.Context, _ *client.Client, _, id string) (*fakeItem, error) {
		f.gets.Add(1)
		if f.other[id] {
			return &fakeItem{ID: id, Parent: "elsewhere"}, nil
		}
		for _, v := range f.ids {
			if v == id {
				return &fakeItem{ID: id, Parent: "p"}, nil
			}
		}
		return nil, &client.Error{StatusCode: 404}
	}
	return src.read(ctx, readers{cache: rc}, "p", id)
}

// TestBatchedReadBound checks the bound documented on snapshot: for n
// reads of a parent of p pages, at most 2*min(n, p)+1 requests, and a parent
// that fits one page costs one request whatever n is.
func TestBatchedReadBound(t *testing.T) {
	for _, tc := range []struct {
		name      string
		parent    int   // objects of the parent
		read      []int // indexes read, in order
		wantAtMst int
	}{
		{"whole small parent", 500, seq(0, 500), 1},
		{"few of a big parent, at its start", 100_000, seq(0, 3), 1},
		{"few of a big parent, at its end", 100_000, seq(99_997, 100_000), 2*3 + 1},
		{"all of a parent of 3 pages", 2500, seq(0, 2500), 2*3 + 1},
		{"every 1000th of a big parent", 100_000, stride(0, 100_000, 1000), 2*100 + 1},
		{"scattered few", 100_000, []int{5, 50_000, 99_999, 7, 12_345}, 2*5 + 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeParent(tc.parent)
			rc := newReadCache()
			for _, i := range tc.read {
				v, err := f.read(context.Background(), rc, f.ids[i])
				if err != nil || v.ID != f.ids[i] {
					t.Fatalf("read %d: %v %v", i, v, err)
				}
			}
			if got := int(f.lists.Load() + f.gets.Load()); got > tc.wantAtMst {
				t.Errorf("%d requests (%d lists, %d gets), want at most %d", got, f.lists.Load(), f.gets.Load(), tc.wantAtMst)
			}
		})
	}
}

// TestBatchedReadNotInSnapshot: an id a complete snapshot does not hold is
// read by id, so a deleted object is a 404 (gone) and a moved one is found.
func TestBatchedReadNotInSnapshot(t *testing.T) {
	f := newFakeParent(10)
	f.other["moved"] = true
	rc := newReadCache()
	ctx := context.Background()
	if _, err := f.read(ctx, rc, "id0"); err != nil {
		t.Fatal(err)
	}
	v, err := f.read(ctx, rc, "moved")
	if err != nil || v.Parent != "elsewhere" {
		t.Fatalf("moved object: %v %v; want it read by id, not taken as deleted", v, err)
	}
	if _, err := f.read(ctx, rc, "deleted"); !client.IsNotFound(err) {
		t.Fatalf("deleted object: %v, want a 404", err)
	}
	if f.lists.Load() != 1 || f.gets.Load() != 2 {
		t.Errorf("%d lists, %d gets; want 1 and 2", f.lists.Load(), f.gets.Load())
	}
}

// TestBatchedReadSingleFlight: concurrent first reads of one parent list
// it once.
func TestBatchedReadSingleFlight(t *testing.T) {
	f := newFakeParent(500)
	rc := newReadCache()
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			if _, err := f.read(context.Background(), rc, f.ids[i*10]); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if f.lists.Load() != 1 || f.gets.Load() != 0 {
		t.Errorf("%d lists, %d gets; want 1 and 0", f.lists.Load(), f.gets.Load())
	}
}

// TestBatchedReadInvalidation: after a write the next read lists again
// instead of serving the page listed before it.
func TestBatchedReadInvalidation(t *testing.T) {
	f := newFakeParent(5)
	rc := newReadCache()
	ctx := context.Background()
	for range 2 {
		if _, err := f.read(ctx, rc, "id1"); err != nil {
			t.Fatal(err)
		}
	}
	for _, path := range []string{"/api/v1/users/usr_1", "/api/v1/customer-accounts", "/base/api/v1/companies/co_1"} {
		before := f.lists.Load()
		rc.invalidate(affectedKinds(path)...)
		if _, err := f.read(ctx, rc, "id1"); err != nil {
			t.Fatal(err)
		}
		if f.lists.Load() != before+1 {
			t.Errorf("after a write to %s: %d lists, want %d", path, f.lists.Load(), before+1)
		}
	}
	for _, path := range []string{"/api/v1/tokens/tok_1", "/api/v1/groups/grp_1/members/usr_2"} {
		before := f.lists.Load()
		rc.invalidate(affectedKinds(path)...)
		if _, err := f.read(ctx, rc, "id1"); err != nil {
			t.Fatal(err)
		}
		if f.lists.Load() != before {
			t.Errorf("a write to %s dropped the users' snapshot", path)
		}
	}
}

// TestBatchedReadInvalidatedDuringFetch: a page whose fetch overlapped a
// write is not served.
func TestBatchedReadInvalidatedDuringFetch(t *testing.T) {
	f := newFakeParent(5)
	rc := newReadCache()
	src := f.source()
	list := src.list
	src.list = func(ctx context.Context, c *client.Client, parent string, o *client.ListOptions) (*client.Page[fakeItem], error) {
		p, err := list(ctx, c, parent, o)
		rc.invalidate(kindUsers) // a write answered while the page was in flight
		return p, err
	}
	got, ok, err := src.lookup(context.Background(), nil, rc, "p", "id1")
	if err != nil || ok {
		t.Fatalf("lookup = %v, %v, %v; want a miss, to be read by id", got, ok, err)
	}
}

// TestBatchedReadListFails: a list the token may not make falls back to
// GETs, without listing again for every read.
func TestBatchedReadListFails(t *testing.T) {
	f := newFakeParent(5)
	f.fail = fmt.Errorf("list: %w", errors.New("403 forbidden"))
	rc := newReadCache()
	for _, id := range f.ids {
		if _, err := f.read(context.Background(), rc, id); err != nil {
			t.Fatal(err)
		}
	}
	if f.lists.Load() != 1 || f.gets.Load() != 5 {
		t.Errorf("%d lists, %d gets; want 1 and 5", f.lists.Load(), f.gets.Load())
	}
}

// TestBatchedReadNilCache: without a cache (an unconfigured reader) every
// read is a GET.
func TestBatchedReadNilCache(t *testing.T) {
	f := newFakeParent(5)
	if _, err := f.read(context.Background(), nil, "id1"); err != nil {
		t.Fatal(err)
	}
	if f.lists.Load() != 0 || f.gets.Load() != 1 {
		t.Errorf("%d lists, %d gets; want 0 and 1", f.lists.Load(), f.gets.Load())
	}
}

func seq(from, to int) []int { return stride(from, to, 1) }

func stride(from, to, step int) []int {
	var out []int
	for i := from; i < to; i += step {
		out = append(out, i)
	}
	return out
}

// TestBatchedReadByName: a lookup by name is served from the kind's
// snapshot, ignoring letter case as the server does, in one list for every
// lookup; a name the snapshot cannot answer as both servers would (none,
// several, or one that differs beyond ASCII letter case: SQLite's lower()
// folds ASCII only) goes to the name-filtered list, whose errors say which.
func TestBatchedReadByName(t *testing.T) {
	f := &fakeParent{ids: []string{"Alpha", "beta", "émile", "Dup", "DUP"}, other: map[string]bool{}}
	src := f.source()
	rc := newReadCache()
	var filtered []string
	for _, tt := range []struct {
		name, want string
		filtered   bool
	}{
		{"ALPHA", "Alpha", false},
		{"Beta", "beta", false},
		{"beta", "beta", false},
		{"ÉMILE", "", true},
		{"dup", "", true},
		{"missing", "", true},
	} {
		got, err := src.byName(context.Background(), readers{cache: rc}, tt.name, func(v *fakeItem) string { return v.ID },
			func(_ context.Context, _ *client.Client, name string) (*fakeItem, error) {
				filtered = append(filtered, name)
				return nil, fmt.Errorf("no item has name %q", name)
			})
		switch {
		case tt.filtered && (err == nil || filtered[len(filtered)-1] != tt.name):
			t.Errorf("%q: %v, %v; want the name-filtered list's answer", tt.name, got, err)
		case !tt.filtered && (err != nil || got.ID != tt.want):
			t.Errorf("%q: %v, %v; want %q from the snapshot", tt.name, got, err, tt.want)
		}
	}
	if n := f.lists.Load(); n != 1 {
		t.Errorf("%d list pages for 6 lookups of a kind of one page, want 1", n)
	}
	if len(filtered) != 3 {
		t.Errorf("name-filtered lists %q, want those of the 3 names the snapshot cannot answer", filtered)
	}
}
