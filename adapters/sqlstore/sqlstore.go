package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/parts"
)

// Dialect is the SQL database a Store talks to. The host picks it; the package imports no driver.
type Dialect uint8

// The dialects.
const (
	// SQLite through modernc.org/sqlite (driver name "sqlite"). Open it with SQLiteDSN: New
	// checks the settings dealerkit needs.
	SQLite Dialect = iota + 1
	// Postgres is PostgreSQL through github.com/jackc/pgx/v5/stdlib (driver name "pgx").
	Postgres
	// MySQL is MySQL 8.0.16+ or MariaDB 10.11+ through github.com/go-sql-driver/mysql (driver
	// name "mysql"). The DSN needs parseTime=true, loc=UTC (the default), READ-COMMITTED
	// isolation and a strict sql_mode: New checks them (see the package documentation).
	MySQL
)

func (d Dialect) String() string {
	switch d {
	case SQLite:
		return "sqlite"
	case Postgres:
		return "postgres"
	case MySQL:
		return "mysql"
	default:
		return fmt.Sprintf("Dialect(%d)", uint8(d))
	}
}

func (d Dialect) valid() bool { return d == SQLite || d == Postgres || d == MySQL }

// Options configures a Store. A nil *Options and the zero value mean the defaults; fields will
// only ever be added with a zero value that keeps today's behaviour.
type Options struct {
	// Distribute makes Migrate distribute each table it creates on Citus, by dealer_id and
	// co-located, in the migration's own transaction (see the package documentation, Scaling
	// out). PostgreSQL only: New refuses it for another dialect, and Migrate refuses it, changing
	// nothing, when the database has no citus extension (ErrNoCitus). Set it from the first
	// Migrate on: a database migrated without it is refused.
	Distribute bool
}

// Store keeps dealerkit's records in the host's database. Build one with New; it is safe for
// concurrent use. The host owns the *sql.DB: the Store never closes it.
type Store struct {
	db *sql.DB
	d  Dialect
	// distribute is Options.Distribute: Migrate distributes what it creates on Citus.
	distribute bool
	// pgEvents are the event inserts of PostgreSQL (nil for another dialect, and on Citus, where
	// the two-statement path is kept).
	pgEvents *pgEventStatements
	// inserts are the multi-row INSERTs of movements and events.
	inserts *rowInserts
	// withEventsSQL caches the statements of withEvents by withEventsKey.
	withEventsSQL sync.Map
	// prepared keeps SQLite's and MySQL's recurring statements prepared (prepared.go); nil on
	// PostgreSQL.
	prepared *preparedStatements
	// postFault, set only by this package's tests, fails Post between its stock changes and its
	// movements: the failure injection of storetest.RunParts.
	postFault func(*parts.Posting) error
}

// New returns a Store over db. For SQLite it checks that db is configured as SQLiteDSN configures
// it (WAL, a busy timeout, foreign keys, immediate write transactions), for MySQL that the DSN
// reads times as UTC time.Time (parseTime=true, loc=UTC), that transactions run at READ
// COMMITTED and that sql_mode is strict; it returns a *SettingsError naming every missing
// setting otherwise. New does not create tables: call Migrate, or run the files of Migrations
// with a tool of your own.
func New(db *sql.DB, d Dialect, opts *Options) (*Store, error) {
	if db == nil {
		return nil, errors.New("sqlstore: New: nil *sql.DB")
	}
	if !d.valid() {
		return nil, fmt.Errorf("sqlstore: New: unknown dialect %s", d)
	}
	var distribute bool
	if opts != nil && opts.Distribute {
		if d != Postgres {
			return nil, fmt.Errorf("sqlstore: New: %w: Options.Distribute distributes on Citus, a PostgreSQL extension; "+
				"it cannot apply to %s", dealerkit.ErrInvalid, d)
		}
		distribute = true
	}
	if d == SQLite {
		// New has no context; the check is a few pragmas and a probe, bounded by busy_timeout.
		// Several processes opening one new file at once race to switch it to WAL, and SQLite
		// answers some of those races with SQLITE_BUSY without waiting on the busy handler: the
		// check is retried on SQLITE_BUSY for as long as a busy timeout would wait.
		if err := retrySQLiteBusy(context.Background(), func() error { return checkSQLite(context.Background(), db) }); err != nil {
			return nil, err
		}
	}
	if d == MySQL {
		if err := checkMySQL(context.Background(), db); err != nil {
			return nil, err
		}
	}
	s := &Store{db: db, d: d, distribute: distribute, inserts: newRowInserts()}
	if d == SQLite || d == MySQL { // pgx keeps its own statement cache
		s.prepared = newPreparedStatements()
	}
	if d == Postgres && !distribute {
		s.pgEvents = newPGEventStatements()
	}
	return s, nil
}

// RepairOrders returns the store's aftersales.Repository.
func (s *Store) RepairOrders() aftersales.Repository { return repairOrders{s} }

