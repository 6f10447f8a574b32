package aftersales

import (
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// RecordPartsIssue records on a part line that the parts store issued qty of its part to the order
// at a stock cost of cost (§3.4.3). Only a part line the customer approved can be issued to
// (§4.2.1), and never more than the approved quantity in all. The parts package calls this in the
// same transaction as the stock movement, so the line and the stock change together or not at all.
func (o *RepairOrder) RecordPartsIssue(by dealerkit.Actor, at time.Time, line uuid.UUID, qty, cost decimal.Decimal) error {
	to, err := o.check(CmdIssueParts)
	if err != nil {
		return err
	}
	i, err := o.issuablePartLine(line, qty, cost)
	if err != nil {
		return err
	}
	l := &o.lines[i]
	if left := l.Quantity.Sub(l.Issued); qty.GreaterThan(left) {
		return &QuantityError{Line: line, Limit: left, Want: qty, Err: ErrIssueOverApproved} // §3.4.3
	}
	from := o.state
	o.ownLines()
	l = &o.lines[i]
	l.Issued = l.Issued.Add(qty)
	l.IssuedCost = l.IssuedCost.Add(cost)
	l.Stocked = true
	o.state = to
	o.record(EventPartsIssued, "§3.4.3", by, at, from, PartsMovedData{line, qty, cost})
	return nil
}

// RecordPartsReturn records on a part line that qty of the issued parts came back unused, at cost
// (§3.4.3: unused parts come back at the cost they left with). cost must be exactly
// Line.ReturnCost(qty, r): anything else means the line changed since the caller read it (another
// issue or return landed), and the error, a *ReturnCostError, matches dealerkit.ErrConflict so the
// caller reloads and tries again.
func (o *RepairOrder) RecordPartsReturn(by dealerkit.Actor, at time.Time, line uuid.UUID, qty, cost decimal.Decimal, r dealerkit.Rounding) error {
	to, err := o.check(CmdReturnParts)
	if err != nil {
		return err
	}
	i, err := o.issuablePartLine(line, qty, cost)
	if err != nil {
		return err
	}
	l := &o.lines[i]
	if qty.GreaterThan(l.Issued) {
		return &QuantityError{Line: line, Limit: l.Issued, Want: qty, Err: ErrReturnOverIssued} // §3.4.3
	}
	if want := l.ReturnCost(qty, r); !cost.Equal(want) {
		return &ReturnCostError{Line: line, Want: want, Got: cost}
	}
	from := o.state
	o.ownLines()
	l = &o.lines[i]
	l.Issued = l.Issued.Sub(qty)
	l.IssuedCost = l.IssuedCost.Sub(cost)
	o.state = to
	o.record(EventPartsReturned, "§3.4.3", by, at, from, PartsMovedData{line, qty, cost})
	return nil
}

// ReturnCost is the cost of returning qty of a part line's issued parts: the share of IssuedCost
// that qty is of Issued, rounded with r, and the whole remaining cost when qty is everything
// issued (§3.4.3: parts come back at the cost they left with; zero quantity means zero cost).
func (l Line) ReturnCost(qty decimal.Decimal, r dealerkit.Rounding) decimal.Decimal {
	if !l.Issued.IsPositive() || !qty.IsPositive() {
		return decimal.Zero
	}
	return dealerkit.Share(l.IssuedCost, qty, l.Issued, r)
}

// issuablePartLine finds an approved part line and checks the quantity and cost of a movement.
func (o *RepairOrder) issuablePartLine(id uuid.UUID, qty, cost decimal.Decimal) (int, error) {
	i := o.lineIndex(id)
	switch {
	case i < 0:
		return -1, &LineError{Line: id, Err: ErrUnknownLine}
	case o.lines[i].Kind != LinePart:
		return -1, &LineError{Line: id, Err: ErrNotPartLine}
	case o.lines[i].Status != LineApproved:
		return -1, &LineError{Line: id, Err: ErrNotApproved} // §3.4.3, §4.2.1: only approved part lines
	}
	var v dealerkit.ValidationError
	if !qty.IsPositive() {
		v.AddCode("quantity", qty.String(), dealerkit.ReasonNotPositive, "must be positive")
	}
	if cost.IsNegative() {
		v.AddCode("cost", cost.String(), dealerkit.ReasonNegative, "must not be negative")
	}
	return i, v.Err()
}
