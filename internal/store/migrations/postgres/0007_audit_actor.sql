-- Who made a change, as it was when it was made: the login of the acting
-- user, and the id and name of the API token (or sign-in session) it used,
-- so that a drift report can say "by ops@msp.example with the token
-- nightly-sync" even after the user or the token is gone. Empty on events
-- recorded before these columns, on sign-in events and for the bootstrap
-- token given to the server at start-up (it has no id).
ALTER TABLE audit_events ADD COLUMN actor_login TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN token_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN token_name TEXT NOT NULL DEFAULT '';
-- A drift check asks for the events since a time.
CREATE INDEX audit_events_at ON audit_events (at);
