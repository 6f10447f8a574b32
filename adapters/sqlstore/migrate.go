package sqlstore

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

//go:embed migrations
var migrationFiles embed.FS

// Migrations returns the schema migrations of dialect d: files named NNNN_name.sql, the same
// version numbers in every dialect, each to be run once in version order. Migrate runs them; a
// vendor with a migration tool of its own can run them with that instead. An unknown dialect has
// no files.
func Migrations(d Dialect) fs.FS {
	if !d.valid() {
		return embed.FS{}
	}
	sub, err := fs.Sub(migrationFiles, "migrations/"+d.String())
	if err != nil { // cannot happen: the directory name is valid
		return embed.FS{}
	}
	return sub
}

// migrationLock is the PostgreSQL advisory lock Migrate holds, so that two processes migrating at
// once take turns ("dk_migra" in ASCII).
const migrationLock int64 = 0x646b5f6d69677261

type migration struct {
	version int
	name    string
	sql     string
}

func migrationsOf(d Dialect) ([]migration, error) {
	fsys := Migrations(d)
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, name := range names {
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v < 1 {
			return nil, fmt.Errorf("migration %s: name is not NNNN_name.sql", name)
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: strings.TrimSuffix(path.Base(name), ".sql"), sql: string(b)})
	}
	slices.SortFunc(out, func(a, b migration) int { return a.version - b.version })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s have the same version", out[i-1].name, out[i].name)
		}
	}
	return out, nil
}

// Migrate brings the schema up to date: it runs, in one transaction, every migration not yet
// recorded in the table dealerkit_schema_migrations, and records it. It is idempotent, and safe
// when several processes run it at once: PostgreSQL takes an advisory lock inside the
// transaction, SQLite's immediate transaction holds the write lock. MySQL cannot run DDL in a
// transaction: there Migrate holds a GET_LOCK lock instead and records each migration as it
// completes (see migrateMySQL). Versions recorded that this package does not know (a newer
// release migrated the database) are left alone.
//
// With Options.Distribute, Migrate also distributes on Citus, in the same transaction, each table
// a migration creates (by dealer_id, co-located) and makes the migrations table a reference
// table; without the citus extension it returns an error matching ErrNoCitus and
// dealerkit.ErrInvalid and changes nothing.
func (s *Store) Migrate(ctx context.Context) error {
	if s.d == SQLite {
		// Another process creating the same file may hold it for a moment in a way the busy
		// timeout does not cover (WAL recovery, the switch to WAL): retry within the timeout.
		return retrySQLiteBusy(ctx, func() error { return s.migrate(ctx) })
	}
	return s.migrate(ctx)
}

func (s *Store) migrate(ctx context.Context) error {
	ms, err := migrationsOf(s.d)
	if err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	if s.d == MySQL {
		return s.migrateMySQL(ctx, ms) // DDL commits implicitly there: see mysql.go
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlstore: migrate: begin: %w", err)
	}
	defer tx.Rollback()

	create := `CREATE TABLE IF NOT EXISTS dealerkit_schema_migrations (
		version    INTEGER NOT NULL PRIMARY KEY,
		name       TEXT    NOT NULL,
		applied_at TEXT    NOT NULL
	) STRICT`
	record := `INSERT INTO dealerkit_schema_migrations (version, name, applied_at)
		VALUES ($1, $2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`
	if s.d == Postgres {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", migrationLock); err != nil {
			return fmt.Errorf("sqlstore: migrate: lock: %w", err)
		}
		create = `CREATE TABLE IF NOT EXISTS dealerkit_schema_migrations (
			version    bigint      NOT NULL PRIMARY KEY,
			name       text        NOT NULL,
			applied_at timestamptz NOT NULL DEFAULT now()
		)`
		record = `INSERT INTO dealerkit_schema_migrations (version, name) VALUES ($1, $2)`
	}
	if s.distribute { // Options.Distribute: PostgreSQL only (New checks), so under the lock
		if err := startDistribution(ctx, tx); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, create); err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	if s.distribute {
		if err := referenceMigrationsTable(ctx, tx); err != nil {
			return err
		}
	}
	applied := map[int]bool{}
	rows, err := tx.QueryContext(ctx, "SELECT version FROM dealerkit_schema_migrations")
	if err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return fmt.Errorf("sqlstore: migrate: %w", err)
		}
		applied[v] = true
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	for _, m := range ms {
		if applied[m.version] {
			continue
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("sqlstore: migrate: %s: %w", m.name, err)
		}
		if s.distribute {
			if err := distribute(ctx, tx, m); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, record, m.version, m.name); err != nil {
			return fmt.Errorf("sqlstore: migrate: record %s: %w", m.name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlstore: migrate: commit: %w", err)
	}
	return nil
}
