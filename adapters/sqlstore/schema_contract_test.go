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
	Counters    []string       // columns that draw on a sequence: identity, serial, nextval default
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
			out = append(out, schemaViolation{t.Name, "column " + col, "draws on a sequence (identity, serial or nextval default)"})
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
// schema, the first of the search path).
func readCatalogue(ctx context.Context, db *sql.DB, d sqlstore.Dialect) (schemaCatalogue, error) {
	switch d {
	case sqlstore.Postgres:
		return readPostgresCatalogue(ctx, db)
	// MySQL: add `case sqlstore.MySQL: return readMySQLCatalogue(ctx, db)` when the dialect
	// lands, reading information_schema for the current DATABASE():
	//   - tables and columns: information_schema.COLUMNS (TABLE_NAME LIKE 'dealerkit\_%');
	//     Counters: COLUMNS.EXTRA LIKE '%auto_increment%' (MySQL's sequences);
	//   - keys: information_schema.STATISTICS grouped by INDEX_NAME, ordered by SEQ_IN_INDEX;
	//     INDEX_NAME = 'PRIMARY' is the primary key, NON_UNIQUE = 0 a unique key (MySQL's unique
	//     constraints are unique indexes), else an index; an expression key part (8.0.13+) has
	//     COLUMN_NAME NULL and its text in EXPRESSION;
	//   - foreign keys: information_schema.KEY_COLUMN_USAGE with REFERENCED_TABLE_NAME not NULL,
	//     ordered by ORDINAL_POSITION (REFERENCED_COLUMN_NAME pairs with COLUMN_NAME);
	//   - sequences: MariaDB 10.3+ has CREATE SEQUENCE: information_schema.TABLES with
	//     TABLE_TYPE = 'SEQUENCE'; MySQL has none.
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
