package parts

import (
	"reflect"
	"testing"

	"github.com/dealerkit/dealerkit/internal/surfacetest"
)

// TestPosting_SharesNothingWithItsHolders: a posting restored from a snapshot, its snapshots, its
// movements and its actor share no list, map or pointer with each other, so a host changing one
// (a role in a movement's actor, say) never changes the posting or what a store keeps of it.
func TestPosting_SharesNothingWithItsHolders(t *testing.T) {
	var s PostingSnapshot
	surfacetest.Fill(reflect.ValueOf(&s).Elem(), 0, nil)
	p, err := RestorePosting(s)
	if err != nil {
		t.Fatal(err)
	}
	a := p.Snapshot()
	surfacetest.RequireNothingShared(t, s, a)
	surfacetest.RequireNothingShared(t, a, p.Snapshot())
	surfacetest.RequireNothingShared(t, a.Movements, p.Movements())
	surfacetest.RequireNothingShared(t, p.Movements(), p.Movements())
	surfacetest.RequireNothingShared(t, p.Actor(), p.Actor())
	if !reflect.DeepEqual(s, a) {
		t.Fatalf("restore and snapshot differ:\n%#v\n%#v", s, a)
	}
}
