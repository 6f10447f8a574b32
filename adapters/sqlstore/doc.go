// Package sqlstore keeps dealerkit's records in a SQL database through database/sql. It speaks
// three dialects: SQLite (modernc.org/sqlite, pure Go, the embedded default), PostgreSQL
// (github.com/jackc/pgx/v5/stdlib) and MySQL 8.0.16+ / MariaDB 10.11+
// (github.com/go-sql-driver/mysql; see MySQL below). The package imports no driver: the host
// imports one, opens and owns the *sql.DB, and names the dialect.
//
//	import _ "modernc.org/sqlite"
//
//	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN("dealership.db"))
//	// or: db, err := sql.Open("pgx", "postgres://…"), with sqlstore.Postgres
//	// or: db, err := sql.Open("mysql", "user@tcp(host:3306)/db?parseTime=true&loc=UTC&transaction_isolation=%27READ-COMMITTED%27"),
//	//     with sqlstore.MySQL
//	store, err := sqlstore.New(db, sqlstore.SQLite, nil)
//	err = store.Migrate(ctx) // or run sqlstore.Migrations(sqlstore.SQLite) with your own tool
//	orders := store.RepairOrders()
//	err = store.InTx(ctx, func(ctx context.Context) error {
//		return orders.Create(ctx, order) // commits, with its events, when fn returns nil
//	})
//	events, err := store.Events(ctx, dealer, 0, 100) // the audit trail and DMS feed
//
// # Schema
//
// Every table is named dealerkit_… so the schema can live beside the host's own, and every key and
// index leads with dealer_id (§2), so a vendor can shard or distribute by dealer (see Scaling
// out). Migrate applies the embedded migrations it has not yet recorded in
// dealerkit_schema_migrations, in one transaction; it is idempotent and safe to run from several
// processes at once. It runs only when the host calls it. With SQLite, several processes may open
// one new file together: New and Migrate retry what SQLite refuses with SQLITE_BUSY outside its
// busy handler (the switch to WAL, WAL recovery) for up to the 10 s busy timeout SQLiteDSN sets,
// so none of them fails.
//
// A repair order is one row: the JSON of its aftersales.Snapshot (jsonb in PostgreSQL, TEXT in
// SQLite) plus the header columns List filters on. Decimals travel as JSON strings, so money and
// quantities stay exact, scale included; SQLite's NUMERIC affinity, which rounds through
// floating point, is never used. Times are timestamptz in PostgreSQL and fixed-width UTC text
// (2006-01-02T15:04:05.000000Z) in SQLite; both keep microseconds.
//
// Complaints and corrective actions (migration 0002) are stored the same way: the JSON of
// complaints.Snapshot or complaints.CorrectiveSnapshot beside the header columns their
// repositories query. Automatic intake is idempotent through a unique key on (dealer_id,
// source_seq), staff intake with a key (complaints.IntakeInput.Key, migration 0004) through a
// partial unique index on (dealer_id, intake_key) where intake_key is not NULL. The escalation scan's Due reads only a partial index on (dealer_id, next_deadline,
// id) of the records with a deadline running, never the dealer's other rows; the tests check
// both dialects' plans. The deadline is indexed to the microsecond (rounded down, so a deadline
// with nanoseconds comes up at most a microsecond early and never late; the body keeps it exact,
// and the escalation itself compares exactly).
//
// Parts (migration 0003): the catalogue, suppliers, purchase orders, reservations and stocktakes
// are documents as above; one open reservation per repair-order line is a partial unique index.
// The stock ledger is kept in columns: dealerkit_stock holds each part's row per bin, its on-hand,
// reserved and value numeric in PostgreSQL and text in SQLite, with CHECK constraints (on-hand
// and reserved never negative, reserved never above on-hand, nothing on hand worth nothing) as a
// backstop; dealerkit_postings holds each posting under its idempotency key, unique per dealer;
// dealerkit_movements the ledger that on-hand and value add up to. Post locks the rows in part,
// bin order (SELECT … FOR UPDATE in PostgreSQL; SQLite's immediate transaction holds the write
// lock), costs the movements in Go with parts.Posting.Apply, claims the key, then writes: in
// PostgreSQL a guarded UPDATE … SET on_hand = on_hand + $q … WHERE … AND on_hand + $q >= reserved
// + $r that never writes back a quantity it read, in SQLite the values computed in Go (its
// NUMERIC arithmetic goes through floating point). A refused posting (short stock, taken key)
// writes nothing; a posting that fails after it began to write fails its InTx transaction, even
// if fn ignores the error. Outside a transaction Post and Reserve retry PostgreSQL serialization
// failures and deadlocks a few times; inside one they match dealerkit.ErrConflict, and the whole
// use case is retried (parts.Service does). See stock.go for the steps.
//
// Safety (migration 0007): equipment, inspections, area checks, incidents and drills are
// documents as above. The equipment code is unique per dealer (aftersales.Line.Equipment names
// it); next_due is the earliest due date, rounded down to the microsecond like every time column
// (the due dates themselves are stamped in microseconds, so nothing is lost); an incident's
// equipment ids are a comma-separated text column that IncidentFilter.Equipment matches with LIKE
// (a canonical id contains no comma and matches only itself). The area checks' open flag is
// open_findings: OPEN is reserved in MySQL.
//
// # Scaling out
//
// Every table can be split by dealer: dealer_id leads every primary key, unique key and index, no
// foreign key joins two dealers' rows, there are no sequences or identity columns, and every use
// case is one dealer's transaction. The package's tests check the migrated schema for each of
// these (the schema contract), so a migration that breaks one fails, naming the table and the
// constraint. A vendor that outgrows one server can then:
//
//   - keep a database per group of dealers, one Store each, and route each request by its
//     actor's dealer: nothing in dealerkit spans two dealers;
//   - distribute on Citus, for PostgreSQL: with Options{Distribute: true}, Migrate distributes
//     each table a migration creates with create_distributed_table by dealer_id, co-located with
//     dealerkit_repair_orders (which joins Citus's default co-location group), in the migration's
//     transaction and under its advisory lock, since distributing after the commit races when two
//     processes migrate at once (the loser fails with SQLSTATE 42P16); the migrations table
//     becomes a reference table. The transaction runs in Citus's sequential mode
//     (citus.multi_shard_modify_mode), which a transaction that creates shards and writes a
//     reference table needs. Without the citus extension (pg_extension) Migrate returns an error
//     matching ErrNoCitus and dealerkit.ErrInvalid and changes nothing; New refuses the option
//     for SQLite. Set it from the first Migrate on: a database already migrated without it is
//     refused rather than left half distributed;
//   - use MySQL-compatible distributed SQL with the MySQL dialect (coming), sharding by dealer_id.
//
// On Citus a violated constraint is reported on the shard (dealerkit_stock_on_hand_check on
// dealerkit_stock_140629), and constraint names may carry the shard's suffix: this package
// translates errors by SQLSTATE only, and a host should match them by class and code
// (dealerkit.ErrConflict, parts.ErrInsufficientStock), never by constraint or table name.
//
// # Concurrency and events
//
// Update is optimistic: it reads the order and its version, runs fn and writes only if the
// version is unchanged; otherwise it returns an error matching dealerkit.ErrConflict and writes
// nothing. A transaction's events are written just before it commits, numbered from a per-dealer
// counter row that is locked last and held until commit, so each dealer's Seq starts at 1, has no
// gaps and increases in commit order. InTx puts the transaction in the context; repository calls
// made with that context join it, as does a nested InTx. A host with a transaction of its own
// passes it with WithTx (events are then written at the end of each call; see WithTx). With
// PostgreSQL the counter's upsert rides in the statement that inserts the events, and an Update
// in a transaction of its own writes the row, the counter and the events in one statement (the
// row first, the counter last, then the commit): fewer round trips, the same guarantees.
//
// Driver errors are translated: no row matches dealerkit.ErrNotFound, a unique violation (and in
// PostgreSQL a serialization failure or deadlock, in MySQL a deadlock or lock-wait timeout)
// matches dealerkit.ErrConflict; the driver's error stays in the chain for errors.As.
//
// # SQLite settings
//
// SQLite needs these settings, which SQLiteDSN sets and New checks (New returns a
// *SettingsError naming each one missing):
//
//   - journal_mode=WAL: readers do not block the writer nor it them. This rules out ":memory:",
//     which is also private to each connection of the pool; use a file (t.TempDir in tests).
//   - busy_timeout > 0 (SQLiteDSN: 10 s): a writer waits for the lock instead of failing at once
//     with SQLITE_BUSY.
//   - _txlock=immediate: every transaction takes the write lock at BEGIN. A deferred transaction
//     that reads and then writes fails with SQLITE_BUSY, busy timeout or not, when another
//     connection wrote in between, so concurrent writers would fail rather than wait. New
//     probes for it with two connections of the pool; with db.SetMaxOpenConns(1) it cannot, and
//     accepts the pool: one connection runs one transaction at a time, so the writers of this
//     process take turns anyway (writers in other processes still need _txlock=immediate).
//   - foreign_keys=1: SQLite leaves foreign keys off unless asked, per connection.
//
// SQLiteDSN also sets synchronous=FULL, which New does not check: with WAL, NORMAL is faster and
// keeps the database consistent, but a power cut may lose the last transactions that reported a
// commit. Choose it knowingly.
//
// # MySQL
//
// The MySQL dialect (sqlstore.MySQL, migrations in Migrations(sqlstore.MySQL)) runs on MySQL
// 8.0.16+ and MariaDB 10.11+ through github.com/go-sql-driver/mysql, and is tested on MariaDB
// 10.11. New checks the connection and returns a *SettingsError naming each setting missing:
//
//   - parseTime=true and loc=UTC (the driver's default): DATETIME columns read as UTC time.Time.
//   - READ-COMMITTED isolation (transaction_isolation=%27READ-COMMITTED%27 in the DSN on MySQL 8
//     and MariaDB 11.1+, tx_isolation on older MariaDB): each statement sees what committed before
//     it, as in PostgreSQL, and InnoDB takes no gap locks, so concurrent first inserts do not
//     deadlock on them. The optimistic updates and the row locks below need no more.
//   - a strict sql_mode (STRICT_TRANS_TABLES, the servers' default): a value too long or out of
//     range is refused, not truncated.
//
// The adapter needs neither clientFoundRows nor multiStatements. With statement-based binary
// logging MySQL refuses writes at READ COMMITTED: use row-based logging.
//
// Schema choices: ids are CHAR(36) ascii_bin (canonical lower-case UUID text, which sorts as the
// UUID's bytes do); text that is compared or unique is VARBINARY (byte order, case-sensitive, no
// trailing-space padding, as in the other dialects); documents are LONGTEXT utf8mb4_bin, kept byte
// for byte (MySQL's JSON type would reorder and re-space them); times are DATETIME(6) in UTC;
// stock and movement quantities are DECIMAL(65,30), with the scale of each stock quantity in a
// TINYINT column beside it, since DECIMAL keeps a fixed scale (a posting whose result needs more
// than 35 digits before the point or 30 after is refused with dealerkit.ErrInvalid before it
// writes). Every primary key, unique key and index leads with dealer_id.
//
// What the dialect relies on, for a vendor checking a MySQL-compatible database (TiDB, Vitess …):
//
//   - InnoDB transactions at READ COMMITTED: BEGIN, COMMIT, ROLLBACK; SELECT … FOR UPDATE row
//     locks (Post and Reserve lock stock rows in part, bin order); a failed statement (duplicate
//     key, CHECK) leaves the transaction usable; deadlock (1213) and lock-wait timeout (1205)
//     errors, which Post and Reserve retry a few times outside a transaction and which match
//     dealerkit.ErrConflict inside one (InnoDB has rolled back a deadlocked transaction: the Store
//     then refuses every later call in it, and the commit).
//   - Enforced CHECK constraints (MySQL 8.0.16+, MariaDB 10.2+), violations reported as 3819
//     (MySQL) or 4025 (MariaDB) and read as parts.ErrInsufficientStock on the stock table.
//   - Error 1062 for a duplicate key, which the adapter reads as PostgreSQL's ON CONFLICT DO
//     NOTHING: dealerkit.ErrConflict where the row was taken.
//   - INSERT … ON DUPLICATE KEY UPDATE (the empty stock row a first receipt locks, the event
//     counters) and LAST_INSERT_ID(expr), whose value the driver returns as the result's
//     LastInsertId: how a writer learns its event numbers without a second statement.
//   - UPDATE … SET on_hand = on_hand + CAST(? AS DECIMAL(65,30)) … WHERE … with the guard and the
//     expected result in the WHERE clause, in exact DECIMAL arithmetic (every decimal argument is
//     cast: MySQL adds or compares a DECIMAL and a string as floating-point numbers).
//   - SELECT EXISTS (…), IN lists, ORDER BY … LIMIT ?, LEFT JOIN, and JSON_CONTAINS(body, ?,
//     '$.path') on LONGTEXT (the complaint staff and purchase-order part filters).
//   - A STORED generated column under a unique key (one open reservation per repair-order line:
//     MySQL has no partial index; NULLs do not collide).
//   - GET_LOCK and RELEASE_LOCK: Migrate holds a named lock per database. DDL commits implicitly
//     in MySQL, so Migrate runs each migration's statements in turn and records the migration
//     after its last statement; a migration that fails halfway must be finished by hand.
//
// The statements are written once, with PostgreSQL's $N placeholders; the MySQL dialect rewrites
// them to ? (repeating an argument whose placeholder is used twice) on the way to the driver.
package sqlstore
