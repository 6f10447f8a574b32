package aftersales

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
)

// WarrantyPeriod is how long a repair is guaranteed: a distance and a number of days from
// delivery, whichever ends first.
type WarrantyPeriod struct {
	Km   int64 `json:"km"`
	Days int   `json:"days"`
}

// WarrantyCounting says how a warranty period is counted.
type WarrantyCounting string

const (
	// CountCivilDays is the default and the law's reading (§4.5, comebacks). The period runs
	// "from the day the vehicle leaves the workshop after repair" (机动车维修管理规定: 自维修竣工出厂之日起),
	// counted in days as the Civil Code counts them: from the day after delivery (Art. 201) to 24:00
	// of the last day (Art. 203), in the warranty's time zone. A car delivered 2026-03-02 15:00
	// with 100 days is covered through 2026-06-10 24:00 local time. The distance runs from the
	// odometer at delivery and includes the limit: a car that has run exactly 20 000 km is covered.
	CountCivilDays WarrantyCounting = "civil_days"
	// CountElapsed is the reading of earlier versions, kept for a dealer whose contracts promise
	// it: whole 24-hour periods from the delivery instant, the end excluded, and a distance
	// strictly below the limit measured from the odometer at reception.
	CountElapsed WarrantyCounting = "elapsed"
)

// WarrantyCountings lists the counting rules.
func WarrantyCountings() []WarrantyCounting { return []WarrantyCounting{CountCivilDays, CountElapsed} }

// DefaultWarrantyZone is the zone the PRC periods are counted in when the rules name none.
const DefaultWarrantyZone = "Asia/Shanghai"

// WarrantyRules are the repair-quality warranty periods by repair category. A vehicle that comes
// back with the same concern inside its period is a comeback (返修), which counts against repair
// quality.
type WarrantyRules struct {
	Periods map[RepairCategory]WarrantyPeriod `json:"periods"`
	// Counting is how days and distance are counted; empty means CountCivilDays.
	Counting WarrantyCounting `json:"counting,omitempty"`
	// TimeZone is the IANA zone whose days are counted (the dealer's); empty means
	// DefaultWarrantyZone.
	TimeZone string `json:"time_zone,omitempty"`
}

// DefaultWarrantyRules are the periods of the PRC motor-vehicle repair rules (机动车维修管理规定,
// article 37): major and assembly repair 20 000 km or 100 days; second-level maintenance 5 000 km
// or 30 days; first-level maintenance, minor and special repair 2 000 km or 10 days; counted in
// civil days in China Standard Time.
func DefaultWarrantyRules() WarrantyRules {
	return WarrantyRules{Periods: map[RepairCategory]WarrantyPeriod{
		CategoryMajor:        {Km: 20000, Days: 100},
		CategoryMaintenance2: {Km: 5000, Days: 30},
		CategoryMinor:        {Km: 2000, Days: 10},
	}, Counting: CountCivilDays, TimeZone: DefaultWarrantyZone}
}

// maxWarrantyDays and maxWarrantyKm bound a period: ten years and a million kilometres are beyond
// any repair warranty, and keep date arithmetic far from overflow.
const (
	maxWarrantyDays = 3660
	maxWarrantyKm   = 1_000_000
)

// Validate requires a positive, bounded period for every category, a known counting rule and a
// time zone that exists.
func (w WarrantyRules) Validate() error {
	var v dealerkit.ValidationError
	for _, c := range RepairCategories() {
		p, ok := w.Periods[c]
		f := "warranty.periods." + c.String()
		if !ok {
			v.Required(f)
			continue
		}
		switch {
		case p.Km <= 0 || p.Days <= 0:
			v.AddCode(f, fmt.Sprintf("%d km, %d days", p.Km, p.Days), dealerkit.ReasonNotPositive, "must be positive")
		case p.Km > maxWarrantyKm || p.Days > maxWarrantyDays:
			v.AddCode(f, fmt.Sprintf("%d km, %d days", p.Km, p.Days), dealerkit.ReasonOutOfRange,
				fmt.Sprintf("must be at most %d km and %d days", maxWarrantyKm, maxWarrantyDays))
		}
	}
	if !slices.Contains(append(WarrantyCountings(), ""), w.Counting) {
		v.AddCode("warranty.counting", string(w.Counting), dealerkit.ReasonUnknownValue, "must be civil_days or elapsed")
	}
	if _, err := w.location(); err != nil {
		v.AddCode("warranty.time_zone", w.TimeZone, dealerkit.ReasonUnknownValue, err.Error())
	}
	return v.Err()
}

func (w WarrantyRules) location() (*time.Location, error) {
	tz := w.TimeZone
	if tz == "" {
		tz = DefaultWarrantyZone
	}
	if tz == "Local" {
		return nil, fmt.Errorf("name the zone: Local depends on the host")
	}
	loc, err := time.LoadLocation(tz)
	if err != nil && tz == DefaultWarrantyZone {
		// A host without the zone database: China Standard Time has had no daylight saving
		// since 1991.
		return time.FixedZone("CST", 8*60*60), nil
	}
	return loc, err
}

