package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/safety"
)

// The safety side of the month (§8): the workshop's equipment register, whose inspections keep
// the lifts and tools in service for dispatch, weekly area checks, an incident and a near miss,
// and an on-site drill. What happens is scripted on fixed days of the month, not drawn at random,
// so every seed shows each part; the one random effect is the work the jobs bring.

// equipmentSpec is a piece of the workshop's equipment. dueDay is the day of the month, counted
// from the 1st, its periodic check falls due (at 10:00), which the pre-month inspection sets up.
type equipmentSpec struct {
	code  string
	typ   safety.EquipmentType
	where string
	// dueDay: the day of the month its periodic check falls due; late: the check is done that
	// many business days late (the lift of the story); fail: the check fails this item once.
	dueDay int
	late   int
	fail   string
}

// overdueLift is the lift whose monthly check the workshop lets slip (the story of §8.2): its
// check falls due on the first business day from the 14th and is done two business days late, so
// jobs that need it are refused at dispatch in between.
const overdueLift = "LIFT-4"

var equipmentSpecs = []equipmentSpec{
	{code: "LIFT-1", typ: safety.TypeTwoPostLift, where: "bay 1", dueDay: 3},
	{code: "LIFT-2", typ: safety.TypeTwoPostLift, where: "bay 2", dueDay: 10},
	{code: "LIFT-3", typ: safety.TypeTwoPostLift, where: "bay 3", dueDay: 24},
	{code: overdueLift, typ: safety.TypeFourPostLift, where: "bay 4 (drivetrain)", dueDay: 14, late: 2},
	{code: "TC-1", typ: safety.TypeTyreChanger, where: "tyre bay", dueDay: 21},
	{code: "AC-1", typ: safety.TypeACRecoveryMachine, where: "bay 5", dueDay: 45},
	{code: "EVT-1", typ: safety.TypeEVInsulationTester, where: "HV tool cabinet", dueDay: 200},
	{code: "COMP-1", typ: safety.TypeAirCompressor, where: "compressor room", dueDay: 12},
	{code: "AIR-1", typ: safety.TypeAirReceiver, where: "compressor room", dueDay: 12},
	{code: "EXT-1", typ: safety.TypeFireExtinguisher, where: "workshop door", dueDay: 7},
	{code: "EXT-2", typ: safety.TypeFireExtinguisher, where: "paint booth", dueDay: 7, fail: "pressure_in_green"},
	{code: "EXT-3", typ: safety.TypeFireExtinguisher, where: "parts store", dueDay: 7},
}

// jobEquipment maps the scenarios' equipment to what repair-order lines name: any two-post lift,
// or one piece by its code.
var jobEquipment = map[string][]string{
	"lift":         {safety.TypePrefix + safety.TypeTwoPostLift.String()},
	"ac-station":   {"AC-1"},
	"hv-tools":     {"EVT-1"},
	"tyre-changer": {"TC-1"},
	"gearbox-lift": {overdueLift},
}

func equipmentFor(names []string) []string {
	var out []string
	for _, n := range names {
		out = append(out, jobEquipment[n]...)
	}
	return out
}

// safetySide is the simulation's safety state.
type safetySide struct {
	ss      *safety.Service
	blocked []*job // jobs dispatch refused for equipment out of service, waiting for it
	refusal []string
}

type safetyStats struct {
	Refused     int // dispatches refused for equipment out of service (§8.2)
	Inspections int
	Failed      int
	Checks      int
	Incidents   int
	Drills      int
}

// dayAt is hour:minute local on the day of the month (1-based).
func (s *sim) dayAt(day, hour, minute int) time.Time {
	d := s.start.AddDate(0, 0, day-1)
	return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, local)
}

// businessDayFrom is the first business day at or after t's day, at t's time of day.
func businessDayFrom(t time.Time) time.Time {
	for !isBusinessDay(t) {
		t = t.AddDate(0, 0, 1)
	}
	return t
}

