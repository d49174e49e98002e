package client

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// APIPath is the path prefix of the management API, appended to the
// endpoint given to New.
const APIPath = "/api/v1"

// DefaultUserAgent is the User-Agent header sent unless WithUserAgent says
// otherwise.
const DefaultUserAgent = "mspbackup-go-client"

// Defaults of the options.
const (
	// DefaultMaxRetries is how many times a failed attempt is retried.
	DefaultMaxRetries = 4
	// DefaultRetryWaitMin is the first backoff between attempts.
	DefaultRetryWaitMin = 500 * time.Millisecond
	// DefaultRetryWaitMax caps the exponential backoff between attempts.
	DefaultRetryWaitMax = 30 * time.Second
	// DefaultRequestTimeout bounds each attempt when New builds the HTTP client.
	DefaultRequestTimeout = 30 * time.Second
)

// Limits on what the client reads from a response.
const (
	// maxResponseBytes bounds a successful answer (a page of 1000 users is
	// well under 2 MiB).
	maxResponseBytes = 32 << 20
	// maxErrorBytes bounds an error answer; a problem document is small.
	maxErrorBytes = 64 << 10
)

// Client talks to the management API. It is safe for concurrent use: every
// service shares one retrying HTTP client and one rate-limit pacer.
//
// Create one with New; the services (Users, Groups, ...) hold the calls.
type Client struct {
	// CustomerAccounts manages end-customer accounts (tenants).
	CustomerAccounts *CustomerAccountsService
	// Companies manages companies within customer accounts.
	Companies *CompaniesService
	// StorageAccounts manages the storage that holds backups.
	StorageAccounts *StorageAccountsService
	// StorageLimits manages storage quotas.
	StorageLimits *StorageLimitsService
	// Users manages users: MSP staff and tenants' users.
	Users *UsersService
	// Groups manages security groups and their members.
	Groups *GroupsService
	// LicenseAssignments manages licences reserved for users.
	LicenseAssignments *LicenseAssignmentsService
	// LicensePool reads and sets the MSP's stock of licences.
	LicensePool *LicensePoolService
	// LicenseQuotas manages the licence quotas of reseller accounts.
	LicenseQuotas *LicenseQuotasService
	// Computers lists and removes registered computers, and registers one
	// as the backup agent does.
	Computers *ComputersService
	// RetainedBackups reads and purges the backups kept from deleted users.
	RetainedBackups *RetainedBackupsService
	// Tokens manages API tokens.
	Tokens *TokensService
	// Auth logs users in, with MFA when they have it.
	Auth *AuthService
	// Outbox reads the e-mails and SMS messages the server sent.
	Outbox *OutboxService
	// AuditEvents reads the audit log.
	AuditEvents *AuditEventsService
	// Permissions reads the permission catalogue.
	Permissions *PermissionsService

	endpoint  string // as validated, without a trailing slash
	baseURL   string // endpoint + APIPath
	basePath  string // path of baseURL, e.g. /api/v1
	token     string
	userAgent string
	logger    *slog.Logger
	http      *retryablehttp.Client
	// pacer paces every request of the client, from every goroutine.
	pacer            *pacer
	rateLimitTimeout time.Duration
}

// Option configures a Client made by New.
type Option func(*options) error

type options struct {
	httpClient     *http.Client
	maxRetries     int
	retryWaitMin   time.Duration
	retryWaitMax   time.Duration
	requestTimeout time.Duration
	timeoutSet     bool
	userAgent      string
	logger         *slog.Logger

	maxRequestsPerSecond float64
	rateLimitTimeout     time.Duration
	throttleReport       func(context.Context, Throttle)
}

// maxIdleConnsPerHost is how many idle connections the client keeps to the
// API. Terraform runs 10 operations at once by default, and net/http keeps
// only 2 per host: the other 8 were closed after every answer and dialled
// again for the next request, which cost both sides CPU and left thousands
// of sockets in TIME_WAIT during a large apply.
const maxIdleConnsPerHost = 64

// NewTransport returns the transport the client uses when WithHTTPClient
// does not give one: net/http's default transport keeping enough idle
// connections to the API for Terraform's parallel operations. Build on it
// when you wrap the transport.
func NewTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = maxIdleConnsPerHost
	return t
}

