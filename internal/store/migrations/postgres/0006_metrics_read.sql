-- The permission catalogue gained metrics:read (GET /metrics). The built-in
-- Administrators group holds every permission of the catalogue, so it gains
-- it too, as a change of the group (new version) that reads show.
UPDATE groups
SET permissions = '["audit:read","companies:read","companies:write","customer_accounts:read","customer_accounts:write","groups:read","groups:write","licenses:read","licenses:write","metrics:read","outbox:read","storage:read","storage:write","tokens:write","users:read","users:write"]',
    version     = version + 1,
    updated_at  = CAST(extract(epoch FROM now()) AS BIGINT) * 1000000
WHERE id = 'grp_administrators';
