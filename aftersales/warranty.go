package aftersales

import (
	"fmt"
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

// WarrantyRules are the repair-quality warranty periods by repair category. A vehicle that comes
// back with the same concern inside its period is a comeback (返修), which counts against repair
// quality.
type WarrantyRules struct {
	Periods map[RepairCategory]WarrantyPeriod `json:"periods"`
}

// DefaultWarrantyRules are the periods of the PRC motor-vehicle repair rules (机动车维修管理规定,
// article 37): major and assembly repair 20 000 km or 100 days; second-level maintenance 5 000 km
// or 30 days; first-level maintenance, minor and special repair 2 000 km or 10 days.
func DefaultWarrantyRules() WarrantyRules {
	return WarrantyRules{Periods: map[RepairCategory]WarrantyPeriod{
		CategoryMajor:        {Km: 20000, Days: 100},
		CategoryMaintenance2: {Km: 5000, Days: 30},
		CategoryMinor:        {Km: 2000, Days: 10},
	}}
}

// Validate requires a positive period for every category.
func (w WarrantyRules) Validate() error {
	var v dealerkit.ValidationError
	for _, c := range RepairCategories() {
		p, ok := w.Periods[c]
		if !ok {
			v.AddCode("warranty.periods."+c.String(), "", dealerkit.ReasonRequired, "required")
			continue
		}
		if p.Km <= 0 || p.Days <= 0 {
			v.AddCode("warranty.periods."+c.String(), fmt.Sprintf("%d km, %d days", p.Km, p.Days), dealerkit.ReasonNotPositive, "must be positive")
		}
	}
	return v.Err()
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

// Covers reports whether a vehicle arriving at arrivedAt with mileageKm is still inside the
// warranty of the delivered order orig: fewer than Days whole days (24-hour periods) since delivery
// and fewer than Km since the mileage recorded at its reception.
func (w WarrantyRules) Covers(orig *RepairOrder, arrivedAt time.Time, mileageKm int64) bool {
	cat, ok := orig.WarrantyCategory()
	if !ok || orig.deliveredAt.IsZero() || arrivedAt.Before(orig.deliveredAt) {
		return false
	}
	p := w.Periods[cat]
	return arrivedAt.Before(orig.deliveredAt.Add(time.Duration(p.Days)*24*time.Hour)) &&
		mileageKm-orig.reception.MileageKm < p.Km
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
