-- A customer account's users are listed a page at a time in creation order
-- (WHERE customer_account_id = ? AND seq > ? ORDER BY seq LIMIT ?: the
-- account filter of GET /users and every tenant's own list). With the key
-- (customer_account_id, seq) the index holds the filter, the cursor and the
-- order, so a page reads its rows straight from the index in order: no sort
-- of the account's users and no rows fetched only to be filtered out. It
-- replaces the index on customer_account_id alone, whose lookups (counts of
-- an account's users, the tenant scope of single reads) it also serves.
-- It does not INCLUDE the other columns: a page returns every column but
-- password_hash, so such an index would be a second copy of the table.
DROP INDEX users_customer_account;
CREATE INDEX users_customer_account_seq ON users (customer_account_id, seq);
