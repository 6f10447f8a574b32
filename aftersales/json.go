package aftersales

import (
	"encoding/json"
	"errors"
	"time"

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

// durationJSON is a duration's JSON form in this package: a Go duration string ("1h30m0s").
type durationJSON string

func durationOf(d time.Duration) durationJSON { return durationJSON(d.String()) }

func (d durationJSON) parse(field string) (time.Duration, error) {
	if d == "" {
		return 0, nil
	}
	v, err := time.ParseDuration(string(d))
	if err != nil {
		var ve dealerkit.ValidationError
		ve.AddCode(field, string(d), dealerkit.ReasonBadFormat, "not a duration such as 1h30m0s")
		return 0, &ve
	}
	return v, nil
}

type kpisJSON struct {
	MeanTimeToGreet durationJSON `json:"mean_time_to_greet"`
	MaxTimeToGreet  durationJSON `json:"max_time_to_greet"`
}

// MarshalJSON gives the durations as strings.
func (k KPIs) MarshalJSON() ([]byte, error) {
	type plain KPIs
	return json.Marshal(struct {
		plain
		kpisJSON
	}{plain(k), kpisJSON{durationOf(k.MeanTimeToGreet), durationOf(k.MaxTimeToGreet)}})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (k *KPIs) UnmarshalJSON(b []byte) error {
	type plain KPIs
	var v struct {
		*plain
		kpisJSON
	}
	v.plain = (*plain)(k)
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	var err1, err2 error
	k.MeanTimeToGreet, err1 = v.kpisJSON.MeanTimeToGreet.parse("mean_time_to_greet")
	k.MaxTimeToGreet, err2 = v.kpisJSON.MaxTimeToGreet.parse("max_time_to_greet")
	return errors.Join(err1, err2)
}

// MarshalJSON gives Overdue as a duration string.
func (j OverdueJob) MarshalJSON() ([]byte, error) {
	type plain OverdueJob
	return json.Marshal(struct {
		plain
		Overdue durationJSON `json:"overdue"`
	}{plain(j), durationOf(j.Overdue)})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (j *OverdueJob) UnmarshalJSON(b []byte) error {
	type plain OverdueJob
	var v struct {
		*plain
		Overdue durationJSON `json:"overdue"`
	}
	v.plain = (*plain)(j)
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	var err error
	j.Overdue, err = v.Overdue.parse("overdue")
	return err
}

// errorJSON is the stable JSON form of the package's typed errors: the code, the message and
// the record the error names, as the kernel's errors have.
func errorJSON(err error, fields map[string]any) ([]byte, error) {
	m := map[string]any{"code": dealerkit.CodeOf(err), "message": err.Error()}
	for k, v := range fields {
		m[k] = v
	}
	return json.Marshal(m)
}

// MarshalJSON gives {"code", "message", "line", "limit", "want"}.
func (e *QuantityError) MarshalJSON() ([]byte, error) {
	return errorJSON(e, map[string]any{"line": e.Line, "limit": exact(e.Limit), "want": exact(e.Want)})
}

// MarshalJSON gives {"code", "message", "line"}.
func (e *LineError) MarshalJSON() ([]byte, error) {
	return errorJSON(e, map[string]any{"line": e.Line})
}

// MarshalJSON gives {"code", "message", "reference"}.
func (e *PaymentError) MarshalJSON() ([]byte, error) {
	return errorJSON(e, map[string]any{"reference": e.Reference})
}

// MarshalJSON gives {"code", "message", "line", "want", "got"}.
func (e *ReturnCostError) MarshalJSON() ([]byte, error) {
	return errorJSON(e, map[string]any{"line": e.Line, "want": exact(e.Want), "got": exact(e.Got)})
}

// MarshalJSON gives {"code", "message", "equipment"}.
func (e *EquipmentError) MarshalJSON() ([]byte, error) {
	return errorJSON(e, map[string]any{"equipment": e.Equipment})
}

// MarshalJSON gives {"code", "message", "state", "command"}.
func (e *StateError) MarshalJSON() ([]byte, error) {
	return errorJSON(e, map[string]any{"state": e.State, "command": e.Command})
}

// MarshalJSON gives {"code", "message", "vin", "reason"}.
func (e *VINError) MarshalJSON() ([]byte, error) {
	return errorJSON(e, map[string]any{"vin": e.VIN, "reason": e.Reason})
}