// WithHTTPClient makes the client send its requests through hc (for a
// proxy, custom TLS or a test transport). hc itself is not modified: the
// client works on a copy, so WithRequestTimeout does not change it.
func WithHTTPClient(hc *http.Client) Option {
	return func(o *options) error {
		if hc == nil {
			return errors.New("WithHTTPClient: the HTTP client is nil")
		}
		o.httpClient = hc
		return nil
	}
}

// WithMaxRetries sets how many times a failed attempt (connection error,
// 502, 503 or 504) is retried; 0 disables retries. The default is
// DefaultMaxRetries. A 429 is not an error to retry but a rate limit to wait
// for: WithRateLimitTimeout bounds that wait.
func WithMaxRetries(n int) Option {
	return func(o *options) error {
		if n < 0 {
			return fmt.Errorf("WithMaxRetries: %d is negative", n)
		}
		o.maxRetries = n
		return nil
	}
}

// WithRetryWait sets the bounds of the exponential backoff between attempts:
// the first wait is about min, each next one doubles, none exceeds max. A
// Retry-After header from the server takes precedence (clamped to
// MaxRetryAfter). The defaults are DefaultRetryWaitMin and DefaultRetryWaitMax.
func WithRetryWait(minWait, maxWait time.Duration) Option {
	return func(o *options) error {
		if minWait <= 0 || maxWait <= 0 {
			return fmt.Errorf("WithRetryWait: waits must be positive, got %s and %s", minWait, maxWait)
		}
		if minWait > maxWait {
			return fmt.Errorf("WithRetryWait: minimum %s is greater than maximum %s", minWait, maxWait)
		}
		o.retryWaitMin, o.retryWaitMax = minWait, maxWait
		return nil
	}
}

// WithRequestTimeout bounds each attempt (not the whole call with its
// retries: bound that with the context). 0 means no per-attempt bound. The
// default is DefaultRequestTimeout, or the Timeout of the client given to
// WithHTTPClient.
func WithRequestTimeout(d time.Duration) Option {
	return func(o *options) error {
		if d < 0 {
			return fmt.Errorf("WithRequestTimeout: %s is negative", d)
		}
		o.requestTimeout, o.timeoutSet = d, true
		return nil
	}
}

// WithRateLimitTimeout bounds how long one call waits, in total, for rate
// limits: the server's 429 answers and quota resets, and the pacing under
// the server's advertised rate or WithMaxRequestsPerSecond. A call that would
// wait longer fails with a *RateLimitTimeoutError at once, without sitting
// out a wait it cannot finish. 0 means no waiting: the first 429 is the
// answer. The default is DefaultRateLimitTimeout.
func WithRateLimitTimeout(d time.Duration) Option {
	return func(o *options) error {
		if d < 0 {
			return fmt.Errorf("WithRateLimitTimeout: %s is negative", d)
		}
		o.rateLimitTimeout = d
		return nil
	}
}

// WithMaxRequestsPerSecond caps the rate at which the client starts
// requests, across all goroutines, for servers that do not advertise their
// limits (RateLimit-Policy). The client stays 5% under the cap so that
// network jitter never shows the server more. 0 (the default) means no cap
// of the client's own.
func WithMaxRequestsPerSecond(rate float64) Option {
	return func(o *options) error {
		if rate < 0 || math.IsNaN(rate) || math.IsInf(rate, 0) {
			return fmt.Errorf("WithMaxRequestsPerSecond: %v is not a rate (0 or more requests per second)", rate)
		}
		o.maxRequestsPerSecond = rate
		return nil
	}
}

// WithThrottleReport makes the client call fn now and then while it slows
// down for a rate limit (at most once every 10 seconds, for waits of 100 ms
// or more), with the wait and its reason; for a progress line or an INFO
// log. fn runs on the waiting caller's goroutine with its context and must
// not block.
func WithThrottleReport(fn func(ctx context.Context, t Throttle)) Option {
	return func(o *options) error {
		o.throttleReport = fn
		return nil
	}
}

// WithUserAgent sets the User-Agent header, e.g.
// "terraform-provider-mspbackup/1.2.0".
func WithUserAgent(ua string) Option {
	return func(o *options) error {
		if strings.TrimSpace(ua) == "" || strings.ContainsAny(ua, "\r\n") {
			return errors.New("WithUserAgent: the user agent is empty or holds a line break")
		}
		o.userAgent = ua
		return nil
	}
}

