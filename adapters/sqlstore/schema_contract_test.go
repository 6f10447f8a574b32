package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/dealerkit/dealerkit/adapters/sqlstore"
)

// The distribution contract (DESIGN.md, Storage; §2): every dealerkit table can be distributed
// or sharded by dealer, so a vendor can scale out on Citus, MySQL-compatible distributed SQL or a
// database per group of dealers without changing the schema. checkDistributable reads it off a
// migrated schema's catalogue:
//
//   - every dealerkit_ table but the migrations table has a dealer_id column;
//   - dealer_id is the first column of every primary key, unique constraint, unique index and
//     plain index (a unique key without it cannot be enforced per shard; an index led by another
//     column serves no one dealer's query);
//   - every foreign key matches dealer_id to dealer_id, so it never joins rows of two dealers;
//   - no sequences, identity or serial columns: a counter shared by every dealer is a single
//     point of contention across nodes and does not exist per shard. Ids come from the host's
//     NewID, numbers from per-dealer counters.
//
// The catalogue is read per dialect (readCatalogue); the checks are the same for every dialect.

// migrationsTableName is the one table without a dealer: it becomes a reference table.
const migrationsTableName = "dealerkit_schema_migrations"

// schemaCatalogue is what the contract needs to know of a schema.
type schemaCatalogue struct {
	Tables    []catalogueTable    // the dealerkit_ tables, by name
	Sequences []catalogueSequence // the sequences owned by a dealerkit_ table or named dealerkit_…
}

type catalogueTable struct {
	Name        string
	Columns     []string
	Counters    []string       // columns that draw on a shared counter: identity, serial, nextval default, AUTO_INCREMENT
	Keys        []catalogueKey // primary keys, unique constraints, unique and plain indexes
	ForeignKeys []catalogueForeignKey
}

type catalogueKey struct {
	Kind    string   // "primary key", "unique constraint", "unique index", "index", …
	Name    string   // the constraint's or index's name
	Columns []string // key columns in order; an expression appears as its text
}

type catalogueForeignKey struct {
	Name       string
	Columns    []string
	RefTable   string
	RefColumns []string // RefColumns[i] is what Columns[i] references
}

type catalogueSequence struct {
	Name          string
	Table, Column string // the owner, "" when the sequence has none
}

// schemaViolation is one breach of the contract, naming the table and the constraint, index,
// column or sequence at fault.
type schemaViolation struct {
	Table, Object, Problem string
}

func (v schemaViolation) String() string {
	return v.Table + ": " + v.Object + ": " + v.Problem
}

// checkDistributable returns every breach of the distribution contract in c.
func checkDistributable(c schemaCatalogue) []schemaViolation {
	var out []schemaViolation
	for _, t := range c.Tables {
		if t.Name == migrationsTableName {
			continue
		}
		if !slices.Contains(t.Columns, "dealer_id") {
			out = append(out, schemaViolation{t.Name, "columns", "no dealer_id column: the table cannot be distributed by dealer"})
		}
		for _, k := range t.Keys {
			if len(k.Columns) == 0 || k.Columns[0] != "dealer_id" {
				out = append(out, schemaViolation{t.Name, k.Kind + " " + k.Name,
					fmt.Sprintf("(%s) does not lead with dealer_id", strings.Join(k.Columns, ", "))})
			}
		}
		for _, fk := range t.ForeignKeys {
			if !matchesDealer(fk) {
				out = append(out, schemaViolation{t.Name, "foreign key " + fk.Name,
					fmt.Sprintf("(%s) references %s (%s) without matching dealer_id to dealer_id: it could join rows of two dealers",
						strings.Join(fk.Columns, ", "), fk.RefTable, strings.Join(fk.RefColumns, ", "))})
			}
		}
		for _, col := range t.Counters {
			out = append(out, schemaViolation{t.Name, "column " + col, "draws on a sequence or counter shared by every dealer (identity, serial, nextval default or AUTO_INCREMENT)"})
		}
	}
	for _, s := range c.Sequences {
		table, what := s.Table, "sequence "+s.Name
		if table == "" {
			table = "(no table)"
		} else {
			what += " (column " + s.Column + ")"
		}
		out = append(out, schemaViolation{table, what, "a sequence is a counter shared by every dealer"})
	}
	return out
}

