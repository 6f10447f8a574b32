package sqlstore_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/dealerkit/dealerkit/internal/testdb"
	"github.com/stretchr/testify/require"
)

// §2, DESIGN.md Storage: every key and index leads with dealer_id, so a vendor can distribute by
// dealer on MySQL-compatible distributed SQL too. The MySQL schema keeps the distribution
// contract (checkDistributable); a migration that breaks it fails here, naming the table and the
// constraint.
func TestMySQLSchemaIsDistributable(t *testing.T) {
	db := testdb.MySQL(t)
	s, err := sqlstore.New(db, sqlstore.MySQL, nil)
	require.NoError(t, err)
	require.NoError(t, s.Migrate(t.Context()))

	c, err := readCatalogue(t.Context(), db, sqlstore.MySQL)
	require.NoError(t, err)
	for _, v := range checkDistributable(c) {
		t.Errorf("schema not distributable by dealer: %s", v)
	}

	// The check saw the schema, not an empty one: every table, each with its columns and primary
	// key.
	var names []string
	for _, tb := range c.Tables {
		names = append(names, tb.Name)
		require.NotEmpty(t, tb.Columns, "%s: no column read", tb.Name)
		require.NotEmpty(t, tb.Keys, "%s: no key read", tb.Name)
		require.True(t, slices.ContainsFunc(tb.Keys, func(k catalogueKey) bool { return k.Kind == "primary key" }),
			"%s: no primary key read", tb.Name)
	}
	require.Contains(t, names, migrationsTableName)
	require.Contains(t, names, "dealerkit_stock")

	// The check saw every table: MySQL and PostgreSQL migrate to the same ones. A sub-test, so
	// that without DEALERKIT_TEST_POSTGRES only this part skips.
	t.Run("same tables as PostgreSQL", func(t *testing.T) {
		pg := openPostgres(t)
		ps, err := sqlstore.New(pg, sqlstore.Postgres, nil)
		require.NoError(t, err)
		require.NoError(t, ps.Migrate(t.Context()))
		require.ElementsMatch(t, dealerkitTables(t, pg), names) // collations order "_" differently
	})
}

