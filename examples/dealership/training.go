package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/training"
	"github.com/google/uuid"
)

// The training department's month (§7, §8.4). Training answers dispatch: every technician holds
// workshop safety training and a certificate for each skill of their profile, recorded before the
// month. Wang Fang's OEM high-voltage certificate expires on the 15th at 10:00, so the EV jobs she
// would take are refused to her, with the reason, until she passes the requalification course on
// the 22nd. The month also has a product update, a communication course scored against a pass
// mark, a safety refresher, external training recorded with its evidence, Q2 plans per role and a
// promotion on the technician track.

// Certificate types the example adds to the library's defaults, and the example's skills.
const (
	certBrakes      = "internal.brakes"
	certDiagnostics = "oem.diagnostics"
	certDrivetrain  = "internal.drivetrain"
)

// trainingPolicy is the library's default policy with the example's skills (catalogue.go).
func trainingPolicy() *dealerkit.Table[training.Policy] {
	p := training.DefaultPolicy()
	p.CertificateTypes[certBrakes] = training.CertificateType{Name: "Brake systems", Kind: training.KindInternal, ValidMonths: 36}
	p.CertificateTypes[certDiagnostics] = training.CertificateType{Name: "OEM diagnostics", Kind: training.KindOEM, ValidMonths: 24}
	p.CertificateTypes[certDrivetrain] = training.CertificateType{Name: "Drivetrain", Kind: training.KindInternal, ValidMonths: 36}
	p.Skills["brakes"] = []string{certBrakes}
	p.Skills["diagnostics"] = []string{certDiagnostics}
	p.Skills["drivetrain"] = []string{certDrivetrain}
	p.Skills["high-voltage"] = []string{training.CertElectrician, training.CertEVHighVoltage}
	return &dealerkit.Table[training.Policy]{Default: dealerkit.Single("dealership-2025", p)}
}

// skillCerts says which certificates a profile's skill stands for.
var skillCerts = map[string][]string{
	"brakes": {certBrakes}, "diagnostics": {certDiagnostics}, "drivetrain": {certDrivetrain},
	"high-voltage": {training.CertElectrician, training.CertEVHighVoltage},
}

// techCareer is where each technician stands on the technician track: hired, rung, and how old
// each of their certificates is (months before the month), where it is not the default 10.
var techCareer = map[string]struct {
	hired  string
	rung   string
	issued map[string]int
}{
	"Zhang Wei": {"2016-03-01", "senior_technician", map[string]int{certDiagnostics: 23}}, // expires in May: flagged
	"Wang Fang": {"2019-07-01", "technician", map[string]int{training.CertElectrician: 30}},
	"Li Na":     {"2020-05-01", "technician", map[string]int{training.CertElectrician: 35}}, // review due in May
	"Liu Yang":  {"2024-09-01", "apprentice", nil},
	"Chen Jie":  {"2023-02-01", "apprentice", map[string]int{certDiagnostics: 21}},
}

// trainingSide is the simulation's training department.
type trainingSide struct {
	svc      *training.Service
	courses  map[string]*training.Course
	refused  map[*job]map[*tech]bool
	askedFor map[*visit]*tech // a customer who asks for a technician by name
	refusals []Refusal
	plans    []uuid.UUID
}

// Refusal is a dispatch training refused (§3.3, §4.2.2), with the reason it gave.
type Refusal struct {
	At     time.Time
	Order  string
	Tech   string
	Reason string
}

func newTraining(store Store, now func() time.Time, ids func() uuid.UUID) (*trainingSide, error) {
	svc, err := training.NewService(store.Training(), store, &training.Options{Now: now, NewID: ids, Policy: trainingPolicy()})
	if err != nil {
		return nil, err
	}
	return &trainingSide{svc: svc, courses: map[string]*training.Course{}, refused: map[*job]map[*tech]bool{},
		askedFor: map[*visit]*tech{}}, nil
}

