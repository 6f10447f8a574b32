package sqlstore_test

import (
	"database/sql"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/stretchr/testify/require"
)

// §2, DESIGN.md Storage: every key and index leads with dealer_id, so a vendor can distribute by
// dealer. The migrated schema keeps the distribution contract (checkDistributable); a migration
// that breaks it fails here, naming the table and the constraint.
func TestPostgresSchemaIsDistributable(t *testing.T) {
	db := openPostgres(t)
	s, err := sqlstore.New(db, sqlstore.Postgres, nil)
	require.NoError(t, err)
	require.NoError(t, s.Migrate(t.Context()))

	c, err := readCatalogue(t.Context(), db, sqlstore.Postgres)
	require.NoError(t, err)
	for _, v := range checkDistributable(c) {
		t.Errorf("schema not distributable by dealer: %s", v)
	}

	// The check saw the schema, not an empty one: every table, each with its primary key.
	plan, err := sqlstore.DistributionPlan()
	require.NoError(t, err)
	var names []string
	for _, tb := range c.Tables {
		names = append(names, tb.Name)
		require.NotEmpty(t, tb.Keys, "%s: no key read", tb.Name)
		require.True(t, slices.ContainsFunc(tb.Keys, func(k catalogueKey) bool { return k.Kind == "primary key" }),
			"%s: no primary key read", tb.Name)
		if tb.Name == migrationsTableName {
			continue
		}
		// Options.Distribute distributes exactly the tables the schema has, each once.
		n := 0
		for _, stmt := range plan {
			if strings.Contains(stmt, "create_distributed_table('"+tb.Name+"',") {
				n++
			}
		}
		require.Equal(t, 1, n, "%s: distributed %d times by Options.Distribute", tb.Name, n)
	}
	require.Len(t, plan, len(c.Tables)-1, "one statement per table but the migrations table: %q", names)
	require.Contains(t, names, migrationsTableName)
	require.Contains(t, names, "dealerkit_stock")
}