func matchesDealer(fk catalogueForeignKey) bool {
	for i, col := range fk.Columns {
		if col == "dealer_id" && i < len(fk.RefColumns) && fk.RefColumns[i] == "dealer_id" {
			return true
		}
	}
	return false
}

// readCatalogue reads the catalogue of the schema db works in (for PostgreSQL the current
// schema, the first of the search path; for MySQL and MariaDB the current DATABASE()).
func readCatalogue(ctx context.Context, db *sql.DB, d sqlstore.Dialect) (schemaCatalogue, error) {
	switch d {
	case sqlstore.Postgres:
		return readPostgresCatalogue(ctx, db)
	case sqlstore.MySQL:
		return readMySQLCatalogue(ctx, db)
	default:
		return schemaCatalogue{}, fmt.Errorf("schema contract: no catalogue reader for %s", d)
	}
}

// readPostgresCatalogue reads pg_catalog for the current schema.
func readPostgresCatalogue(ctx context.Context, db *sql.DB) (schemaCatalogue, error) {
	var c schemaCatalogue
	type table struct {
		oid  uint32
		name string
	}
	var tables []table
	err := queryRows(ctx, db, `
		SELECT c.oid, c.relname FROM pg_catalog.pg_class c
		WHERE c.relnamespace = pg_catalog.current_schema()::regnamespace
		  AND c.relkind IN ('r', 'p') AND c.relname LIKE 'dealerkit\_%'
		ORDER BY c.relname`, nil, func(r *sql.Rows) error {
		var t table
		if err := r.Scan(&t.oid, &t.name); err != nil {
			return err
		}
		tables = append(tables, t)
		return nil
	})
	if err != nil {
		return c, fmt.Errorf("tables: %w", err)
	}
	// chr(31) separates the parts of a list: neither names nor index expressions hold it.
	const sep = "\x1f"
	for _, tb := range tables {
		t := catalogueTable{Name: tb.name}
		err := queryRows(ctx, db, `
			SELECT a.attname,
			       a.attidentity <> '' OR COALESCE(pg_catalog.pg_get_expr(d.adbin, d.adrelid), '') LIKE '%nextval(%'
			FROM pg_catalog.pg_attribute a
			LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
			WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
			ORDER BY a.attnum`, []any{tb.oid}, func(r *sql.Rows) error {
			var name string
			var counter bool
			if err := r.Scan(&name, &counter); err != nil {
				return err
			}
			t.Columns = append(t.Columns, name)
			if counter {
				t.Counters = append(t.Counters, name)
			}
			return nil
		})
		if err != nil {
			return c, fmt.Errorf("columns of %s: %w", tb.name, err)
		}
		// Every key is an index: a primary key, a unique or exclusion constraint, or an index of
		// its own. Only key columns count, not INCLUDE columns.
		err = queryRows(ctx, db, `
			SELECT i.relname,
			       CASE WHEN x.indisprimary THEN 'primary key'
			            WHEN con.contype = 'u' THEN 'unique constraint'
			            WHEN con.contype = 'x' THEN 'exclusion constraint'
			            WHEN x.indisunique THEN 'unique index'
			            ELSE 'index' END,
			       COALESCE((SELECT pg_catalog.string_agg(pg_catalog.pg_get_indexdef(x.indexrelid, k, true), chr(31) ORDER BY k)
			                 FROM pg_catalog.generate_series(1, x.indnkeyatts) k), '')
			FROM pg_catalog.pg_index x
			JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
			LEFT JOIN pg_catalog.pg_constraint con
			       ON con.conindid = x.indexrelid AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u', 'x')
			WHERE x.indrelid = $1
			ORDER BY i.relname`, []any{tb.oid}, func(r *sql.Rows) error {
			var k catalogueKey
			var cols string
			if err := r.Scan(&k.Name, &k.Kind, &cols); err != nil {
				return err
			}
			k.Columns = splitList(cols, sep)
			t.Keys = append(t.Keys, k)
			return nil
		})
		if err != nil {
			return c, fmt.Errorf("keys of %s: %w", tb.name, err)
		}
		err = queryRows(ctx, db, `
			SELECT con.conname, f.relname,
			       (SELECT pg_catalog.string_agg(a.attname, chr(31) ORDER BY k.n)
			        FROM pg_catalog.unnest(con.conkey) WITH ORDINALITY k(attnum, n)
			        JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum),
			       (SELECT pg_catalog.string_agg(a.attname, chr(31) ORDER BY k.n)
			        FROM pg_catalog.unnest(con.confkey) WITH ORDINALITY k(attnum, n)
			        JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum)
			FROM pg_catalog.pg_constraint con
			JOIN pg_catalog.pg_class f ON f.oid = con.confrelid
			WHERE con.conrelid = $1 AND con.contype = 'f'
			ORDER BY con.conname`, []any{tb.oid}, func(r *sql.Rows) error {
			var fk catalogueForeignKey
			var cols, refs string
			if err := r.Scan(&fk.Name, &fk.RefTable, &cols, &refs); err != nil {
				return err
			}
			fk.Columns, fk.RefColumns = splitList(cols, sep), splitList(refs, sep)
			t.ForeignKeys = append(t.ForeignKeys, fk)
			return nil
		})
		if err != nil {
			return c, fmt.Errorf("foreign keys of %s: %w", tb.name, err)
		}
		c.Tables = append(c.Tables, t)
	}
	// A serial or identity column owns its sequence (pg_depend 'a' and 'i').
	err = queryRows(ctx, db, `
		SELECT s.relname, COALESCE(t.relname, ''), COALESCE(a.attname, '')
		FROM pg_catalog.pg_class s
		LEFT JOIN pg_catalog.pg_depend d
		       ON d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = s.oid
		      AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i')
		LEFT JOIN pg_catalog.pg_class t ON t.oid = d.refobjid
		LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
		WHERE s.relkind = 'S' AND s.relnamespace = pg_catalog.current_schema()::regnamespace
		  AND (s.relname LIKE 'dealerkit\_%' OR t.relname LIKE 'dealerkit\_%')
		ORDER BY s.relname`, nil, func(r *sql.Rows) error {
		var s catalogueSequence
		if err := r.Scan(&s.Name, &s.Table, &s.Column); err != nil {
			return err
		}
		c.Sequences = append(c.Sequences, s)
		return nil
	})
	if err != nil {
		return c, fmt.Errorf("sequences: %w", err)
	}
	return c, nil
}

