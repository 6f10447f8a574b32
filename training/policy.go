package training

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/dealerkit/dealerkit"
)

// Policy is a dealer's training rules (§7, §8.4, §9): the certificate types and how long each is
// valid, which certificates each skill needs, what shop-floor work needs, when certificates are
// flagged for renewal, how often courses are retaken and the career ladder. It is versioned: hold
// it in a dealerkit.Table; a certificate takes its validity from the version in force when it is
// issued, and a dispatch, a plan and a ladder check read the version in force at their time.
// DefaultPolicy documents every default; Validate reports every bad field; ParsePolicy reads the
// JSON form.
type Policy struct {
	// CertificateTypes declares every certificate a course may issue or a staff member may hold,
	// by type code (statutory.electrician), with its kind and validity.
	CertificateTypes map[string]CertificateType `json:"certificate_types"`
	// Skills maps a skill a job may need (ev.high_voltage) to the certificate types a technician
	// must hold, all valid at the job's time (§3.3, §4.2.2).
	Skills map[string][]string `json:"skills"`
	// ShopFloor is what every shop-floor job needs, whatever its skill: valid safety training
	// (§8.4). An empty skill asks for this alone.
	ShopFloor []string `json:"shop_floor"`
	// ExpiryWarningDays are the windows in which an expiring certificate (or a statutory review
	// falling due) is listed so a renewal can be booked; default 90 and 30.
	ExpiryWarningDays []int `json:"expiry_warning_days"`
	// RetakeMonths is, per subject, how long a pass stays current before the course must be taken
	// again; 0 or absent means once is enough. A plan item's own interval wins. Default: safety
	// 12 months.
	RetakeMonths map[Subject]int `json:"retake_months"`
	// GradeOrder lists the appraisal grades from worst to best, so a rung's "at or above" can be
	// judged (§6.3, §7.4). Default D, C, B, A.
	GradeOrder []string `json:"grade_order"`
	// Tracks are the career ladders (§7.4), each rung above the first with its requirements.
	Tracks []Track `json:"tracks"`
}

// CertificateType is one kind of certificate: who stands behind it, how long it is valid and,
// for statutory ones, how often it must be reviewed (复审). A lapsed review suspends it.
type CertificateType struct {
	Name         string          `json:"name"`
	Kind         CertificateKind `json:"kind"`
	ValidMonths  int             `json:"valid_months"`            // from issue (or renewal) to expiry
	ReviewMonths int             `json:"review_months,omitempty"` // 0: no review
}

// Track is a career path (§7.4): rungs from the entry rung up. Rung 0 has no requirements.
type Track struct {
	Name  string `json:"name"`
	Rungs []Rung `json:"rungs"`
}

// Rung is one step of a track and what stepping up to it takes: months of service, certificates
// valid at the time, and the last Grades.Last appraisal grades at or above Grades.AtLeast.
type Rung struct {
	Name         string     `json:"name"`
	TenureMonths int        `json:"tenure_months"`
	Certificates []string   `json:"certificates,omitempty"`
	Grades       *GradeRule `json:"grades,omitempty"`
}

// GradeRule asks for the last Last appraisal grades to be at or above AtLeast.
type GradeRule struct {
	Last    int    `json:"last"`
	AtLeast string `json:"at_least"`
}

// Certificate types of DefaultPolicy.
const (
	CertWorkshopSafety      = "safety.workshop"         // §8.4 车间安全培训
	CertElectrician         = "statutory.electrician"   // 特种作业操作证（低压电工作业）
	CertRefrigeration       = "statutory.refrigeration" // 特种作业操作证（制冷与空调作业）
	CertEVHighVoltage       = "oem.ev_high_voltage"     // manufacturer's high-voltage system training
	CertAirbag              = "oem.airbag"              // manufacturer's SRS training
	CertWheelAlignment      = "internal.wheel_alignment"
	TrackTechnician         = "technician"
	TrackNationalSkillLevel = "national_skill_level" // 国家职业技能等级 五级 to 一级
)

