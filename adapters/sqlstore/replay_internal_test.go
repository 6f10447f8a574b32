package sqlstore

import (
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/policylab"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// The store offers the policy lab's optional reads (replay_*.go). Their behaviour is tested once,
// in storetest.RunRepairOrders, which every dialect runs but which skips a read a store does not
// offer: these keep a signature that drifts from the lab's from passing unnoticed. What is left
// here are the SQLite internals the contract cannot see.
var (
	_ policylab.EventHeadReader = (*Store)(nil)
	_ policylab.EventSpanReader = (*Store)(nil)
	_ policylab.RevisitLister   = repairOrders{}
)

// splitEventHead reads back what sqliteEventHead joins, the actor last and whole whatever it
// holds, and refuses a row of another shape rather than guess.
func TestSplitEventHead(t *testing.T) {
	const sep = "\x1f"
	id := uuid.UUID{0: 1, 15: 2}
	actor := `{"staff":"x","name":"a` + sep + `b"}`
	var e dealerkit.Event
	got, err := splitEventHead("42"+sep+"repair_order"+sep+id.String()+sep+"repair_order.opened"+sep+
		"2025-03-14T10:00:00.000001Z"+sep+"reception"+sep+actor, &e)
	require.NoError(t, err)
	require.Equal(t, actor, got)
	require.Equal(t, dealerkit.Event{Seq: 42, Aggregate: "repair_order", AggregateID: id, Type: "repair_order.opened",
		At: time.Date(2025, 3, 14, 10, 0, 0, 1000, time.UTC), From: "reception"}, e)

	for _, bad := range []string{
		"42" + sep + "repair_order",
		"x" + sep + "a" + sep + id.String() + sep + "t" + sep + "2025-03-14T10:00:00.000001Z" + sep + "s" + sep + "{}",
		"42" + sep + "a" + sep + "not-an-id" + sep + "t" + sep + "2025-03-14T10:00:00.000001Z" + sep + "s" + sep + "{}",
		"42" + sep + "a" + sep + id.String() + sep + "t" + sep + "yesterday" + sep + "s" + sep + "{}",
	} {
		_, err := splitEventHead(bad, &dealerkit.Event{})
		require.Error(t, err, bad)
	}
}

// parseSQLiteTime gives what time.Parse gives for every shape timeArg writes, and leaves to it
// whatever it is not sure of.
func TestParseSQLiteTime(t *testing.T) {
	for _, at := range []time.Time{
		time.Date(2025, 3, 14, 10, 0, 0, 1000, time.UTC), time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 2, 28, 23, 59, 59, 999999000, time.UTC), time.Date(9999, 12, 1, 0, 0, 0, 0, time.UTC),
	} {
		text := at.Format(sqliteTime)
		got, ok := parseSQLiteTime(text)
		require.True(t, ok, text)
		want, err := time.Parse(sqliteTime, text)
		require.NoError(t, err)
		require.Equal(t, want.UTC(), got, text)
		require.True(t, at.Equal(got), text)
	}
	for _, text := range []string{"2024-02-29T00:00:00.000000Z", "2025-13-01T00:00:00.000000Z", "2025-01-01T24:00:00.000000Z",
		"2025-01-01T00:60:00.000000Z", "2025-01-01T00:00:60.000000Z", "2025-01-0xT00:00:00.000000Z", "2025-01-01 00:00:00.000000Z",
		"2025-01-01T00:00:00.000000", "2025-01-01T00:00:00.00000Z", "2025-01-00T00:00:00.000000Z", ""} {
		_, ok := parseSQLiteTime(text)
		require.False(t, ok, text)
	}
	var at time.Time
	require.NoError(t, timeScan{&at}.Scan("2024-02-29T12:00:00.000000Z"), "a leap day: time.Parse reads it")
	require.Equal(t, time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC), at)
	require.Error(t, timeScan{&at}.Scan("2025-02-29T12:00:00.000000Z"))
}
