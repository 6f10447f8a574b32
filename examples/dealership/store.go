package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/go-sql-driver/mysql"   // database/sql driver "mysql"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	_ "modernc.org/sqlite"             // database/sql driver "sqlite"
)

// exampleSchema is the PostgreSQL schema the example works in. It is dropped and recreated on each
// run, so the example starts from nothing and never touches the tables of the database's other
// users (nor the per-test schemas of the PostgreSQL tests).
const exampleSchema = "dealerkit_example"

// memoryDB is the -db value that runs the example on the in-memory store (adapters/memory).
const memoryDB = "memory"

// openStore opens the store -db names: an SQLite file (the default, in the temp dir), a
// PostgreSQL URL or a mysql:// URL (MySQL 8 or MariaDB, in database exampleSchema). Either way the example starts on an empty, migrated database. It returns the
// store, a function that closes it, and a description for the report's header.
func openStore(ctx context.Context, db string) (Store, func() error, string, error) {
	var (
		conn    *sql.DB
		dialect sqlstore.Dialect
		where   string
		err     error
	)
	if db == memoryDB {
		return memory.New(), func() error { return nil }, "memory", nil
	}
	if strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://") {
		conn, err = openPostgres(ctx, db)
		dialect, where = sqlstore.Postgres, "PostgreSQL, schema "+exampleSchema
	} else if strings.HasPrefix(db, "mysql://") {
		conn, err = openMySQL(ctx, db, exampleSchema)
		dialect, where = sqlstore.MySQL, "MySQL, database "+exampleSchema
	} else {
		if db == "" {
			db = filepath.Join(os.TempDir(), "dealerkit-dealership.db")
		}
		conn, err = openSQLite(db)
		dialect, where = sqlstore.SQLite, "SQLite "+db
	}
	if err != nil {
		return nil, nil, "", err
	}
	store, err := sqlstore.New(conn, dialect, nil)
	if err == nil {
		err = store.Migrate(ctx)
	}
	if err != nil {
		conn.Close()
		return nil, nil, "", err
	}
	return store, conn.Close, where, nil
}

// openSQLite starts a fresh database file at path, replacing any left by an earlier run (with its
// WAL and shared-memory files). sqlstore.SQLiteDSN sets what the store requires: WAL, a busy
// timeout and immediate write transactions.
func openSQLite(path string) (*sql.DB, error) {
	// Replace only an SQLite database (or an empty file): a mistyped -db must not delete a file.
	if f, err := os.Open(path); err == nil {
		header := make([]byte, 16)
		n, _ := io.ReadFull(f, header)
		f.Close()
		if n > 0 && string(header[:n]) != "SQLite format 3\x00"[:n] {
			return nil, fmt.Errorf("-db %s: not an SQLite database; refusing to replace it", path)
		}
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return sql.Open("sqlite", sqlstore.SQLiteDSN(path))
}

// openPostgres recreates exampleSchema and returns a pool whose connections use it: the store's
// tables are unqualified, so search_path decides where they live.
func openPostgres(ctx context.Context, dsn string) (*sql.DB, error) {
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	defer admin.Close()
	for _, stmt := range []string{"DROP SCHEMA IF EXISTS " + exampleSchema + " CASCADE", "CREATE SCHEMA " + exampleSchema} {
		if _, err := admin.ExecContext(ctx, stmt); err != nil {
			return nil, fmt.Errorf("prepare schema %s: %w", exampleSchema, err)
		}
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, fmt.Errorf("-db: %w", err)
	}
	q := u.Query()
	q.Set("search_path", exampleSchema) // pgx sends unknown parameters as session settings
	u.RawQuery = q.Encode()
	return sql.Open("pgx", u.String())
}

// openMySQL recreates database name on the server of the mysql://user:password@host:port/db URL
// and returns a pool on it, opened with the settings sqlstore.New checks: parseTime, UTC and READ
// COMMITTED (the variable is transaction_isolation on MySQL 8 and MariaDB 11.1+, tx_isolation on
// older MariaDB). Query parameters of the URL are passed to the driver.
func openMySQL(ctx context.Context, rawURL, name string) (*sql.DB, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("-db: %w", err)
	}
	cfg := mysql.NewConfig()
	cfg.User = u.User.Username()
	cfg.Passwd, _ = u.User.Password()
	cfg.Net, cfg.Addr = "tcp", u.Host
	if u.Port() == "" {
		cfg.Addr = u.Host + ":3306"
	}
	cfg.DBName = strings.TrimPrefix(u.Path, "/")
	cfg.ParseTime, cfg.Loc = true, time.UTC
	cfg.Params = map[string]string{}
	for k, v := range u.Query() {
		cfg.Params[k] = v[0]
	}
	admin, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		return nil, err
	}
	defer admin.Close()
	isolation := "transaction_isolation"
	var level string
	if err := admin.QueryRowContext(ctx, "SELECT @@SESSION.transaction_isolation").Scan(&level); err != nil {
		var me *mysql.MySQLError
		if !errors.As(err, &me) || me.Number != 1193 { // 1193: unknown system variable
			return nil, err
		}
		isolation = "tx_isolation"
	}
	for _, stmt := range []string{"DROP DATABASE IF EXISTS " + name, "CREATE DATABASE " + name} {
		if _, err := admin.ExecContext(ctx, stmt); err != nil {
			return nil, fmt.Errorf("prepare database %s: %w", name, err)
		}
	}
	cfg.DBName = name
	cfg.Params[isolation] = "'READ-COMMITTED'"
	return sql.Open("mysql", cfg.FormatDSN())
}
