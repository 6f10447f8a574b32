package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// The MySQL dialect: MySQL 8.0.16+ and MariaDB 10.11 through github.com/go-sql-driver/mysql,
// which this package does not import. The statements are written once, PostgreSQL style ($N
// placeholders, INSERT … ON CONFLICT DO NOTHING); mysqlQuerier rewrites them on the way out.

// MySQL error numbers (the driver's *mysql.MySQLError.Number).
const (
	myDuplicateKey    = 1062 // ER_DUP_ENTRY
	myLockWaitTimeout = 1205 // ER_LOCK_WAIT_TIMEOUT: the statement (not the transaction) failed
	myDeadlock        = 1213 // ER_LOCK_DEADLOCK: InnoDB rolled the whole transaction back
	myCheckViolated   = 3819 // ER_CHECK_CONSTRAINT_VIOLATED (MySQL 8.0.16+)
	mariaCheckFailed  = 4025 // ER_CONSTRAINT_FAILED (MariaDB 10.2+)
)

// mysqlErrorNumber returns the error number of the driver's *mysql.MySQLError in err's chain.
// The driver's error type has exported fields and no methods, so, importing no driver, the
// package reads its Number field by reflection: a pointer to a struct named MySQLError with a
// uint16 field Number.
func mysqlErrorNumber(err error) (uint16, bool) {
	for _, e := range errorChain(err) {
		v := reflect.ValueOf(e)
		if v.Kind() == reflect.Pointer && !v.IsNil() {
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct || v.Type().Name() != "MySQLError" {
			continue
		}
		if f := v.FieldByName("Number"); f.IsValid() && f.Kind() == reflect.Uint16 {
			return uint16(f.Uint()), true
		}
	}
	return 0, false
}

// errorChain lists err and every error it wraps, depth first, as errors.As walks them.
func errorChain(err error) []error {
	var out []error
	var walk func(error)
	walk = func(e error) {
		for e != nil {
			out = append(out, e)
			switch u := e.(type) {
			case interface{ Unwrap() []error }:
				for _, x := range u.Unwrap() {
					walk(x)
				}
				return
			case interface{ Unwrap() error }:
				e = u.Unwrap()
			default:
				return
			}
		}
	}
	walk(err)
	return out
}

func isMySQLError(err error, numbers ...uint16) bool {
	n, ok := mysqlErrorNumber(err)
	if !ok {
		return false
	}
	for _, want := range numbers {
		if n == want {
			return true
		}
	}
	return false
}

// mysqlQuerier runs the package's statements on MySQL: $N placeholders become ?, with the
// arguments repeated and reordered to match, and a trailing ON CONFLICT DO NOTHING is dropped,
// a duplicate key (1062) then counting as no row inserted. A failed statement leaves an InnoDB
// transaction usable, so the duplicate costs the caller nothing, as in PostgreSQL.
type mysqlQuerier struct{ q querier }

// on returns the querier that speaks s's dialect over q and, on SQLite and MySQL, runs prepared
// copies of its recurring statements (prepared.go).
func (s *Store) on(q querier) querier {
	switch q.(type) {
	case mysqlQuerier, preparedQuerier:
		return q // already on
	}
	if s.prepared != nil {
		q = preparedQuerier{q, s.prepared}
	}
	if s.d == MySQL {
		return mysqlQuerier{q}
	}
	return q
}

func (m mysqlQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	query, args, _ = mysqlStatement(query, args)
	return m.q.QueryContext(ctx, query, args...)
}

func (m mysqlQuerier) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	query, args, _ = mysqlStatement(query, args)
	return m.q.QueryRowContext(ctx, query, args...)
}

func (m mysqlQuerier) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	query, args, doNothing := mysqlStatement(query, args)
	res, err := m.q.ExecContext(ctx, query, args...)
	if doNothing && isMySQLError(err, myDuplicateKey) {
		return noRow{}, nil
	}
	return res, err
}

// noRow is the result of an insert that did nothing.
type noRow struct{}

func (noRow) LastInsertId() (int64, error) { return 0, nil }
func (noRow) RowsAffected() (int64, error) { return 0, nil }

const onConflictDoNothing = "ON CONFLICT DO NOTHING"

// mysqlStatement rewrites a statement written for PostgreSQL (see mysqlQuerier). The package's
// statements hold no $ followed by a digit inside a string literal.
func mysqlStatement(query string, args []any) (string, []any, bool) {
	trimmed := strings.TrimRight(query, " \t\n")
	doNothing := strings.HasSuffix(trimmed, onConflictDoNothing)
	if doNothing {
		query = strings.TrimSuffix(trimmed, onConflictDoNothing)
	}
	if !strings.Contains(query, "$") {
		return query, args, doNothing
	}
	var b strings.Builder
	b.Grow(len(query))
	out := make([]any, 0, len(args))
	for i := 0; i < len(query); i++ {
		c := query[i]
		if c != '$' || i+1 >= len(query) || query[i+1] < '0' || query[i+1] > '9' {
			b.WriteByte(c)
			continue
		}
		j := i + 1
		for j < len(query) && query[j] >= '0' && query[j] <= '9' {
			j++
		}
		n, _ := strconv.Atoi(query[i+1 : j])
		if n >= 1 && n <= len(args) {
			out = append(out, args[n-1])
		} else {
			out = append(out, nil) // the driver then reports the count mismatch
		}
		b.WriteByte('?')
		i = j - 1
	}
	return b.String(), out, doNothing
}

