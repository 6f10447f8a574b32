package safety

import (
	"context"
	"slices"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// Summary is the safety picture of a period [From, To) (§8): the register as it stands at To, the
// inspections of the period with those that failed or came late, the findings of the period's
// area checks, its incidents by class, and drill compliance at To.
type Summary struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	// Equipment is every piece not retired, by code, with whether it may be used at To.
	Equipment []EquipmentLine `json:"equipment"`
	// Inspections counts the period's inspections by plan; Failed lists the failed ones and Late
	// those performed at or after their plan's due date (the equipment was out of service from
	// the due date until then, §8.2).
	Inspections map[InspectionKind]int `json:"inspections"`
	Failed      []InspectionLine       `json:"failed"`
	Late        []InspectionLine       `json:"late"`
	// Findings of the period's area checks (§8.1).
	Findings FindingCounts `json:"findings"`
	// Incidents of the period (§8.3).
	Incidents IncidentCounts `json:"incidents"`
	// Drills held in the period and compliance at To (§8.4).
	Drills       int           `json:"drills"`
	Participants int           `json:"participants"`
	Compliance   []DrillStatus `json:"compliance"`
}

// EquipmentLine is one piece of equipment in a Summary.
type EquipmentLine struct {
	Code   string             `json:"code"`
	Type   EquipmentType      `json:"type"`
	State  EquipmentState     `json:"state"`
	Usable bool               `json:"usable"`
	Reason OutOfServiceReason `json:"reason,omitempty"`
	Since  time.Time          `json:"since,omitzero"`
	// NextDue is the earliest due date of its plans, zero when none runs.
	NextDue time.Time `json:"next_due,omitzero"`
}

// InspectionLine is one inspection in a Summary.
type InspectionLine struct {
	Code        string         `json:"code"`
	Kind        InspectionKind `json:"kind"`
	PerformedAt time.Time      `json:"performed_at"`
	DueAt       time.Time      `json:"due_at,omitzero"`
	Late        Duration       `json:"late"`
	Failed      []string       `json:"failed"`
}

// FindingCounts counts area-check findings (§8.1): all of them, verified closed by To, still open,
// of those not yet corrected, and of those past their due date at To, and by severity.
type FindingCounts struct {
	Checks      int              `json:"checks"`
	Total       int              `json:"total"`
	Closed      int              `json:"closed"`
	Open        int              `json:"open"`
	Uncorrected int              `json:"uncorrected"`
	Overdue     int              `json:"overdue"`
	BySeverity  map[Severity]int `json:"by_severity"`
}

// IncidentCounts counts incidents (§8.3) by class, statutory class and state; Repeats are those
// linked to an earlier incident on the same equipment or in the same area.
type IncidentCounts struct {
	Total       int                    `json:"total"`
	ByClass     map[IncidentClass]int  `json:"by_class"`
	ByStatutory map[StatutoryClass]int `json:"by_statutory"`
	ByState     map[IncidentState]int  `json:"by_state"`
	Repeats     int                    `json:"repeats"`
	OpenActions int                    `json:"open_actions"`
}

// each pages through a list, calling fn on every record.
func each[T interface{ ID() uuid.UUID }](list func(after uuid.UUID, limit int) ([]T, error), fn func(T)) error {
	after := uuid.Nil
	for {
		page, err := list(after, dealerkit.MaxPageSize)
		if err != nil {
			return err
		}
		for _, x := range page {
			fn(x)
		}
		if len(page) < dealerkit.MaxPageSize {
			return nil
		}
		after = page[len(page)-1].ID()
	}
}

