package parts

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

func newPosting(t *testing.T, a dealerkit.Actor, kind MovementKind, lines ...PostingLine) *Posting {
	t.Helper()
	p, err := NewPosting(uuid.New(), a, t0, PostingInput{Key: uuid.NewString(), Kind: kind, Reference: Reference{Kind: RefManual},
		Reason: "test", Method: MovingAverage, Rounding: dealerkit.DefaultRounding(), Lines: lines})
	require.NoError(t, err)
	return p
}

// The contract an adapter relies on (StockRepository.Post): Apply values each movement from the
// row as it stands, refuses to go below what is reserved, and keeps the row's invariants.
func TestPosting_Clause3_4_ApplyIsTheStoresContract(t *testing.T) {
	clerk := mustActor(t, dealerA, staff(6), dealerkit.RolePartsClerk)
	part := uuid.New()
	in := newPosting(t, clerk, MoveReceipt, PostingLine{ID: uuid.New(), Part: part, Bin: "A", Quantity: dec("4"), Value: dec("10.00"), UnitCost: dec("2.5")})
	require.Empty(t, in.PendingEvents(), "no event before every movement is applied")
	row, err := in.Apply(0, nil) // a new row
	require.NoError(t, err)
	requireDec(t, "4", row.OnHand())
	require.Len(t, in.PendingEvents(), 1)
	require.Equal(t, "stock.received", in.PendingEvents()[0].Type)

	row, err = row.Reserve(dec("3"))
	require.NoError(t, err)
	_, err = row.Reserve(dec("2"))
	require.ErrorIs(t, err, ErrInsufficientStock, "cannot hold more than is there")
	_, err = row.Reserve(dec("-4"))
	require.ErrorIs(t, err, ErrInsufficientStock, "cannot release more than is held")

	out := newPosting(t, clerk, MoveIssue, PostingLine{ID: uuid.New(), Part: part, Bin: "A", Quantity: dec("-2")})
	_, err = out.Apply(0, row)
	var se *StockError
	require.ErrorAs(t, err, &se, "1 available: 3 of 4 are held")
	requireDec(t, "1", se.Have)
	requireDec(t, "4", row.OnHand(), "a refused Apply does not touch the row given")

	// Releasing what it takes, a movement may use held stock.
	out = newPosting(t, clerk, MoveIssue, PostingLine{ID: uuid.New(), Part: part, Bin: "A", Quantity: dec("-2"), Unreserve: dec("2")})
	after, err := out.Apply(0, row)
	require.NoError(t, err)
	requireDec(t, "2", after.OnHand())
	requireDec(t, "1", after.Reserved())
	requireDec(t, "5.00", after.Value())
	m := out.Movements()[0]
	requireDec(t, "-5.00", m.Value)
	requireDec(t, "2", m.OnHandAfter)
	requireDec(t, "5.00", m.ValueAfter)
	// Applying again (a store retrying its transaction) gives the same result.
	again, err := out.Apply(0, row)
	require.NoError(t, err)
	require.Equal(t, after.Snapshot(), again.Snapshot())

	// Outbound from a row that does not exist: nothing there.
	_, err = newPosting(t, clerk, MoveIssue, PostingLine{ID: uuid.New(), Part: uuid.New(), Bin: "A", Quantity: dec("-1")}).Apply(0, nil)
	require.ErrorIs(t, err, ErrInsufficientStock)
	// A row of another part, bin or dealer is an adapter bug, refused.
	_, err = out.Apply(0, NewStock(dealerB, part, "A"))
	require.Error(t, err)
	_, err = out.Apply(1, row)
	require.Error(t, err)
}

