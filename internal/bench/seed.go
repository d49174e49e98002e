// Package bench holds what the benchmarks share: seeding a store with many
// users, a small HTTP load driver, process memory readings and the Terraform
// configurations that `make bench` (scripts/bench.sh and
// internal/cmd/mspbackup-bench) applies and plans.
package bench

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/ident"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/rules"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// Seeded is what Seed created.
type Seeded struct {
	AccountIDs []string
	UserIDs    []string // in creation order
}

// seedBatch is the number of rows written per transaction.
const seedBatch = 5000

// Seed writes accounts customer accounts and users users (spread evenly over
// the accounts, without passwords) directly through the store, in a few large
// transactions. It is how the server benchmarks get 100,000 users in seconds:
// through the HTTP API each create is one fsynced transaction.
func Seed(ctx context.Context, st *store.Store, accounts, users int) (*Seeded, error) {
	if accounts < 1 {
		accounts = 1
	}
	out := &Seeded{AccountIDs: make([]string, accounts), UserIDs: make([]string, 0, users)}
	now := time.Now().UTC().Truncate(time.Microsecond)
	meta := func(prefix string) client.Meta {
		return client.Meta{ID: ident.NewID(prefix), CreatedAt: now, UpdatedAt: now, Version: 1}
	}
	err := st.Write(ctx, func(tx *store.Tx) error {
		for i := range out.AccountIDs {
			a := &client.CustomerAccount{Meta: meta(client.PrefixCustomerAccount), Name: fmt.Sprintf("seed-account-%04d", i), Status: client.CustomerAccountActive}
			if err := tx.InsertCustomerAccount(ctx, a); err != nil {
				return err
			}
			out.AccountIDs[i] = a.ID
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for start := 0; start < users; start += seedBatch {
		end := min(start+seedBatch, users)
		err := st.Write(ctx, func(tx *store.Tx) error {
			for i := start; i < end; i++ {
				acc := out.AccountIDs[i%accounts]
				u := &client.User{
					Meta:               meta(client.PrefixUser),
					Login:              fmt.Sprintf("seed-user-%06d", i),
					Email:              fmt.Sprintf("seed-user-%06d@example.com", i),
					FirstName:          "Seed",
					LastName:           fmt.Sprintf("User %06d", i),
					DisplayName:        fmt.Sprintf("Seed User %06d", i),
					NotificationEmails: []string{},
					CustomerAccountID:  &acc,
					Enabled:            true,
					LicenseSource:      client.LicenseSourceGlobalPool,
					MFAMethod:          rules.DefaultMFAMethod,
				}
				if err := tx.InsertUser(ctx, u, ""); err != nil {
					return err
				}
				out.UserIDs = append(out.UserIDs, u.ID)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("seed users %d..%d: %w", start, end, err)
		}
	}
	return out, nil
}

// StaffToken makes an MSP staff user in the Administrators group and an API
// token for it; it returns the token's secret. Requests with it take the
// ordinary (non-bootstrap) authentication path.
func StaffToken(ctx context.Context, st *store.Store) (string, error) {
	secret := NewSecret()
	now := time.Now().UTC().Truncate(time.Microsecond)
	err := st.Write(ctx, func(tx *store.Tx) error {
		u := &client.User{
			Meta:  client.Meta{ID: ident.NewID(client.PrefixUser), CreatedAt: now, UpdatedAt: now, Version: 1},
			Login: "bench-admin-" + secret[5:15], NotificationEmails: []string{}, Enabled: true,
			LicenseSource: client.LicenseSourceGlobalPool, MFAMethod: client.MFAMethodNone,
		}
		if err := tx.InsertUser(ctx, u, ""); err != nil {
			return err
		}
		if _, _, err := tx.AddMember(ctx, client.AdministratorsGroupID, u.ID, now); err != nil {
			return err
		}
		return tx.InsertToken(ctx, &client.APIToken{
			Meta: client.Meta{ID: ident.NewID(client.PrefixToken), CreatedAt: now, UpdatedAt: now, Version: 1},
			Name: "bench", UserID: &u.ID,
		}, ident.SecretHash(secret))
	})
	return secret, err
}

// NewSecret returns a random bearer secret in the server's format.
func NewSecret() string { return ident.NewTokenSecret() }

// SeedForBenchmark opens the store at path for the life of b and seeds it
// as the Go benchmarks of the store and the server read it: 100,000 users
// (the scale of the server targets; MSPBACKUP_BENCH_USERS when set, which
// scripts/bench.sh sets small for BENCH_QUICK=1), 1000 per customer account,
// and a staff user with an API token, whose secret it returns.
func SeedForBenchmark(b *testing.B, path string) (st *store.Store, seeded *Seeded, staffSecret string) {
	b.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	n, err := usersFromEnv(100_000)
	if err == nil {
		seeded, err = Seed(ctx, st, max(n/1000, 1), n)
	}
	if err == nil {
		staffSecret, err = StaffToken(ctx, st)
	}
	if err != nil {
		b.Fatal(err)
	}
	return st, seeded, staffSecret
}

// usersFromEnv is def, or MSPBACKUP_BENCH_USERS when set.
func usersFromEnv(def int) (int, error) {
	v := os.Getenv("MSPBACKUP_BENCH_USERS")
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 100 {
		return 0, fmt.Errorf("MSPBACKUP_BENCH_USERS=%q: want a number >= 100", v)
	}
	return n, nil
}

// EstateGroups are the MSP groups SeedEstate makes; user i of an account is
// a member of EstateGroups[i%len(EstateGroups)].
var EstateGroups = []string{"Estate operators", "Estate helpdesk"}

// EstateAccountName and EstateUserLogin name what SeedEstate makes: user u
// of customer account a.
func EstateAccountName(a int) string    { return fmt.Sprintf("estate-%04d", a) }
func EstateUserLogin(a, u int) string   { return fmt.Sprintf("estate-%04d-user-%04d", a, u) }
func estateUserEmail(a, u int) string   { return EstateUserLogin(a, u) + "@example.com" }
func estateDisplayName(a, u int) string { return fmt.Sprintf("Estate %04d user %04d", a, u) }

// SeedEstate writes the estate of a large MSP through the store: the groups
// EstateGroups, and accounts customer accounts of usersPerAccount users
// each, every user a member of one group and with one workstation licence
// assigned. That is accounts*(1+3*usersPerAccount) objects for Terraform to
// adopt, plus the groups. It returns the number of those objects.
func SeedEstate(ctx context.Context, st *store.Store, accounts, usersPerAccount int) (objects int, err error) {
	now := time.Now().UTC().Truncate(time.Microsecond)
	meta := func(prefix string) client.Meta {
		return client.Meta{ID: ident.NewID(prefix), CreatedAt: now, UpdatedAt: now, Version: 1}
	}
	groupIDs := make([]string, len(EstateGroups))
	err = st.Write(ctx, func(tx *store.Tx) error {
		for i, name := range EstateGroups {
			g := &client.Group{Meta: meta(client.PrefixGroup), Name: name, Permissions: []string{client.PermUsersRead}}
			if err := tx.InsertGroup(ctx, g); err != nil {
				return err
			}
			groupIDs[i] = g.ID
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("seed the estate's groups: %w", err)
	}
	// A transaction per customer account keeps each one well under
	// seedBatch rows.
	for a := range accounts {
		err := st.Write(ctx, func(tx *store.Tx) error {
			acc := &client.CustomerAccount{Meta: meta(client.PrefixCustomerAccount), Name: EstateAccountName(a), Status: client.CustomerAccountActive}
			if err := tx.InsertCustomerAccount(ctx, acc); err != nil {
				return err
			}
			for u := range usersPerAccount {
				user := &client.User{
					Meta: meta(client.PrefixUser), Login: EstateUserLogin(a, u), Email: estateUserEmail(a, u),
					DisplayName: estateDisplayName(a, u), NotificationEmails: []string{}, CustomerAccountID: &acc.ID,
					Enabled: true, LicenseSource: client.LicenseSourceGlobalPool, MFAMethod: rules.DefaultMFAMethod,
				}
				if err := tx.InsertUser(ctx, user, ""); err != nil {
					return err
				}
				if _, _, err := tx.AddMember(ctx, groupIDs[u%len(groupIDs)], user.ID, now); err != nil {
					return err
				}
				if err := tx.InsertLicenseAssignment(ctx, &client.LicenseAssignment{Meta: meta(client.PrefixLicenseAssignment),
					UserID: user.ID, LicenseType: client.LicenseTypeWorkstation, Quantity: 1}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return 0, fmt.Errorf("seed customer account %d of the estate: %w", a, err)
		}
	}
	return accounts*(1+3*usersPerAccount) + len(EstateGroups), nil
}
