-- Sign-in protection: failed-attempt counters (per login, per client
-- address, per user for MFA codes), login sessions told apart from API
-- tokens so that expired ones can be purged, and the login and client
-- address of sign-in audit events.

CREATE TABLE signin_counters (
    -- hex SHA-256 of the counted key ("login\x00<folded login>",
    -- "addr\x00<address>", "mfa\x00<user id>"): bounded size, and no login
    -- as typed (which may be a mistyped password) is kept here.
    key             TEXT    PRIMARY KEY,
    failures        INTEGER NOT NULL,
    last_failure_at INTEGER NOT NULL,
    locked_until    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX signin_counters_last_failure ON signin_counters (last_failure_at);

-- 1 for the tokens that a login gives (purged once expired); API tokens
-- keep 0 and are never purged, even when expired.
ALTER TABLE tokens ADD COLUMN session INTEGER NOT NULL DEFAULT 0;
CREATE INDEX tokens_session_expiry ON tokens (session, expires_at);

CREATE INDEX mfa_challenges_expiry ON mfa_challenges (expires_at);

CREATE INDEX computers_user_name ON computers (user_id, lower(name));

ALTER TABLE audit_events ADD COLUMN login TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN client_address TEXT NOT NULL DEFAULT '';