// NewPosting refuses a malformed request field by field, and sorts movements into the lock order.
func TestPosting_Clause3_4_NewPostingChecksEveryField(t *testing.T) {
	clerk := mustActor(t, dealerA, staff(6), dealerkit.RolePartsClerk)
	id := uuid.New()
	_, err := NewPosting(uuid.New(), clerk, t0, PostingInput{Kind: MoveReceipt, Method: 9, Rounding: dealerkit.Rounding{Places: 9},
		Lines: []PostingLine{
			{ID: id, Quantity: dec("-1"), Value: dec("-1"), UnitCost: dec("0.00001")},
			{ID: id, Part: uuid.New(), Bin: "A", Quantity: dec("0"), Reverses: uuid.New()},
		}})
	for _, f := range []string{"key", "reference.kind", "reason", "method", "rounding.places", "lines[0].part", "lines[0].bin",
		"lines[0].quantity", "lines[0].value", "lines[0].unit_cost", "lines[1].id", "lines[1].quantity", "lines[1].reverses"} {
		requireField(t, err, f)
	}
	_, err = NewPosting(uuid.New(), clerk, t0, PostingInput{Key: "k", Kind: MoveIssue, Reference: Reference{Kind: RefManual}, Reason: "r",
		Method: FIFO, Rounding: dealerkit.DefaultRounding(), Lines: []PostingLine{{ID: uuid.New(), Part: uuid.New(), Bin: "A", Quantity: dec("-1"), Unreserve: dec("2")}}})
	requireField(t, err, "lines[0].unreserve")

	a, b := uuid.UUID{15: 2}, uuid.UUID{15: 1}
	p := newPosting(t, clerk, MoveAdjustment,
		PostingLine{ID: uuid.New(), Part: a, Bin: "A", Quantity: dec("1")},
		PostingLine{ID: uuid.New(), Part: b, Bin: "B", Quantity: dec("1")},
		PostingLine{ID: uuid.New(), Part: b, Bin: "A", Quantity: dec("1")})
	ms := p.Movements()
	require.Equal(t, []uuid.UUID{b, b, a}, []uuid.UUID{ms[0].Part, ms[1].Part, ms[2].Part})
	require.Equal(t, []string{"A", "B", "A"}, []string{ms[0].Bin, ms[1].Bin, ms[2].Bin})
	require.Equal(t, p.Fingerprint(), newPostingWithKey(t, clerk, p).Fingerprint(), "the fingerprint ignores ids and key")
}

func newPostingWithKey(t *testing.T, a dealerkit.Actor, p *Posting) *Posting {
	var lines []PostingLine
	for _, m := range p.Movements() {
		lines = append(lines, PostingLine{ID: uuid.New(), Part: m.Part, Bin: m.Bin, Quantity: m.Quantity})
	}
	q, err := NewPosting(uuid.New(), a, t0.Add(time.Hour), PostingInput{Key: "other", Kind: p.Kind(), Reference: p.Reference(),
		Reason: p.Reason(), Method: p.Method(), Rounding: p.Rounding(), Lines: lines})
	require.NoError(t, err)
	return q
}

// §3.4.2: only a receipt may have no movements (the key claim of a delivery that accepted
// nothing); it counts as applied, records no event and survives a round trip.
func TestPosting_Clause3_4_2_AReceiptMayOnlyClaimItsKey(t *testing.T) {
	clerk := mustActor(t, dealerA, staff(6), dealerkit.RolePartsClerk)
	claim := newPosting(t, clerk, MoveReceipt)
	require.True(t, claim.Claim())
	require.True(t, claim.Applied())
	require.Empty(t, claim.PendingEvents())
	back, err := RestorePosting(claim.Snapshot())
	require.NoError(t, err)
	require.Equal(t, claim.Snapshot(), back.Snapshot())

	for _, kind := range []MovementKind{MoveIssue, MoveReturn, MoveAdjustment, MoveReversal} {
		_, err := NewPosting(uuid.New(), clerk, t0, PostingInput{Key: "k", Kind: kind, Reference: Reference{Kind: RefManual},
			Reason: "test", Method: MovingAverage, Rounding: dealerkit.DefaultRounding()})
		requireField(t, err, "lines")
		s := claim.Snapshot()
		s.Kind = kind
		_, err = RestorePosting(s)
		requireField(t, err, "movements")
	}
}