// The test of the test on MySQL: a table breaking each rule in turn, in a database of its own, is
// reported with its table and the constraint, index or column at fault; a table keeping them all
// is not.
func TestMySQLSchemaContractCatchesEachBreach(t *testing.T) {
	testdb.MySQLDSN(t) // skip (or, in CI, fail) once rather than in every sub-test
	const parent = `CREATE TABLE dealerkit_parent (dealer_id BINARY(16) NOT NULL, id BINARY(16) NOT NULL,
		code VARCHAR(40) NOT NULL, PRIMARY KEY (dealer_id, id), UNIQUE KEY dealerkit_parent_code (code))`
	cases := []struct {
		name          string
		ddl           []string
		table, object string // what the violation names
		problem       string // a word of its problem
	}{
		{"no dealer_id",
			[]string{`CREATE TABLE dealerkit_bad (id BINARY(16) NOT NULL, PRIMARY KEY (id))`},
			"dealerkit_bad", "columns", "no dealer_id"},
		{"primary key not led by dealer_id",
			[]string{`CREATE TABLE dealerkit_bad (dealer_id BINARY(16) NOT NULL, id BINARY(16) NOT NULL,
				PRIMARY KEY (id, dealer_id))`},
			"dealerkit_bad", "primary key PRIMARY", "(id, dealer_id) does not lead"},
		{"unique key without dealer_id",
			[]string{`CREATE TABLE dealerkit_bad (dealer_id BINARY(16) NOT NULL, id BINARY(16) NOT NULL,
				number VARCHAR(40) NOT NULL, PRIMARY KEY (dealer_id, id),
				CONSTRAINT dealerkit_bad_number_key UNIQUE (number))`},
			"dealerkit_bad", "unique index dealerkit_bad_number_key", "(number) does not lead"},
		{"unique index without dealer_id",
			[]string{`CREATE TABLE dealerkit_bad (dealer_id BINARY(16) NOT NULL, id BINARY(16) NOT NULL,
				number VARCHAR(40) NOT NULL, PRIMARY KEY (dealer_id, id))`,
				`CREATE UNIQUE INDEX dealerkit_bad_number ON dealerkit_bad (number, dealer_id)`},
			"dealerkit_bad", "unique index dealerkit_bad_number", "(number, dealer_id) does not lead"},
		{"index led by another column",
			[]string{`CREATE TABLE dealerkit_bad (dealer_id BINARY(16) NOT NULL, id BINARY(16) NOT NULL,
				vin VARCHAR(17) NOT NULL, PRIMARY KEY (dealer_id, id), KEY dealerkit_bad_vin (vin, dealer_id))`},
			"dealerkit_bad", "index dealerkit_bad_vin", "(vin, dealer_id) does not lead"},
		{"an AUTO_INCREMENT column",
			// InnoDB wants an AUTO_INCREMENT column to lead some index: that index is a breach of
			// its own; this case is about the column.
			[]string{`CREATE TABLE dealerkit_bad (dealer_id BINARY(16) NOT NULL, n BIGINT NOT NULL AUTO_INCREMENT,
				PRIMARY KEY (dealer_id, n), KEY dealerkit_bad_n (n))`},
			"dealerkit_bad", "column n", "AUTO_INCREMENT"},
		{"a foreign key without dealer_id",
			[]string{parent, `CREATE TABLE dealerkit_bad (dealer_id BINARY(16) NOT NULL, id BINARY(16) NOT NULL,
				parent_code VARCHAR(40) NOT NULL, PRIMARY KEY (dealer_id, id),
				KEY dealerkit_bad_parent (dealer_id, parent_code),
				CONSTRAINT dealerkit_bad_parent_fkey FOREIGN KEY (parent_code) REFERENCES dealerkit_parent (code))`},
			"dealerkit_bad", "foreign key dealerkit_bad_parent_fkey", "(parent_code) references dealerkit_parent (code)"},
		{"a foreign key that matches dealer_id to another column",
			[]string{parent, `CREATE TABLE dealerkit_bad (dealer_id BINARY(16) NOT NULL, id BINARY(16) NOT NULL,
				parent_id BINARY(16) NOT NULL, PRIMARY KEY (dealer_id, id),
				KEY dealerkit_bad_parent (dealer_id, parent_id),
				CONSTRAINT dealerkit_bad_parent_fkey FOREIGN KEY (parent_id, dealer_id) REFERENCES dealerkit_parent (dealer_id, id))`},
			"dealerkit_bad", "foreign key dealerkit_bad_parent_fkey", "(parent_id, dealer_id) references dealerkit_parent (dealer_id, id)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := testdb.MySQL(t)
			for _, stmt := range c.ddl {
				_, err := db.ExecContext(t.Context(), stmt)
				require.NoError(t, err)
			}
			cat, err := readCatalogue(t.Context(), db, sqlstore.MySQL)
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

	// MariaDB 10.3+ has sequences of its own, reported as PostgreSQL's free-standing ones are;
	// MySQL has none and refuses the statement.
	t.Run("a sequence (MariaDB)", func(t *testing.T) {
		db := testdb.MySQL(t)
		var version string
		require.NoError(t, db.QueryRowContext(t.Context(), "SELECT VERSION()").Scan(&version))
		_, err := db.ExecContext(t.Context(), `CREATE SEQUENCE dealerkit_bad_numbers`)
		if !strings.Contains(version, "MariaDB") {
			// Not a skip: .ci/run fails on a skipped MySQL test.
			require.Error(t, err, "%s has no CREATE SEQUENCE", version)
			return
		}
		require.NoError(t, err)
		cat, err := readCatalogue(t.Context(), db, sqlstore.MySQL)
		require.NoError(t, err)
		require.Empty(t, cat.Tables, "a sequence is not a table")
		require.Equal(t, []schemaViolation{{"(no table)", "sequence dealerkit_bad_numbers", "a sequence is a counter shared by every dealer"}},
			checkDistributable(cat))
	})

	t.Run("a table that keeps every rule", func(t *testing.T) {
		db := testdb.MySQL(t)
		for _, stmt := range []string{
			`CREATE TABLE dealerkit_parent (dealer_id BINARY(16) NOT NULL, id BINARY(16) NOT NULL, PRIMARY KEY (dealer_id, id))`,
			`CREATE TABLE dealerkit_good (dealer_id BINARY(16) NOT NULL, id BINARY(16) NOT NULL, parent_id BINARY(16),
				number VARCHAR(40) NOT NULL, vin VARCHAR(17) NOT NULL,
				PRIMARY KEY (dealer_id, id),
				CONSTRAINT dealerkit_good_number_key UNIQUE (dealer_id, number),
				KEY dealerkit_good_vin (dealer_id, vin),
				CONSTRAINT dealerkit_good_parent_fkey FOREIGN KEY (dealer_id, parent_id) REFERENCES dealerkit_parent (dealer_id, id))`,
			// The host's own tables in the database are not dealerkit's to judge.
			`CREATE TABLE host_things (id BIGINT AUTO_INCREMENT PRIMARY KEY)`,
		} {
			_, err := db.ExecContext(t.Context(), stmt)
			require.NoError(t, err)
		}
		cat, err := readCatalogue(t.Context(), db, sqlstore.MySQL)
		require.NoError(t, err)
		require.Len(t, cat.Tables, 2)
		require.Len(t, cat.Tables[0].ForeignKeys, 1, "the foreign key was read")
		require.Empty(t, checkDistributable(cat))
	})
}
