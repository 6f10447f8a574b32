package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/google/uuid"
)

// copiesHistory is the history of n dealerships made of the dealer-year (one dealership, 12
// months of 1,000 orders) and n-1 copies of it under other dealer ids: issue 13's 100
// dealer-years. Simulating 100 dealer-years takes hours on this machine; the copies hold the
// same records a hundred times over, which is what a replay's time and memory grow with, though
// not a hundred different stories. BenchmarkReplay replays it when DEALERKIT_POLICYLAB_DEALER_YEARS
// is n; the file is made only when DEALERKIT_POLICYLAB_GENERATE=1 too (about 30 GB and ten
// minutes for 100) and kept beside the others.
func copiesHistory(b *testing.B, n int) string {
	b.Helper()
	year := benchHistory(b, benchSize{1, 12, 1000})
	path := strings.Replace(year, "d1-m12-", fmt.Sprintf("d%d-m12-", n), 1)
	if path == year {
		b.Fatalf("cannot name the %d dealer-year history after %s", n, year)
	}
	if _, err := os.Stat(path); err == nil {
		return path
	}
	if os.Getenv("DEALERKIT_POLICYLAB_GENERATE") != "1" {
		b.Skipf("no %s; set DEALERKIT_POLICYLAB_GENERATE=1 to make %d dealer-years", path, n)
	}
	tmp := path + ".tmp"
	if err := copyDealers(context.Background(), year, tmp, n); err != nil {
		_ = os.Remove(tmp)
		b.Fatalf("making %d dealer-years: %v", n, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	return path
}

// copyDealers writes to dst the one-dealer history src and n-1 copies of it, each under a dealer
// id of its own: every row of every table keyed by dealer_id is inserted again with the id
// replaced in each of its text columns (bodies, actors and data name the dealer too).
func copyDealers(ctx context.Context, src, dst string, n int) error {
	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(src))
	if err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, `VACUUM INTO ?`, dst)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	db, err = sql.Open("sqlite", sqlstore.SQLiteDSN(dst))
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	// A file being made, never read before it is renamed: no journal, no waiting for the disk.
	for _, pragma := range []string{`PRAGMA journal_mode = OFF`, `PRAGMA synchronous = OFF`} {
		if _, err := db.ExecContext(ctx, pragma); err != nil {
			return err
		}
	}
	var dealer string
	if err := db.QueryRowContext(ctx, `SELECT dealer_id FROM dealerkit_event_counters`).Scan(&dealer); err != nil {
		return fmt.Errorf("the history's one dealer: %w", err)
	}
	tables, err := dealerTables(ctx, db)
	if err != nil {
		return err
	}
	for k := 1; k < n; k++ {
		to := uuid.UUID{0: 0xd1, 6: 0x40, 8: 0x80, 14: byte(k >> 8), 15: byte(k)}.String()
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		for _, t := range tables {
			if _, err := tx.ExecContext(ctx, t.copy, dealer, to, dealer); err != nil {
				_ = tx.Rollback()
				return fmt.Errorf("copy %s to dealer %s: %w", t.name, to, err)
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

type dealerTable struct{ name, copy string }

// dealerTables lists the tables with a dealer_id column, each with the statement that copies one
// dealer's rows ($1) to another ($2): text columns with the id replaced, others as they are.
func dealerTables(ctx context.Context, db *sql.DB) ([]dealerTable, error) {
	names, err := queryStrings(ctx, db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'dealerkit_%'`)
	if err != nil {
		return nil, err
	}
	var out []dealerTable
	for _, name := range names {
		cols, err := queryStrings(ctx, db, `SELECT name FROM pragma_table_info(?) ORDER BY cid`, name)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(cols, "dealer_id") {
			continue // the migrations' own table
		}
		exprs := make([]string, len(cols))
		for i, c := range cols {
			exprs[i] = fmt.Sprintf(`CASE WHEN typeof(%[1]s) = 'text' THEN replace(%[1]s, $1, $2) ELSE %[1]s END`, c)
		}
		out = append(out, dealerTable{name, fmt.Sprintf(`INSERT INTO %s (%s) SELECT %s FROM %s WHERE dealer_id = $3`,
			name, strings.Join(cols, ", "), strings.Join(exprs, ", "), name)})
	}
	return out, nil
}

// queryStrings is the one text column of every row query gives.
func queryStrings(ctx context.Context, db *sql.DB, query string, args ...any) ([]string, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
