-- How a change's principal authenticated: "session" (a sign-in: the web
-- console, or a login through the API) or "token" (an API token or the
-- bootstrap token: Terraform, scripts), so the audit log tells a change made
-- in the console from one made by Terraform. Empty on sign-in events and on
-- events recorded before this column.
ALTER TABLE audit_events ADD COLUMN via TEXT NOT NULL DEFAULT '';