// WithLogger makes the client log each attempt (method, URL path, attempt
// number), each answer (status) and each retry at debug level, waits for
// rate limits now and then at info level (as WithThrottleReport), and
// transport failures at error level. No header, request body or response body is ever
// logged, so neither the token nor any password or secret reaches the log.
// Without this option the client logs nothing.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) error {
		o.logger = l
		return nil
	}
}

// New returns a client of the management API at endpoint, the server's base
// URL such as "https://backup.example.com" (the "/api/v1" prefix is added;
// an endpoint already ending in it is accepted too). token is the bearer
// token sent with every request; it may be empty for a client that only logs
// in (Auth.Login).
func New(endpoint, token string, opts ...Option) (*Client, error) {
	ep, basePath, err := validateEndpoint(endpoint)
	if err != nil {
		return nil, err
	}
	if strings.ContainsFunc(token, func(r rune) bool { return r < 0x21 || r == 0x7f }) {
		// Never echo the token itself.
		return nil, errors.New("invalid API token: it contains whitespace or control characters")
	}
	o := options{
		maxRetries:       DefaultMaxRetries,
		retryWaitMin:     DefaultRetryWaitMin,
		retryWaitMax:     DefaultRetryWaitMax,
		userAgent:        DefaultUserAgent,
		rateLimitTimeout: DefaultRateLimitTimeout,
	}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&o); err != nil {
			return nil, fmt.Errorf("invalid client option: %w", err)
		}
	}

	var hc *http.Client
	if o.httpClient != nil {
		cp := *o.httpClient
		hc = &cp
	} else {
		hc = &http.Client{Transport: NewTransport(), Timeout: DefaultRequestTimeout}
	}
	if o.timeoutSet {
		hc.Timeout = o.requestTimeout
	}

	c := &Client{
		endpoint:  ep,
		baseURL:   ep + APIPath,
		basePath:  basePath,
		token:     token,
		userAgent: o.userAgent,
		logger:    o.logger,

		pacer:            newPacer(o),
		rateLimitTimeout: o.rateLimitTimeout,
	}
	c.http = newRetryClient(hc, o, c.pacer)

	c.CustomerAccounts = &CustomerAccountsService{crud: newCRUD[CustomerAccount, CustomerAccountCreateRequest, CustomerAccountUpdateRequest](c, "/customer-accounts")}
	c.Companies = &CompaniesService{crud: newCRUD[Company, CompanyCreateRequest, CompanyUpdateRequest](c, "/companies")}
	c.StorageAccounts = &StorageAccountsService{crud: newCRUD[StorageAccount, StorageAccountCreateRequest, StorageAccountUpdateRequest](c, "/storage-accounts")}
	c.StorageLimits = &StorageLimitsService{crud: newCRUD[StorageLimit, StorageLimitCreateRequest, StorageLimitUpdateRequest](c, "/storage-limits")}
	c.Users = &UsersService{crud: newCRUD[User, UserCreateRequest, UserUpdateRequest](c, "/users")}
	c.Groups = &GroupsService{crud: newCRUD[Group, GroupCreateRequest, GroupUpdateRequest](c, "/groups")}
	c.LicenseAssignments = &LicenseAssignmentsService{crud: newCRUD[LicenseAssignment, LicenseAssignmentCreateRequest, LicenseAssignmentUpdateRequest](c, "/license-assignments")}
	c.LicensePool = &LicensePoolService{client: c}
	c.LicenseQuotas = &LicenseQuotasService{crud: newCRUD[LicenseQuota, LicenseQuotaCreateRequest, LicenseQuotaUpdateRequest](c, "/license-quotas")}
	c.Computers = &ComputersService{reader: newReader[Computer](c, "/computers")}
	c.RetainedBackups = &RetainedBackupsService{reader: newReader[RetainedBackup](c, "/retained-backups")}
	c.Tokens = &TokensService{reader: newReader[APIToken](c, "/tokens")}
	c.Auth = &AuthService{client: c}
	c.Outbox = &OutboxService{reader: newReader[OutboxMessage](c, "/outbox")}
	c.AuditEvents = &AuditEventsService{lister: lister[AuditEvent]{client: c, path: "/audit-events"}}
	c.Permissions = &PermissionsService{client: c}
	return c, nil
}

