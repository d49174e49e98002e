// Package pgtest runs throwaway PostgreSQL clusters for tests, from the
// PostgreSQL installed on the machine (initdb and pg_ctl on PATH, or in
// `pg_config --bindir`), and picks the database a store test runs on.
//
// Where PostgreSQL is missing, tests that need it fail with the command
// that installs it: they never skip, so a green run means both backends
// were tested.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // "pgx" database/sql driver
)

// EnvBackend selects the backend of the store and server test suites:
// "postgres" runs them on PostgreSQL, anything else (the default) on SQLite.
const EnvBackend = "MSPBACKUP_TEST_DB"

// InstallHint is the command that installs PostgreSQL on Debian and Ubuntu.
const InstallHint = "apt-get update && apt-get install -y postgresql"

// Cluster is a running throwaway PostgreSQL cluster on a loopback port,
// with its data and unix socket in a temporary directory.
type Cluster struct {
	Port int
	dir  string
	bin  string
	root bool // run the PostgreSQL programs as the postgres user
	dbs  atomic.Int64
}

// Start initialises and starts a cluster. Stop it with Stop.
func Start(ctx context.Context) (*Cluster, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "mspbackup-pg-")
	if err != nil {
		return nil, err
	}
	c := &Cluster{dir: dir, bin: bin, root: os.Geteuid() == 0}
	if c.root {
		// PostgreSQL refuses to run as root: hand the directory to postgres.
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root needs the postgres user (%w); install PostgreSQL: %s", err, InstallHint)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	if err := c.run(ctx, "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	c.Port = port
	// fsync off: a test cluster's data need not survive a machine crash,
	// and the tests run many small transactions.
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c full_page_writes=off", port, dir)
	if err := c.run(ctx, "pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		os.RemoveAll(dir)
		return nil, fmt.Errorf("%w\n%s", err, log)
	}
	return c, nil
}

// Stop stops the cluster at once and removes its directory.
func (c *Cluster) Stop() error {
	err := c.run(context.Background(), "pg_ctl", "-D", filepath.Join(c.dir, "data"), "-m", "immediate", "-w", "stop")
	return errors.Join(err, os.RemoveAll(c.dir))
}

// URL is the URL of database db of the cluster.
func (c *Cluster) URL(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.Port, db)
}

// NewDatabase creates an empty database and returns its URL.
func (c *Cluster) NewDatabase(ctx context.Context) (string, error) {
	db, err := sql.Open("pgx", c.URL("postgres"))
	if err != nil {
		return "", err
	}
	defer db.Close()
	name := fmt.Sprintf("t%d", c.dbs.Add(1))
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", fmt.Errorf("create database %s: %w", name, err)
	}
	return c.URL(name), nil
}

func (c *Cluster) run(ctx context.Context, prog string, args ...string) error {
	path := filepath.Join(c.bin, prog)
	var cmd *exec.Cmd
	if c.root {
		cmd = exec.CommandContext(ctx, "runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	} else {
		cmd = exec.CommandContext(ctx, path, args...)
	}
	cmd.Dir = c.dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %w\n%s", prog, strings.Join(args, " "), err, out)
	}
	return nil
}

// binDir finds the directory holding initdb and pg_ctl.
func binDir() (string, error) {
	if p, err := exec.LookPath("pg_config"); err == nil {
		if out, err := exec.Command(p, "--bindir").Output(); err == nil {
			dir := strings.TrimSpace(string(out))
			if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
				return dir, nil
			}
		}
	}
	initdb, err1 := exec.LookPath("initdb")
	pgctl, err2 := exec.LookPath("pg_ctl")
	if err1 != nil || err2 != nil {
		// Debian's postgresql package keeps them off PATH, per version.
		if dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb"); len(dirs) > 0 {
			sort.Slice(dirs, func(i, j int) bool { return pgVersion(dirs[i]) > pgVersion(dirs[j]) })
			return filepath.Dir(dirs[0]), nil
		}
		return "", fmt.Errorf("PostgreSQL is not installed (initdb and pg_ctl not found on PATH, no pg_config): install it with: %s", InstallHint)
	}
	// initdb on PATH may be a wrapper (Debian's pg_wrapper): resolve links
	// so that both programs come from one installation.
	if r, err := filepath.EvalSymlinks(initdb); err == nil {
		initdb = r
	}
	if r, err := filepath.EvalSymlinks(pgctl); err == nil && filepath.Dir(r) == filepath.Dir(initdb) {
		return filepath.Dir(r), nil
	}
	return filepath.Dir(initdb), nil
}

// pgVersion is the major version in /usr/lib/postgresql/<version>/bin/initdb.
func pgVersion(initdb string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(initdb))))
	return v
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// ---- the cluster shared by a test binary ----

var shared struct {
	mu      sync.Mutex
	main    bool // Main is running the tests
	cluster *Cluster
	err     error
}

// Main runs the package's tests (call it from TestMain) and stops the
// shared cluster, if a test started one, when they end; then it exits.
func Main(m *testing.M) { os.Exit(Run(m)) }

// Run is Main for a TestMain with more to do: it returns the exit code.
func Run(m *testing.M) int {
	shared.mu.Lock()
	shared.main = true
	shared.mu.Unlock()
	code := m.Run()
	shared.mu.Lock()
	if shared.cluster != nil {
		if err := shared.cluster.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest: stop cluster:", err)
			code = max(code, 1)
		}
	}
	shared.mu.Unlock()
	return code
}

// Shared returns the test binary's cluster, starting it on first use. The
// package's TestMain must call Main, which stops it.
func Shared(t testing.TB) *Cluster {
	t.Helper()
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if !shared.main {
		t.Fatal("pgtest: the package needs `func TestMain(m *testing.M) { pgtest.Main(m) }` to stop its PostgreSQL cluster")
	}
	if shared.cluster == nil && shared.err == nil {
		shared.cluster, shared.err = Start(context.Background())
	}
	if shared.err != nil {
		t.Fatalf("pgtest: %v", shared.err)
	}
	return shared.cluster
}

// Database returns the URL of a new, empty database on the shared cluster.
func Database(t testing.TB) string {
	t.Helper()
	url, err := Shared(t).NewDatabase(context.Background())
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return url
}

// Postgres reports whether the store and server suites run on PostgreSQL
// (EnvBackend=postgres).
func Postgres() bool { return os.Getenv(EnvBackend) == "postgres" }

// StoreDB returns what to open a fresh store on, for the backend the suite
// runs on: a new database URL on PostgreSQL, else a file in a temporary
// directory named name.
func StoreDB(t testing.TB, name string) string {
	t.Helper()
	if Postgres() {
		return Database(t)
	}
	return filepath.Join(t.TempDir(), name)
}