// setupSafety registers the equipment, records each piece's last inspection before the month so
// its next check falls due on its day, holds last autumn's special drill, and schedules the
// month's safety events.
func (s *sim) setupSafety(ctx context.Context) error {
	saved := s.clock
	defer func() { s.clock = saved }()
	s.clock = s.start
	tech := s.techs[0].actor
	commissioned := s.start.AddDate(-2, 0, 0)
	for _, sp := range equipmentSpecs {
		in := safety.EquipmentInput{Code: sp.code, Type: sp.typ, Location: sp.where, Serial: "SN-" + sp.code, Commissioned: commissioned}
		if sp.typ == safety.TypeAirReceiver {
			in.Grade = 2
		}
		if _, err := s.ss.RegisterEquipment(ctx, s.manager.actor, in); err != nil {
			return fmt.Errorf("register %s: %w", sp.code, err)
		}
		due := s.dueOf(sp)
		every := safety.DefaultPolicy().Equipment[sp.typ].Periodic.Every.D()
		if err := s.inspectEquipment(ctx, tech, sp, due.Add(-every), false); err != nil {
			return err
		}
		when := lastBusinessDayBefore(due).Add(30 * time.Minute) // the day before it falls due
		if sp.late > 0 {
			when = due
			for range sp.late {
				when = nextOpening(when)
			}
			when = when.Add(5*time.Hour + 30*time.Minute) // 14:00, days late
		}
		if when.Before(s.end) {
			s.at(when, func(ctx context.Context) error { return s.monthlyCheck(ctx, sp) })
		}
	}
	_, err := s.ss.HoldDrill(ctx, s.manager.actor, safety.DrillInput{Kind: safety.DrillSpecial, Scenario: "refrigerant leak in bay 5",
		HeldAt: s.start.AddDate(0, -5, 0), Leader: s.manager.actor.Staff(), Participants: s.everyone()})
	if err != nil {
		return fmt.Errorf("last special drill: %w", err)
	}
	s.scheduleSafety()
	return nil
}

// scheduleChecks plans, for a month after the first, each piece's periodic check on the business
// day before it falls due (or at the month's first opening if that day has passed), done on time
// and passed: the late lift and the failed extinguisher are the first month's story.
func (s *sim) scheduleChecks(ctx context.Context) error {
	for _, sp := range equipmentSpecs {
		eq, err := s.ss.EquipmentByCode(ctx, s.manager.actor, sp.code)
		if err != nil {
			return fmt.Errorf("equipment %s: %w", sp.code, err)
		}
		due := time.Time{}
		for _, d := range eq.Dues() {
			if d.Kind == safety.InspectionPeriodic {
				due = d.At
			}
		}
		if due.IsZero() || !due.Before(s.end.AddDate(0, 0, 1)) {
			continue
		}
		when := lastBusinessDayBefore(due).Add(30 * time.Minute)
		if when.Before(s.start) {
			when = opening(businessDayFrom(s.start))
		}
		onTime := equipmentSpec{code: sp.code, typ: sp.typ}
		s.at(when, func(ctx context.Context) error { return s.monthlyCheck(ctx, onTime) })
	}
	return nil
}

func (s *sim) dueOf(sp equipmentSpec) time.Time {
	due := s.dayAt(sp.dueDay, 10, 0)
	if sp.late > 0 {
		due = businessDayFrom(due)
	}
	return due
}

func (s *sim) everyone() []dealerkit.StaffID {
	var out []dealerkit.StaffID
	for _, a := range s.advisors {
		out = append(out, a.actor.Staff())
	}
	for _, t := range s.techs {
		out = append(out, t.actor.Staff())
	}
	for _, p := range append(append([]person(nil), s.inspectors...), s.clerks...) {
		out = append(out, p.actor.Staff())
	}
	return out
}

// inspectEquipment records a periodic check of sp at at; failing, it fails sp.fail.
func (s *sim) inspectEquipment(ctx context.Context, by dealerkit.Actor, sp equipmentSpec, at time.Time, failing bool) error {
	list := safety.DefaultPolicy().Equipment[sp.typ].Periodic.Checklist
	items := make([]safety.ItemResult, len(list))
	for i, it := range list {
		items[i] = safety.ItemResult{Item: it, Pass: !(failing && it == sp.fail)}
		if !items[i].Pass {
			items[i].Note = "gauge in the red"
		}
	}
	ins, err := s.ss.RecordInspection(ctx, by, safety.InspectionInput{Equipment: sp.code, Kind: safety.InspectionPeriodic,
		PerformedAt: at, Inspector: by.Staff(), Items: items, Evidence: []string{"checklist/" + sp.code + "/" + at.In(local).Format("20060102")}})
	if err != nil {
		return fmt.Errorf("inspect %s: %w", sp.code, err)
	}
	if !at.Before(s.start) {
		s.stats.Safety.Inspections++
		if !ins.Passed() {
			s.stats.Safety.Failed++
		}
	}
	return nil
}

