-- Logins are unique on their NFKC case-folded form ("Ａlice", "ALICE" and
-- "alice" are one login), kept in login_key. As with SQLite, the
-- column is computed in Go (PostgreSQL's lower() is not NFKC case folding):
-- store.Open fills existing rows (backfillLoginKeys); every write sets it.
ALTER TABLE users ADD COLUMN login_key TEXT;
DROP INDEX users_login_ci;
CREATE UNIQUE INDEX users_login_key ON users (login_key);