// validateEndpoint checks that endpoint is an absolute http or https URL and
// returns it without a trailing slash or APIPath suffix, and the path of the
// API under it.
func validateEndpoint(endpoint string) (ep, basePath string, err error) {
	raw := strings.TrimSpace(endpoint)
	if raw == "" {
		return "", "", errors.New("invalid endpoint: it is empty; want the server's base URL, e.g. https://backup.example.com")
	}
	u, perr := url.Parse(raw)
	if perr != nil {
		return "", "", fmt.Errorf("invalid endpoint %q: not a URL; want e.g. https://backup.example.com", redactEndpoint(raw))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", "", fmt.Errorf("invalid endpoint %q: the scheme must be http or https, e.g. https://backup.example.com", redactEndpoint(raw))
	}
	if u.Host == "" || u.Hostname() == "" {
		return "", "", fmt.Errorf("invalid endpoint %q: it has no host, e.g. https://backup.example.com", redactEndpoint(raw))
	}
	if u.User != nil {
		return "", "", fmt.Errorf("invalid endpoint %q: credentials in the URL are not supported; use the API token", redactEndpoint(raw))
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return "", "", fmt.Errorf("invalid endpoint %q: it must not have a query or fragment", redactEndpoint(raw))
	}
	p := strings.TrimRight(u.EscapedPath(), "/")
	p = strings.TrimSuffix(p, APIPath)
	p = strings.TrimRight(p, "/")
	return u.Scheme + "://" + u.Host + p, p + APIPath, nil
}

// redactEndpoint hides any user info in an endpoint quoted in an error.
func redactEndpoint(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	return u.Redacted()
}

// Endpoint returns the server's base URL the client talks to.
func (c *Client) Endpoint() string { return c.endpoint }

// String describes the client without its token.
func (c *Client) String() string { return "mspbackup client for " + c.endpoint }

// GoString describes the client without its token, so %#v cannot leak it.
func (c *Client) GoString() string {
	return "&client.Client{endpoint: " + fmt.Sprintf("%q", c.endpoint) + "}"
}

// RequestOption changes one request, e.g. IfMatch.
type RequestOption func(*requestConfig)

type requestConfig struct {
	header http.Header
}

// IfMatch makes an update or delete apply only if the entity is still at
// version (its Version field, sent as its ETag). When someone else changed it
// in between, the call fails with an error for which IsPreconditionFailed is
// true and nothing changes.
func IfMatch(version int64) RequestOption {
	return func(rc *requestConfig) {
		rc.header.Set("If-Match", fmt.Sprintf("%q", fmt.Sprint(version)))
	}
}

// request is one API call.
type request struct {
	method string
	path   string     // below APIPath, ids already escaped
	query  url.Values // may be nil
	body   any        // JSON-encoded when not nil
	out    any        // JSON-decoded from a 2xx answer when not nil
	noAuth bool       // do not send the bearer token (login)
	opts   []RequestOption
}

// newIdempotencyKey returns 16 random bytes in hex.
func newIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand since Go 1.24)
	return hex.EncodeToString(b[:])
}