// ident quotes a column name that MySQL reserves (key) for the Store's dialect.
func (s *Store) ident(name string) string {
	if s.d == MySQL {
		return "`" + name + "`"
	}
	return name
}

// checkMySQL reads the settings dealerkit needs on one connection of the pool: the driver's
// parseTime=true and loc=UTC (time columns read as UTC time.Time), READ COMMITTED isolation and
// a strict sql_mode. Every connection of a pool opened from one DSN has the same.
func checkMySQL(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlstore: check MySQL settings: %w", err)
	}
	defer conn.Close()
	var probe any
	var mode, iso string
	err = conn.QueryRowContext(ctx, "SELECT CAST('2000-01-02 03:04:05.000006' AS DATETIME(6)), @@SESSION.sql_mode").Scan(&probe, &mode)
	if err == nil {
		// MySQL 8 and MariaDB 11.1+ name it transaction_isolation; MariaDB 10.11, tx_isolation.
		err = conn.QueryRowContext(ctx, "SELECT @@SESSION.transaction_isolation").Scan(&iso)
		if isMySQLError(err, 1193) { // unknown system variable
			err = conn.QueryRowContext(ctx, "SELECT @@SESSION.tx_isolation").Scan(&iso)
		}
	}
	if err != nil {
		return fmt.Errorf("sqlstore: check MySQL settings: %w", err)
	}
	var problems []string
	switch t, ok := probe.(time.Time); {
	case !ok:
		problems = append(problems, "DATETIME columns read as text: add parseTime=true to the DSN")
	case t.Location() != time.UTC:
		problems = append(problems, fmt.Sprintf("times read in zone %s: add loc=UTC to the DSN (or leave loc out)", t.Location()))
	}
	if !strings.EqualFold(iso, "READ-COMMITTED") {
		problems = append(problems, fmt.Sprintf("transaction isolation is %s, want READ-COMMITTED "+
			"(transaction_isolation=%%27READ-COMMITTED%%27 in the DSN; tx_isolation on MariaDB before 11.1)", iso))
	}
	if !strings.Contains(mode, "STRICT_TRANS_TABLES") && !strings.Contains(mode, "STRICT_ALL_TABLES") {
		problems = append(problems, "sql_mode is not strict: a value too long or out of range would be truncated, not refused "+
			"(sql_mode=%27STRICT_TRANS_TABLES%27 or the server's default)")
	}
	if len(problems) > 0 {
		return &SettingsError{Dialect: MySQL, Problems: problems}
	}
	return nil
}

// mysqlMigrationLock is the name of the GET_LOCK lock Migrate holds on MySQL, one per database.
const mysqlMigrationLock = "LEFT(CONCAT('dealerkit_migrate.', DATABASE()), 64)"

// migrateMySQL is Migrate on MySQL. DDL commits implicitly there, so migrations cannot share a
// transaction: Migrate holds the named lock GET_LOCK (one session's, per database) while it runs
// each migration's statements in turn and records the migration when all of them ran. A
// migration that fails halfway leaves its earlier statements applied and is not recorded.
func (s *Store) migrateMySQL(ctx context.Context, ms []migration) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	defer conn.Close()
	var got sql.NullInt64
	// A day's wait: another process migrating is worth waiting for; ctx bounds it.
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK("+mysqlMigrationLock+", 86400)").Scan(&got); err != nil {
		return fmt.Errorf("sqlstore: migrate: lock: %w", err)
	}
	if got.Int64 != 1 {
		return errors.New("sqlstore: migrate: lock: GET_LOCK did not grant the migration lock")
	}
	defer func() {
		// The lock belongs to the session: release it before the connection goes back to the pool.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		conn.ExecContext(ctx, "DO RELEASE_LOCK("+mysqlMigrationLock+")")
	}()
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS dealerkit_schema_migrations (
		version    BIGINT       NOT NULL PRIMARY KEY,
		name       VARCHAR(255) NOT NULL,
		applied_at DATETIME(6)  NOT NULL
	) ENGINE = InnoDB`); err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	applied, err := mysqlApplied(ctx, conn)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if applied[m.version] {
			continue
		}
		for _, stmt := range splitStatements(m.sql) {
			if _, err := conn.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("sqlstore: migrate: %s: %w", m.name, err)
			}
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO dealerkit_schema_migrations (version, name, applied_at)
			VALUES (?, ?, UTC_TIMESTAMP(6))`, m.version, m.name); err != nil {
			return fmt.Errorf("sqlstore: migrate: record %s: %w", m.name, err)
		}
	}
	return nil
}

// splitStatements splits a migration file into its statements: each ends with a semicolon at the
// end of a line, and lines that start with -- are comments.
func splitStatements(file string) []string {
	var out []string
	var cur strings.Builder
	for line := range strings.Lines(file) {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "--") {
			continue
		}
		cur.WriteString(line)
		if strings.HasSuffix(trimmed, ";") {
			out = append(out, strings.TrimSuffix(strings.TrimSpace(cur.String()), ";"))
			cur.Reset()
		}
	}
	if rest := strings.TrimSpace(cur.String()); rest != "" {
		out = append(out, rest)
	}
	return out
}

func mysqlApplied(ctx context.Context, conn *sql.Conn) (map[int]bool, error) {
	rows, err := conn.QueryContext(ctx, "SELECT version FROM dealerkit_schema_migrations")
	if err != nil {
		return nil, fmt.Errorf("sqlstore: migrate: %w", err)
	}
	defer rows.Close()
	applied := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("sqlstore: migrate: %w", err)
		}
		applied[v] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: migrate: %w", err)
	}
	return applied, nil
}
