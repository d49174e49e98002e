package main

import (
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// TestReplicasNeverOversubscribeAResellerQuota: 20 assignments in parallel
// through two replicas against a reseller's quota of 10 (the pool has 100)
// give exactly 10, the quota counting the reseller's whole subtree.
func TestReplicasNeverOversubscribeAResellerQuota(t *testing.T) {
	t.Parallel()
	const quota, grabs = 10, 20
	_, reps := startReplicas(t, 2, "server=100")
	var reseller, customer client.CustomerAccount
	mustCall(t, reps[0], replicaToken, "POST", "/customer-accounts",
		client.CustomerAccountCreateRequest{Name: "Quota Reseller", Reseller: true}, http.StatusCreated).decode(t, &reseller)
	mustCall(t, reps[1], replicaToken, "POST", "/customer-accounts",
		client.CustomerAccountCreateRequest{Name: "Quota Customer", ParentID: &reseller.ID}, http.StatusCreated).decode(t, &customer)
	var q client.LicenseQuota
	mustCall(t, reps[0], replicaToken, "POST", "/license-quotas",
		client.LicenseQuotaCreateRequest{CustomerAccountID: reseller.ID, LicenseType: "server", Quota: quota}, http.StatusCreated).decode(t, &q)
	users := make([]client.User, grabs)
	for i := range users {
		account := &reseller.ID
		if i%2 == 1 {
			account = &customer.ID
		}
		users[i] = createUser(t, reps[i%2], client.UserCreateRequest{Login: fmt.Sprintf("quota-%d", i), MFAMethod: client.MFAMethodNone, CustomerAccountID: account})
	}
	granted, refused := grabInParallel(t, reps, users)
	if granted != quota || refused != grabs-quota {
		t.Errorf("%d grabs over two replicas: %d granted, %d refused; want %d and %d", grabs, granted, refused, quota, grabs-quota)
	}
	for _, r := range reps {
		var got client.LicenseQuota
		mustCall(t, r, replicaToken, "GET", "/license-quotas/"+q.ID, nil, http.StatusOK).decode(t, &got)
		if got.Used != quota {
			t.Errorf("quota on %s: %+v, want %d used", r.url, got, quota)
		}
	}
}

// grabInParallel asks for one server licence for each user at once,
// alternating between the replicas, and counts what was granted and what
// refused (409, or 422 for a pool with nothing of the type); any other
// answer fails t.
func grabInParallel(t *testing.T, reps []*replica, users []client.User) (granted, refused int64) {
	t.Helper()
	var g, r atomic.Int64
	var wg sync.WaitGroup
	for i, u := range users {
		wg.Go(func() {
			a := call(t, reps[i%2], replicaToken, "POST", "/license-assignments",
				client.LicenseAssignmentCreateRequest{UserID: u.ID, LicenseType: "server", Quantity: 1})
			switch a.status {
			case http.StatusCreated:
				g.Add(1)
			case http.StatusConflict, http.StatusUnprocessableEntity:
				r.Add(1)
			default:
				t.Errorf("licence grab for %s on replica %d: %d %s", u.Login, i%2, a.status, a.body)
			}
		})
	}
	wg.Wait()
	return g.Load(), r.Load()
}