// Transactions. A transaction InTx began lives in the context under txKey{db}, so two Stores
// over one *sql.DB share it and Stores over different databases never mix theirs. A host's own
// transaction (WithTx) lives under hostTxKey and is used by any Store.

type txKey struct{ db *sql.DB }

type hostTxKey struct{}

// WithTx returns a context under which the Store's repository calls run in the host's transaction
// tx, which must belong to the Store's *sql.DB. The host commits or rolls back; InTx inside joins
// tx. Unlike InTx, each repository call writes its events before it returns (the Store cannot
// know when the host will commit), so with PostgreSQL the dealer's event counter row stays locked
// from the first call that records an event until the host's commit: keep such transactions
// short. After any error other than fn's own, roll tx back: a failed statement aborts a
// PostgreSQL transaction, and a version conflict or deadlock surfaces as dealerkit.ErrConflict.
// An order stored under tx counts as saved when the call returns (its version is set, its pending
// events cleared); if the host then rolls back, reload the order rather than saving it again.
func WithTx(ctx context.Context, tx *sql.Tx) context.Context {
	return context.WithValue(ctx, hostTxKey{}, tx)
}

// lockingKey marks a context of LockingReads for the Stores over db.
type lockingKey struct{ db *sql.DB }

// LockingReads returns a context under which a repository's load of one versioned record (a
// repair order, complaint, part, purchase order, stocktake, certificate … by id or by its unique
// key) made inside a transaction (InTx or WithTx) locks the record's row until that transaction
// ends, so the version it read stays the stored one until the caller commits: SELECT … FOR
// UPDATE on PostgreSQL and MySQL, whose READ COMMITTED transactions would otherwise let another
// writer change the row between the read and the caller's own write. A second transaction's
// locking read of the same row waits for the first to end and then reads what it committed. On
// SQLite the load is unchanged: a write transaction holds the database's write lock from its
// start (immediate). Outside a transaction, and for lists, the context changes nothing.
//
// It is for a check-then-change such as an HTTP If-Match (httpapi.Options.Tx uses it when the
// store offers it): mark only the check's read, since a lock taken is held to the end.
func (s *Store) LockingReads(ctx context.Context) context.Context {
	return context.WithValue(ctx, lockingKey{s.db}, true)
}

// lockingRead reports whether a load under ctx must lock its row (LockingReads).
func (s *Store) lockingRead(ctx context.Context) bool {
	if s.d == SQLite || ctx.Value(lockingKey{s.db}) == nil {
		return false
	}
	_, inTx := s.txFrom(ctx)
	return inTx
}

// txState is one transaction as the repository calls see it.
type txState struct {
	tx     *sql.Tx
	host   bool // the host's: write events per call, the host commits
	single bool // write's own, for one call: it commits as soon as the call returns

	mu       sync.Mutex
	events   []dealerkit.Event // written just before commit
	onCommit []func()          // SetVersion on the orders saved, once committed
	failed   error             // a call failed halfway (fail): the transaction may not commit
}

// fail marks the transaction as unable to commit, as a failed statement does in PostgreSQL: a
// call that failed after writing part of its change returns its error, and should fn ignore it,
// InTx returns it too and rolls back. A host's transaction (WithTx) is the host's to roll back.
func (st *txState) fail(err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.failed == nil {
		st.failed = err
	}
}

func (st *txState) failedErr() error {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.failed
}

func (st *txState) queue(evs []dealerkit.Event, after func()) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.events = append(st.events, evs...)
	st.onCommit = append(st.onCommit, after)
}

func (st *txState) committed() {
	st.mu.Lock()
	fs := st.onCommit
	st.onCommit = nil
	st.mu.Unlock()
	for _, f := range fs {
		f()
	}
}

// txFrom returns the transaction of ctx, if any.
func (s *Store) txFrom(ctx context.Context) (*txState, bool) {
	if st, ok := ctx.Value(txKey{s.db}).(*txState); ok {
		return st, true
	}
	if tx, ok := ctx.Value(hostTxKey{}).(*sql.Tx); ok && tx != nil {
		return &txState{tx: tx, host: true}, true
	}
	return nil, false
}

// querier is what reads need of a *sql.DB or *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// reader returns the transaction of ctx, so reads inside InTx see its writes, or the pool.
func (s *Store) reader(ctx context.Context) querier {
	if st, ok := s.txFrom(ctx); ok {
		return s.on(st.tx)
	}
	return s.on(s.db)
}

