package server_test

import (
	"testing"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/pgtest"
)

// The suite runs on SQLite, or on PostgreSQL with MSPBACKUP_TEST_DB=postgres
// (make test runs both).
func TestMain(m *testing.M) { pgtest.Main(m) }