// §3.4(1): a posting whose request gives no fingerprint computes it when first asked (a replay
// never asks), and it is the value NewPosting always stored: pinned here, unmoved by the caller
// changing its request afterwards, the same from Fingerprint and Snapshot, and safe to ask from
// two goroutines at once.
func TestPosting_Clause3_4_1_FingerprintIsComputedOnFirstUseUnchanged(t *testing.T) {
	clerk := mustActor(t, dealerA, staff(6), dealerkit.RolePartsClerk)
	lines := []PostingLine{
		{ID: uuid.UUID{15: 9}, Part: uuid.UUID{15: 2}, Bin: "B", Quantity: dec("-1.50"), Unreserve: dec("1.5"), Line: uuid.UUID{15: 7}},
		{ID: uuid.UUID{15: 8}, Part: uuid.UUID{15: 1}, Bin: "A", Quantity: dec("-2")},
	}
	in := PostingInput{Key: "k", Kind: MoveIssue, Reference: Reference{Kind: RefRepairOrder, ID: uuid.UUID{15: 5}, Number: "RO-1"},
		Reason: " issue ", Method: FIFO, Rounding: dealerkit.DefaultRounding(), Lines: lines}
	p, err := NewPosting(uuid.UUID{15: 3}, clerk, t0, in)
	require.NoError(t, err)
	lines[0].Quantity, lines[1].Bin, in.Reference.Number = dec("-9"), "Z", "RO-2"   // after the fact: must not count
	const want = "1071c7e226493d050743daf68830b359d3f8076bdbc456c5f0c5a61a1db2c921" // what the eager computation stored
	got := make(chan string, 2)
	for range 2 {
		go func() { got <- p.Fingerprint() }()
	}
	require.Equal(t, want, <-got)
	require.Equal(t, want, <-got)
	require.Equal(t, want, p.Snapshot().Fingerprint)
	back, err := RestorePosting(p.Snapshot())
	require.NoError(t, err)
	require.Equal(t, want, back.Fingerprint())

	in.Fingerprint = "given"
	q, err := NewPosting(uuid.UUID{15: 4}, clerk, t0, in)
	require.NoError(t, err)
	require.Equal(t, "given", q.Fingerprint(), "a request's own fingerprint is kept as given")
}

// §3.4(1): SnapshotLazy, the memory store's copy, leaves the fingerprint to be computed from the
// snapshot when it is read (later), and SnapshotFingerprint then gives exactly the posting's own,
// before Apply and after; where the movements cannot give the request back (a bin given with
// spaces, a line left to the reference's line, an outbound reversal's given value, a claim whose
// request gave an empty list), the snapshot carries it computed. Random requests of every kind.
func TestPosting_Clause3_4_1_SnapshotLazyFingerprintIsThePostings(t *testing.T) {
	clerk := mustActor(t, dealerA, staff(6), dealerkit.RolePartsClerk)
	rng := rand.New(rand.NewPCG(3, 41))
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	id := func() uuid.UUID {
		return uuid.UUID{0: byte(rng.IntN(4)), 14: byte(rng.IntN(256)), 15: byte(rng.IntN(256)) | 1}
	}
	var later, now int
	for n := range 3000 {
		kind := []MovementKind{MoveReceipt, MoveIssue, MoveReturn, MoveAdjustment, MoveReversal}[rng.IntN(5)]
		ref := Reference{Kind: RefRepairOrder, ID: id(), Number: pick("", "RO-1")}
		if rng.IntN(2) == 0 {
			ref.Line = id()
		}
		var lines []PostingLine
		claim := kind == MoveReceipt && rng.IntN(8) == 0
		if claim {
			lines = [][]PostingLine{nil, {}}[rng.IntN(2)]
		}
		for i := range rng.IntN(4) + 1 {
			if claim {
				break
			}
			q := dec(pick("1", "2.50", "0.125", "3"))
			out := kind == MoveIssue || (kind == MoveAdjustment || kind == MoveReversal) && rng.IntN(2) == 0
			l := PostingLine{ID: uuid.UUID{15: byte(i + 1), 14: byte(n)}, Part: id(), Bin: pick("A-01", "B", " A-01", "C "), Quantity: q}
			if out {
				l.Quantity = q.Neg()
				if kind != MoveReversal && rng.IntN(2) == 0 {
					l.Unreserve = q
				}
			}
			if kind == MoveReceipt || kind == MoveReturn || kind == MoveReversal {
				l.Value = dec(pick("0", "10.00", "7.5"))
			}
			if kind == MoveReceipt {
				l.UnitCost = dec(pick("0", "2.5000", "4"))
			}
			if kind == MoveReversal {
				l.Reverses = id()
			}
			if rng.IntN(2) == 0 {
				l.Line = id()
			}
			lines = append(lines, l)
		}
		p, err := NewPosting(uuid.UUID{15: 3, 13: byte(n)}, clerk, t0, PostingInput{Key: "k", Kind: kind, Reference: ref,
			Reason: pick("count", " why "), Method: []ValuationMethod{MovingAverage, FIFO}[rng.IntN(2)], Rounding: dealerkit.DefaultRounding(), Lines: lines})
		require.NoError(t, err, "request %d", n)
		check := func(stage string) {
			s, lazy := p.SnapshotLazy()
			if lazy {
				later++
				require.Empty(t, s.Fingerprint, "request %d %s", n, stage)
				require.Equal(t, p.Fingerprint(), SnapshotFingerprint(s), "request %d %s: %+v", n, stage, lines)
			} else {
				now++
				require.Equal(t, p.Fingerprint(), s.Fingerprint, "request %d %s", n, stage)
			}
		}
		check("before Apply")
		for i := range p.MovementCount() {
			part, bin := p.RowOf(i)
			stock := StockSnapshot{Dealer: dealerA, Part: part, Bin: bin, OnHand: dec("100"), Reserved: dec("10"),
				Value: dec("250.00"), Method: p.Method()}
			if p.Method() == FIFO {
				stock.Layers = []Layer{{Quantity: dec("100"), Value: dec("250.00"), At: t0.Add(-time.Hour), Movement: p.movements[i].Reverses}}
			}
			row, err := RestoreStock(stock)
			require.NoError(t, err)
			if _, err := p.Apply(i, row); err != nil {
				t.Fatalf("request %d: apply %d: %v", n, i, err)
			}
		}
		check("after Apply")
	}
	t.Logf("%d snapshots left the fingerprint to be read, %d carried it", later, now)
	require.Greater(t, later, 500, "many requests are recoverable")
	require.Greater(t, now, 500)
}

