package codec

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// movementJSON must have parts.Movement's fields, in its order, with its JSON names: a field added
// to Movement and not here would be lost in storage.
func TestMovementJSONMirrorsMovement(t *testing.T) {
	m, w := reflect.TypeFor[parts.Movement](), reflect.TypeFor[movementJSON]()
	require.Equal(t, m.NumField(), w.NumField(), "fields of parts.Movement and movementJSON")
	for i := range m.NumField() {
		mf, wf := m.Field(i), w.Field(i)
		require.Equal(t, mf.Name, wf.Name)
		require.Equal(t, mf.Tag, wf.Tag, mf.Name)
		if mf.Type == reflect.TypeFor[decimal.Decimal]() {
			require.Equal(t, reflect.TypeFor[dealerkit.ExactDecimal](), wf.Type, mf.Name)
		} else {
			require.Equal(t, mf.Type, wf.Type, mf.Name)
		}
	}
}

// EncodeMovement writes what Movement.MarshalJSON writes, At in UTC, and DecodeMovement reads it
// back whole, scale included.
func TestEncodeMovement(t *testing.T) {
	at := time.Date(2026, 3, 2, 17, 0, 0, 123456000, time.FixedZone("CST", 8*60*60))
	m := parts.Movement{ID: uuid.UUID{1}, Dealer: dealerkit.DealerID{2}, Posting: uuid.UUID{3}, Key: "k", Part: uuid.UUID{4},
		Bin: "A-01", Kind: parts.MoveIssue, Quantity: decimal.RequireFromString("-2.500"), Value: decimal.RequireFromString("-45.28"),
		UnitCost: decimal.RequireFromString("0"), Unreserve: decimal.RequireFromString("1.000"), Reason: "issued",
		Reference: parts.Reference{Kind: parts.RefRepairOrder, ID: uuid.UUID{5}, Line: uuid.UUID{6}, Number: "RO-1"},
		Actor:     dealerkit.ActorRef{Staff: dealerkit.StaffID{7}, Roles: []dealerkit.Role{dealerkit.RolePartsClerk}}, At: at,
		OnHandAfter: decimal.RequireFromString("8.250"), ValueAfter: decimal.RequireFromString("166.02")}
	got, err := EncodeMovement(m)
	require.NoError(t, err)
	utc := m
	utc.At = at.UTC()
	want, err := json.Marshal(utc)
	require.NoError(t, err)
	require.Equal(t, string(want), string(got))
	back, err := DecodeMovement(got)
	require.NoError(t, err)
	require.Equal(t, "-2.500", dealerkit.FormatExact(back.Quantity))
	require.Equal(t, "8.250", dealerkit.FormatExact(back.OnHandAfter))
	require.True(t, back.At.Equal(at))
	require.Equal(t, time.UTC, back.At.Location())
}
