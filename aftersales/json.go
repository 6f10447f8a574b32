package aftersales

import (
	"encoding/json"

	"github.com/dealerkit/dealerkit"
)

// The statement's JSON keeps every decimal's scale (shopspring's own JSON drops trailing zeros),
// so a stored statement reads back exactly as issued. Each method shadows only the decimal fields
// of a plain copy, so a field added later is encoded without being listed here.

type exact = dealerkit.ExactDecimal

type splitJSON struct {
	Net   exact `json:"net"`
	Tax   exact `json:"tax"`
	Gross exact `json:"gross"`
}

func exactSplit(s dealerkit.TaxSplit) splitJSON {
	return splitJSON{exact(s.Net), exact(s.Tax), exact(s.Gross)}
}

// MarshalJSON keeps the scale of the decimals.
func (l StatementLine) MarshalJSON() ([]byte, error) {
	type plain StatementLine
	return json.Marshal(struct {
		plain
		Quantity  exact `json:"quantity"`
		UnitPrice exact `json:"unit_price"`
		Gross     exact `json:"gross"`
		Discount  exact `json:"discount"`
		Net       exact `json:"net"`
	}{plain(l), exact(l.Quantity), exact(l.UnitPrice), exact(l.Gross), exact(l.LineAmounts.Discount), exact(l.Net)})
}

// MarshalJSON keeps the scale of the decimals.
func (t PayTypeTotal) MarshalJSON() ([]byte, error) {
	type plain PayTypeTotal
	return json.Marshal(struct {
		plain
		Labour   exact `json:"labour"`
		Parts    exact `json:"parts"`
		Discount exact `json:"discount"`
		splitJSON
	}{plain(t), exact(t.Labour), exact(t.Parts), exact(t.Discount), exactSplit(t.TaxSplit)})
}

// MarshalJSON keeps the scale of the decimals.
func (s Statement) MarshalJSON() ([]byte, error) {
	type plain Statement
	return json.Marshal(struct {
		plain
		Total       splitJSON `json:"total"`
		CustomerDue exact     `json:"customer_due"`
	}{plain(s), exactSplit(s.Total), exact(s.CustomerDue)})
}
