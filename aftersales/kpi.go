package aftersales

import (
	"sort"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/shopspring/decimal"
)

// KPIs are the §4 process measures over a set of repair orders (§1: the library's own measure of
// orderly, efficient service). Rates are fractions in [0, 1] to 4 places; a rate with nothing to
// measure is reported as not Measured rather than as zero.
//
// Its JSON gives the durations as Go duration strings ("1m30s"), like every duration of this
// package.
type KPIs struct {
	Orders    int `json:"orders"`
	Delivered int `json:"delivered"`
	Cancelled int `json:"cancelled"`
	// MeanTimeToGreet and MaxTimeToGreet measure §4.1.1 over all orders.
	MeanTimeToGreet time.Duration `json:"-"`
	MaxTimeToGreet  time.Duration `json:"-"`
	// ExtraWorkApproval is approved / decided extra-work lines (§4.3.2).
	ExtraWorkApproval Rate `json:"extra_work_approval"`
	// OnTime is jobs completed by their promised time / completed jobs (§4.2.2).
	OnTime Rate `json:"on_time"`
	// FirstPassQC is orders whose first inspection passed / inspected orders (§4.4.1).
	FirstPassQC Rate `json:"first_pass_qc"`
	Reworks     int  `json:"reworks"`   // failed inspections (§4.4.1)
	Comebacks   int  `json:"comebacks"` // orders that are comebacks inside the repair warranty
	// Revenue is the labour and parts of settled orders by pay type, after discounts and as
	// priced: tax-inclusive when the dealer's prices are (§4.5.2).
	Revenue map[PayType]Revenue `json:"revenue"`
	// Technicians is standard hours / clocked hours per technician on completed jobs (§4.3.1).
	Technicians []Efficiency `json:"technicians"`
}

// Rate is a measured fraction: Num / Den.
type Rate struct {
	Num int `json:"num"`
	Den int `json:"den"`
}

// Measured reports whether there was anything to measure.
func (r Rate) Measured() bool { return r.Den > 0 }

// Value is Num / Den to 4 places; zero when not measured.
func (r Rate) Value() decimal.Decimal {
	if r.Den == 0 {
		return decimal.Zero
	}
	return decimal.NewFromInt(int64(r.Num)).DivRound(decimal.NewFromInt(int64(r.Den)), 4)
}

// Revenue is net labour and parts for one pay type.
type Revenue struct {
	Labour decimal.Decimal `json:"labour"`
	Parts  decimal.Decimal `json:"parts"`
}

// Efficiency is a technician's standard hours against the hours they clocked (§4.3.1): the
// standard hours of the jobs they completed, and their own clocked time on completed jobs,
// including time on a job someone else finished after a re-dispatch.
type Efficiency struct {
	Technician    dealerkit.StaffID `json:"technician"`
	StandardHours decimal.Decimal   `json:"standard_hours"`
	ClockedHours  decimal.Decimal   `json:"clocked_hours"`
	Jobs          int               `json:"jobs"`
}

// Ratio is standard / clocked hours to 4 places (above 1 means faster than standard); zero when
// nothing was clocked.
func (e Efficiency) Ratio() decimal.Decimal {
	if !e.ClockedHours.IsPositive() {
		return decimal.Zero
	}
	return e.StandardHours.DivRound(e.ClockedHours, 4)
}

func efficiency(m map[dealerkit.StaffID]*Efficiency, tech dealerkit.StaffID) *Efficiency {
	e := m[tech]
	if e == nil {
		e = &Efficiency{Technician: tech, StandardHours: decimal.Zero, ClockedHours: decimal.Zero}
		m[tech] = e
	}
	return e
}

// ComputeKPIs measures the given orders. It reads only recorded facts, so the same orders always
// give the same figures.
func ComputeKPIs(orders []*RepairOrder) KPIs {
	k := KPIs{Revenue: map[PayType]Revenue{}}
	var greet time.Duration
	eff := map[dealerkit.StaffID]*Efficiency{}
	for _, o := range orders {
		k.Orders++
		switch o.state {
		case StateDelivered, StateClosed:
			k.Delivered++
		case StateCancelled:
			k.Cancelled++
		}
		g := o.reception.TimeToGreet()
		greet += g
		if g > k.MaxTimeToGreet {
			k.MaxTimeToGreet = g
		}
		if o.IsComeback() {
			k.Comebacks++
		}
		if len(o.inspections) > 0 {
			k.FirstPassQC.Den++
			if o.inspections[0].Passed {
				k.FirstPassQC.Num++
			}
		}
		k.Reworks += o.Reworks()
		for _, l := range o.lines {
			if l.Extra && l.Status != LineProposed {
				k.ExtraWorkApproval.Den++
				if l.Status == LineApproved {
					k.ExtraWorkApproval.Num++
				}
			}
			if l.Job == nil || !l.Job.Done() {
				continue
			}
			k.OnTime.Den++
			if !l.Job.CompletedAt.After(l.Job.PromisedAt) {
				k.OnTime.Num++
			}
			// The standard hours are earned by the technician who completed the job; every
			// technician's clocked time on it counts against their own efficiency.
			e := efficiency(eff, l.Job.Technician)
			e.Jobs++
			e.StandardHours = e.StandardHours.Add(l.Quantity)
			for tech, h := range o.clockedByTechnician(l.ID) {
				e := efficiency(eff, tech)
				e.ClockedHours = e.ClockedHours.Add(h)
			}
		}
		if o.statement != nil {
			for _, t := range o.statement.Totals {
				r := k.Revenue[t.PayType]
				r.Labour = r.Labour.Add(t.Labour)
				r.Parts = r.Parts.Add(t.Parts)
				k.Revenue[t.PayType] = r
			}
		}
	}
	if k.Orders > 0 {
		k.MeanTimeToGreet = greet / time.Duration(k.Orders)
	}
	for _, e := range eff {
		k.Technicians = append(k.Technicians, *e)
	}
	sort.Slice(k.Technicians, func(i, j int) bool {
		return compareUUID(k.Technicians[i].Technician.UUID(), k.Technicians[j].Technician.UUID()) < 0
	})
	return k
}