// DefaultPolicy is:
//   - certificates: workshop safety (internal, 12 months); the special-operations certificates
//     for electricians and refrigeration (statutory, 72 months, reviewed every 36); the
//     manufacturer's EV high-voltage and airbag training (OEM, 24 months); wheel alignment
//     (internal, 36 months);
//   - skills: ev.high_voltage needs the electrician's certificate and the OEM high-voltage one,
//     airbag the OEM airbag one, ac.refrigerant the refrigeration certificate, wheel.alignment
//     the internal one; every shop-floor job needs workshop safety (§8.4);
//   - warnings 90 and 30 days before an expiry or a review; safety retaken every 12 months;
//   - grades D < C < B < A;
//   - the technician track apprentice, technician (12 months, workshop safety), senior
//     technician (36 months, plus the electrician's certificate, last 2 grades at least B) and
//     master technician (72 months, plus OEM high voltage, last 4 grades at least A); and the
//     national skill levels 五级 to 一级 at 0, 24, 48, 84 and 120 months, the upper three asking
//     for grades.
func DefaultPolicy() Policy {
	return Policy{
		CertificateTypes: map[string]CertificateType{
			CertWorkshopSafety: {Name: "Workshop safety", Kind: KindInternal, ValidMonths: 12},
			CertElectrician:    {Name: "Special operations: electrician", Kind: KindStatutory, ValidMonths: 72, ReviewMonths: 36},
			CertRefrigeration:  {Name: "Special operations: refrigeration", Kind: KindStatutory, ValidMonths: 72, ReviewMonths: 36},
			CertEVHighVoltage:  {Name: "EV high-voltage systems", Kind: KindOEM, ValidMonths: 24},
			CertAirbag:         {Name: "Airbag (SRS)", Kind: KindOEM, ValidMonths: 24},
			CertWheelAlignment: {Name: "Wheel alignment", Kind: KindInternal, ValidMonths: 36},
		},
		Skills: map[string][]string{
			"ev.high_voltage": {CertElectrician, CertEVHighVoltage},
			"airbag":          {CertAirbag},
			"ac.refrigerant":  {CertRefrigeration},
			"wheel.alignment": {CertWheelAlignment},
		},
		ShopFloor:         []string{CertWorkshopSafety},
		ExpiryWarningDays: []int{90, 30},
		RetakeMonths:      map[Subject]int{SubjectSafety: 12},
		GradeOrder:        []string{"D", "C", "B", "A"},
		Tracks: []Track{
			{Name: TrackTechnician, Rungs: []Rung{
				{Name: "apprentice"},
				{Name: "technician", TenureMonths: 12, Certificates: []string{CertWorkshopSafety}},
				{Name: "senior_technician", TenureMonths: 36, Certificates: []string{CertWorkshopSafety, CertElectrician},
					Grades: &GradeRule{Last: 2, AtLeast: "B"}},
				{Name: "master_technician", TenureMonths: 72, Certificates: []string{CertWorkshopSafety, CertElectrician, CertEVHighVoltage},
					Grades: &GradeRule{Last: 4, AtLeast: "A"}},
			}},
			{Name: TrackNationalSkillLevel, Rungs: []Rung{
				{Name: "level_5"},
				{Name: "level_4", TenureMonths: 24, Certificates: []string{CertWorkshopSafety}},
				{Name: "level_3", TenureMonths: 48, Certificates: []string{CertWorkshopSafety}, Grades: &GradeRule{Last: 2, AtLeast: "B"}},
				{Name: "level_2", TenureMonths: 84, Certificates: []string{CertWorkshopSafety}, Grades: &GradeRule{Last: 3, AtLeast: "B"}},
				{Name: "level_1", TenureMonths: 120, Certificates: []string{CertWorkshopSafety}, Grades: &GradeRule{Last: 4, AtLeast: "A"}},
			}},
		},
	}
}