// The test of the test: a table breaking each rule in turn, in a scratch schema, is reported with
// its table and the constraint, index, column or sequence at fault; a table keeping them all is
// not.
func TestPostgresSchemaContractCatchesEachBreach(t *testing.T) {
	postgresDSN(t) // skip (or, in CI, fail) once rather than in every sub-test
	const parent = `CREATE TABLE dealerkit_parent (dealer_id uuid NOT NULL, id uuid NOT NULL,
		CONSTRAINT dealerkit_parent_pkey PRIMARY KEY (dealer_id, id));`
	cases := []struct {
		name, ddl     string
		table, object string // what the violation names
		problem       string // a word of its problem
	}{
		{"no dealer_id",
			`CREATE TABLE dealerkit_bad (id uuid NOT NULL, CONSTRAINT dealerkit_bad_pkey PRIMARY KEY (id))`,
			"dealerkit_bad", "columns", "no dealer_id"},
		{"primary key not led by dealer_id",
			`CREATE TABLE dealerkit_bad (dealer_id uuid NOT NULL, id uuid NOT NULL,
				CONSTRAINT dealerkit_bad_pkey PRIMARY KEY (id, dealer_id))`,
			"dealerkit_bad", "primary key dealerkit_bad_pkey", "(id, dealer_id) does not lead"},
		{"unique constraint without dealer_id",
			`CREATE TABLE dealerkit_bad (dealer_id uuid NOT NULL, id uuid NOT NULL, number text NOT NULL,
				CONSTRAINT dealerkit_bad_pkey PRIMARY KEY (dealer_id, id),
				CONSTRAINT dealerkit_bad_number_key UNIQUE (number))`,
			"dealerkit_bad", "unique constraint dealerkit_bad_number_key", "(number) does not lead"},
		{"unique index without dealer_id",
			`CREATE TABLE dealerkit_bad (dealer_id uuid NOT NULL, id uuid NOT NULL, number text NOT NULL,
				CONSTRAINT dealerkit_bad_pkey PRIMARY KEY (dealer_id, id));
			 CREATE UNIQUE INDEX dealerkit_bad_number ON dealerkit_bad (number) WHERE number <> ''`,
			"dealerkit_bad", "unique index dealerkit_bad_number", "(number) does not lead"},
		{"index led by another column",
			`CREATE TABLE dealerkit_bad (dealer_id uuid NOT NULL, id uuid NOT NULL, vin text NOT NULL,
				CONSTRAINT dealerkit_bad_pkey PRIMARY KEY (dealer_id, id));
			 CREATE INDEX dealerkit_bad_vin ON dealerkit_bad (vin, dealer_id)`,
			"dealerkit_bad", "index dealerkit_bad_vin", "(vin, dealer_id) does not lead"},
		{"index led by an expression",
			`CREATE TABLE dealerkit_bad (dealer_id uuid NOT NULL, id uuid NOT NULL, vin text NOT NULL,
				CONSTRAINT dealerkit_bad_pkey PRIMARY KEY (dealer_id, id));
			 CREATE INDEX dealerkit_bad_vin ON dealerkit_bad (lower(vin))`,
			"dealerkit_bad", "index dealerkit_bad_vin", "(lower(vin)) does not lead"},
		{"a sequence",
			`CREATE SEQUENCE dealerkit_bad_numbers`,
			"(no table)", "sequence dealerkit_bad_numbers", "sequence"},
		{"a serial column: its default",
			`CREATE TABLE dealerkit_bad (dealer_id uuid NOT NULL, n bigserial NOT NULL,
				CONSTRAINT dealerkit_bad_pkey PRIMARY KEY (dealer_id, n))`,
			"dealerkit_bad", "column n", "sequence"},
		{"a serial column: its sequence",
			`CREATE TABLE dealerkit_bad (dealer_id uuid NOT NULL, n bigserial NOT NULL,
				CONSTRAINT dealerkit_bad_pkey PRIMARY KEY (dealer_id, n))`,
			"dealerkit_bad", "sequence dealerkit_bad_n_seq (column n)", "sequence"},
		{"an identity column",
			`CREATE TABLE dealerkit_bad (dealer_id uuid NOT NULL, n bigint GENERATED ALWAYS AS IDENTITY,
				CONSTRAINT dealerkit_bad_pkey PRIMARY KEY (dealer_id, n))`,
			"dealerkit_bad", "column n", "sequence"},
		{"a foreign key without dealer_id",
			parent + `
			 ALTER TABLE dealerkit_parent ADD COLUMN code text NOT NULL UNIQUE;
			 CREATE TABLE dealerkit_bad (dealer_id uuid NOT NULL, id uuid NOT NULL, parent_code text NOT NULL,
				CONSTRAINT dealerkit_bad_pkey PRIMARY KEY (dealer_id, id),
				CONSTRAINT dealerkit_bad_parent_fkey FOREIGN KEY (parent_code) REFERENCES dealerkit_parent (code))`,
			"dealerkit_bad", "foreign key dealerkit_bad_parent_fkey", "two dealers"},
		{"a foreign key that matches dealer_id to another column",
			parent + `
			 CREATE TABLE dealerkit_bad (dealer_id uuid NOT NULL, id uuid NOT NULL, parent_id uuid NOT NULL,
				CONSTRAINT dealerkit_bad_pkey PRIMARY KEY (dealer_id, id),
				CONSTRAINT dealerkit_bad_parent_fkey FOREIGN KEY (parent_id, dealer_id) REFERENCES dealerkit_parent (dealer_id, id))`,
			"dealerkit_bad", "foreign key dealerkit_bad_parent_fkey", "(parent_id, dealer_id) references dealerkit_parent (dealer_id, id)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := openPostgres(t)
			_, err := db.ExecContext(t.Context(), c.ddl)
			require.NoError(t, err)
			cat, err := readCatalogue(t.Context(), db, sqlstore.Postgres)
			require.NoError(t, err)
			got := checkDistributable(cat)
			for _, v := range got {
				if v.Table == c.table && v.Object == c.object && strings.Contains(v.Problem, c.problem) {
					return
				}
			}
			t.Errorf("want %s: %s: …%s…; the checker reported %q", c.table, c.object, c.problem, got)
		})
	}

	t.Run("a table that keeps every rule", func(t *testing.T) {
		db := openPostgres(t)
		_, err := db.ExecContext(t.Context(), parent+`
			CREATE TABLE dealerkit_good (dealer_id uuid NOT NULL, id uuid NOT NULL, parent_id uuid,
				number text NOT NULL, vin text NOT NULL,
				CONSTRAINT dealerkit_good_pkey PRIMARY KEY (dealer_id, id),
				CONSTRAINT dealerkit_good_number_key UNIQUE (dealer_id, number),
				CONSTRAINT dealerkit_good_parent_fkey FOREIGN KEY (dealer_id, parent_id) REFERENCES dealerkit_parent (dealer_id, id));
			CREATE UNIQUE INDEX dealerkit_good_vin ON dealerkit_good (dealer_id, vin) INCLUDE (number) WHERE vin <> '';
			CREATE INDEX dealerkit_good_lower_vin ON dealerkit_good (dealer_id, lower(vin));
			-- The host's own tables in the schema are not dealerkit's to judge.
			CREATE TABLE host_things (id bigserial PRIMARY KEY);`)
		require.NoError(t, err)
		cat, err := readCatalogue(t.Context(), db, sqlstore.Postgres)
		require.NoError(t, err)
		require.Len(t, cat.Tables, 2)
		require.Empty(t, checkDistributable(cat))
	})
}

