package store

import "testing"

func TestRebind(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"SELECT 1":                                            "SELECT 1",
		"SELECT a FROM t WHERE b = ? AND c = ?":               "SELECT a FROM t WHERE b = $1 AND c = $2",
		"SELECT '?', \"a?\" FROM t WHERE b = ?":               "SELECT '?', \"a?\" FROM t WHERE b = $1",
		"UPDATE t SET a = 'it''s ?' WHERE id = ?":             "UPDATE t SET a = 'it''s ?' WHERE id = $1",
		"INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)": "INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
	} {
		if got := rebind(in); got != want {
			t.Errorf("rebind(%q) = %q, want %q", in, got, want)
		}
	}
}
