package codec

import (
	"fmt"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

func TestToUTCReachesEveryTime(t *testing.T) {
	zone := time.FixedZone("CST", 8*60*60)
	at := time.Date(2025, 3, 14, 9, 30, 0, 123456000, zone)
	type inner struct {
		At   time.Time
		Opt  *time.Time
		List []time.Time
	}
	type outer struct {
		At      time.Time
		Ptr     *inner
		Nil     *inner
		Slice   []inner
		Map     map[string]inner
		Array   [2]time.Time
		IDs     [16]byte
		private time.Time
	}
	atCopy := at
	v := outer{
		At: at, Ptr: &inner{At: at, Opt: &atCopy, List: []time.Time{at, at}},
		Slice: []inner{{At: at}}, Map: map[string]inner{"k": {At: at}}, Array: [2]time.Time{at, at},
		private: at,
	}
	ToUTC(&v)
	for _, got := range []time.Time{v.At, v.Ptr.At, *v.Ptr.Opt, v.Ptr.List[0], v.Ptr.List[1], v.Slice[0].At, v.Map["k"].At, v.Array[0], v.Array[1]} {
		require.Equal(t, time.UTC, got.Location())
		require.True(t, got.Equal(at))
	}
	require.Equal(t, zone, v.private.Location(), "unexported fields are not touched")
	ToUTC(nil)
	ToUTC(v) // not a pointer: nothing to change, no panic

	// Every stored record goes through it: without a map to rebuild, it allocates nothing.
	w := inner{At: at, Opt: &atCopy, List: []time.Time{at, at}}
	if allocs := testing.AllocsPerRun(20, func() { ToUTC(&w) }); allocs != 0 {
		t.Errorf("ToUTC allocates %v times, want 0", allocs)
	}
}

// An event is stored in its aggregate's dealer's log, in UTC, sharing no roles with the actor it
// came from (§3.4(1): the audit trail cannot be changed through the record); Event copies the
// data too, OwnEvent keeps data nothing else holds.
func TestEventAndOwnEvent(t *testing.T) {
	dealer := dealerkit.DealerID(uuid.UUID{0: 1})
	e := dealerkit.Event{Dealer: dealerkit.DealerID(uuid.UUID{0: 2}), At: time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("CST", 8*3600)),
		Actor: dealerkit.ActorRef{Roles: []dealerkit.Role{dealerkit.RolePartsClerk}}, Data: []byte(`{"a":1}`)}
	for _, c := range []struct {
		got        dealerkit.Event
		sharesData bool
	}{{Event(e, dealer), false}, {OwnEvent(e, dealer), true}} {
		require.Equal(t, dealer, c.got.Dealer)
		require.Equal(t, time.UTC, c.got.At.Location())
		require.True(t, c.got.At.Equal(e.At))
		require.Equal(t, e.Actor.Roles, c.got.Actor.Roles)
		require.NotSame(t, &e.Actor.Roles[0], &c.got.Actor.Roles[0])
		require.Equal(t, string(e.Data), string(c.got.Data))
		require.Equal(t, c.sharesData, &e.Data[0] == &c.got.Data[0])
	}
}

// A key no posting holds is "not found" (§3.4(1): a new request), in the words every store used.
func TestPostingKeyNotFound(t *testing.T) {
	err := PostingKeyNotFound(`pick "7"`)
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	require.Equal(t, fmt.Sprintf("posting with key %q: %v", `pick "7"`, dealerkit.ErrNotFound), err.Error())
}
