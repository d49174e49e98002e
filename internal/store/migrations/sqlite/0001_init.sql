-- Initial schema. Every entity has an INTEGER PRIMARY KEY `seq` (the rowid,
-- used for keyset pagination in creation order), an opaque prefixed `id`,
-- times in unix microseconds (UTC) and a `version` bumped on every change.
-- Uniqueness rules are unique indexes, case-insensitive through lower(...).

CREATE TABLE customer_accounts (
    seq         INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    version     INTEGER NOT NULL
);
CREATE UNIQUE INDEX customer_accounts_name_ci ON customer_accounts (lower(name));

CREATE TABLE storage_limits (
    seq        INTEGER PRIMARY KEY,
    id         TEXT    NOT NULL UNIQUE,
    name       TEXT    NOT NULL,
    limit_gb   INTEGER NOT NULL CHECK (limit_gb > 0),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version    INTEGER NOT NULL
);
CREATE UNIQUE INDEX storage_limits_name_ci ON storage_limits (lower(name));

CREATE TABLE storage_accounts (
    seq                   INTEGER PRIMARY KEY,
    id                    TEXT    NOT NULL UNIQUE,
    name                  TEXT    NOT NULL,
    type                  TEXT    NOT NULL,
    endpoint              TEXT    NOT NULL DEFAULT '',
    region                TEXT    NOT NULL DEFAULT '',
    access_key_id         TEXT    NOT NULL DEFAULT '',
    -- Salted SHA-256 fingerprint of the write-only secret access key; the
    -- secret itself is never stored.
    secret_fingerprint    TEXT    NOT NULL DEFAULT '',
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    version               INTEGER NOT NULL
);
CREATE UNIQUE INDEX storage_accounts_name_ci ON storage_accounts (lower(name));

CREATE TABLE companies (
    seq                 INTEGER PRIMARY KEY,
    id                  TEXT    NOT NULL UNIQUE,
    name                TEXT    NOT NULL,
    customer_account_id TEXT    REFERENCES customer_accounts (id),
    storage_limit_id    TEXT    REFERENCES storage_limits (id),
    description         TEXT    NOT NULL DEFAULT '',
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    version             INTEGER NOT NULL
);
CREATE UNIQUE INDEX companies_name_ci ON companies (ifnull(customer_account_id, ''), lower(name));
CREATE INDEX companies_name ON companies (lower(name));
CREATE INDEX companies_customer_account ON companies (customer_account_id);
CREATE INDEX companies_storage_limit ON companies (storage_limit_id);

