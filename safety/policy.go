package safety

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
)

// Duration is a length of time in a policy file and in JSON: Go's syntax ("720h") or, when
// reading, whole days ("30d" is 720h).
type Duration time.Duration

// D returns d as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// String is Go's form (720h0m0s).
func (d Duration) String() string { return time.Duration(d).String() }

// MarshalText implements encoding.TextMarshaler.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Duration) UnmarshalText(b []byte) error {
	s := strings.TrimSpace(string(b))
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseInt(days, 10, 32)
		// §9: a day count whose hours overflow a time.Duration ("213504d" would read as 25
		// minutes, "106752d" as a negative span) is refused, not wrapped.
		if err != nil || n < 0 || n > dealerkit.MaxPolicyDays {
			return fmt.Errorf("safety: bad duration %q: want Go syntax such as 720h or whole days from 0d to %dd", s, dealerkit.MaxPolicyDays)
		}
		*d = Duration(time.Duration(n) * 24 * time.Hour)
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("safety: bad duration %q: want Go syntax such as 720h or whole days such as 30d", s)
	}
	*d = Duration(v)
	return nil
}

func days(n int) Duration { return Duration(time.Duration(n) * 24 * time.Hour) }

// Policy is a dealer's safety rules (§8). It is versioned (§9): hold it in a dealerkit.Table and
// load files with ParsePolicy. Each rule reads the version in force at the time of the event it
// judges: an inspection's plan and next due date come from the version in force when it was
// performed, a registration's first due dates from the version in force at commissioning time,
// an area check's checklist from the version in force when it was done, drill compliance from
// the version in force at the time asked about. DefaultPolicy documents the defaults.
type Policy struct {
	// Equipment gives each equipment type its pre-use checklist and periodic plan (§8.2). A type
	// not listed has no plan: it is never overdue, and only its statutory inspection (if any)
	// and failed inspections take it out of service.
	Equipment map[EquipmentType]EquipmentPlan `json:"equipment"`
	// Statutory is the outside inspection the law requires of some equipment (§8.2): pressure
	// vessels such as a compressor's air receiver. It applies to equipment registered with
	// Statutory set, and always to the types in Statutory.Types.
	Statutory StatutoryPlan `json:"statutory"`
	// Areas gives each area of the service area its checklist (§8.1).
	Areas map[Area][]string `json:"areas"`
	// Drills are the emergency drills the dealer must hold and how often (§8.4).
	Drills []DrillRequirement `json:"drills"`
	// RepeatWindow: an incident on the same equipment or in the same area within this time of an
	// earlier one is linked to it as a repeat (§8.3).
	RepeatWindow Duration `json:"repeat_window"`
}

// EquipmentPlan is one equipment type's inspection plan (§8.2).
type EquipmentPlan struct {
	// PreUse is the checklist a technician goes through before using the equipment. It has no
	// due date; a failed pre-use check takes the equipment out of service like any other.
	PreUse []string `json:"pre_use"`
	// Periodic is the dealer's own regular check; Every 0 means the type has none.
	Periodic PeriodicPlan `json:"periodic"`
}

// PeriodicPlan is a regular check: its interval and checklist.
type PeriodicPlan struct {
	Every     Duration `json:"every"`
	Checklist []string `json:"checklist"`
}

// StatutoryPlan is the statutory inspection of pressure equipment (§8.2, TSG 21 for pressure
// vessels): the first inspection within FirstWithin of commissioning, then at an interval set by
// the safety grade (安全状况等级) the last inspection gave. A grade with no interval (grade 5 by
// default) may not be used: the inspection counts as failed.
type StatutoryPlan struct {
	Types       []EquipmentType  `json:"types"`
	FirstWithin Duration         `json:"first_within"`
	ByGrade     map[int]Duration `json:"by_grade"`
	Checklist   []string         `json:"checklist"`
}

// DrillRequirement is a drill the dealer must hold at least once every Every: a drill of any of
// Kinds meets it (§8.4).
type DrillRequirement struct {
	Name  string      `json:"name"`
	Kinds []DrillKind `json:"kinds"`
	Every Duration    `json:"every"`
}