// WarrantyCategory is the category that sets the order's warranty: the longest among its approved
// labour lines. An order without approved labour carries no repair warranty.
func (o *RepairOrder) WarrantyCategory() (RepairCategory, bool) {
	var best RepairCategory
	for _, l := range o.lines {
		if l.Kind == LineLabour && l.Status == LineApproved && l.Category > best {
			best = l.Category
		}
	}
	return best, best != 0
}

// Coverage is the answer of WarrantyRules.Check: whether an arrival falls inside a delivered
// order's repair-quality warranty, and the period it was measured against.
type Coverage struct {
	Covered  bool           `json:"covered"`
	Category RepairCategory `json:"category"`
	// Until is the first instant no longer covered (24:00 of the last day, local time, under
	// CountCivilDays); zero when the order carries no warranty.
	Until time.Time `json:"until,omitzero"`
	// FromKm is the odometer reading the distance is measured from, and UpToKm the last reading
	// covered (CountCivilDays) or the first one not covered (CountElapsed).
	FromKm int64 `json:"from_km"`
	UpToKm int64 `json:"up_to_km"`
	// MileageFromReception is set when the order's delivery odometer was not recorded and the
	// distance was measured from the reading at reception instead, which counts the kilometres of
	// any road test against the customer.
	MileageFromReception bool `json:"mileage_from_reception,omitempty"`
}

// Check says whether a vehicle arriving at arrivedAt with mileageKm is still inside the warranty
// of the delivered order orig (§4.5, comebacks), counted as w.Counting says. An arrival before the
// delivery is not covered. It fails only when the rules' time zone cannot be loaded.
func (w WarrantyRules) Check(orig *RepairOrder, arrivedAt time.Time, mileageKm int64) (Coverage, error) {
	cat, ok := orig.WarrantyCategory()
	if !ok || orig.deliveredAt.IsZero() {
		return Coverage{}, nil
	}
	p := w.Periods[cat]
	c := Coverage{Category: cat}
	if w.Counting == CountElapsed {
		c.Until = orig.deliveredAt.Add(time.Duration(p.Days) * 24 * time.Hour)
		c.FromKm, c.UpToKm = orig.reception.MileageKm, orig.reception.MileageKm+p.Km
		c.Covered = !arrivedAt.Before(orig.deliveredAt) && arrivedAt.Before(c.Until) && mileageKm < c.UpToKm
		return c, nil
	}
	loc, err := w.location()
	if err != nil {
		return Coverage{}, fmt.Errorf("aftersales: warranty time zone %q: %w", w.TimeZone, err)
	}
	// Art. 201: the day of delivery does not count; Art. 203: the last day ends at 24:00, which is
	// midnight starting the day after it.
	y, m, d := orig.deliveredAt.In(loc).Date()
	c.Until = time.Date(y, m, d+p.Days+1, 0, 0, 0, 0, loc)
	c.FromKm = orig.deliveryKm
	if c.FromKm == 0 {
		c.FromKm, c.MileageFromReception = orig.reception.MileageKm, true
	}
	c.UpToKm = c.FromKm + p.Km
	c.Covered = !arrivedAt.Before(orig.deliveredAt) && arrivedAt.Before(c.Until) && mileageKm <= c.UpToKm
	return c, nil
}

// Covers reports whether Check finds the arrival covered; false when it cannot tell.
func (w WarrantyRules) Covers(orig *RepairOrder, arrivedAt time.Time, mileageKm int64) bool {
	c, err := w.Check(orig, arrivedAt, mileageKm)
	return err == nil && c.Covered
}

// ComebackOrigin is the comeback rule (§4.5, comebacks; §6.2 repair quality): among prior, the
// latest-delivered order of o's vehicle whose warranty, under the rules that rules returns for it
// (the policy in force at its delivery), covers o's arrival and mileage, and which shares a concern
// with o. It returns nil when none does. Service.Open applies it when an order is opened; a policy
// lab applies it to recorded orders under a candidate's rules. Orders of another vehicle, o itself
// and orders not delivered are skipped.
func ComebackOrigin(o *RepairOrder, prior []*RepairOrder, rules func(*RepairOrder) (WarrantyRules, error)) (*RepairOrder, error) {
	var best *RepairOrder
	for _, p := range prior {
		if p == o || p.id == o.id || p.reception.VIN != o.reception.VIN || p.deliveredAt.IsZero() {
			continue
		}
		w, err := rules(p)
		if err != nil {
			return nil, err
		}
		cov, err := w.Check(p, o.reception.ArrivedAt, o.reception.MileageKm)
		if err != nil {
			return nil, err
		}
		if cov.Covered && sameConcern(p.reception.Concerns, o.reception.Concerns) &&
			(best == nil || p.deliveredAt.After(best.deliveredAt)) {
			best = p
		}
	}
	return best, nil
}

// sameConcern reports whether the two orders share a concern: equal codes where both have one,
// otherwise equal text after case folding and collapsing spaces.
func sameConcern(a, b []Concern) bool {
	for _, x := range a {
		for _, y := range b {
			if x.Code != "" && y.Code != "" {
				if strings.EqualFold(x.Code, y.Code) {
					return true
				}
				continue
			}
			if normalise(x.Text) == normalise(y.Text) {
				return true
			}
		}
	}
	return false
}

func normalise(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