// setupTraining records the roster, the catalogue, last month's safety course and everyone's
// certificates, as they stand when the month begins.
func (s *sim) setupTraining(ctx context.Context) error {
	tr, m := s.tr, s.manager.actor
	day := func(iso string) time.Time {
		t, _ := time.ParseInLocation("2006-01-02", iso, local)
		return t
	}
	register := func(p person, hired time.Time, track, rung string) error {
		_, err := tr.svc.RegisterMember(ctx, m, training.MemberInput{Staff: p.actor.Staff(), Name: p.name,
			Roles: p.actor.Roles().Slice(), HiredAt: hired, Track: track, Rung: rung})
		return err
	}
	if err := register(s.manager, day("2012-06-01"), "", ""); err != nil {
		return err
	}
	for _, a := range s.advisors {
		if err := register(a.person, day("2021-03-01"), "", ""); err != nil {
			return err
		}
	}
	for _, t := range s.techs {
		c := techCareer[t.name]
		if err := register(t.person, day(c.hired), training.TrackTechnician, c.rung); err != nil {
			return err
		}
	}
	for _, p := range append(append([]person{}, s.inspectors...), s.clerks...) {
		if err := register(p, day("2022-08-01"), "", ""); err != nil {
			return err
		}
	}
	for _, c := range []training.CourseInput{
		{Code: "SAFE-WS", Title: "Workshop safety and emergency drill", Subject: training.SubjectSafety, Hours: dec("4"),
			Certificate: training.CertWorkshopSafety},
		{Code: "PROD-ID4", Title: "ID.4 CROZZ product update", Subject: training.SubjectProductKnowledge, Hours: dec("3")},
		{Code: "COMM-1", Title: "Talking with upset customers", Subject: training.SubjectCustomerCommunication, Hours: dec("3")},
		{Code: "SVC-PROC", Title: "The repair order, reception to follow-up", Subject: training.SubjectServiceProcess, Hours: dec("2")},
		{Code: "EV-HV-REQ", Title: "EV high-voltage requalification", Subject: training.SubjectRepairTechnique, Hours: dec("8"),
			Delivery: training.DeliveryExternal, Provider: "SAIC Volkswagen Academy", Cost: dec("2400.00"), Certificate: training.CertEVHighVoltage},
		{Code: "DRV-SPEC", Title: "DSG transmission specialist", Subject: training.SubjectRepairTechnique, Hours: dec("16"),
			Delivery: training.DeliveryExternal, Provider: "SAIC Volkswagen Academy", Cost: dec("3600.00")},
	} {
		if c.Delivery == 0 {
			c.Delivery = training.DeliveryInternal
		}
		course, err := tr.svc.CreateCourse(ctx, m, c)
		if err != nil {
			return fmt.Errorf("course %s: %w", c.Code, err)
		}
		tr.courses[c.Code] = course
	}
	// Last month's safety course for everyone on the shop floor (§8.4).
	var floor []dealerkit.StaffID
	for _, t := range s.techs {
		floor = append(floor, t.actor.Staff())
	}
	start := s.start.AddDate(0, 0, -20).Add(9 * time.Hour)
	if err := s.session(ctx, "SAFE-WS", start, 4*time.Hour, floor, nil, nil); err != nil {
		return err
	}
	// Each technician's certificates for their skills, from their training file (§7.3).
	for _, t := range s.techs {
		c := techCareer[t.name]
		seen := map[string]bool{}
		for _, sk := range t.profile.skills {
			for _, typ := range skillCerts[sk] {
				if seen[typ] {
					continue
				}
				seen[typ] = true
				months, ok := c.issued[typ]
				if !ok {
					months = 10
				}
				issued := s.start.AddDate(0, -months, 0).Add(10 * time.Hour)
				if t.name == "Wang Fang" && typ == training.CertEVHighVoltage {
					issued = s.start.AddDate(0, -24, 14).Add(10 * time.Hour) // expires on the 15th at 10:00
				}
				if _, err := tr.svc.RecordCertificate(ctx, m, training.CertificateSpec{Staff: t.actor.Staff(), Type: typ,
					Issuer: "training file", IssuedAt: issued, Evidence: "scan in " + t.name + "'s training file"}); err != nil {
					return fmt.Errorf("certificate %s of %s: %w", typ, t.name, err)
				}
			}
		}
	}
	// The quarter's plans per role (§7.1).
	q := s.start
	for _, p := range []struct {
		role  dealerkit.Role
		codes []string
	}{
		{dealerkit.RoleTechnician, []string{"SAFE-WS", "PROD-ID4"}},
		{dealerkit.RoleServiceAdvisor, []string{"PROD-ID4", "COMM-1", "SVC-PROC"}},
		{dealerkit.RoleQualityInspector, []string{"SAFE-WS", "PROD-ID4"}},
	} {
		var items []training.PlanItem
		for _, c := range p.codes {
			items = append(items, training.PlanItem{Course: tr.courses[c].ID()})
		}
		plan, err := tr.svc.CreatePlan(ctx, m, training.PlanInput{Name: "Q2 " + p.role.String(), Role: p.role, From: q,
			To: q.AddDate(0, 3, 0), Items: items})
		if err != nil {
			return err
		}
		tr.plans = append(tr.plans, plan.ID())
	}
	return nil
}

