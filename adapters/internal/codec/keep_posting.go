package codec

import (
	"fmt"
	"slices"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
)

// KeptPosting is what the memory store holds for a posting: its movements as applied, and of its
// header only what they do not carry. A posting's movements repeat its dealer, id, key, kind,
// reason, actor, time and reference (but its line), so a header is kept whole only when they
// do not (a claim has no movement; a posting restored from a snapshot may disagree). And the
// fingerprint is not kept at all when the movements give the request back
// (parts.Posting.SnapshotLazy): it is computed when the posting is read. Every object kept per
// posting is one more for the collector to trace as the ledger grows: keeping the header and the
// fingerprint's inputs was two thirds of what an issue cost the memory store beyond the
// hand-written baseline (issue 12).
type KeptPosting struct {
	// Movements are the posting's, kept as KeepMovement keeps them, in its order. The store's
	// ledger points at them.
	Movements []parts.Movement

	head             *parts.PostingSnapshot // the whole header, without movements; nil when they carry it
	fingerprint      string                 // "" when fingerprintLater
	fingerprintLater bool
	referenceLine    uuid.UUID
	method           parts.ValuationMethod
	rounding         dealerkit.Rounding
}

// KeepPosting returns what the memory store keeps for p, sharing nothing with it, its times in UTC.
func KeepPosting(p *parts.Posting) KeptPosting {
	s, later := p.SnapshotLazy() // its movements are a copy of its own
	ms := s.Movements
	s.Movements = nil
	// Times in another zone go through Detach. The common case skips its reflection (a third of
	// the memory store's own cost of a posting, issue 12): with every time already in UTC, the
	// snapshot, which shares nothing with the posting, is all Detach would make.
	// TestKeepPosting_ByHandCopiesWhatDetachCopies fails when a field Detach would copy is added.
	if !inUTC(&s, ms) {
		utc := s // its own variable: passing &s to Detach would put every posting's s on the heap
		Detach(&utc)
		s = utc
		for i := range ms {
			Detach(&ms[i])
		}
	}
	k := KeptPosting{Movements: ms, fingerprint: s.Fingerprint, fingerprintLater: later,
		referenceLine: s.Reference.Line, method: s.Method, rounding: s.Rounding}
	if len(ms) == 0 || !sameHeader(k.carried(), &s) {
		head := s
		k.head = &head
	}
	return k
}

// carried is the header the first movement carries, with what only the header holds.
func (k *KeptPosting) carried() *parts.PostingSnapshot {
	m := &k.Movements[0]
	ref := m.Reference
	ref.Line = k.referenceLine
	return &parts.PostingSnapshot{Dealer: m.Dealer, ID: m.Posting, Key: m.Key, Fingerprint: k.fingerprint, Kind: m.Kind,
		Reference: ref, Reason: m.Reason, Actor: m.Actor, At: m.At, Method: k.method, Rounding: k.rounding}
}

// sameHeader reports whether a, the header a movement carries (carried), is b in every field a
// movement carries, as a stored posting reads back; the other fields carried takes from b.
func sameHeader(a, b *parts.PostingSnapshot) bool {
	return a.Dealer == b.Dealer && a.ID == b.ID && a.Key == b.Key && a.Kind == b.Kind && a.Reference == b.Reference &&
		a.Reason == b.Reason && a.Actor.Staff == b.Actor.Staff && slices.Equal(a.Actor.Roles, b.Actor.Roles) &&
		(a.Actor.Roles == nil) == (b.Actor.Roles == nil) && a.Actor.Customer == b.Actor.Customer &&
		a.Actor.CustomerID == b.Actor.CustomerID && a.At == b.At
}

// inUTC reports whether the posting's times are all in UTC already.
func inUTC(s *parts.PostingSnapshot, movements []parts.Movement) bool {
	if s.At.Location() != time.UTC {
		return false
	}
	for i := range movements {
		if movements[i].At.Location() != time.UTC {
			return false
		}
	}
	return true
}

// ID is the posting's id.
func (k KeptPosting) ID() uuid.UUID {
	if k.head != nil {
		return k.head.ID
	}
	return k.Movements[0].Posting
}

// Posting rebuilds the posting, sharing nothing with what is kept, its fingerprint computed now
// if it was left for later.
func (k KeptPosting) Posting() (*parts.Posting, error) {
	head := k.head
	if head == nil {
		head = k.carried()
	}
	s := *head
	s.Movements = k.Movements // RestorePosting copies them, and every list of roles
	if k.fingerprintLater {
		s.Fingerprint = parts.SnapshotFingerprint(s)
	}
	p, err := parts.RestorePosting(s)
	if err != nil {
		return nil, fmt.Errorf("restore posting: %w", err)
	}
	return p, nil
}