// Options.Distribute on a PostgreSQL without Citus: Migrate refuses with ErrNoCitus, matching
// dealerkit.ErrInvalid, and creates nothing; the same database then migrates without it.
func TestPostgresMigrateDistributeWithoutCitus(t *testing.T) {
	db := openPostgres(t)
	var citus bool
	require.NoError(t, db.QueryRowContext(t.Context(),
		"SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'citus')").Scan(&citus))
	require.False(t, citus, "this test needs a database without the citus extension")

	s, err := sqlstore.New(db, sqlstore.Postgres, &sqlstore.Options{Distribute: true})
	require.NoError(t, err)
	err = s.Migrate(t.Context())
	require.ErrorIs(t, err, sqlstore.ErrNoCitus)
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
	require.Empty(t, dealerkitTables(t, db), "a refused Migrate creates nothing")

	plain, err := sqlstore.New(db, sqlstore.Postgres, nil)
	require.NoError(t, err)
	require.NoError(t, plain.Migrate(t.Context()))
	require.NotEmpty(t, dealerkitTables(t, db))
}

func dealerkitTables(t *testing.T, db *sql.DB) []string {
	t.Helper()
	var names []string
	err := queryRows(t.Context(), db, `SELECT relname FROM pg_catalog.pg_class
		WHERE relnamespace = pg_catalog.current_schema()::regnamespace AND relname LIKE 'dealerkit\_%'
		  AND relkind IN ('r', 'p')
		ORDER BY relname`, nil, func(r *sql.Rows) error {
		var n string
		names = append(names, n)
		return r.Scan(&names[len(names)-1])
	})
	require.NoError(t, err)
	return names
}

func TestSQLiteRefusesDistribute(t *testing.T) {
	_, err := sqlstore.New(openSQLite(t), sqlstore.SQLite, &sqlstore.Options{Distribute: true})
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
	require.ErrorContains(t, err, "Citus")
}

// standInCitus makes a scratch schema look, to Migrate, like a database with Citus: tables and
// functions named as Citus's, which its search path (schema first, pg_catalog after) finds before
// pg_catalog's. The functions record what they are asked and refuse what Citus would: an unknown
// column, a co-location with a table not yet distributed, a table distributed twice (42P16).
func standInCitus(t *testing.T) *sql.DB {
	t.Helper()
	dsn, schema := postgresSchema(t)
	db := openPostgresPath(t, dsn, schema+",pg_catalog")
	_, err := db.ExecContext(t.Context(), `
		CREATE TABLE pg_extension (extname name NOT NULL);
		INSERT INTO pg_extension VALUES ('citus');
		CREATE TABLE pg_dist_partition (
			logicalrelid  regclass PRIMARY KEY,
			partmethod    "char" NOT NULL,
			colocation    text,
			ordinal       bigint GENERATED ALWAYS AS IDENTITY
		);
		CREATE FUNCTION create_distributed_table(table_name regclass, distribution_column text,
			colocate_with text DEFAULT 'default') RETURNS void LANGUAGE plpgsql AS $$
		BEGIN
			IF current_setting('citus.multi_shard_modify_mode', true) IS DISTINCT FROM 'sequential' THEN
				RAISE EXCEPTION 'stand-in citus: not in sequential mode';
			END IF;
			PERFORM 1 FROM pg_attribute WHERE attrelid = table_name AND attname = distribution_column;
			IF NOT FOUND THEN
				RAISE EXCEPTION 'column "%" of relation "%" does not exist', distribution_column, table_name;
			END IF;
			IF colocate_with NOT IN ('default', 'none') THEN
				PERFORM 1 FROM pg_dist_partition WHERE logicalrelid = colocate_with::regclass AND partmethod = 'h';
				IF NOT FOUND THEN
					RAISE EXCEPTION 'cannot colocate with % : it is not a distributed table', colocate_with;
				END IF;
			END IF;
			BEGIN
				INSERT INTO pg_dist_partition (logicalrelid, partmethod, colocation) VALUES (table_name, 'h', colocate_with);
			EXCEPTION WHEN unique_violation THEN
				RAISE EXCEPTION 'table "%" is already distributed', table_name USING ERRCODE = '42P16';
			END;
		END $$;
		CREATE FUNCTION create_reference_table(table_name regclass) RETURNS void LANGUAGE plpgsql AS $$
		BEGIN
			INSERT INTO pg_dist_partition (logicalrelid, partmethod) VALUES (table_name, 'n');
		END $$;`)
	require.NoError(t, err)
	return db
}

