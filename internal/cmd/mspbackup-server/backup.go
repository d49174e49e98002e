package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"strings"

	"github.com/mspbackup/terraform-provider-mspbackup/internal/cliflags"
	"github.com/mspbackup/terraform-provider-mspbackup/internal/store"
)

// runBackup is `mspbackup-server backup`: a consistent copy of the database
// written while servers keep serving it.
func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("mspbackup-server backup", flag.ContinueOnError)
	db := fs.String("db", "./mspbackup.db", "the SQLite database file the server runs on, or its postgres:// URL")
	out := fs.String("out", "", "the file to write the copy to: a new file (it must not exist), created with mode 0600")
	const usage = `Usage: mspbackup-server backup --db DB --out FILE

Writes a consistent copy of the database while servers keep serving it:
every change committed before the backup starts is in the copy.
SQLite: the copy (VACUUM INTO) is a database file as it is; to restore,
stop the server and put the copy in place of the database file (remove
the old file's -wal and -shm files), or start the server on the copy.
PostgreSQL: runs pg_dump (which must be on PATH) and writes its custom
format; restore it into an empty database with pg_restore --no-owner.

Flags:
`
	if help, err := cliflags.Parse(fs, args, usage, stdout, stderr); help || err != nil {
		return err
	}
	if *out == "" {
		return errors.New("--out is required: the new file to write the copy to")
	}
	name := *db
	var err error
	if store.IsPostgresURL(*db) {
		name = redactURL(*db)
		err = pgDump(ctx, *db, *out)
	} else {
		err = store.BackupSQLite(ctx, *db, *out)
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout, "backed up %s to %s\n", name, *out)
	return nil
}

// pgDump writes pg_dump's custom format of the database at dbURL to the new
// file out (mode 0600). pg_dump reads in one repeatable-read transaction,
// so the dump is one consistent snapshot while replicas keep writing.
func pgDump(ctx context.Context, dbURL, out string) error {
	exe, err := exec.LookPath("pg_dump")
	if err != nil {
		return fmt.Errorf("pg_dump is needed to back up PostgreSQL (Debian: apt-get install postgresql-client): %w", err)
	}
	conn, password, err := withoutPassword(dbURL)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("create the copy: %w (choose a new file)", err)
	}
	cmd := exec.CommandContext(ctx, exe, "--format=custom", "--dbname="+conn)
	// The password goes through the environment: a command line is visible
	// to every user of the machine.
	cmd.Env = os.Environ()
	if password != "" {
		cmd.Env = append(cmd.Env, "PGPASSWORD="+password)
	}
	var msg bytes.Buffer
	cmd.Stdout, cmd.Stderr = f, &msg
	err = cmd.Run()
	if err == nil {
		err = f.Sync()
	}
	if err = errors.Join(err, f.Close()); err != nil {
		return errors.Join(fmt.Errorf("pg_dump: %w: %s", err, strings.TrimSpace(msg.String())), os.Remove(out))
	}
	return nil
}

// withoutPassword splits the password (in the user info or a password
// parameter) off a database URL.
func withoutPassword(dbURL string) (conn, password string, err error) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return "", "", errors.New("--db: not a valid URL")
	}
	if u.User != nil {
		if p, ok := u.User.Password(); ok {
			password = p
			u.User = url.User(u.User.Username())
		}
	}
	if q := u.Query(); q.Has("password") {
		password = q.Get("password")
		q.Del("password")
		u.RawQuery = q.Encode()
	}
	return u.String(), password, nil
}