// monthlyCheck: a technician does the periodic check; an extinguisher low on pressure fails, is
// recharged and passes the next morning. Jobs waiting for the equipment are dispatched again.
func (s *sim) monthlyCheck(ctx context.Context, sp equipmentSpec) error {
	tech := s.techs[1].actor
	if err := s.inspectEquipment(ctx, tech, sp, s.clock, sp.fail != ""); err != nil {
		return err
	}
	if sp.fail != "" {
		eq, err := s.ss.EquipmentByCode(ctx, s.manager.actor, sp.code)
		if err != nil {
			return err
		}
		s.at(s.clock.Add(3*time.Hour), func(ctx context.Context) error {
			if err := s.ss.RecordRepair(ctx, tech, eq.ID(), safety.RepairInput{RepairedAt: s.clock, Note: "recharged by the supplier"}); err != nil {
				return err
			}
			s.at(nextOpening(s.clock).Add(30*time.Minute), func(ctx context.Context) error {
				return s.inspectEquipment(ctx, s.inspectors[0].actor, equipmentSpec{code: sp.code, typ: sp.typ}, s.clock, false)
			})
			return nil
		})
	}
	return s.releaseBlocked(ctx)
}

// refusedForSafety records a dispatch refused because equipment is out of service (§8.2) and
// parks the job until the equipment passes its inspection.
func (s *sim) refusedForSafety(j *job, err error) bool {
	if !errors.Is(err, aftersales.ErrEquipmentOutOfUse) {
		return false
	}
	s.stats.Safety.Refused++
	var oos *safety.OutOfServiceError
	if errors.As(err, &oos) {
		s.refusal = append(s.refusal, fmt.Sprintf("%s %s: %s %s (%s) since %s", s.clock.In(local).Format("Jan 2 15:04"), j.v.number,
			oos.Equipment, oos.Reason, oos.Kind, oos.Since.In(local).Format("Jan 2 15:04")))
	}
	s.blocked = append(s.blocked, j)
	return true
}

// releaseBlocked dispatches the parked jobs again; those still refused are parked again.
func (s *sim) releaseBlocked(ctx context.Context) error {
	blocked := s.blocked
	s.blocked = nil
	for _, j := range blocked {
		if err := s.dispatch(ctx, j); err != nil {
			return err
		}
	}
	return nil
}

// scheduleSafety scripts the month: the weekly area check of the workshop floor (one finds oil,
// corrected and verified; the battery store's eye wash is found empty late in the month and its
// correction not yet verified at the end), a customer brings a clutch job while the gearbox lift
// is overdue, a technician slips (first aid) and later the lift's ramp swings (a near miss), and
// the half-yearly on-site drill.
func (s *sim) scheduleSafety() {
	mondays := 0
	for d := s.start; d.Before(s.end); d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Monday || !isBusinessDay(d) {
			continue
		}
		mondays++
		week, at := mondays, opening(d).Add(time.Hour)
		s.at(at, func(ctx context.Context) error { return s.areaCheck(ctx, safety.AreaWorkshopFloor, week == 2) })
	}
	s.at(businessDayFrom(s.dayAt(26, 16, 0)), func(ctx context.Context) error { return s.areaCheck(ctx, safety.AreaBatteryStore, true) })
	s.at(businessDayFrom(s.dayAt(3, 16, 0)), func(ctx context.Context) error { return s.areaCheck(ctx, safety.AreaCustomerLounge, false) })
	for _, sp := range equipmentSpecs {
		if sp.code == overdueLift {
			s.at(s.dueOf(sp).Add(time.Hour), s.clutchWalkIn)
			s.at(nextOpening(s.dueOf(sp)).AddDate(0, 0, 2).Add(2*time.Hour), s.nearMiss)
		}
	}
	s.at(businessDayFrom(s.dayAt(8, 15, 0)), s.slip)
	s.at(businessDayFrom(s.dayAt(22, 16, 0)), s.drill)
}