type distributed struct{ Table, Method, Colocate string }

func distributedTables(t *testing.T, db *sql.DB) []distributed {
	t.Helper()
	var out []distributed
	err := queryRows(t.Context(), db, `SELECT logicalrelid::text, partmethod::text, COALESCE(colocation, '')
		FROM pg_dist_partition ORDER BY ordinal`, nil, func(r *sql.Rows) error {
		var d distributed
		if err := r.Scan(&d.Table, &d.Method, &d.Colocate); err != nil {
			return err
		}
		out = append(out, d)
		return nil
	})
	require.NoError(t, err)
	return out
}

// Options.Distribute on a stand-in for Citus: Migrate makes the migrations table a reference
// table and distributes every table it creates, by dealer_id, co-located, once, in the
// migrations' transaction: two processes migrating at once both succeed. The real Citus is not
// on this machine; this shows what Migrate asks of it.
func TestPostgresMigrateDistributeOnStandInCitus(t *testing.T) {
	db := standInCitus(t)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Go(func() {
			s, err := sqlstore.New(db, sqlstore.Postgres, &sqlstore.Options{Distribute: true})
			if err == nil {
				err = s.Migrate(t.Context())
			}
			errs[i] = err
		})
	}
	wg.Wait()
	require.NoError(t, errors.Join(errs...))

	got := distributedTables(t, db)
	require.NotEmpty(t, got)
	require.Equal(t, distributed{"dealerkit_schema_migrations", "n", ""}, got[0])
	require.Equal(t, distributed{"dealerkit_repair_orders", "h", "default"}, got[1])
	var tables []string
	for _, d := range got[2:] {
		require.Equal(t, "h", d.Method, d.Table)
		require.Equal(t, "dealerkit_repair_orders", d.Colocate, d.Table)
		tables = append(tables, d.Table)
	}
	var want []string
	for _, name := range dealerkitTables(t, db) {
		if name != "dealerkit_schema_migrations" && name != "dealerkit_repair_orders" {
			want = append(want, name)
		}
	}
	require.ElementsMatch(t, want, tables, "every table distributed once")

	// Migrating again distributes nothing more.
	s, err := sqlstore.New(db, sqlstore.Postgres, &sqlstore.Options{Distribute: true})
	require.NoError(t, err)
	require.NoError(t, s.Migrate(t.Context()))
	require.Len(t, distributedTables(t, db), len(got))
}

// A database migrated without Options.Distribute has local tables; Migrate with it refuses
// rather than distribute only the tables of later migrations, and changes nothing.
func TestPostgresMigrateDistributeRefusesALocalSchema(t *testing.T) {
	db := standInCitus(t)
	plain, err := sqlstore.New(db, sqlstore.Postgres, nil)
	require.NoError(t, err)
	require.NoError(t, plain.Migrate(t.Context()))
	before := dealerkitTables(t, db)

	s, err := sqlstore.New(db, sqlstore.Postgres, &sqlstore.Options{Distribute: true})
	require.NoError(t, err)
	err = s.Migrate(t.Context())
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
	require.ErrorContains(t, err, "migrated without Options.Distribute")
	require.Empty(t, distributedTables(t, db))
	require.Equal(t, before, dealerkitTables(t, db))
}