// DefaultPolicy returns the library's defaults:
//   - lifts, air compressors and receivers, battery lifting tables and fire extinguishers are
//     checked monthly (30 days); tyre changers, wheel balancers and A/C recovery machines
//     quarterly (90 days); alignment rigs every half year (182 days); EV insulation testers are
//     calibrated yearly (365 days); lifts and tyre changers have a pre-use checklist;
//   - air receivers are pressure vessels: first statutory inspection within 3 years (1095 days)
//     of commissioning, then every 6 years at grades 1 and 2, every 3 years at grade 3, yearly
//     at grade 4 (monitored use), and no use at grade 5;
//   - each area has a checklist of four or five items;
//   - a comprehensive or special drill once a year (365 days) and an on-site drill every half
//     year (182 days);
//   - incidents within 90 days on the same equipment or area are linked as repeats.
func DefaultPolicy() Policy {
	lift := []string{"arm_locks_engage", "safety_catches_work", "no_hydraulic_leaks", "lifting_pads_intact"}
	liftPeriodic := []string{"arm_locks_engage", "safety_catches_work", "no_hydraulic_leaks", "cables_and_pulleys_sound", "anchor_bolts_tight", "load_label_legible"}
	monthly := func(items ...string) PeriodicPlan { return PeriodicPlan{Every: days(30), Checklist: items} }
	return Policy{
		Equipment: map[EquipmentType]EquipmentPlan{
			TypeTwoPostLift:        {PreUse: lift, Periodic: monthly(liftPeriodic...)},
			TypeFourPostLift:       {PreUse: lift, Periodic: monthly(liftPeriodic...)},
			TypeAirCompressor:      {Periodic: monthly("guards_in_place", "pressure_switch_cuts_out", "no_air_leaks")},
			TypeAirReceiver:        {Periodic: monthly("condensate_drained", "safety_valve_tested", "gauge_reads_zero_when_vented")},
			TypeTyreChanger:        {PreUse: []string{"clamps_hold", "pedals_return"}, Periodic: PeriodicPlan{Every: days(90), Checklist: []string{"clamps_hold", "bead_breaker_sound", "guards_in_place"}}},
			TypeWheelBalancer:      {Periodic: PeriodicPlan{Every: days(90), Checklist: []string{"hood_interlock_works", "calibration_checked"}}},
			TypeAlignmentRig:       {Periodic: PeriodicPlan{Every: days(182), Checklist: []string{"calibration_checked", "turntables_free", "ramps_secure"}}},
			TypeACRecoveryMachine:  {Periodic: PeriodicPlan{Every: days(90), Checklist: []string{"hoses_sound", "scale_calibrated", "no_refrigerant_leaks"}}},
			TypeEVInsulationTester: {Periodic: PeriodicPlan{Every: days(365), Checklist: []string{"calibration_certificate_valid", "leads_insulated"}}},
			TypeBatteryLiftTable:   {Periodic: monthly("locks_hold", "insulated_top_intact", "hydraulics_sound")},
			TypeFireExtinguisher:   {Periodic: monthly("pressure_in_green", "seal_and_pin_intact", "accessible_and_signed")},
		},
		Statutory: StatutoryPlan{
			Types:       []EquipmentType{TypeAirReceiver},
			FirstWithin: days(3 * 365),
			ByGrade:     map[int]Duration{1: days(6 * 365), 2: days(6 * 365), 3: days(3 * 365), 4: days(365)},
			Checklist:   []string{"shell_and_welds", "safety_valve_certified", "pressure_gauge_certified", "documents_complete"},
		},
		Areas: map[Area][]string{
			AreaWorkshopFloor:  {"floor_clear_and_dry", "walkways_marked", "extinguishers_in_place", "exits_unobstructed", "ppe_worn"},
			AreaCustomerLounge: {"exits_unobstructed", "no_workshop_access", "electrics_safe", "first_aid_kit_stocked"},
			AreaPartsStore:     {"racking_stable", "heavy_items_low", "aisles_clear", "oils_stored_safely"},
			AreaPaintBooth:     {"ventilation_working", "no_ignition_sources", "solvents_stored", "respirators_available"},
			AreaBatteryStore:   {"ventilation_working", "spill_kit_present", "eye_wash_available", "batteries_isolated"},
		},
		Drills: []DrillRequirement{
			{Name: "comprehensive_or_special", Kinds: []DrillKind{DrillComprehensive, DrillSpecial}, Every: days(365)},
			{Name: "on_site", Kinds: []DrillKind{DrillOnSite}, Every: days(182)},
		},
		RepeatWindow: days(90),
	}
}

// ParsePolicy reads a policy history (dealerkit.ParseVersions) and validates every version.
func ParsePolicy(data []byte) (dealerkit.Versions[Policy], error) {
	return dealerkit.ParseVersions(data, Policy.Validate)
}

