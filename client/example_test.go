package client_test

// These examples are compiled but not run: they need a server. The same
// flows run against the real server in client_integration_test.go.

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"os"
	"time"

	"github.com/mspbackup/terraform-provider-mspbackup/client"
)

func ExampleNew() {
	c, err := client.New("https://backup.example.com", os.Getenv("MSPBACKUP_API_TOKEN"),
		client.WithUserAgent("my-tool/1.0"),
		client.WithMaxRetries(6),
		client.WithRetryWait(time.Second, 20*time.Second),
		client.WithRequestTimeout(30*time.Second),
		client.WithLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))),
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c)
}

// Create a customer account and a user of it, with a generated password.
func ExampleUsersService_Create() {
	ctx := context.Background()
	c, err := client.New("https://backup.example.com", os.Getenv("MSPBACKUP_API_TOKEN"))
	if err != nil {
		log.Fatal(err)
	}
	acct, err := c.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{
		Name:        "Acme Ltd",
		Description: "Acme's offices in Leeds and York",
	})
	if err != nil {
		log.Fatal(err)
	}
	u, err := c.Users.Create(ctx, &client.UserCreateRequest{
		Login:             "alice@acme.example",
		Email:             "alice@acme.example",
		FirstName:         "Alice",
		LastName:          "Smith",
		CustomerAccountID: &acct.ID,
		GeneratePassword:  true,
		MFAMethod:         client.MFAMethodEmail,
	})
	if err != nil {
		// e.g. POST /api/v1/users: 409 Conflict: login "alice@acme.example" is already taken
		log.Fatal(err)
	}
	// The generated password is in this answer only.
	fmt.Println(u.ID, u.Login, u.GeneratedPassword != "")
}

// List every user of a customer account: All reads every page.
func ExampleUsersService_All() {
	ctx := context.Background()
	c, err := client.New("https://backup.example.com", os.Getenv("MSPBACKUP_API_TOKEN"))
	if err != nil {
		log.Fatal(err)
	}
	for u, err := range c.Users.All(ctx, &client.ListOptions{CustomerAccountID: "ca_123"}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(u.Login, u.Enabled)
	}
}

// Tell "gone" from every other failure: only a 404 means the user is absent.
func ExampleIsNotFound() {
	ctx := context.Background()
	c, err := client.New("https://backup.example.com", os.Getenv("MSPBACKUP_API_TOKEN"))
	if err != nil {
		log.Fatal(err)
	}
	u, err := c.Users.Get(ctx, "usr_123")
	switch {
	case client.IsNotFound(err): // or errors.Is(err, client.ErrNotFound)
		fmt.Println("the user is gone")
	case err != nil:
		var apiErr *client.Error
		if errors.As(err, &apiErr) {
			fmt.Println(apiErr.StatusCode, apiErr.Problem.Detail)
		}
		log.Fatal(err)
	default:
		fmt.Println(u.Login)
	}
}

// Field errors of a 422 reach the caller all at once.
func ExampleIsValidation() {
	ctx := context.Background()
	c, err := client.New("https://backup.example.com", os.Getenv("MSPBACKUP_API_TOKEN"))
	if err != nil {
		log.Fatal(err)
	}
	_, err = c.Users.Create(ctx, &client.UserCreateRequest{Login: "bob", Email: "not-an-address", MFAMethod: client.MFAMethodSMS})
	var apiErr *client.Error
	if client.IsValidation(err) && errors.As(err, &apiErr) {
		for _, fe := range apiErr.Problem.Errors {
			fmt.Printf("%s: %s\n", fe.Field, fe.Message)
		}
	}
}

// Change a user only if nobody else did since it was read.
func ExampleIfMatch() {
	ctx := context.Background()
	c, err := client.New("https://backup.example.com", os.Getenv("MSPBACKUP_API_TOKEN"))
	if err != nil {
		log.Fatal(err)
	}
	u, err := c.Users.Get(ctx, "usr_123")
	if err != nil {
		log.Fatal(err)
	}
	disabled := false
	_, err = c.Users.Update(ctx, u.ID, &client.UserUpdateRequest{
		Enabled:   &disabled,
		CompanyID: client.Null[string](), // take the user out of its company
	}, client.IfMatch(u.Version))
	if client.IsPreconditionFailed(err) {
		fmt.Println("changed by someone else; read it again")
	}
}

// Log in as a user with MFA by e-mail: the code is read here from the
// server's outbox, as a test or a demo would; a person reads it in their mail.
func ExampleAuthService_Login() {
	ctx := context.Background()
	anon, err := client.New("https://backup.example.com", "") // logging in needs no token
	if err != nil {
		log.Fatal(err)
	}
	res, err := anon.Auth.Login(ctx, &client.LoginRequest{Login: "alice@acme.example", Password: os.Getenv("ALICE_PASSWORD")})
	if err != nil {
		log.Fatal(err) // a wrong password: IsUnauthorized(err); too many failures: IsRateLimited(err)
	}
	if res.MFARequired {
		admin, err := client.New("https://backup.example.com", os.Getenv("MSPBACKUP_API_TOKEN"))
		if err != nil {
			log.Fatal(err)
		}
		msgs, err := admin.Outbox.ListAll(ctx, &client.ListOptions{To: "alice@acme.example", Kind: client.MessageKindMFACode})
		if err != nil || len(msgs) == 0 {
			log.Fatal("no code sent: ", err)
		}
		code := lastCode(msgs[len(msgs)-1].Body)
		res, err = anon.Auth.Verify(ctx, &client.VerifyRequest{ChallengeID: res.ChallengeID, Code: code})
		if err != nil {
			log.Fatal(err)
		}
	}
	// Act as alice with her session token, e.g. register her computer.
	alice, err := client.New("https://backup.example.com", res.Token)
	if err != nil {
		log.Fatal(err)
	}
	comp, err := alice.Computers.Register(ctx, &client.ComputerRegisterRequest{Name: "alice-laptop", LicenseType: client.LicenseTypeWorkstation})
	if err != nil {
		log.Fatal(err) // no licence left: IsConflict(err)
	}
	fmt.Println(comp.ID, comp.LicenseFrom)
	// Sign out: the session token stops working.
	if err := alice.Auth.Logout(ctx); err != nil {
		log.Fatal(err)
	}
}

// lastCode returns the last run of 6 digits in s.
func lastCode(s string) string {
	code := ""
	run := ""
	for _, r := range s + " " {
		if r >= '0' && r <= '9' {
			run += string(r)
			continue
		}
		if len(run) == 6 {
			code = run
		}
		run = ""
	}
	return code
}