// do performs r with retries and decodes the answer. Errors carry the method
// and path, never a header or body of the request.
func (c *Client) do(ctx context.Context, r request) error {
	if ctx == nil {
		return errors.New("nil context")
	}
	target := c.baseURL + r.path
	if len(r.query) > 0 {
		target += "?" + r.query.Encode()
	}
	errPath := c.basePath + r.path // what errors and logs name: the path, never the query

	var body any
	if r.body != nil {
		b, err := json.Marshal(r.body)
		if err != nil {
			return fmt.Errorf("%s %s: encoding the request: %w", r.method, errPath, err)
		}
		body = b
	}

	call := &callState{deadline: time.Now().Add(c.rateLimitTimeout)}
	ctx = context.WithValue(ctx, callKey{}, call)
	req, err := retryablehttp.NewRequestWithContext(ctx, r.method, target, body)
	if err != nil {
		return fmt.Errorf("%s %s: %w", r.method, errPath, err)
	}
	req.Header.Set("Accept", "application/json, "+ProblemContentType)
	req.Header.Set("User-Agent", c.userAgent)
	if body != nil {
		ct := "application/json"
		if r.method == http.MethodPatch {
			ct = "application/merge-patch+json"
		}
		req.Header.Set("Content-Type", ct)
	}
	if r.method == http.MethodPost {
		// One key per call, identical across its retries: a create whose
		// answer was lost is replayed by the server, not done twice.
		req.Header.Set("Idempotency-Key", newIdempotencyKey())
	}
	if c.token != "" && !r.noAuth {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	rc := requestConfig{header: req.Header}
	for _, o := range r.opts {
		if o != nil {
			o(&rc)
		}
	}

	resp, err := c.send(ctx, req, call, r.method, errPath)
	if err != nil {
		return err
	}
	defer func() {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBytes))
		_ = resp.Body.Close()
	}()

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return newError(r.method, errPath, resp)
	}
	if r.out == nil || resp.StatusCode == http.StatusNoContent {
		return nil
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%s %s: %w", r.method, errPath, ctx.Err())
		}
		return fmt.Errorf("%s %s: reading the answer: %w", r.method, errPath, err)
	}
	if len(data) > maxResponseBytes {
		return fmt.Errorf("%s %s: the answer exceeds the %d MiB limit", r.method, errPath, maxResponseBytes>>20)
	}
	if err := json.Unmarshal(data, r.out); err != nil {
		return fmt.Errorf("%s %s: %d answer is not the expected JSON: %w", r.method, errPath, resp.StatusCode, err)
	}
	return nil
}

// send sends req, waiting for its turn with the pacer before it and for the
// rate limit after every 429, until the call's rate-limit deadline. The
// request, its body and its Idempotency-Key are the same in every attempt.
// A non-nil answer is the caller's to close.
func (c *Client) send(ctx context.Context, req *retryablehttp.Request, call *callState, method, errPath string) (*http.Response, error) {
	var limited *Error // the last 429
	for {
		if err := c.pacer.wait(ctx, call.deadline); err != nil {
			return nil, c.waitError(ctx, method, errPath, call, limited, err)
		}
		resp, err := c.http.Do(req)
		if err != nil {
			if resp != nil {
				_ = resp.Body.Close()
			}
			var rw *rateWaitError
			if errors.As(err, &rw) { // a retry after an error found the rate limit too long
				return nil, c.waitError(ctx, method, errPath, call, limited, err)
			}
			return nil, transportError(ctx, method, errPath, call.attempts, err)
		}
		if resp.StatusCode != http.StatusTooManyRequests {
			return resp, nil
		}
		answered := time.Now()
		limited = newError(method, errPath, resp)
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBytes))
		_ = resp.Body.Close()
		if err := c.pacer.holdsPast(answered, call.deadline); err != nil {
			return nil, c.waitError(ctx, method, errPath, call, limited, err)
		}
	}
}

// waitError is the error of a call that stopped waiting for a rate limit:
// its context ended, or the wait would outlast the rate-limit timeout.
func (c *Client) waitError(ctx context.Context, method, path string, call *callState, limited *Error, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("%s %s: %w", method, path, ctxErr)
	}
	var rw *rateWaitError
	if !errors.As(err, &rw) {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	return &RateLimitTimeoutError{Method: method, Path: path, Timeout: c.rateLimitTimeout,
		Attempts: call.attempts, Wait: rw.wait, Reason: rw.reason, Last: limited}
}

// transportError describes a call that got no HTTP answer: the context ended,
// or every attempt failed to connect. It wraps the cause, so
// errors.Is(err, context.Canceled) works.
func transportError(ctx context.Context, method, path string, attempts int, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("%s %s: %w", method, path, ctxErr)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // its message repeats the method and the full URL
	}
	if attempts > 1 {
		return fmt.Errorf("%s %s: giving up after %d attempts: %w", method, path, attempts, err)
	}
	return fmt.Errorf("%s %s: %w", method, path, err)
}

// escape escapes one path segment (an id).
func escape(id string) string { return url.PathEscape(id) }

// emptyIDError is returned without a request when an id argument is empty:
// "GET /users/" would otherwise read something else.
func emptyIDError(method, path, what string) error {
	return fmt.Errorf("%s %s: the %s is empty", method, path, what)
}