// Bounds on policy numbers: beyond them a value is a typo, not a rule.
const (
	maxMonths = 1200 // 100 years
	maxDays   = 3660
	maxCode   = 64
)

// Validate reports every bad field: a certificate type without a name, kind or positive validity,
// a review interval not inside the validity; a skill or the shop floor naming an undeclared type;
// warning days outside 1..3660 or repeated; a negative retake interval; an empty or repeated
// grade; a track without rungs, a rung whose tenure falls below the rung before, that names an
// undeclared certificate or an unknown grade, or asks for no grades.
func (p Policy) Validate() error {
	var v dealerkit.ValidationError
	for _, code := range slices.Sorted(maps.Keys(p.CertificateTypes)) {
		ct, f := p.CertificateTypes[code], "certificate_types."+code
		checkCode(&v, "certificate_types", code)
		if strings.TrimSpace(ct.Name) == "" {
			v.Required(f + ".name")
		}
		if !ct.Kind.Valid() {
			v.AddCode(f+".kind", ct.Kind.String(), dealerkit.ReasonUnknownValue, "internal, oem or statutory")
		}
		if ct.ValidMonths < 1 || ct.ValidMonths > maxMonths {
			v.AddCode(f+".valid_months", strconv.Itoa(ct.ValidMonths), dealerkit.ReasonOutOfRange, "must be between 1 and 1200")
		}
		if ct.ReviewMonths < 0 || ct.ReviewMonths >= max(ct.ValidMonths, 1) {
			v.AddCode(f+".review_months", strconv.Itoa(ct.ReviewMonths), dealerkit.ReasonOutOfRange, "must be 0 (no review) or shorter than the validity")
		}
	}
	known := func(field string, types []string) {
		seen := map[string]bool{}
		for i, t := range types {
			ff := fmt.Sprintf("%s[%d]", field, i)
			if _, ok := p.CertificateTypes[t]; !ok {
				v.AddCode(ff, t, ReasonUnknownCertificateType, "not a declared certificate type")
			}
			if seen[t] {
				v.AddCode(ff, t, dealerkit.ReasonDuplicate, "given twice")
			}
			seen[t] = true
		}
	}
	for _, skill := range slices.Sorted(maps.Keys(p.Skills)) {
		checkCode(&v, "skills", skill)
		if len(p.Skills[skill]) == 0 {
			v.AddCode("skills."+skill, "", dealerkit.ReasonRequired, "a skill needs at least one certificate type") // §4.2.2
		}
		known("skills."+skill, p.Skills[skill])
	}
	if len(p.ShopFloor) == 0 {
		v.AddCode("shop_floor", "", dealerkit.ReasonRequired, "shop-floor work needs valid safety training") // §8.4
	}
	known("shop_floor", p.ShopFloor)
	seenDay := map[int]bool{}
	for i, d := range p.ExpiryWarningDays {
		f := fmt.Sprintf("expiry_warning_days[%d]", i)
		if d < 1 || d > maxDays {
			v.AddCode(f, strconv.Itoa(d), dealerkit.ReasonOutOfRange, "must be between 1 and 3660")
		}
		if seenDay[d] {
			v.AddCode(f, strconv.Itoa(d), dealerkit.ReasonDuplicate, "given twice")
		}
		seenDay[d] = true
	}
	for _, s := range slices.Sorted(maps.Keys(p.RetakeMonths)) {
		if !s.Valid() {
			v.AddCode("retake_months", s.String(), dealerkit.ReasonUnknownValue, "unknown subject")
		}
		if m := p.RetakeMonths[s]; m < 0 || m > maxMonths {
			v.AddCode("retake_months."+s.String(), strconv.Itoa(m), dealerkit.ReasonOutOfRange, "must be between 0 and 1200")
		}
	}
	grades := map[string]bool{}
	for i, g := range p.GradeOrder {
		f := fmt.Sprintf("grade_order[%d]", i)
		switch {
		case strings.TrimSpace(g) == "":
			v.Required(f)
		case grades[g]:
			v.AddCode(f, g, dealerkit.ReasonDuplicate, "given twice")
		}
		grades[g] = true
	}
	tracks := map[string]bool{}
	for i, tr := range p.Tracks {
		f := fmt.Sprintf("tracks[%d]", i)
		checkCode(&v, f+".name", tr.Name)
		if tracks[tr.Name] {
			v.AddCode(f+".name", tr.Name, dealerkit.ReasonDuplicate, "given twice")
		}
		tracks[tr.Name] = true
		if len(tr.Rungs) < 2 {
			v.AddCode(f+".rungs", "", dealerkit.ReasonRequired, "a track needs at least two rungs")
		}
		names := map[string]bool{}
		for j, r := range tr.Rungs {
			rf := fmt.Sprintf("%s.rungs[%d]", f, j)
			checkCode(&v, rf+".name", r.Name)
			if names[r.Name] {
				v.AddCode(rf+".name", r.Name, dealerkit.ReasonDuplicate, "given twice")
			}
			names[r.Name] = true
			if r.TenureMonths < 0 || r.TenureMonths > maxMonths {
				v.AddCode(rf+".tenure_months", strconv.Itoa(r.TenureMonths), dealerkit.ReasonOutOfRange, "must be between 0 and 1200")
			} else if j > 0 && r.TenureMonths < tr.Rungs[j-1].TenureMonths {
				v.AddCode(rf+".tenure_months", strconv.Itoa(r.TenureMonths), dealerkit.ReasonWrongOrder, "must not be below the rung before")
			}
			known(rf+".certificates", r.Certificates)
			if g := r.Grades; g != nil {
				if g.Last < 1 || g.Last > 24 {
					v.AddCode(rf+".grades.last", strconv.Itoa(g.Last), dealerkit.ReasonOutOfRange, "must be between 1 and 24")
				}
				if !grades[g.AtLeast] {
					v.AddCode(rf+".grades.at_least", g.AtLeast, dealerkit.ReasonUnknownValue, "not in grade_order")
				}
			}
		}
	}
	return v.Err()
}

