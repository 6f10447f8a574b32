package codec

import (
	"testing"
	"time"

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