// readMySQLCatalogue reads information_schema for the current DATABASE() of MySQL or MariaDB.
// MySQL's counters are AUTO_INCREMENT columns; MariaDB 10.3+ also has CREATE SEQUENCE, which
// information_schema.TABLES lists with TABLE_TYPE 'SEQUENCE' (MySQL lists none).
func readMySQLCatalogue(ctx context.Context, db *sql.DB) (schemaCatalogue, error) {
	var c schemaCatalogue
	byName := map[string]*catalogueTable{}
	var names []string
	err := queryRows(ctx, db, `
		SELECT TABLE_NAME FROM information_schema.TABLES
		WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME LIKE 'dealerkit!_%' ESCAPE '!'
		ORDER BY TABLE_NAME`, nil, func(r *sql.Rows) error {
		var name string
		if err := r.Scan(&name); err != nil {
			return err
		}
		names = append(names, name)
		byName[name] = &catalogueTable{Name: name}
		return nil
	})
	if err != nil {
		return c, fmt.Errorf("tables: %w", err)
	}
	err = queryRows(ctx, db, `
		SELECT TABLE_NAME, COLUMN_NAME, EXTRA LIKE '%auto_increment%'
		FROM information_schema.COLUMNS
		WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'dealerkit!_%' ESCAPE '!'
		ORDER BY TABLE_NAME, ORDINAL_POSITION`, nil, func(r *sql.Rows) error {
		var table, column string
		var counter bool
		if err := r.Scan(&table, &column, &counter); err != nil {
			return err
		}
		if t := byName[table]; t != nil {
			t.Columns = append(t.Columns, column)
			if counter {
				t.Counters = append(t.Counters, column)
			}
		}
		return nil
	})
	if err != nil {
		return c, fmt.Errorf("columns: %w", err)
	}
	// MySQL's unique constraints are unique indexes, and its primary key is the index PRIMARY.
	// A functional key part (MySQL 8.0.13+) has no COLUMN_NAME; MariaDB has no EXPRESSION column
	// to read its text from, so it appears as "(expression)", which never leads with dealer_id.
	err = queryRows(ctx, db, `
		SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME
		FROM information_schema.STATISTICS
		WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'dealerkit!_%' ESCAPE '!'
		ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`, nil, func(r *sql.Rows) error {
		var table, index string
		var nonUnique int
		var column sql.NullString
		if err := r.Scan(&table, &index, &nonUnique, &column); err != nil {
			return err
		}
		t := byName[table]
		if t == nil {
			return nil
		}
		col := column.String
		if !column.Valid {
			col = "(expression)"
		}
		if n := len(t.Keys); n > 0 && t.Keys[n-1].Name == index {
			t.Keys[n-1].Columns = append(t.Keys[n-1].Columns, col)
			return nil
		}
		kind := "index"
		switch {
		case index == "PRIMARY":
			kind = "primary key"
		case nonUnique == 0:
			kind = "unique index"
		}
		t.Keys = append(t.Keys, catalogueKey{Kind: kind, Name: index, Columns: []string{col}})
		return nil
	})
	if err != nil {
		return c, fmt.Errorf("keys: %w", err)
	}
	err = queryRows(ctx, db, `
		SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, rc.REFERENCED_TABLE_NAME, k.COLUMN_NAME, k.REFERENCED_COLUMN_NAME
		FROM information_schema.KEY_COLUMN_USAGE k
		JOIN information_schema.REFERENTIAL_CONSTRAINTS rc
		  ON rc.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND rc.CONSTRAINT_NAME = k.CONSTRAINT_NAME
		 AND rc.TABLE_NAME = k.TABLE_NAME
		WHERE k.TABLE_SCHEMA = DATABASE() AND k.TABLE_NAME LIKE 'dealerkit!_%' ESCAPE '!'
		  AND k.REFERENCED_COLUMN_NAME IS NOT NULL
		ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`, nil, func(r *sql.Rows) error {
		var table, name, refTable, column, refColumn string
		if err := r.Scan(&table, &name, &refTable, &column, &refColumn); err != nil {
			return err
		}
		t := byName[table]
		if t == nil {
			return nil
		}
		if n := len(t.ForeignKeys); n > 0 && t.ForeignKeys[n-1].Name == name {
			fk := &t.ForeignKeys[n-1]
			fk.Columns, fk.RefColumns = append(fk.Columns, column), append(fk.RefColumns, refColumn)
			return nil
		}
		t.ForeignKeys = append(t.ForeignKeys, catalogueForeignKey{Name: name, RefTable: refTable,
			Columns: []string{column}, RefColumns: []string{refColumn}})
		return nil
	})
	if err != nil {
		return c, fmt.Errorf("foreign keys: %w", err)
	}
	for _, name := range names {
		c.Tables = append(c.Tables, *byName[name])
	}
	// A MariaDB sequence has no owning column: it is reported on its own, as PostgreSQL's
	// free-standing sequences are.
	err = queryRows(ctx, db, `
		SELECT TABLE_NAME FROM information_schema.TABLES
		WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'SEQUENCE' AND TABLE_NAME LIKE 'dealerkit!_%' ESCAPE '!'
		ORDER BY TABLE_NAME`, nil, func(r *sql.Rows) error {
		var s catalogueSequence
		if err := r.Scan(&s.Name); err != nil {
			return err
		}
		c.Sequences = append(c.Sequences, s)
		return nil
	})
	if err != nil {
		return c, fmt.Errorf("sequences: %w", err)
	}
	return c, nil
}

func queryRows(ctx context.Context, db *sql.DB, query string, args []any, each func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func splitList(s, sep string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, sep)
}
