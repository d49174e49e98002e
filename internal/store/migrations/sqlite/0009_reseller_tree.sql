-- Resellers: a customer account may be a reseller (reseller = 1) with
-- customer accounts of its own below it (parent_id), at most 3 levels
-- below the MSP. path is the chain of ids from the top, "/ca_top/ca_mid/ca_this/":
-- tenancy is "path starts with the principal's account's path", and a
-- move rewrites the paths of the moved subtree in one statement.
ALTER TABLE customer_accounts ADD COLUMN reseller INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customer_accounts ADD COLUMN parent_id TEXT REFERENCES customer_accounts (id);
ALTER TABLE customer_accounts ADD COLUMN path TEXT NOT NULL DEFAULT '';
UPDATE customer_accounts SET path = '/' || id || '/';
CREATE INDEX customer_accounts_parent ON customer_accounts (parent_id);
CREATE INDEX customer_accounts_path ON customer_accounts (path);

-- A reseller's licence quotas: the most licences of a type its subtree may hold.
CREATE TABLE license_quotas (
    seq                 INTEGER PRIMARY KEY,
    id                  TEXT    NOT NULL UNIQUE,
    customer_account_id TEXT    NOT NULL REFERENCES customer_accounts (id) ON DELETE CASCADE,
    license_type        TEXT    NOT NULL,
    quota               INTEGER NOT NULL CHECK (quota >= 0),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    version             INTEGER NOT NULL,
    UNIQUE (customer_account_id, license_type)
);

-- A move of a customer account is audited with where it came from and
-- where it went: the parent ids, or "msp" for directly under the MSP.
ALTER TABLE audit_events ADD COLUMN moved_from TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN moved_to TEXT NOT NULL DEFAULT '';