// Summary reads the safety picture of [from, to) (§8.1–§8.4).
func (s *Service) Summary(ctx context.Context, actor dealerkit.Actor, from, to time.Time) (Summary, error) {
	if _, err := s.authorize(actor, dealerkit.ActionViewSafety); err != nil {
		return Summary{}, err
	}
	if !to.After(from) {
		var v dealerkit.ValidationError
		v.AddCode("to", to.UTC().Format(time.RFC3339), dealerkit.ReasonWrongOrder, "must be after from")
		return Summary{}, &v
	}
	d := actor.Dealer()
	sum := Summary{From: from, To: to, Inspections: map[InspectionKind]int{}, Failed: []InspectionLine{}, Late: []InspectionLine{},
		Findings:  FindingCounts{BySeverity: map[Severity]int{}},
		Incidents: IncidentCounts{ByClass: map[IncidentClass]int{}, ByStatutory: map[StatutoryClass]int{}, ByState: map[IncidentState]int{}}}
	err := each(func(after uuid.UUID, n int) ([]*Equipment, error) {
		return s.repo.ListEquipment(ctx, d, EquipmentFilter{States: []EquipmentState{StateInService, StateOutOfService}, After: after, Limit: n})
	}, func(e *Equipment) {
		line := EquipmentLine{Code: e.Code(), Type: e.Type(), State: e.State(), Usable: true}
		line.NextDue, _ = e.NextDue()
		if oos, ok := e.Usable(to).(*OutOfServiceError); ok {
			line.Usable, line.Reason, line.Since = false, oos.Reason, oos.Since
		}
		sum.Equipment = append(sum.Equipment, line)
	})
	if err != nil {
		return Summary{}, err
	}
	slices.SortFunc(sum.Equipment, func(a, b EquipmentLine) int { return compareStrings(a.Code, b.Code) })
	err = each(func(after uuid.UUID, n int) ([]*Inspection, error) {
		return s.repo.ListInspections(ctx, d, InspectionFilter{From: from, Before: to, After: after, Limit: n})
	}, func(ins *Inspection) {
		sum.Inspections[ins.kind]++
		line := InspectionLine{Code: ins.code, Kind: ins.kind, PerformedAt: ins.performedAt, DueAt: ins.dueAt, Failed: ins.FailedItems()}
		if late, ok := ins.Late(); ok {
			line.Late = Duration(late)
			sum.Late = append(sum.Late, line)
		}
		if !ins.passed {
			sum.Failed = append(sum.Failed, line)
		}
	})
	if err != nil {
		return Summary{}, err
	}
	err = each(func(after uuid.UUID, n int) ([]*AreaCheck, error) {
		return s.repo.ListAreaChecks(ctx, d, AreaCheckFilter{From: from, Before: to, After: after, Limit: n})
	}, func(c *AreaCheck) {
		sum.Findings.Checks++
		for _, f := range c.findings {
			sum.Findings.Total++
			sum.Findings.BySeverity[f.Severity]++
			switch {
			case f.Closed() && f.VerifiedAt.Before(to):
				sum.Findings.Closed++
			default:
				sum.Findings.Open++
				if f.CorrectedAt.IsZero() || !f.CorrectedAt.Before(to) {
					sum.Findings.Uncorrected++
					if !f.Due.After(to) {
						sum.Findings.Overdue++
					}
				}
			}
		}
	})
	if err != nil {
		return Summary{}, err
	}
	err = each(func(after uuid.UUID, n int) ([]*Incident, error) {
		return s.repo.ListIncidents(ctx, d, IncidentFilter{From: from, Before: to, After: after, Limit: n})
	}, func(inc *Incident) {
		c := &sum.Incidents
		c.Total++
		c.ByClass[inc.Class()]++
		if st := inc.StatutoryClass(); st != 0 {
			c.ByStatutory[st]++
		}
		c.ByState[inc.state]++
		if len(inc.related) > 0 {
			c.Repeats++
		}
		for _, a := range inc.actions {
			if !a.Effective {
				c.OpenActions++
			}
		}
	})
	if err != nil {
		return Summary{}, err
	}
	err = each(func(after uuid.UUID, n int) ([]*Drill, error) {
		return s.repo.ListDrills(ctx, d, DrillFilter{From: from, Before: to, After: after, Limit: n})
	}, func(dr *Drill) {
		sum.Drills++
		sum.Participants += len(dr.participants)
	})
	if err != nil {
		return Summary{}, err
	}
	if sum.Compliance, err = s.DrillCompliance(ctx, actor, to); err != nil {
		return Summary{}, err
	}
	return sum, nil
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
