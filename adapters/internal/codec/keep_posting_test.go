package codec

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// needsCopy lists the exported fields of t, by path, that Detach copies or changes: slices, maps,
// pointers, interfaces and times. decimal.Decimal is a value never changed in place (its fields
// are unexported, and Detach copies it as it is).
func needsCopy(t reflect.Type, path string, out *[]string) {
	if t == reflect.TypeFor[time.Time]() {
		*out = append(*out, path)
		return
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Map, reflect.Pointer, reflect.Interface:
		*out = append(*out, path)
	case reflect.Struct:
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() {
				needsCopy(f.Type, path+"."+f.Name, out)
			}
		}
	}
}

func keptPosting(t *testing.T, at time.Time) *parts.Posting {
	t.Helper()
	dealer := dealerkit.DealerID(uuid.MustParse("00000000-0000-0000-0000-00000000d001"))
	clerk, err := dealerkit.NewStaffActor(dealer, dealerkit.StaffID(uuid.New()), dealerkit.RolePartsClerk, dealerkit.RoleManager)
	if err != nil {
		t.Fatal(err)
	}
	line := func(part uuid.UUID) parts.PostingLine {
		return parts.PostingLine{ID: uuid.New(), Part: part, Bin: "A-01", Quantity: decimal.NewFromInt(2),
			Value: decimal.RequireFromString("5.00"), UnitCost: decimal.RequireFromString("2.5000")}
	}
	p, err := parts.NewPosting(uuid.New(), clerk, at, parts.PostingInput{Key: "k-1", Kind: parts.MoveReceipt,
		Reference: parts.Reference{Kind: parts.RefPurchaseOrder, ID: uuid.New()}, Reason: "delivery",
		Method: parts.MovingAverage, Rounding: dealerkit.DefaultRounding(), Lines: []parts.PostingLine{line(uuid.New()), line(uuid.New())}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestKeepPosting_ByHandCopiesWhatDetachCopies: KeepPosting's path for postings in UTC, the
// snapshot without Detach, keeps what Detach's reflection keeps and shares nothing with the
// posting. Its fields are guarded: a field of a kind Detach would copy, added to a posting or a
// movement, fails this test until the snapshot is shown to copy it too.
func TestKeepPosting_ByHandCopiesWhatDetachCopies(t *testing.T) {
	var got []string
	needsCopy(reflect.TypeFor[parts.PostingSnapshot](), "PostingSnapshot", &got)
	needsCopy(reflect.TypeFor[parts.Movement](), "Movement", &got)
	want := []string{"PostingSnapshot.Actor.Roles", "PostingSnapshot.At", "PostingSnapshot.Movements", "Movement.Actor.Roles", "Movement.At"}
	if !slices.Equal(got, want) {
		t.Fatalf("fields Detach copies are now %q, were %q: make Posting.Snapshot copy the new ones, then add them here", got, want)
	}

	p := keptPosting(t, time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC))
	head, fingerprint, moves := KeepPosting(p)
	if fingerprint == nil || head.(parts.PostingSnapshot).Fingerprint != "" {
		t.Fatalf("kept fingerprint %v, head's %q: a fingerprint the request did not give is kept uncomputed", fingerprint, head.(parts.PostingSnapshot).Fingerprint)
	}
	// What the reflective path keeps for the same posting, but for the fingerprint.
	ref := p.Snapshot()
	if ref.Fingerprint != fingerprint.String() {
		t.Fatalf("kept fingerprint %s, the posting's %s", fingerprint, ref.Fingerprint)
	}
	ref.Fingerprint = ""
	refMoves := ref.Movements
	ref.Movements = nil
	for i := range refMoves {
		Detach(&refMoves[i])
	}
	Detach(&ref)
	if !reflect.DeepEqual(head, ref) || !reflect.DeepEqual(moves, refMoves) {
		t.Fatalf("kept by hand\n%#v\n%#v\nby Detach\n%#v\n%#v", head, moves, ref, refMoves)
	}

	// Nothing the posting's holder changes reaches what was kept.
	p.Actor().Roles[0] = dealerkit.RoleTechnician
	for _, m := range p.Movements() {
		m.Actor.Roles[1] = dealerkit.RoleTechnician
	}
	if !reflect.DeepEqual(head, ref) || !reflect.DeepEqual(moves, refMoves) {
		t.Fatalf("a change to the posting reached its kept copy: %v, %v", head.(parts.PostingSnapshot).Actor.Roles, moves[0].Actor.Roles)
	}
}

// TestKeepPosting_OtherZonesGoThroughDetach: a posting in another zone is kept in UTC.
func TestKeepPosting_OtherZonesGoThroughDetach(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))
	head, _, moves := KeepPosting(keptPosting(t, at))
	s := head.(parts.PostingSnapshot)
	if s.At.Location() != time.UTC || !s.At.Equal(at) {
		t.Errorf("head at %v", s.At)
	}
	for _, m := range moves {
		if m.At.Location() != time.UTC || !m.At.Equal(at) {
			t.Errorf("movement at %v", m.At)
		}
	}
}
