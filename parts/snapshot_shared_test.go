package parts

import (
	"testing"

	"github.com/dealerkit/dealerkit/internal/surfacetest"
	"github.com/shopspring/decimal"
)

// TestSnapshots_ShareNothingWithTheirRecords: for every aggregate, a record restored from a
// filled snapshot, the snapshot, its own snapshots and what its getters return share no list, map
// or pointer with each other, so a host changing one (a role in a count's actor, say) never
// changes the record or what a store keeps of it. Every field is filled, so a field added later
// without its copy fails here.
func TestSnapshots_ShareNothingWithTheirRecords(t *testing.T) {
	t.Run("Part", func(t *testing.T) {
		surfacetest.RequireRecordSharesNothing(t, func(s *PartSnapshot) {
			// validation wants a part number, whole quantities for pieces and one preferred source
			s.Number, s.Min, s.Max = "AB-123", decimal.NewFromInt(2), decimal.NewFromInt(5)
		}, RestorePart, (*Part).Snapshot, map[string]func(*Part) any{
			"Sources": func(p *Part) any { return p.Sources() },
		})
	})
	t.Run("Supplier", func(t *testing.T) {
		surfacetest.RequireRecordSharesNothing(t, nil, RestoreSupplier, (*Supplier).Snapshot, nil)
	})
	t.Run("Stock", func(t *testing.T) {
		surfacetest.RequireRecordSharesNothing(t, func(s *StockSnapshot) {
			s.Method = FIFO // the filled layer then adds up to the filled on-hand and value
		}, RestoreStock, (*Stock).Snapshot, map[string]func(*Stock) any{
			"Layers": func(s *Stock) any { return s.Layers() },
		})
	})
	t.Run("Reservation", func(t *testing.T) {
		surfacetest.RequireRecordSharesNothing(t, nil, RestoreReservation, (*Reservation).Snapshot, map[string]func(*Reservation) any{
			"Allocations": func(r *Reservation) any { return r.Allocations() },
		})
	})
	t.Run("Posting", func(t *testing.T) {
		p := surfacetest.RequireRecordSharesNothing(t, nil, RestorePosting, (*Posting).Snapshot, map[string]func(*Posting) any{
			"Movements": func(p *Posting) any { return p.Movements() },
			"Actor":     func(p *Posting) any { return p.Actor() },
		})
		surfacetest.RequireNothingShared(t, p.Snapshot().Movements, p.Movements())
	})
	t.Run("PurchaseOrder", func(t *testing.T) {
		surfacetest.RequireRecordSharesNothing(t, nil, RestorePurchaseOrder, (*PurchaseOrder).Snapshot, map[string]func(*PurchaseOrder) any{
			"Lines":    func(o *PurchaseOrder) any { return o.Lines() },
			"Receipts": func(o *PurchaseOrder) any { return o.Receipts() },
			"Closing":  func(o *PurchaseOrder) any { return o.Closing() },
		})
	})
	t.Run("Stocktake", func(t *testing.T) {
		surfacetest.RequireRecordSharesNothing(t, nil, RestoreStocktake, (*Stocktake).Snapshot, map[string]func(*Stocktake) any{
			"Lines":       func(s *Stocktake) any { return s.Lines() },
			"StartedBy":   func(s *Stocktake) any { return s.StartedBy() },
			"Approved":    func(s *Stocktake) any { return s.Approved() },
			"Adjustments": func(s *Stocktake) any { return s.Adjustments() },
			"Sheet":       func(s *Stocktake) any { return s.Sheet() },
		})
	})
}
