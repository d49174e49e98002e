-- The tenant's life (issue 22). A customer account is active, suspended
-- (its users cannot sign in; nothing else changes) or pending_deletion
-- (deleted, restorable until purge_after, when the server's sweeper purges
-- it). Everything under a pending account stays in its rows exactly as it
-- was, hidden by the server, so that a restore is only a change of status.
ALTER TABLE customer_accounts ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'suspended', 'pending_deletion'));
-- Unix microseconds; set only while pending_deletion.
ALTER TABLE customer_accounts ADD COLUMN purge_after INTEGER;
-- The status a restore gives back (a suspended account deleted comes back
-- suspended).
ALTER TABLE customer_accounts ADD COLUMN restore_status TEXT NOT NULL DEFAULT 'active';
CREATE INDEX customer_accounts_status ON customer_accounts (status, purge_after);

-- What a computer has backed up, as its agent last reported.
ALTER TABLE computers ADD COLUMN backup_bytes INTEGER NOT NULL DEFAULT 0 CHECK (backup_bytes >= 0);

-- The backed-up data of the computers of deleted users, kept (without a
-- licence) until purged. user_id names a user that no longer exists, so it
-- references nothing; the customer account is kept for tenancy and purges.
CREATE TABLE retained_backups (
    seq                 INTEGER PRIMARY KEY,
    id                  TEXT    NOT NULL UNIQUE,
    customer_account_id TEXT    REFERENCES customer_accounts (id),
    user_id             TEXT    NOT NULL,
    user_login          TEXT    NOT NULL,
    computer_name       TEXT    NOT NULL,
    license_type        TEXT    NOT NULL,
    backup_bytes        INTEGER NOT NULL,
    retained_at         INTEGER NOT NULL
);
CREATE INDEX retained_backups_user ON retained_backups (user_id);
CREATE INDEX retained_backups_customer_account ON retained_backups (customer_account_id);
