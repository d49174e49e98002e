// Package client is the Go client of the mspbackup management API: the API
// of the backup console that terraform-provider-mspbackup drives, and that
// the bundled reference server (mspbackup-server) implements.
//
// # Usage
//
// Make one Client per endpoint and token and share it; it is safe for
// concurrent use. Each entity has a service on the client:
//
//	c, err := client.New("https://backup.example.com", os.Getenv("MSPBACKUP_API_TOKEN"),
//		client.WithUserAgent("my-tool/1.0"))
//	if err != nil {
//		return err
//	}
//	acct, err := c.CustomerAccounts.Create(ctx, &client.CustomerAccountCreateRequest{Name: "Acme Ltd"})
//	if err != nil {
//		return err
//	}
//	u, err := c.Users.Create(ctx, &client.UserCreateRequest{
//		Login:             "alice@acme.example",
//		Email:             "alice@acme.example",
//		CustomerAccountID: &acct.ID,
//		GeneratePassword:  true,
//	})
//
// Every call takes a context.Context first; cancelling it stops the call at
// once, even while it waits to retry.
//
// # Lists
//
// The API pages its lists. List returns one page; ListAll and All read every
// page, so prefer them:
//
//	users, err := c.Users.ListAll(ctx, &client.ListOptions{CustomerAccountID: acct.ID})
//
//	for u, err := range c.Users.All(ctx, nil) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(u.Login)
//	}
//
// # Updates
//
// Update sends a JSON merge patch: only the fields set in the request
// change. Nullable fields (Value, Null) tell "clear it" from "leave it".
// IfMatch makes an update or delete apply only to the version you read:
//
//	_, err = c.Users.Update(ctx, u.ID, &client.UserUpdateRequest{
//		CompanyID: client.Null[string](),
//	}, client.IfMatch(u.Version))
//	if client.IsPreconditionFailed(err) {
//		// someone else changed the user in between: read it again
//	}
//
// # Errors
//
// An error answer is an *Error holding the status, the request's method and
// path, and the server's problem document (title, detail and, for a 422,
// every invalid field). Its Error method is one line fit for a user. Test it
// with IsNotFound, IsConflict, IsForbidden, IsUnauthorized,
// IsPreconditionFailed, IsValidation and IsRateLimited, or with errors.Is and
// ErrNotFound and the other sentinels. No error or log line ever holds the
// token, a password or another secret.
//
// # Retries
//
// Connection errors and 502, 503 and 504 answers are retried (4 times by
// default; WithMaxRetries) with exponential backoff and jitter
// (WithRetryWait), honouring Retry-After up to MaxRetryAfter. Other answers,
// including 500, are not retried. Every POST carries an Idempotency-Key made
// once per call, so a create whose answer was lost is not done twice.
//
// # Rate limits
//
// A 429 is not an error to retry a few times but a limit to wait for. One
// pacer per Client, shared by every goroutine, learns the server's rate from
// the RateLimit-Policy header (draft-ietf-httpapi-ratelimit-headers-10) and
// starts requests 5% under it; after a 429, or an answer whose RateLimit
// says the quota is used up, every caller waits for the reset, not only the
// one that was refused. WithRateLimitTimeout bounds how long one call waits
// for rate limits in total (a *RateLimitTimeoutError beyond it);
// WithMaxRequestsPerSecond caps the rate for servers that do not advertise
// theirs; WithThrottleReport tells now and then that the client is waiting.
package client