// checkCode refuses an empty, overlong or spaced code.
func checkCode(v *dealerkit.ValidationError, field, code string) {
	switch {
	case strings.TrimSpace(code) == "":
		v.Required(field)
	case len(code) > maxCode:
		v.AddCode(field, code, dealerkit.ReasonTooLong, "at most 64 bytes")
	case strings.ContainsFunc(code, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		v.AddCode(field, code, dealerkit.ReasonBadFormat, "no spaces or control characters")
	}
}

// ParsePolicy reads a policy history from JSON (see dealerkit.ParseVersions) and validates every
// version.
func ParsePolicy(data []byte) (dealerkit.Versions[Policy], error) {
	return dealerkit.ParseVersions(data, Policy.Validate)
}

// track returns the named track.
func (p Policy) track(name string) (Track, bool) {
	for _, t := range p.Tracks {
		if t.Name == name {
			return t, true
		}
	}
	return Track{}, false
}

// gradeRank is g's place in GradeOrder, -1 when it is not there.
func (p Policy) gradeRank(g string) int { return slices.Index(p.GradeOrder, g) }

// required returns the certificate types a job needing skill needs: the shop floor's (§8.4) and
// the skill's (§4.2.2), and whether the skill is known.
func (p Policy) required(skill string) ([]string, bool) {
	need := slices.Clone(p.ShopFloor)
	if skill == "" {
		return need, true
	}
	types, ok := p.Skills[skill]
	for _, t := range types {
		if !slices.Contains(need, t) {
			need = append(need, t)
		}
	}
	return need, ok
}

// SkillsGranted lists the skills whose certificates include certType, sorted: what a course
// issuing it contributes to.
func (p Policy) SkillsGranted(certType string) []string {
	var out []string
	for skill, types := range p.Skills {
		if slices.Contains(types, certType) {
			out = append(out, skill)
		}
	}
	slices.Sort(out)
	return out
}
