package aftersales

import (
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// StatementLine is one itemised line of the settlement statement.
type StatementLine struct {
	Line        uuid.UUID       `json:"line"`
	Description string          `json:"description"`
	Code        string          `json:"code,omitempty"` // operation code or part number
	Quantity    decimal.Decimal `json:"quantity"`       // hours for labour
	UnitPrice   decimal.Decimal `json:"unit_price"`
	PayType     PayType         `json:"pay_type"`
	Extra       bool            `json:"extra,omitempty"`
	// Origin is a part line's origin (original, non-original, repaired, used), itemised so the
	// customer sees on the statement what was fitted (§4.2.1, §4.5.2). Zero on labour lines.
	Origin PartOrigin `json:"origin,omitzero"`
	LineAmounts
}

// PayTypeTotal is what one payer owes: labour and parts after discounts, and the tax split.
type PayTypeTotal struct {
	PayType  PayType         `json:"pay_type"`
	Labour   decimal.Decimal `json:"labour"`
	Parts    decimal.Decimal `json:"parts"`
	Discount decimal.Decimal `json:"discount"`
	dealerkit.TaxSplit
}

// Statement is the settlement statement (§4.5.2): labour and materials itemised separately, pay
// types, discounts, tax and totals, and the recommendations the customer declined (§4.3.2).
//
// Rounding happens at two named points only: each line's amount and discount (Line.Amounts), and
// each payer's tax (Tax.Split over that payer's total). Totals are sums of rounded figures, so the
// statement always adds up to the cent.
type Statement struct {
	IssuedAt time.Time          `json:"issued_at"`
	IssuedBy dealerkit.ActorRef `json:"issued_by"`
	Tax      dealerkit.Tax      `json:"tax"`
	Rounding dealerkit.Rounding `json:"rounding"`
	Labour   []StatementLine    `json:"labour"`
	Parts    []StatementLine    `json:"parts"`
	Declined []StatementLine    `json:"declined,omitempty"`
	Totals   []PayTypeTotal     `json:"totals"` // in PayTypes order, only payers with lines
	Total    dealerkit.TaxSplit `json:"total"`
	// CustomerDue is the gross the customer pays at delivery: their pay type's total.
	CustomerDue decimal.Decimal `json:"customer_due"`
}

// BuildStatement prices the approved lines of an order under a tax and rounding policy. It is a
// pure function, so a policy team can try other settings on the same lines.
func BuildStatement(lines []Line, tax dealerkit.Tax, r dealerkit.Rounding) Statement {
	st := Statement{Tax: tax, Rounding: r, Total: dealerkit.TaxSplit{Net: decimal.Zero, Tax: decimal.Zero, Gross: decimal.Zero}, CustomerDue: decimal.Zero}
	totals := map[PayType]*PayTypeTotal{}
	for _, l := range lines {
		sl := StatementLine{Line: l.ID, Description: l.Description, Code: l.Operation, Quantity: l.BilledQuantity(),
			UnitPrice: l.UnitPrice, PayType: l.PayType, Extra: l.Extra, LineAmounts: l.Amounts(r)}
		if l.Kind == LinePart {
			sl.Code = l.PartNumber
			sl.Origin = l.Origin
			if sl.Origin == 0 {
				sl.Origin = OriginOriginal
			}
		}
		switch l.Status {
		case LineDeclined:
			st.Declined = append(st.Declined, sl) // §4.3.2: printed as declined recommendations
			continue
		case LineApproved:
		default:
			continue
		}
		t := totals[l.PayType]
		if t == nil {
			t = &PayTypeTotal{PayType: l.PayType, Labour: decimal.Zero, Parts: decimal.Zero, Discount: decimal.Zero}
			totals[l.PayType] = t
		}
		t.Discount = t.Discount.Add(sl.Discount)
		if l.Kind == LineLabour {
			st.Labour = append(st.Labour, sl)
			t.Labour = t.Labour.Add(sl.Net)
		} else {
			st.Parts = append(st.Parts, sl)
			t.Parts = t.Parts.Add(sl.Net)
		}
	}
	for _, p := range PayTypes() {
		t := totals[p]
		if t == nil {
			continue
		}
		t.TaxSplit = tax.Split(t.Labour.Add(t.Parts), r)
		st.Totals = append(st.Totals, *t)
		st.Total.Net = st.Total.Net.Add(t.Net)
		st.Total.Tax = st.Total.Tax.Add(t.Tax)
		st.Total.Gross = st.Total.Gross.Add(t.Gross)
		if p == PayCustomer {
			st.CustomerDue = t.Gross
		}
	}
	return st
}

// Statement returns the settlement statement once issued; nil before.
func (o *RepairOrder) Statement() *Statement {
	if o.statement == nil {
		return nil
	}
	s := *o.statement
	s.IssuedBy = s.IssuedBy.Clone()
	s.Labour = append([]StatementLine(nil), s.Labour...)
	s.Parts = append([]StatementLine(nil), s.Parts...)
	s.Declined = append([]StatementLine(nil), s.Declined...)
	s.Totals = append([]PayTypeTotal(nil), s.Totals...)
	return &s
}

// Quote prices the estimate as the customer is asked to approve it (§4.2.1: confirm items and
// costs): every line not declined, proposed ones as if approved, with the declined ones listed.
func (o *RepairOrder) Quote(tax dealerkit.Tax, r dealerkit.Rounding) Statement {
	lines := o.Lines()
	for i := range lines {
		if lines[i].Status == LineProposed {
			lines[i].Status = LineApproved
		}
	}
	return BuildStatement(lines, tax, r)
}
