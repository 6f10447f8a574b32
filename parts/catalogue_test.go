package parts

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// §3.4(3): accurate parts information starts with the part number: normalised on entry, and a
// malformed one refused with a reason.
func TestPartNumber_Clause3_4_NormalisedOrRefusedWithAReason(t *testing.T) {
	for in, want := range map[string]string{
		"5q0 698  151 b":  "5Q0 698 151 B",
		" 04465-02220 ":   "04465-02220",
		"11.42.7.953.129": "11.42.7.953.129",
		"G 052 195 M4":    "G 052 195 M4",
		"A/C-1":           "A/C-1",
	} {
		got, err := ParsePartNumber(in)
		require.NoError(t, err, in)
		require.Equal(t, PartNumber(want), got)
	}
	for in, reason := range map[string]string{
		"":                                  "required",
		"   ":                               "required",
		"5Q0,698":                           "only letters",
		"AB":                                "too short",
		"ABC":                               "must contain a digit",
		"-5Q0":                              "must begin and end",
		"5Q0-":                              "must begin and end",
		"配件123":                             "only letters",
		"123456789012345678901234567890123": "too long",
	} {
		_, err := ParsePartNumber(in)
		require.ErrorIs(t, err, ErrBadPartNumber, in)
		var pe *PartNumberError
		require.ErrorAs(t, err, &pe)
		require.Equal(t, in, pe.Number)
		require.Contains(t, pe.Reason, reason, in)
	}
}

// §3.4(1), §3.4(3): a catalogue part is checked field by field, every bad field reported at once,
// and its number is unique within the dealer.
func TestCatalogue_Clause3_4_AddPartChecksEveryField(t *testing.T) {
	e := newEnv(t, nil)
	_, err := e.svc.AddPart(e.ctx, e.clerk, PartInput{Number: "5Q0,698", ListPrice: dec("-1"), Origin: aftersales.PartOrigin(9),
		Min: dec("2.5"), Max: dec("1"), Sources: []Source{{LeadTimeDays: -1}, {Supplier: e.supplier.ID(), Preferred: true}, {Supplier: e.supplier.ID(), Preferred: true}}})
	for _, f := range []string{"number", "name", "unit", "category", "bin", "list_price", "origin", "sources[0].supplier",
		"sources[0].lead_time_days", "sources[2].supplier", "sources", "max"} {
		requireField(t, err, f)
	}
	require.ErrorIs(t, err, ErrBadPartNumber, "the number's own error is kept")

	_, err = e.svc.AddPart(e.ctx, e.clerk, PartInput{Number: "BP-1", Name: Name{En: "pads"}, Unit: UnitSet, Category: "brakes", Bin: "A",
		Sources: []Source{{Supplier: uuid.New()}}})
	// §2: a supplier the dealer does not have is not found, one class only.
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	require.NotErrorIs(t, err, dealerkit.ErrInvalid)

	p := e.part("5Q0 698 151 B", UnitSet, "A-01")
	require.Equal(t, aftersales.OriginOriginal, p.Origin(), "original unless said otherwise")
	require.Equal(t, "配件 5Q0 698 151 B", p.Name().In("zh"))
	require.Equal(t, "part 5Q0 698 151 B", p.Name().In("en"))
	require.Equal(t, "only", Name{Zh: "only"}.In("en"), "falls back to the other language")
	_, err = e.svc.AddPart(e.ctx, e.clerk, PartInput{Number: "5q0 698 151 b", Name: Name{En: "x"}, Unit: UnitSet, Category: "c", Bin: "b"})
	require.ErrorIs(t, err, dealerkit.ErrConflict)
	got, err := e.svc.PartByNumber(e.ctx, e.tech, "5q0 698 151  b")
	require.NoError(t, err)
	require.Equal(t, p.ID(), got.ID())
	_, err = e.svc.PartByNumber(e.ctx, e.tech, "5Q0,")
	require.ErrorIs(t, err, ErrBadPartNumber)

	// §3.4(1): the catalogue is the clerk's and the manager's.
	e.refused(dealerkit.ErrForbidden, func() error {
		_, err := e.svc.AddPart(e.ctx, e.advisor, PartInput{Number: "X-1"})
		return err
	})
}

