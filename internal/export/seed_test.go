package export

import (
	"fmt"
	"testing"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

// seeded counts what seedConsole created, by resource type as exported.
type seeded struct {
	byType  map[string]int
	members int // group memberships
	// perAccount is, by customer account name, how many objects an export of
	// that account alone imports (memberships one by one).
	perAccount map[string]int
}

// usersPerAccount is how many users each customer account gets.
const usersPerAccount = 70

// seedConsole fills a console through the API the way an MSP's would look
// after years of clicking: every optional field of every type used
// somewhere and left out elsewhere, mixed-case logins, logins whose
// resource names collide, text that looks like a Terraform template, users
// in several groups, licences, storage, tokens (live, expired, a login
// session and a bootstrap-level one), and the built-in Administrators group.
func seedConsole(t *testing.T, c *client.Client) *seeded {
	t.Helper()
	ctx := t.Context()
	s := &seeded{byType: map[string]int{}, perAccount: map[string]int{}}
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seed: %s: %v", what, err)
		}
	}

	tenant := "" // the customer account being seeded; "" for MSP-level objects
	count := func(typ string) {
		s.byType[typ]++
		if tenant != "" {
			s.perAccount[tenant]++
		}
	}

	var limits []string
	for _, l := range []client.StorageLimitCreateRequest{{Name: "Standard 500 GB", LimitGB: 500}, {Name: "Large 2 TB", LimitGB: 2000}} {
		v, err := c.StorageLimits.Create(ctx, &l)
		must("storage limit", err)
		limits = append(limits, v.ID)
		count(typeStorageLimit)
	}
	var storage []string
	for _, a := range []client.StorageAccountCreateRequest{
		{Name: "Backups EU", Type: client.StorageTypeAmazonS3, Region: "eu-west-2", AccessKeyID: "AKIAEXAMPLE", SecretAccessKey: "s3-secret"},
		{Name: "MinIO lab", Type: client.StorageTypeS3Compatible, Endpoint: "https://minio.example.net", AccessKeyID: "minio", SecretAccessKey: "minio-secret"},
		{Name: "NAS", Type: client.StorageTypeLocalFilesystem, Endpoint: "/srv/backups"},
	} {
		v, err := c.StorageAccounts.Create(ctx, &a)
		must("storage account", err)
		storage = append(storage, v.ID)
		count(typeStorageAccount)
	}

	groups := map[string]string{}
	for _, g := range []client.GroupCreateRequest{
		{Name: "Operators", Permissions: []string{client.PermUsersWrite, client.PermUsersRead, client.PermCompaniesRead}},
		{Name: "Helpdesk", Description: "First line: reads users and licences", Permissions: []string{client.PermUsersRead, client.PermLicensesRead}},
		{Name: "Auditors (empty)", Permissions: []string{}},
	} {
		v, err := c.Groups.Create(ctx, &g)
		must("group", err)
		groups[g.Name] = v.ID
	}
	all, err := c.Groups.ListAll(ctx, nil)
	must("list groups", err)
	for _, g := range all {
		groups[g.Name] = g.ID
		count(typeGroup)
		count(typeGroupMembers)
	}
	addMember := func(group, userID string) {
		_, err := c.Groups.AddMember(ctx, groups[group], userID)
		must("membership", err)
		s.members++
		if tenant != "" {
			s.perAccount[tenant]++
		}
	}

	// MSP-level: a company and staff, some in the Administrators group.
	mspCompany, err := c.Companies.Create(ctx, &client.CompanyCreateRequest{Name: "MSP Internal", StorageLimitID: &limits[1]})
	must("company", err)
	count(typeCompany)
	for i, login := range []string{"Root.Admin@MSP.example", "ops@msp.example", "noc"} {
		req := &client.UserCreateRequest{Login: login, Email: fmt.Sprintf("staff%d@msp.example", i), DisplayName: "Staff " + login}
		switch i {
		case 0:
			req.Password = "correct-horse-battery-staple"
			req.CompanyID = &mspCompany.ID
		case 1:
			req.GeneratePassword = true
			req.SendWelcomeEmail = true
		case 2:
			req.MFAMethod, req.Email, req.Password = client.MFAMethodNone, "", "noc-password-0123456"
		}
		u, err := c.Users.Create(ctx, req)
		must("staff user", err)
		count(typeUser)
		addMember(client.AdministratorsGroupName, u.ID)
		if i == 0 {
			_, err := c.Tokens.Create(ctx, &client.APITokenCreateRequest{Name: "drift pipeline", UserID: u.ID})
			must("token", err)
			count(typeAPIToken)
			in := time.Now().Add(24 * time.Hour).UTC().Truncate(time.Second)
			_, err = c.Tokens.Create(ctx, &client.APITokenCreateRequest{Name: "temporary ${not a template}", UserID: u.ID, ExpiresAt: &in})
			must("token", err)
			count(typeAPIToken)
		}
		if i == 2 { // a login session: a token, but not configuration
			_, err := c.Auth.Login(ctx, &client.LoginRequest{Login: login, Password: req.Password})
			must("login", err)
		}
	}
	// A bootstrap-level token, which the provider cannot manage: left out.
	_, err = c.Tokens.Create(ctx, &client.APITokenCreateRequest{Name: "bootstrap automation"})
	must("bootstrap-level token", err)

	tenants := []client.CustomerAccountCreateRequest{
		{Name: "Acme Ltd", Description: "Manufacturing; ${var.not_interpolated} %{if x}"},
		{Name: "Globex Corporation"},
		{Name: "3M Partners", Description: "Name starts with a digit"},
	}
	licenceTypes := client.LicenseTypes
	for ai, tr := range tenants {
		a, err := c.CustomerAccounts.Create(ctx, &tr)
		must("customer account", err)
		tenant = a.Name
		count(typeCustomerAccount)
		var companies []string
		for ci, name := range []string{"Head Office", "Warehouse"} { // the same names in every account
			req := &client.CompanyCreateRequest{Name: name, CustomerAccountID: &a.ID}
			if ci == 1 {
				req.StorageLimitID, req.Description = &limits[0], "Loading bay PCs"
			}
			co, err := c.Companies.Create(ctx, req)
			must("company", err)
			count(typeCompany)
			companies = append(companies, co.ID)
		}
		for i := range usersPerAccount {
			n := ai*usersPerAccount + i
			login := fmt.Sprintf("user%03d@tenant%d.example", i, ai)
			switch {
			case i == 0:
				login = fmt.Sprintf("Alice.Smith@Tenant%d.Example", ai) // mixed case
			case i == 1:
				login = fmt.Sprintf("alice_smith@tenant%d.example", ai) // the same resource name as i == 0
			case i%8 == 0:
				login = fmt.Sprintf("User%03d.MixedCase", n)
			}
			req := &client.UserCreateRequest{Login: login, CustomerAccountID: &a.ID, Email: fmt.Sprintf("u%d@tenant%d.example", i, ai)}
			if i%2 == 0 {
				req.FirstName, req.LastName = "First", fmt.Sprintf("Last %d", n)
			}
			if i%3 == 0 {
				req.DisplayName = fmt.Sprintf("User %d \"quoted\" ${x}", n)
				req.CompanyID = &companies[i%2]
			}
			switch i % 7 {
			case 0:
				req.NotificationEmails = []string{"zeta@reports.example", "alpha@reports.example"}
			case 1:
				req.NotificationEmails = []string{"only@reports.example"}
			}
			switch i % 5 {
			case 0:
				req.StorageAccountID, req.Bucket = &storage[i%3], fmt.Sprintf("bucket-%d", n)
			case 1:
				req.StorageAccountID = &storage[0]
			}
			if i%4 == 0 {
				req.StorageLimitID = &limits[i%2]
			}
			if i%13 == 0 {
				req.Enabled = new(false)
			}
			if i%6 == 0 {
				req.LicenseSource = client.LicenseSourceAssignedOnly
			}
			switch {
			case i%9 == 0:
				req.MFAMethod, req.MobilePhone = client.MFAMethodSMS, fmt.Sprintf("+4416329%05d", n)
			case i%10 == 0:
				req.MFAMethod, req.Email = client.MFAMethodNone, ""
			case i%17 == 0:
				req.MobilePhone = "+15550100"
			}
			if i%19 == 0 {
				req.MaskData = new(true)
			}
			if i == 5 {
				req.Password = "tenant-password-0123"
			}
			u, err := c.Users.Create(ctx, req)
			must("user "+login, err)
			count(typeUser)
			if i%4 == 0 {
				addMember("Operators", u.ID)
			}
			if i%5 == 0 {
				addMember("Helpdesk", u.ID)
			}
			if i%10 == 3 {
				lt := licenceTypes[i%len(licenceTypes)]
				_, err := c.LicenseAssignments.Create(ctx, &client.LicenseAssignmentCreateRequest{UserID: u.ID, LicenseType: lt, Quantity: int64(1 + i%2)})
				must("licence assignment", err)
				count(typeLicense)
			}
			if i == 7 {
				_, err := c.Tokens.Create(ctx, &client.APITokenCreateRequest{Name: "agent deploy", UserID: u.ID})
				must("token", err)
				count(typeAPIToken)
			}
		}
	}
	// A reseller with a customer below it and a licence quota.
	reseller, err := c.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "Northwind Reseller", Reseller: true})
	must("reseller", err)
	tenant = reseller.Name
	count(typeCustomerAccount)
	_, err = c.LicenseQuotas.Create(ctx, &client.LicenseQuotaCreateRequest{CustomerAccountID: reseller.ID, LicenseType: client.LicenseTypeServer, Quota: 5})
	must("licence quota", err)
	count(typeLicenseQuota)
	child, err := c.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "Contoso Ltd", ParentID: &reseller.ID})
	must("customer below the reseller", err)
	tenant = child.Name
	count(typeCustomerAccount)
	tenant = ""
	return s
}

// total is the number of objects the export of the whole console imports.
func (s *seeded) total() int {
	n := 0
	for _, v := range s.byType {
		n += v
	}
	return n
}