// clutchWalkIn: a customer with a slipping clutch arrives an hour after the gearbox lift fell due.
func (s *sim) clutchWalkIn(ctx context.Context) error {
	serial := 9001
	if s.month > 0 {
		serial = 9_000_000 + s.month // a new car each month, clear of the arrivals' serials
	}
	v, err := s.newVehicle(serial)
	if err != nil {
		return err
	}
	v.model = models[0] // a combustion car: the clutch job applies
	for i := range scenarios {
		if scenarios[i].code == "drivetrain.clutch" {
			return s.arrive(&visit{vehicle: v, sc: &scenarios[i]})(ctx)
		}
	}
	return fmt.Errorf("no clutch scenario")
}

func (s *sim) areaCheck(ctx context.Context, area safety.Area, finds bool) error {
	list := safety.DefaultPolicy().Areas[area]
	in := safety.AreaCheckInput{Area: area, CheckedAt: s.clock, Checker: s.manager.actor.Staff()}
	failed := ""
	if finds {
		failed = list[0]
		if area == safety.AreaBatteryStore {
			failed = "eye_wash_available"
		}
	}
	for _, it := range list {
		in.Items = append(in.Items, safety.ItemResult{Item: it, Pass: it != failed})
	}
	owner := s.techs[2]
	if finds {
		f := safety.FindingInput{Item: failed, Severity: safety.SeverityMedium, Description: "coolant on the floor of bay 2",
			Action: "absorb, clean, fix the drip tray", Owner: owner.actor.Staff(), Due: s.clock.Add(24 * time.Hour)}
		if area == safety.AreaBatteryStore {
			owner = s.techs[1]
			f = safety.FindingInput{Item: failed, Severity: safety.SeverityHigh, Description: "eye wash bottle empty",
				Action: "refill and add to the weekly check", Owner: owner.actor.Staff(), Due: s.clock.Add(72 * time.Hour)}
		}
		in.Findings = []safety.FindingInput{f}
	}
	c, err := s.ss.RecordAreaCheck(ctx, s.manager.actor, in)
	if err != nil {
		return fmt.Errorf("area check %s: %w", area, err)
	}
	s.stats.Safety.Checks++
	if !finds {
		return nil
	}
	id := c.Findings()[0].ID
	s.at(s.clock.Add(3*time.Hour), func(ctx context.Context) error {
		if err := s.ss.CorrectFinding(ctx, owner.actor, c.ID(), id, "done"); err != nil {
			return err
		}
		if area == safety.AreaBatteryStore {
			return nil // verified next month
		}
		s.at(nextOpening(s.clock).Add(2*time.Hour), func(ctx context.Context) error {
			return s.ss.VerifyFinding(ctx, s.inspectors[0].actor, c.ID(), id, safety.VerifyInput{Closed: true, Note: "floor dry"})
		})
		return nil
	})
	return nil
}

