package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/dealerkit/dealerkit"
)

// Distribution on Citus (Options.Distribute). Every record belongs to one dealer (§2): every
// dealerkit table is keyed by dealer first and every use case is one dealer's transaction, so
// each table is hash-distributed by dealer_id and co-located with the others: a dealer's rows of
// every table live on one node, and a use case's statements run there. The migrations table,
// which has no dealer, is a reference table (a copy on every node).
//
// The step runs inside Migrate's transaction, under its advisory lock: a migration's tables are
// created and distributed in one commit. Distributing after the commit would race when two
// processes migrate at once (the loser fails with SQLSTATE 42P16, "table is already
// distributed").

// ErrNoCitus is the cause Migrate reports when Options.Distribute is set and the database has no
// citus extension (CREATE EXTENSION citus). The error matches it and dealerkit.ErrInvalid, and
// Migrate has changed nothing.
var ErrNoCitus = errors.New("sqlstore: Options.Distribute needs the citus extension, which this database does not have")

// distributionAnchor is the table every other one is co-located with: the first table of the
// first migration. It joins Citus's default co-location group for uuid-distributed tables, so a
// host's own tables distributed by a uuid dealer id can be co-located with dealerkit's.
const distributionAnchor = "dealerkit_repair_orders"

// migrationsTable records the versions Migrate has applied.
const migrationsTable = "dealerkit_schema_migrations"

// startDistribution checks that Citus is installed and readies the transaction for distributed
// DDL. Sequential mode keeps every shard command of the transaction on one connection per node:
// a transaction that creates shards, then writes the reference table, then creates more shards
// cannot run them in parallel (Citus refuses, asking for this very setting).
func startDistribution(ctx context.Context, tx *sql.Tx) error {
	var installed bool
	// Unqualified catalogue names: pg_catalog's, unless a search path puts it last on purpose
	// (the tests stand in for Citus that way).
	if err := tx.QueryRowContext(ctx,
		"SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus')").Scan(&installed); err != nil {
		return fmt.Errorf("sqlstore: migrate: look for citus: %w", err)
	}
	if !installed {
		return fmt.Errorf("sqlstore: migrate: %w: %w", dealerkit.ErrInvalid, ErrNoCitus)
	}
	if _, err := tx.ExecContext(ctx, "SET LOCAL citus.multi_shard_modify_mode TO 'sequential'"); err != nil {
		return fmt.Errorf("sqlstore: migrate: distribute: %w", err)
	}
	return nil
}

// referenceMigrationsTable makes the migrations table a reference table, once. A migrations table
// that holds versions but is not known to Citus means the database was migrated without
// Distribute: its tables are local, and distributing only the new ones would leave a schema
// half distributed, so Migrate refuses.
func referenceMigrationsTable(ctx context.Context, tx *sql.Tx) error {
	var known, applied bool
	err := tx.QueryRowContext(ctx,
		"SELECT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = $1::regclass)",
		migrationsTable).Scan(&known)
	if err == nil && !known {
		err = tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM "+migrationsTable+")").Scan(&applied)
	}
	if err != nil {
		return fmt.Errorf("sqlstore: migrate: distribute: %w", err)
	}
	switch {
	case known:
		return nil
	case applied:
		return fmt.Errorf("sqlstore: migrate: %w: the database was migrated without Options.Distribute; "+
			"distribute its dealerkit_ tables by dealer_id (and %s as a reference table) before migrating with it",
			dealerkit.ErrInvalid, migrationsTable)
	}
	if _, err := tx.ExecContext(ctx, "SELECT create_reference_table('"+migrationsTable+"')"); err != nil {
		return fmt.Errorf("sqlstore: migrate: distribute %s: %w", migrationsTable, err)
	}
	return nil
}

// distribute runs the distribution statements of m, just after m itself.
func distribute(ctx context.Context, tx *sql.Tx, m migration) error {
	for _, stmt := range distributionStatements(m) {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("sqlstore: migrate: %s: distribute: %w", m.name, err)
		}
	}
	return nil
}

// distributionStatements returns the statements that distribute the tables migration m creates,
// in the order it creates them: each by dealer_id, co-located with distributionAnchor. A
// migration that creates no table (one that adds a column or an index) needs none: Citus carries
// ALTER TABLE and CREATE INDEX on a distributed table to its shards.
func distributionStatements(m migration) []string {
	var out []string
	for _, table := range createdTables(m.sql) {
		colocate := distributionAnchor
		if table == distributionAnchor {
			colocate = "default"
		}
		out = append(out, fmt.Sprintf(
			"SELECT create_distributed_table('%s', 'dealer_id', colocate_with => '%s')", table, colocate))
	}
	return out
}

var (
	sqlLineComment = regexp.MustCompile(`--[^\n]*`)
	createTable    = regexp.MustCompile(`(?i)\bCREATE\s+(?:UNLOGGED\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)`)
)

// createdTables returns the names of the tables the SQL text creates, in order. It reads
// dealerkit's own migrations, which quote no table name and put no "--" inside a string.
func createdTables(sqlText string) []string {
	var out []string
	for _, m := range createTable.FindAllStringSubmatch(sqlLineComment.ReplaceAllString(sqlText, ""), -1) {
		out = append(out, strings.ToLower(m[1]))
	}
	return out
}