// InTx runs fn in one database transaction (dealerkit.Transactor): every repository call made
// with the context fn receives commits when fn returns nil, and none does otherwise. fn's error is
// returned as it is. An InTx inside fn joins the transaction, as does an InTx under WithTx.
//
// Events are buffered and written just before commit, numbered per dealer from a counter row
// whose lock is taken last: transactions do not deadlock on it, and Seq follows commit order.
// With SQLite the transaction holds the database's write lock from its start (immediate).
func (s *Store) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := s.txFrom(ctx); ok {
		return fn(ctx)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlstore: begin transaction: %w", err)
	}
	defer tx.Rollback() // after Commit a no-op; on an error, a panic or Goexit, the rollback
	st := &txState{tx: tx}
	if err := fn(context.WithValue(ctx, txKey{s.db}, st)); err != nil {
		return err
	}
	if err := s.commit(ctx, st); err != nil {
		return err
	}
	st.committed()
	s.prepareRecurring(ctx)
	return nil
}

// prepareRecurring prepares, after a commit of the Store's own, the SQLite statements that keep
// coming back (prepared.go).
func (s *Store) prepareRecurring(ctx context.Context) {
	if s.prepared != nil {
		s.prepared.prepareSeen(ctx, s.db)
	}
}

// commit writes the buffered events and commits, unless a call failed the transaction.
func (s *Store) commit(ctx context.Context, st *txState) error {
	st.mu.Lock()
	evs, failed := st.events, st.failed
	st.events = nil
	st.mu.Unlock()
	if failed != nil {
		return failed
	}
	if err := s.writeEvents(ctx, st.tx, evs); err != nil {
		return err
	}
	if err := st.tx.Commit(); err != nil {
		return s.translate("commit", err)
	}
	return nil
}

// write runs op, which changes records and queues their events on the txState it is given, in
// the transaction of ctx or, outside one, in a transaction of its own.
func (s *Store) write(ctx context.Context, op func(ctx context.Context, st *txState) error) error {
	st, ok := s.txFrom(ctx)
	switch {
	case ok && !st.host:
		if err := st.failedErr(); err != nil && s.d == MySQL {
			return err // the deadlock ended the transaction: see below
		}
		err := op(ctx, st)
		if s.d == MySQL && isMySQLError(err, myDeadlock) {
			// InnoDB has rolled the whole transaction back; a statement sent after it would run
			// outside any transaction. Refuse every later call and the commit.
			st.fail(err)
		}
		return err
	case ok:
		if err := op(ctx, st); err != nil {
			return err
		}
		if err := s.writeEvents(ctx, st.tx, st.events); err != nil {
			return err
		}
		st.committed() // as far as the Store can tell: the host commits
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlstore: begin transaction: %w", err)
	}
	defer tx.Rollback()
	st = &txState{tx: tx, single: true}
	if err := op(ctx, st); err != nil {
		return err
	}
	if err := s.commit(ctx, st); err != nil {
		return err
	}
	st.committed()
	s.prepareRecurring(ctx)
	return nil
}

// Time values. PostgreSQL stores timestamptz; SQLite stores fixed-width UTC text that sorts as
// time does. Both keep microseconds, the precision dealerkit.Sources stamps.

const sqliteTime = "2006-01-02T15:04:05.000000Z"

func (s *Store) timeArg(t time.Time) any {
	if s.d == SQLite {
		return t.UTC().Format(sqliteTime)
	}
	return t.UTC()
}

// optTimeArg is NULL for the zero time.
func (s *Store) optTimeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return s.timeArg(t)
}

// timeScan reads a time column of either dialect into a UTC time.
type timeScan struct{ t *time.Time }

func (ts timeScan) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*ts.t = v.UTC()
	case string:
		return ts.parse(v)
	case []byte:
		return ts.parse(string(v))
	default:
		return fmt.Errorf("sqlstore: cannot read %T as a time", src)
	}
	return nil
}

func (ts timeScan) parse(v string) error {
	if t, ok := parseSQLiteTime(v); ok {
		*ts.t = t
		return nil
	}
	t, err := time.Parse(sqliteTime, v)
	if err != nil {
		return fmt.Errorf("sqlstore: bad stored time %q: %w", v, err)
	}
	*ts.t = t.UTC()
	return nil
}

// parseSQLiteTime reads the text timeArg writes (sqliteTime) field by field: time.Parse of a
// layout was most of what reading an event's head cost in a replay of a log (issue 13). It
// answers false for anything it is not sure of (another shape, a day past the 28th, a field out
// of range), which time.Parse then reads or refuses as before.
func parseSQLiteTime(v string) (time.Time, bool) {
	if len(v) != len(sqliteTime) || v[4] != '-' || v[7] != '-' || v[10] != 'T' || v[13] != ':' || v[16] != ':' ||
		v[19] != '.' || v[26] != 'Z' {
		return time.Time{}, false
	}
	num := func(s string) int {
		n := 0
		for i := range len(s) {
			c := s[i]
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	year, month, day, hour, minute, sec, micro := num(v[0:4]), num(v[5:7]), num(v[8:10]), num(v[11:13]), num(v[14:16]),
		num(v[17:19]), num(v[20:26])
	if year < 0 || month < 1 || month > 12 || day < 1 || day > 28 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
		sec < 0 || sec > 59 || micro < 0 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, micro*1000, time.UTC), true
}
