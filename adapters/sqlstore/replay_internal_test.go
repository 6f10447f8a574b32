package sqlstore

import (
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
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