// session schedules a session of the course and completes it at its end with the results given
// (nil: everyone passes; a score: judged against a pass mark of 70).
func (s *sim) session(ctx context.Context, code string, start time.Time, d time.Duration, who []dealerkit.StaffID,
	absent map[dealerkit.StaffID]bool, scores map[dealerkit.StaffID]string) error {
	tr, m := s.tr, s.manager.actor
	c := tr.courses[code]
	in := training.SessionInput{Course: c.ID(), StartsAt: start, EndsAt: start.Add(d), Attendees: who, Location: "training room"}
	if c.Delivery() == training.DeliveryExternal {
		in.TrainerProvider = "SAIC Volkswagen Academy"
	} else {
		in.TrainerStaff = m.Staff()
	}
	if scores != nil {
		mark := dec("70")
		in.PassMark = &mark
	}
	se, err := tr.svc.ScheduleSession(ctx, m, in)
	if err != nil {
		return fmt.Errorf("schedule %s: %w", code, err)
	}
	complete := func(ctx context.Context) error {
		var rs []training.ResultInput
		for _, w := range who {
			r := training.ResultInput{Staff: w, Attended: !absent[w]}
			if r.Attended {
				r.Hours = dec(fmt.Sprint(d.Hours()))
				if sc, ok := scores[w]; ok {
					v := dec(sc)
					r.Score = &v
				} else {
					r.Result = training.ResultPass
				}
			}
			rs = append(rs, r)
		}
		_, err := tr.svc.CompleteSession(ctx, m, se.ID(), rs)
		if err != nil {
			return fmt.Errorf("complete %s: %w", code, err)
		}
		return nil
	}
	if !start.Add(d).After(s.clock) {
		return complete(ctx)
	}
	s.at(start.Add(d), complete)
	return nil
}

// scheduleTraining plans the month's sessions, the external training and the promotion, and the
// morning after Wang Fang's high-voltage certificate lapses, an EV whose owner asks for her.
func (s *sim) scheduleTraining() error {
	day := func(d, h int) time.Time { return s.start.AddDate(0, 0, d-1).Add(time.Duration(h) * time.Hour) }
	var techs, advisors []dealerkit.StaffID
	byName := map[string]dealerkit.StaffID{}
	for _, t := range s.techs {
		techs = append(techs, t.actor.Staff())
		byName[t.name] = t.actor.Staff()
	}
	for _, a := range s.advisors {
		advisors = append(advisors, a.actor.Staff())
		byName[a.name] = a.actor.Staff()
	}
	everyone := append(append(append([]dealerkit.StaffID{}, techs...), advisors...), s.inspectors[0].actor.Staff())
	schedule := func(at time.Time, fn func(ctx context.Context) error) {
		s.at(at, fn)
	}
	schedule(day(2, 8), func(ctx context.Context) error {
		return s.session(ctx, "PROD-ID4", day(3, 9), 3*time.Hour, everyone, map[dealerkit.StaffID]bool{byName["Liu Yang"]: true}, nil)
	})
	schedule(day(8, 8), func(ctx context.Context) error {
		return s.session(ctx, "COMM-1", day(10, 14), 3*time.Hour, advisors, nil,
			map[dealerkit.StaffID]string{byName["Sun Li"]: "85", byName["Zhou Jing"]: "78", byName["Wu Hao"]: "64"})
	})
	schedule(day(14, 8), func(ctx context.Context) error {
		var who []dealerkit.StaffID
		for _, p := range append(append([]person{}, s.inspectors...), s.clerks...) {
			who = append(who, p.actor.Staff())
		}
		return s.session(ctx, "SAFE-WS", day(17, 9), 4*time.Hour, who, nil, nil)
	})
	schedule(day(16, 8), func(ctx context.Context) error { // §7.3: booked once the certificate lapsed
		return s.session(ctx, "EV-HV-REQ", day(22, 9), 8*time.Hour, []dealerkit.StaffID{byName["Wang Fang"]}, nil,
			map[dealerkit.StaffID]string{byName["Wang Fang"]: "91"})
	})
	schedule(day(25, 10), func(ctx context.Context) error { // §7.3: training taken elsewhere, with its evidence
		_, err := s.tr.svc.RecordExternal(ctx, s.manager.actor, training.ExternalInput{Staff: byName["Chen Jie"],
			Course: s.tr.courses["DRV-SPEC"].ID(), Provider: "SAIC Volkswagen Academy", StartsAt: day(23, 9), EndsAt: day(24, 17),
			Hours: dec("16"), Result: training.ResultPass, Evidence: "academy transcript DRV-2504-117"})
		return err
	})
	schedule(day(28, 16), func(ctx context.Context) error { // next month's service-process course: booked, not yet held
		_, err := s.tr.svc.ScheduleSession(ctx, s.manager.actor, training.SessionInput{Course: s.tr.courses["SVC-PROC"].ID(),
			StartsAt: day(38, 14), EndsAt: day(38, 16), TrainerStaff: s.manager.actor.Staff(), Attendees: advisors})
		return err
	})
	schedule(day(29, 17), func(ctx context.Context) error { // §7.4: the manager's decision
		_, err := s.tr.svc.Promote(ctx, s.manager.actor, byName["Chen Jie"], "two years on the floor, safety and diagnostics current")
		return err
	})
	// §3.3, §4.2.2: the EV comes in on the 16th; training refuses Wang Fang, Li Na takes the job.
	vin, err := vinFor(s.cfg.Orders + 1)
	if err != nil {
		return err
	}
	// Xu Ling as the DMS knows her; her actor reaches only her own order.
	xuLing := dealerkit.CustomerID(uuid.UUID{0xc0, 0, 0, 0, 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0xff, 0, 0x04, 0x16})
	xuLingActor, err := dealerkit.NewCustomerActor(s.dealer, xuLing)
	if err != nil {
		return err
	}
	v := &vehicle{vin: vin, plate: "沪AD·88016", model: models[len(models)-1], mileage: 38200,
		customer:      aftersales.Customer{ID: xuLing, Name: "Xu Ling", Phone: "139 0016 0416"},
		customerActor: xuLingActor}
	for i := range scenarios {
		if scenarios[i].skill == "high-voltage" {
			visit := &visit{vehicle: v, sc: &scenarios[i], waiting: true}
			for _, t := range s.techs {
				if t.name == "Wang Fang" {
					s.tr.askedFor[visit] = t
				}
			}
			s.at(day(16, 8).Add(40*time.Minute), s.arrive(visit))
			return nil
		}
	}
	return errors.New("no high-voltage scenario")
}

