package sqlstore

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// The statements Options.Distribute runs after each PostgreSQL migration, table by table: every
// table the migration creates, in order, by dealer_id and co-located with the first table, and
// nothing for a migration that creates none. A new migration that creates a table must be added
// here, which is the point: its author sees it will be distributed by dealer_id.
func TestDistributionStatements(t *testing.T) {
	ms, err := migrationsOf(Postgres)
	require.NoError(t, err)
	colocated := func(table string) string {
		return "SELECT create_distributed_table('" + table + "', 'dealer_id', colocate_with => 'dealerkit_repair_orders')"
	}
	want := map[string][]string{
		"0001_repair_orders": {
			"SELECT create_distributed_table('dealerkit_repair_orders', 'dealer_id', colocate_with => 'default')",
			colocated("dealerkit_event_counters"),
			colocated("dealerkit_events"),
		},
		"0002_complaints": {
			colocated("dealerkit_complaints"),
			colocated("dealerkit_corrective_actions"),
		},
		"0003_parts": {
			colocated("dealerkit_parts"),
			colocated("dealerkit_suppliers"),
			colocated("dealerkit_purchase_orders"),
			colocated("dealerkit_stock"),
			colocated("dealerkit_postings"),
			colocated("dealerkit_movements"),
			colocated("dealerkit_reservations"),
			colocated("dealerkit_stocktakes"),
		},
		"0004_complaint_intake_keys":    nil, // adds a column and an index: Citus carries both to the shards
		"0005_appraisals":               {colocated("dealerkit_appraisals")},
		"0008_repair_order_search":      nil, // adds columns and indexes led by dealer_id, as 0004 does
		"0009_complaints_parts_surface": nil, // adds columns and indexes, fills them from the bodies
		"0006_training": {
			colocated("dealerkit_training_courses"),
			colocated("dealerkit_training_plans"),
			colocated("dealerkit_training_sessions"),
			colocated("dealerkit_training_certificates"),
			colocated("dealerkit_training_members"),
		},
		"0007_safety": {
			colocated("dealerkit_safety_equipment"),
			colocated("dealerkit_safety_inspections"),
			colocated("dealerkit_safety_area_checks"),
			colocated("dealerkit_safety_incidents"),
			colocated("dealerkit_safety_drills"),
		},
	}
	got := map[string][]string{}
	for _, m := range ms {
		got[m.name] = distributionStatements(m)
	}
	require.Equal(t, want, got, "every migration is listed, each with the tables it creates")
}

// The anchor every table is co-located with is the first table of the first migration, so it
// exists before any table that names it.
func TestDistributionAnchorIsTheFirstTable(t *testing.T) {
	ms, err := migrationsOf(Postgres)
	require.NoError(t, err)
	require.NotEmpty(t, ms)
	tables := createdTables(ms[0].sql)
	require.NotEmpty(t, tables)
	require.Equal(t, distributionAnchor, tables[0])
}

// Both dialects create the same tables in each migration, so what the contract test proves on
// PostgreSQL's schema holds of the tables SQLite has too.
func TestMigrationsCreateTheSameTablesInEveryDialect(t *testing.T) {
	pg, err := migrationsOf(Postgres)
	require.NoError(t, err)
	lite, err := migrationsOf(SQLite)
	require.NoError(t, err)
	require.Len(t, lite, len(pg))
	for i := range pg {
		require.Equal(t, createdTables(pg[i].sql), createdTables(lite[i].sql), pg[i].name)
	}
}

func TestCreatedTablesReadsOnlyStatements(t *testing.T) {
	got := createdTables(`
-- CREATE TABLE dealerkit_commented_out (a int);
CREATE TABLE dealerkit_a (dealer_id uuid); -- CREATE TABLE dealerkit_trailing
create table if not exists Dealerkit_B (dealer_id uuid);
CREATE UNLOGGED TABLE dealerkit_c (dealer_id uuid);
CREATE INDEX dealerkit_a_x ON dealerkit_a (dealer_id);
ALTER TABLE dealerkit_a ADD COLUMN x text;`)
	require.True(t, slices.Equal([]string{"dealerkit_a", "dealerkit_b", "dealerkit_c"}, got), "got %q", got)
}
