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
			Value: decimal.RequireFromString("5.00"), UnitCost: decimal.RequireFromString("2.5000"), Line: uuid.New()}
	}
	// The reference's line is none of the lines': each movement carries its line's.
	p, err := parts.NewPosting(uuid.New(), clerk, at, parts.PostingInput{Key: "k-1", Kind: parts.MoveReceipt,
		Reference: parts.Reference{Kind: parts.RefPurchaseOrder, ID: uuid.New(), Line: uuid.New()}, Reason: "delivery",
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
		t.Fatalf("fields Detach copies are now %q, were %q: make Posting.Snapshot and KeepMovement copy the new ones, then add them here", got, want)
	}

	p := keptPosting(t, time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC))
	k := KeepPosting(p)
	if k.head != nil || !k.fingerprintLater {
		t.Fatalf("kept a header %v, fingerprint later %v: the movements carry this posting's header and request", k.head, k.fingerprintLater)
	}
	// What the reflective path keeps for the same posting.
	ref := p.Snapshot()
	Detach(&ref)
	requireReadBack(t, k, ref)

	// Nothing the posting's holder changes reaches what was kept.
	p.Actor().Roles[0] = dealerkit.RoleTechnician
	for _, m := range p.Movements() {
		m.Actor.Roles[1] = dealerkit.RoleTechnician
	}
	requireReadBack(t, k, ref)
	// Nor what a reader changes in what it read.
	back, err := k.Posting()
	if err != nil {
		t.Fatal(err)
	}
	back.Actor().Roles[0] = dealerkit.RoleTechnician
	for _, m := range back.Movements() {
		m.Actor.Roles[0] = dealerkit.RoleTechnician
	}
	requireReadBack(t, k, ref)
}

// requireReadBack fails unless the posting read back from k has the snapshot want, fingerprint
// included, and k's movements are want's.
func requireReadBack(t *testing.T, k KeptPosting, want parts.PostingSnapshot) {
	t.Helper()
	back, err := k.Posting()
	if err != nil {
		t.Fatal(err)
	}
	if got := back.Snapshot(); !reflect.DeepEqual(got, want) {
		t.Fatalf("read back\n%#v\nwant\n%#v", got, want)
	}
	if !reflect.DeepEqual(k.Movements, want.Movements) {
		t.Fatalf("kept movements\n%#v\nwant\n%#v", k.Movements, want.Movements)
	}
}

// TestKeepPosting_OtherZonesGoThroughDetach: a posting in another zone is kept in UTC.
func TestKeepPosting_OtherZonesGoThroughDetach(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))
	p := keptPosting(t, at)
	k := KeepPosting(p)
	for _, m := range k.Movements {
		if m.At.Location() != time.UTC || !m.At.Equal(at) {
			t.Errorf("movement at %v", m.At)
		}
	}
	want := p.Snapshot()
	Detach(&want)
	if want.At.Location() != time.UTC {
		t.Fatalf("Detach left %v", want.At)
	}
	requireReadBack(t, k, want)
}

// TestKeepPosting_KeepsTheHeaderTheMovementsDoNotCarry: a claim has no movement to carry its
// header, and a posting restored from a snapshot whose first movement disagrees with it in any
// field the header is rebuilt from is kept with its header, so each reads back as it was; a
// fingerprint given, or one the movements cannot give back, is kept computed.
func TestKeepPosting_KeepsTheHeaderTheMovementsDoNotCarry(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	clerk, err := dealerkit.NewStaffActor(dealerkit.DealerID(uuid.MustParse("00000000-0000-0000-0000-00000000d001")),
		dealerkit.StaffID(uuid.New()), dealerkit.RolePartsClerk)
	if err != nil {
		t.Fatal(err)
	}
	claim, err := parts.NewPosting(uuid.New(), clerk, at, parts.PostingInput{Key: "k-2", Kind: parts.MoveReceipt,
		Reference: parts.Reference{Kind: parts.RefPurchaseOrder, ID: uuid.New()}, Reason: "nothing accepted",
		Method: parts.MovingAverage, Rounding: dealerkit.DefaultRounding()})
	if err != nil {
		t.Fatal(err)
	}
	if k := KeepPosting(claim); k.head == nil || !k.fingerprintLater {
		t.Fatalf("claim kept with header %v, fingerprint later %v", k.head, k.fingerprintLater)
	} else {
		requireReadBack(t, k, claim.Snapshot())
	}

	base := keptPosting(t, at).Snapshot()
	for name, change := range map[string]func(s *parts.PostingSnapshot){
		"dealer and id": func(s *parts.PostingSnapshot) { // both, as RestorePosting checks each movement's
			for i := range s.Movements {
				s.Movements[i].Dealer, s.Movements[i].Posting = s.Dealer, s.ID
			}
		},
		"key":       func(s *parts.PostingSnapshot) { s.Movements[0].Key = "other" },
		"kind":      func(s *parts.PostingSnapshot) { s.Movements[0].Kind = parts.MoveReturn },
		"reason":    func(s *parts.PostingSnapshot) { s.Movements[0].Reason = "other" },
		"reference": func(s *parts.PostingSnapshot) { s.Movements[0].Reference.Number = "other" },
		"staff":     func(s *parts.PostingSnapshot) { s.Movements[0].Actor.Staff = dealerkit.StaffID(uuid.New()) },
		"roles":     func(s *parts.PostingSnapshot) { s.Movements[0].Actor.Roles = []dealerkit.Role{dealerkit.RoleManager} },
		"customer":  func(s *parts.PostingSnapshot) { s.Movements[0].Actor.Customer = true },
		"no roles but none": func(s *parts.PostingSnapshot) {
			s.Actor.Roles, s.Movements[0].Actor.Roles = nil, []dealerkit.Role{}
		},
		"customer id": func(s *parts.PostingSnapshot) {
			s.Movements[0].Actor.CustomerID = dealerkit.CustomerID(uuid.New())
		},
		"at":                func(s *parts.PostingSnapshot) { s.Movements[0].At = s.At.Add(time.Second) },
		"fingerprint given": func(s *parts.PostingSnapshot) {},
	} {
		s := base
		s.Movements = slices.Clone(base.Movements)
		s.Fingerprint = "given"
		if name == "dealer and id" {
			s.Dealer, s.ID = dealerkit.DealerID(uuid.New()), uuid.New()
		}
		change(&s)
		p, err := parts.RestorePosting(s)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		k := KeepPosting(p)
		if k.fingerprintLater {
			t.Errorf("%s: a fingerprint given is kept", name)
		}
		if (k.head == nil) != (name == "dealer and id" || name == "fingerprint given") {
			t.Errorf("%s: kept header %v", name, k.head)
		}
		want := p.Snapshot()
		Detach(&want)
		requireReadBack(t, k, want)
	}
}
