-- Logins are unique on their NFKC case-folded form ("Ａlice", "ALICE" and
-- "alice" are one login), kept in login_key. SQLite cannot compute NFKC, so
-- the column starts NULL on existing rows and store.Open fills it in Go
-- (backfillLoginKeys) before serving; every insert and update sets it.
ALTER TABLE users ADD COLUMN login_key TEXT;
DROP INDEX users_login_ci;
CREATE UNIQUE INDEX users_login_key ON users (login_key);