// §3.4(1): units carry their scale: pieces and sets whole, litres and kilograms to 3 places.
func TestCatalogue_Clause3_4_UnitsHaveAScale(t *testing.T) {
	require.True(t, UnitPiece.Fits(dec("3")))
	require.False(t, UnitPiece.Fits(dec("3.5")))
	require.True(t, UnitLitre.Fits(dec("4.5")))
	require.True(t, UnitKilogram.Fits(dec("0.550")))
	require.False(t, UnitLitre.Fits(dec("0.0005")))
	for _, u := range Units() {
		got, err := ParseUnit(u.String())
		require.NoError(t, err)
		require.Equal(t, u, got)
	}
	_, err := ParseUnit("gallon")
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
}

// §3.4(3): a part is revised in place; its number never changes, nor its unit once stocked.
func TestCatalogue_Clause3_4_Revise(t *testing.T) {
	e := newEnv(t, nil)
	p := e.part("BP-100", UnitPiece, "A-01")
	in := PartInput{Number: "BP-100", Name: Name{Zh: "刹车片", En: "brake pads"}, Unit: UnitSet, Category: "brakes", Bin: "A-05",
		ListPrice: dec("480.00"), Min: dec("2"), Sources: []Source{{Supplier: e.supplier.ID(), LeadTimeDays: 3}}}
	require.NoError(t, e.svc.RevisePart(e.ctx, e.clerk, p.ID(), in))
	p, _ = e.svc.Part(e.ctx, e.clerk, p.ID())
	require.Equal(t, UnitSet, p.Unit())
	require.Equal(t, "A-05", p.Bin())
	requireDec(t, "2", p.Max(), "max defaults to min")
	bad := in
	bad.Number = "BP-101"
	e.refused(dealerkit.ErrInvalid, func() error { return e.svc.RevisePart(e.ctx, e.clerk, p.ID(), bad) })
	e.buy(p, "2", "300")
	bad = in
	bad.Unit = UnitPiece
	e.refused(dealerkit.ErrInvalid, func() error { return e.svc.RevisePart(e.ctx, e.clerk, p.ID(), bad) })
}

// Every stored record reads back exactly: snapshots survive JSON with their decimals' scale, and
// Restore refuses a record the package could not have produced.
func TestSnapshots_RoundTripAndRestoreChecks(t *testing.T) {
	e := newEnv(t, nil)
	p := e.part("G 052 195 M4", UnitLitre, "OIL")
	e.buy(p, "20.500", "45.1200")
	var ps PartSnapshot
	require.NoError(t, json.Unmarshal(mustJSON(p.Snapshot()), &ps))
	require.Equal(t, "100.00", dealerkit.FormatExact(ps.ListPrice))
	r := e.row(p, "OIL")
	b := mustJSON(r.Snapshot())
	require.Contains(t, string(b), `"on_hand":"20.500"`)
	require.Contains(t, string(b), `"last_unit_cost":"45.1200"`)

	bad := r.Snapshot()
	bad.Reserved = dec("21")
	_, err := RestoreStock(bad)
	requireField(t, err, "reserved")
	bad = r.Snapshot()
	bad.OnHand, bad.Reserved = dec("0"), dec("0")
	_, err = RestoreStock(bad)
	requireField(t, err, "value")
	bad = r.Snapshot()
	bad.Method = FIFO
	_, err = RestoreStock(bad)
	requireField(t, err, "layers")
	_, err = RestorePart(PartSnapshot{})
	requireField(t, err, "dealer")
	_, err = RestorePurchaseOrder(POSnapshot{})
	requireField(t, err, "version")
	_, err = RestoreStocktake(StocktakeSnapshot{})
	requireField(t, err, "state")
	_, err = RestoreReservation(ReservationSnapshot{})
	requireField(t, err, "id")
	_, err = RestorePosting(PostingSnapshot{})
	requireField(t, err, "movements")
	_, err = RestoreSupplier(SupplierSnapshot{})
	requireField(t, err, "code")
	require.True(t, errors.Is(err, dealerkit.ErrInvalid))
}