// refusedDispatch notes a dispatch that training refused (§3.3, §4.2.2) so the job goes to
// another technician; it reports whether err was such a refusal.
func (s *sim) refusedDispatch(j *job, t *tech, err error) bool {
	var qe *training.QualificationError
	if !errors.Is(err, aftersales.ErrNotQualified) || !errors.As(err, &qe) {
		return false
	}
	if s.tr.refused[j] == nil {
		s.tr.refused[j] = map[*tech]bool{}
	}
	s.tr.refused[j][t] = true
	reason := ""
	for _, c := range qe.Expired {
		reason = c.Type + " expired " + c.ExpiresAt.In(local).Format("Jan 2 15:04")
	}
	for _, c := range qe.Suspended {
		reason = c.Type + " " + c.Status.String()
	}
	for _, c := range qe.Missing {
		reason = "missing " + c
	}
	s.tr.refusals = append(s.tr.refusals, Refusal{At: s.clock, Order: j.v.number, Tech: t.name, Reason: reason})
	return true
}

// keepCertificates is the training file's monthly round after the first month (§7.1, §7.3): the
// manager records the statutory reviews and renews the certificates that fall due before the
// month ends, at its start. Without it a long history runs out of qualified people: Li Na's
// electrician review lapses in the second month, Wang Fang's in the seventh (then nobody holds
// high-voltage), and the shop floor's safety training a year after last month's course.
func (s *sim) keepCertificates(ctx context.Context) error {
	m := s.manager.actor
	due, err := s.tr.svc.Expiring(ctx, m, s.clock)
	if err != nil {
		return err
	}
	for _, e := range due {
		if e.DueAt.After(s.end) {
			continue // next month's round takes it, still valid then (one due at midnight is not)
		}
		if e.Review {
			err = s.tr.svc.ReviewCertificate(ctx, m, e.Certificate.ID)
		} else {
			err = s.tr.svc.RenewCertificate(ctx, m, e.Certificate.ID, training.RenewInput{})
		}
		if err != nil {
			return fmt.Errorf("certificate %s of %s: %w", e.Certificate.Type, e.Certificate.Staff, err)
		}
	}
	return nil
}