// §3.4(1): an issue as parts.Service makes it and as the memory store keeps it (one line naming
// the order's line, the reference naming it too) leaves its fingerprint to be read.
func TestPosting_Clause3_4_1_AnIssueLeavesItsFingerprintToBeRead(t *testing.T) {
	clerk := mustActor(t, dealerA, staff(6), dealerkit.RolePartsClerk)
	line := uuid.UUID{15: 7}
	p, err := NewPosting(uuid.UUID{15: 3}, clerk, t0, PostingInput{Key: "k", Kind: MoveIssue,
		Reference: Reference{Kind: RefRepairOrder, ID: uuid.UUID{15: 5}, Line: line, Number: "RO-1"}, Reason: "issue",
		Method: MovingAverage, Rounding: dealerkit.DefaultRounding(),
		Lines: []PostingLine{{ID: uuid.UUID{15: 9}, Part: uuid.UUID{15: 2}, Bin: "B", Quantity: dec("-1"), Line: line}}})
	require.NoError(t, err)
	s, later := p.SnapshotLazy()
	require.True(t, later)
	require.Equal(t, p.Fingerprint(), SnapshotFingerprint(s))
}

// A store reads a posting's rows with RowOf, in lock order (§3.4(1): a posting's rows are locked
// in one order so that two postings never wait on each other in a cycle), before any Apply.
func TestPosting_Clause3_4_1_RowOfGivesEachMovementsRowInLockOrder(t *testing.T) {
	clerk := mustActor(t, dealerA, staff(6), dealerkit.RolePartsClerk)
	low, high := uuid.UUID{15: 1}, uuid.UUID{15: 2}
	p := newPosting(t, clerk, MoveAdjustment,
		PostingLine{ID: uuid.New(), Part: high, Bin: "A", Quantity: dec("1")},
		PostingLine{ID: uuid.New(), Part: low, Bin: " B ", Quantity: dec("1")},
		PostingLine{ID: uuid.New(), Part: low, Bin: "A", Quantity: dec("1")})
	ms := p.Movements()
	require.Equal(t, len(ms), p.MovementCount())
	for i, m := range ms {
		part, bin := p.RowOf(i)
		require.Equal(t, m.Part, part, "movement %d", i)
		require.Equal(t, m.Bin, bin, "movement %d", i)
	}
	first, _ := p.RowOf(0)
	last, lastBin := p.RowOf(2)
	require.Equal(t, low, first, "sorted by part")
	require.Equal(t, [2]any{high, "A"}, [2]any{last, lastBin})
	for _, i := range []int{-1, 3} {
		part, bin := p.RowOf(i)
		require.Equal(t, uuid.Nil, part, "out of range %d", i)
		require.Empty(t, bin)
	}
}