// Validate checks the policy: known types, areas and kinds, intervals not negative, drill and
// statutory intervals positive, no period beyond dealerkit.MaxPolicyDays, checklists of distinct
// non-empty items, grades 1 to 5.
func (p Policy) Validate() error {
	var v dealerkit.ValidationError
	for _, t := range sortedKeys(p.Equipment) {
		plan := p.Equipment[t]
		f := "equipment[" + t.String() + "]"
		if !t.Valid() {
			v.AddCode(f, t.String(), dealerkit.ReasonUnknownValue, "unknown equipment type")
		}
		checkList(&v, f+".pre_use", plan.PreUse, false)
		if plan.Periodic.Every < 0 {
			v.AddCode(f+".periodic.every", plan.Periodic.Every.String(), dealerkit.ReasonNegative, "must not be negative")
		}
		bounded(&v, f+".periodic.every", plan.Periodic.Every)
		checkList(&v, f+".periodic.checklist", plan.Periodic.Checklist, plan.Periodic.Every > 0)
	}
	st := p.Statutory
	for i, t := range st.Types {
		if !t.Valid() {
			v.AddCode(fmt.Sprintf("statutory.types[%d]", i), t.String(), dealerkit.ReasonUnknownValue, "unknown equipment type")
		}
	}
	if st.FirstWithin <= 0 {
		v.AddCode("statutory.first_within", st.FirstWithin.String(), dealerkit.ReasonNotPositive, "must be positive")
	}
	bounded(&v, "statutory.first_within", st.FirstWithin)
	for g, d := range st.ByGrade {
		if g < 1 || g > 5 {
			v.AddCode("statutory.by_grade", strconv.Itoa(g), dealerkit.ReasonOutOfRange, "grades run from 1 to 5")
		}
		if d <= 0 {
			v.AddCode(fmt.Sprintf("statutory.by_grade[%d]", g), d.String(), dealerkit.ReasonNotPositive, "must be positive")
		}
		bounded(&v, fmt.Sprintf("statutory.by_grade[%d]", g), d)
	}
	checkList(&v, "statutory.checklist", st.Checklist, true)
	for _, a := range sortedKeys(p.Areas) {
		f := "areas[" + a.String() + "]"
		if !a.Valid() {
			v.AddCode(f, a.String(), dealerkit.ReasonUnknownValue, "unknown area")
		}
		checkList(&v, f, p.Areas[a], true)
	}
	names := map[string]bool{}
	for i, d := range p.Drills {
		f := fmt.Sprintf("drills[%d]", i)
		if strings.TrimSpace(d.Name) == "" {
			v.Required(f + ".name")
		} else if names[d.Name] {
			v.AddCode(f+".name", d.Name, dealerkit.ReasonDuplicate, "two drill requirements share a name")
		}
		names[d.Name] = true
		if len(d.Kinds) == 0 {
			v.Required(f + ".kinds")
		}
		for _, k := range d.Kinds {
			if !k.Valid() {
				v.AddCode(f+".kinds", k.String(), dealerkit.ReasonUnknownValue, "unknown drill kind")
			}
		}
		if d.Every <= 0 {
			v.AddCode(f+".every", d.Every.String(), dealerkit.ReasonNotPositive, "must be positive")
		}
		bounded(&v, f+".every", d.Every)
	}
	if p.RepeatWindow < 0 {
		v.AddCode("repeat_window", p.RepeatWindow.String(), dealerkit.ReasonNegative, "must not be negative")
	}
	bounded(&v, "repeat_window", p.RepeatWindow)
	return v.Err()
}

// bounded refuses a period longer than dealerkit.MaxPolicyDays (§9): ten years is beyond any
// inspection or drill interval, and a due date a period away then never overflows.
func bounded(v *dealerkit.ValidationError, field string, d Duration) {
	if d > Duration(dealerkit.MaxPolicyDays*24*time.Hour) {
		v.AddCode(field, d.String(), dealerkit.ReasonOutOfRange, fmt.Sprintf("must be at most %dd", dealerkit.MaxPolicyDays))
	}
}

func checkList(v *dealerkit.ValidationError, field string, items []string, required bool) {
	if required && len(items) == 0 {
		v.Required(field)
	}
	seen := map[string]bool{}
	for i, it := range items {
		f := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case strings.TrimSpace(it) == "":
			v.Required(f)
		case len(it) > maxCode:
			v.AddCode(f, it, dealerkit.ReasonTooLong, fmt.Sprintf("at most %d bytes", maxCode))
		case seen[it]:
			v.AddCode(f, it, dealerkit.ReasonDuplicate, "listed twice")
		}
		seen[it] = true
	}
	v.CheckText(field, items)
}

func sortedKeys[K interface {
	~uint8
	String() string
}, V any](m map[K]V) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// statutory reports whether equipment of type t registered with the flag needs the statutory
// inspection.
func (p Policy) statutory(t EquipmentType, flagged bool) bool {
	return flagged || slices.Contains(p.Statutory.Types, t)
}

// checklist returns the checklist of plan kind for equipment of type t, and whether that plan
// applies to it.
func (p Policy) checklist(t EquipmentType, kind InspectionKind, statutory bool) ([]string, bool) {
	switch kind {
	case InspectionPreUse:
		l := p.Equipment[t].PreUse
		return l, len(l) > 0
	case InspectionPeriodic:
		pp := p.Equipment[t].Periodic
		return pp.Checklist, pp.Every > 0
	case InspectionStatutory:
		return p.Statutory.Checklist, statutory
	}
	return nil, false
}