// slip: the apprentice slips on coolant (first aid); the manager investigates, sets a corrective
// and a preventive action, the inspector finds both effective and the incident is closed.
func (s *sim) slip(ctx context.Context) error {
	apprentice := s.techs[3]
	inc, err := s.ss.ReportIncident(ctx, apprentice.actor, safety.IncidentInput{OccurredAt: s.clock.Add(-20 * time.Minute),
		Area: safety.AreaWorkshopFloor, Location: "bay 2", Description: "slipped on coolant while walking round the car",
		Injuries: "grazed palm, cleaned and dressed", Injured: 1, Class: safety.ClassFirstAid, People: []dealerkit.StaffID{apprentice.actor.Staff()}})
	if err != nil {
		return fmt.Errorf("report slip: %w", err)
	}
	s.stats.Safety.Incidents++
	id := inc.ID()
	s.at(nextOpening(s.clock).Add(time.Hour), func(ctx context.Context) error {
		if err := s.ss.InvestigateIncident(ctx, s.manager.actor, id, safety.InvestigationInput{RootCause: "coolant drained without a drip tray",
			Class: safety.ClassFirstAid}); err != nil {
			return err
		}
		fix, err := s.ss.AddIncidentAction(ctx, s.manager.actor, id, safety.ActionInput{Kind: safety.ActionCorrective,
			Description: "drip trays at every bay", Owner: apprentice.actor.Staff(), Due: s.clock.Add(48 * time.Hour)})
		if err != nil {
			return err
		}
		prevent, err := s.ss.AddIncidentAction(ctx, s.manager.actor, id, safety.ActionInput{Kind: safety.ActionPreventive,
			Description: "spills on the daily floor round", Owner: s.manager.actor.Staff(), Due: s.clock.Add(7 * 24 * time.Hour)})
		if err != nil {
			return err
		}
		s.at(s.clock.Add(5*time.Hour), func(ctx context.Context) error {
			if err := s.ss.CompleteIncidentAction(ctx, apprentice.actor, id, fix, "trays placed"); err != nil {
				return err
			}
			return s.ss.CompleteIncidentAction(ctx, s.manager.actor, id, prevent, "round briefed")
		})
		s.at(nextOpening(nextOpening(s.clock)).Add(3*time.Hour), func(ctx context.Context) error {
			if err := s.ss.CheckIncidentAction(ctx, s.inspectors[0].actor, id, fix, safety.VerifyInput{Closed: true}); err != nil {
				return err
			}
			if err := s.ss.CheckIncidentAction(ctx, s.inspectors[0].actor, id, prevent, safety.VerifyInput{Closed: true}); err != nil {
				return err
			}
			return s.ss.CloseIncident(ctx, s.manager.actor, id)
		})
		return nil
	})
	return nil
}

// nearMiss: the gearbox lift's ramp swings as a car is driven on; nobody is hurt. It is linked to
// the slip in the same area; its action is done but not yet checked at the month's end.
func (s *sim) nearMiss(ctx context.Context) error {
	tech := s.techs[4]
	inc, err := s.ss.ReportIncident(ctx, tech.actor, safety.IncidentInput{OccurredAt: s.clock.Add(-10 * time.Minute),
		Area: safety.AreaWorkshopFloor, Location: "bay 4", Description: "ramp swung as a car was driven on",
		Equipment: []string{overdueLift}, Class: safety.ClassNearMiss, People: []dealerkit.StaffID{tech.actor.Staff()}})
	if err != nil {
		return fmt.Errorf("report near miss: %w", err)
	}
	s.stats.Safety.Incidents++
	id := inc.ID()
	s.at(s.clock.Add(2*time.Hour), func(ctx context.Context) error {
		if err := s.ss.InvestigateIncident(ctx, s.manager.actor, id, safety.InvestigationInput{RootCause: "ramp lock not engaged",
			Class: safety.ClassNearMiss}); err != nil {
			return err
		}
		action, err := s.ss.AddIncidentAction(ctx, s.manager.actor, id, safety.ActionInput{Kind: safety.ActionCorrective,
			Description: "ramp lock on the pre-use checklist", Owner: tech.actor.Staff(), Due: s.clock.Add(5 * 24 * time.Hour)})
		if err != nil {
			return err
		}
		s.at(nextOpening(s.clock).Add(time.Hour), func(ctx context.Context) error {
			return s.ss.CompleteIncidentAction(ctx, tech.actor, id, action, "checklist updated")
		})
		return nil
	})
	return nil
}

// drill: the half-yearly on-site fire evacuation, with a finding closed three days later.
func (s *sim) drill(ctx context.Context) error {
	d, err := s.ss.HoldDrill(ctx, s.manager.actor, safety.DrillInput{Kind: safety.DrillOnSite, Scenario: "fire in the paint booth, evacuation",
		HeldAt: s.clock, Leader: s.manager.actor.Staff(), Participants: s.everyone(),
		Findings: []safety.DrillFindingInput{{Description: "two technicians went back for their phones", Action: "brief: leave everything",
			Owner: s.manager.actor.Staff(), Due: s.clock.Add(7 * 24 * time.Hour)}}})
	if err != nil {
		return fmt.Errorf("drill: %w", err)
	}
	s.stats.Safety.Drills++
	s.at(s.clock.Add(72*time.Hour), func(ctx context.Context) error {
		return s.ss.CloseDrillFinding(ctx, s.manager.actor, d.ID(), d.Findings()[0].ID, "briefed at the morning meeting")
	})
	return nil
}
