package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"
)

// SQLiteDSN returns the modernc.org/sqlite data source name for the database file at path, with
// the settings dealerkit needs (see the package documentation): WAL, a 10 s busy timeout,
// synchronous=FULL, foreign keys and immediate write transactions.
func SQLiteDSN(path string) string {
	// A file: URI: escape what SQLite would read as URI syntax.
	path = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	return "file:" + path +
		"?_pragma=journal_mode(WAL)" +
		"&_pragma=busy_timeout(10000)" +
		"&_pragma=synchronous(FULL)" +
		"&_pragma=foreign_keys(1)" +
		"&_txlock=immediate"
}

// SettingsError says which settings a database handle lacks. New returns it; open a SQLite
// database with SQLiteDSN to have them all, a MySQL one with the DSN parameters each problem
// names.
type SettingsError struct {
	// Dialect is the database's; the zero value, from releases before MySQL, stands for SQLite.
	Dialect  Dialect
	Problems []string
}

func (e *SettingsError) Error() string {
	if e.Dialect == MySQL {
		return "sqlstore: MySQL is not configured as dealerkit needs: " + strings.Join(e.Problems, "; ")
	}
	return "sqlstore: SQLite is not configured as dealerkit needs (open it with sqlstore.SQLiteDSN): " +
		strings.Join(e.Problems, "; ")
}

// checkSQLite reads the settings on one connection of the pool. The pragmas of a modernc DSN
// apply to every connection it opens, so one stands for all.
func checkSQLite(ctx context.Context, db *sql.DB) error {
	var problems []string
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlstore: check SQLite settings: %w", err)
	}
	var mode string
	var timeout, fk int
	err = conn.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode)
	if err == nil {
		err = conn.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&timeout)
	}
	if err == nil {
		err = conn.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk)
	}
	conn.Close()
	if err != nil {
		return fmt.Errorf("sqlstore: check SQLite settings: %w", err)
	}
	wal := strings.EqualFold(mode, "wal")
	if !wal {
		// Readers would block the writer, and an in-memory database is private to a connection.
		problems = append(problems, fmt.Sprintf("journal_mode is %s, want WAL (_pragma=journal_mode(WAL); not :memory:)", mode))
	}
	if timeout <= 0 {
		problems = append(problems, "busy_timeout is 0: concurrent writers fail with SQLITE_BUSY at once (_pragma=busy_timeout(10000))")
	}
	if fk != 1 {
		problems = append(problems, "foreign keys are off (_pragma=foreign_keys(1))")
	}
	if wal {
		immediate, err := probeImmediate(ctx, db)
		if err != nil {
			return fmt.Errorf("sqlstore: check SQLite settings: %w", err)
		}
		if !immediate {
			problems = append(problems, "write transactions are deferred: a transaction that reads, then writes fails with SQLITE_BUSY "+
				"when another connection wrote in between, whatever the busy timeout (_txlock=immediate)")
		}
	}
	if len(problems) > 0 {
		return &SettingsError{Dialect: SQLite, Problems: problems}
	}
	return nil
}

// probeImmediate reports whether db.BeginTx takes the write lock at BEGIN, as _txlock=immediate
// makes it. No pragma tells; so a transaction is begun on one connection and a second connection,
// with no busy timeout, tries BEGIN IMMEDIATE: it is refused only if the first holds the lock.
// Then, with the first rolled back, the second must get the lock, which rules out a third party
// holding it; if one does, the probe tries again.
//
// With db.SetMaxOpenConns(1) there is no second connection and the probe is skipped: the pool
// then runs one transaction at a time in this process, so a deferred transaction cannot meet a
// writer of this process; a writer in another process still needs _txlock=immediate.
func probeImmediate(ctx context.Context, db *sql.DB) (bool, error) {
	if db.Stats().MaxOpenConnections == 1 {
		return true, nil
	}
	for attempt := 0; ; attempt++ {
		immediate, sure, err := probeOnce(ctx, db)
		if err != nil || sure {
			return immediate, err
		}
		if attempt == 20 {
			return false, errors.New("the write lock stayed held by another connection; cannot tell whether transactions are immediate")
		}
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func probeOnce(ctx context.Context, db *sql.DB) (immediate, sure bool, err error) {
	holder, err := db.Conn(ctx)
	if err != nil {
		return false, false, err
	}
	defer holder.Close()
	other, err := db.Conn(ctx)
	if err != nil {
		return false, false, err
	}
	// The second connection ends the probe with its busy timeout at 0 and perhaps inside a
	// transaction of its own: discard it rather than hand it back to the pool.
	defer other.Raw(func(any) error { return driver.ErrBadConn })
	if _, err := other.ExecContext(ctx, "PRAGMA busy_timeout = 0"); err != nil {
		return false, false, err
	}
	tx, err := holder.BeginTx(ctx, nil)
	if err != nil {
		return false, false, err
	}
	_, err = other.ExecContext(ctx, "BEGIN IMMEDIATE")
	tx.Rollback()
	switch {
	case err == nil:
		return false, true, nil // the first transaction took no lock: deferred
	case !isSQLiteBusy(err):
		return false, false, err
	}
	_, err = other.ExecContext(ctx, "BEGIN IMMEDIATE")
	switch {
	case err == nil:
		return true, true, nil // the lock was the first transaction's
	case isSQLiteBusy(err):
		return false, false, nil // someone else holds it: try again
	default:
		return false, false, err
	}
}

// sqliteBusyWait is how long New and Migrate retry an operation SQLite refused with SQLITE_BUSY:
// the busy timeout SQLiteDSN sets.
const sqliteBusyWait = 10 * time.Second

// retrySQLiteBusy runs op until it succeeds, fails otherwise than with SQLITE_BUSY, ctx ends or
// sqliteBusyWait has passed, waiting a little longer between tries each time.
func retrySQLiteBusy(ctx context.Context, op func() error) error {
	deadline := time.Now().Add(sqliteBusyWait)
	wait := 5 * time.Millisecond
	for {
		err := op()
		if err == nil || !isSQLiteBusy(err) || time.Now().Add(wait).After(deadline) {
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		wait = min(2*wait, 200*time.Millisecond)
	}
}