CREATE TABLE users (
    seq                 INTEGER PRIMARY KEY,
    id                  TEXT    NOT NULL UNIQUE,
    login               TEXT    NOT NULL,
    email               TEXT    NOT NULL DEFAULT '',
    first_name          TEXT    NOT NULL DEFAULT '',
    last_name           TEXT    NOT NULL DEFAULT '',
    display_name        TEXT    NOT NULL DEFAULT '',
    -- argon2id PHC string; NULL when the user has no password.
    password_hash       TEXT,
    notification_emails TEXT    NOT NULL DEFAULT '[]', -- JSON array
    customer_account_id TEXT    REFERENCES customer_accounts (id),
    company_id          TEXT    REFERENCES companies (id),
    storage_account_id  TEXT    REFERENCES storage_accounts (id),
    bucket              TEXT    NOT NULL DEFAULT '',
    storage_limit_id    TEXT    REFERENCES storage_limits (id),
    enabled             INTEGER NOT NULL DEFAULT 1,
    license_source      TEXT    NOT NULL,
    mfa_method          TEXT    NOT NULL,
    mobile_phone        TEXT    NOT NULL DEFAULT '',
    mask_data           INTEGER NOT NULL DEFAULT 0,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    version             INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_login_ci ON users (lower(login));
CREATE INDEX users_customer_account ON users (customer_account_id);
CREATE INDEX users_company ON users (company_id);
CREATE INDEX users_storage_account ON users (storage_account_id);
CREATE INDEX users_storage_limit ON users (storage_limit_id);
CREATE INDEX users_enabled ON users (enabled);

CREATE TABLE groups (
    seq         INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    permissions TEXT    NOT NULL DEFAULT '[]', -- JSON array, sorted
    built_in    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    version     INTEGER NOT NULL
);
CREATE UNIQUE INDEX groups_name_ci ON groups (lower(name));

INSERT INTO groups (id, name, description, permissions, built_in, created_at, updated_at, version)
VALUES ('grp_administrators', 'Administrators', 'Built-in group holding every permission.',
        '["audit:read","companies:read","companies:write","customer_accounts:read","customer_accounts:write","groups:read","groups:write","licenses:read","licenses:write","outbox:read","storage:read","storage:write","tokens:write","users:read","users:write"]',
        1, CAST(strftime('%s', 'now') AS INTEGER) * 1000000, CAST(strftime('%s', 'now') AS INTEGER) * 1000000, 1);

CREATE TABLE group_members (
    seq        INTEGER PRIMARY KEY,
    group_id   TEXT    NOT NULL REFERENCES groups (id),
    user_id    TEXT    NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    UNIQUE (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id);

CREATE TABLE license_pool (
    license_type TEXT    PRIMARY KEY,
    total        INTEGER NOT NULL CHECK (total >= 0)
);
INSERT INTO license_pool (license_type, total) VALUES
    ('workstation', 0), ('server', 0), ('virtual_machine', 0), ('microsoft_365', 0);

CREATE TABLE license_assignments (
    seq          INTEGER PRIMARY KEY,
    id           TEXT    NOT NULL UNIQUE,
    user_id      TEXT    NOT NULL REFERENCES users (id),
    license_type TEXT    NOT NULL REFERENCES license_pool (license_type),
    quantity     INTEGER NOT NULL CHECK (quantity > 0),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    UNIQUE (user_id, license_type)
);
CREATE INDEX license_assignments_type ON license_assignments (license_type);

CREATE TABLE computers (
    seq          INTEGER PRIMARY KEY,
    id           TEXT    NOT NULL UNIQUE,
    user_id      TEXT    NOT NULL REFERENCES users (id),
    name         TEXT    NOT NULL,
    license_type TEXT    NOT NULL REFERENCES license_pool (license_type),
    license_from TEXT    NOT NULL CHECK (license_from IN ('assignment', 'pool')),
    created_at   INTEGER NOT NULL
);
CREATE INDEX computers_user ON computers (user_id, license_type);
CREATE INDEX computers_type ON computers (license_type, license_from);

CREATE TABLE tokens (
    seq         INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    user_id     TEXT    REFERENCES users (id),
    secret_hash TEXT    NOT NULL UNIQUE, -- hex SHA-256 of the secret
    expires_at  INTEGER,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    version     INTEGER NOT NULL
);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE mfa_challenges (
    id         TEXT    PRIMARY KEY,
    user_id    TEXT    NOT NULL REFERENCES users (id),
    code_hash  TEXT    NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    expires_at INTEGER NOT NULL
);
CREATE INDEX mfa_challenges_user ON mfa_challenges (user_id);

CREATE TABLE outbox (
    seq                 INTEGER PRIMARY KEY,
    id                  TEXT    NOT NULL UNIQUE,
    customer_account_id TEXT,
    recipient           TEXT    NOT NULL,
    subject             TEXT    NOT NULL,
    body                TEXT    NOT NULL,
    kind                TEXT    NOT NULL,
    created_at          INTEGER NOT NULL
);
CREATE INDEX outbox_recipient ON outbox (recipient);
CREATE INDEX outbox_kind ON outbox (kind);
CREATE INDEX outbox_customer_account ON outbox (customer_account_id);

CREATE TABLE audit_events (
    seq                 INTEGER PRIMARY KEY,
    id                  TEXT    NOT NULL UNIQUE,
    customer_account_id TEXT,
    actor               TEXT    NOT NULL,
    action              TEXT    NOT NULL,
    entity              TEXT    NOT NULL,
    entity_id           TEXT    NOT NULL,
    at                  INTEGER NOT NULL,
    fields              TEXT    NOT NULL DEFAULT '[]' -- JSON array of field names
);
CREATE INDEX audit_events_entity ON audit_events (entity, entity_id);
CREATE INDEX audit_events_entity_id ON audit_events (entity_id);
CREATE INDEX audit_events_customer_account ON audit_events (customer_account_id);

CREATE TABLE idempotency_keys (
    principal    TEXT    NOT NULL,
    key          TEXT    NOT NULL,
    request_hash TEXT    NOT NULL,
    -- AES-GCM sealed response (nonce || ciphertext); the key derives from the
    -- caller's bearer secret, which is never stored.
    response     BLOB    NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (principal, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
