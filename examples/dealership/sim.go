package main

import (
	"container/heap"
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/dealerkit/dealerkit/safety"
	"github.com/dealerkit/dealerkit/training"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Store is what the simulation needs from an adapter: the repair-order, parts, complaint and
// corrective-action repositories, the transactions that let a parts issue change the stock and
// the repair order together, and the event feed. Training and safety will add their repositories
// here as the simulation grows to cover them.
type Store interface {
	RepairOrders() aftersales.Repository
	Parts() parts.Repository
	Complaints() complaints.Repository
	CorrectiveActions() complaints.CorrectiveRepository
	Safety() safety.Repository
	Appraisals() appraisal.Repository
	Training() training.Repository
	dealerkit.Transactor
	dealerkit.EventReader
}

// Config is one simulated dealership, from its first month.
type Config struct {
	Seed   uint64    // chooses scenarios and timings; the same seed gives the same month
	Orders int       // new arrivals over each month; comebacks come on top
	Month  time.Time // any time in the (first) month to simulate (read in the dealership's zone)
	// Index is the dealership's place among those simulated together (-dealers): it selects the
	// dealership's own random streams and, with Seed, its id (dealerFor). Index 0 plays the
	// streams a single dealership always played.
	Index int
}

func opening(t time.Time) time.Time {
	opensAt, _ := businessHours(t)
	return opensAt
}

func closing(t time.Time) time.Time {
	_, closesAt := businessHours(t)
	return closesAt
}

// businessHours are the opening and closing times of t's day, read in the zone once.
func businessHours(t time.Time) (opensAt, closesAt time.Time) {
	y, m, d := t.In(local).Date()
	return time.Date(y, m, d, openHour, openMinute, 0, 0, local), time.Date(y, m, d, closeHour, 0, 0, 0, local)
}

// nextOpening is the opening of the next business day after t's day.
func nextOpening(t time.Time) time.Time {
	o := opening(t).AddDate(0, 0, 1)
	for !isBusinessDay(o) {
		o = o.AddDate(0, 0, 1)
	}
	return o
}

// fit returns the earliest time at or after t when work lasting d can be done within one
// business day's hours.
func fit(t time.Time, d time.Duration) time.Time {
	opensAt, closesAt := businessHours(t)
	if d > closesAt.Add(overtime).Sub(opensAt) {
		return t // longer than a day: start it as soon as possible
	}
	for {
		if isBusinessDay(t) {
			if t.Before(opensAt) {
				t = opensAt
			}
			if !t.Add(d).After(closesAt.Add(overtime)) {
				return t
			}
		}
		t = nextOpening(t)
		opensAt, closesAt = businessHours(t)
	}
}

func hours(h decimal.Decimal) time.Duration {
	return time.Duration(h.Mul(decimal.NewFromInt(3600)).IntPart()) * time.Second
}

// action is something that happens at a moment of the month. The simulation runs them in time
// order and sets the clock the Service reads to each one's time.
type action struct {
	at  time.Time
	seq int // ties run in the order they were scheduled
	do  func(context.Context) error
}

type agenda []*action

func (a agenda) Len() int { return len(a) }
func (a agenda) Less(i, j int) bool {
	if !a[i].at.Equal(a[j].at) {
		return a[i].at.Before(a[j].at)
	}
	return a[i].seq < a[j].seq
}
func (a agenda) Swap(i, j int) { a[i], a[j] = a[j], a[i] }
func (a *agenda) Push(x any)   { *a = append(*a, x.(*action)) }
func (a *agenda) Pop() any {
	old := *a
	x := old[len(old)-1]
	*a = old[:len(old)-1]
	return x
}

type advisor struct {
	person
	freeAt time.Time
}

type tech struct {
	person
	profile      techProfile
	assigned     decimal.Decimal // standard hours dispatched this month, to share the work out
	queue        []*job
	current      *job
	currentStart time.Time
	// plan is plannedFree's last walk of the queue: from where it started to where it ended.
	// With a long queue, dispatch asks every technician on every job, mostly from the same start
	// (the end of the job in hand); forget it whenever the queue changes.
	plan struct {
		from, to time.Time
		ok       bool
	}
}

type vehicle struct {
	vin, plate string
	model      model
	mileage    int64
	customer   aftersales.Customer
	// customerActor is the customer acting for themselves (approving, answering at delivery).
	customerActor dealerkit.Actor
	member        bool // loyalty members get 10% off parts they pay for
}

// visit is the simulation's view of one repair order: what it has planned, not what the library
// recorded (the report reads only the latter).
type visit struct {
	id           uuid.UUID
	number       string
	vehicle      *vehicle
	sc           *scenario
	advisor      *advisor
	arrived      time.Time
	waiting      bool
	comeback     bool
	lines        []uuid.UUID
	jobs         []*job
	pendingExtra int
	proposed     bool // extra work already found on this visit
	finished     bool // FinishWork recorded since the last rework
	objected     bool
	toldLate     bool
	reworks      int

	// The parts side (parts.go).
	partLines      []*partLine
	needsParts     bool // approved part lines not yet issued in full
	waitsForParts  bool // a pick came short: waiting for a back-order
	picks          int
	returnsChecked bool
}

type job struct {
	v        *visit
	line     uuid.UUID
	hours    decimal.Decimal
	length   time.Duration // hours as a duration, worked out once: the scheduler asks often
	skill    string
	extra    bool
	tech     *tech
	promised time.Time
	done     bool
}

// stats counts what the simulation chose, so a test can hold the library's KPIs against them.
type stats struct {
	Arrivals, Comebacks, Cancelled, Objections, FailedInspections int
	ExtraProposed, ExtraApproved, ExtraDeclined                   int
	Complaints                                                    complaintStats
	Parts                                                         partsStats
	Safety                                                        safetyStats
}

type sim struct {
	cfg        Config
	rng        *rand.Rand
	start, end time.Time
	month      int // months played before this one (-months)
	clock      time.Time
	svc        *aftersales.Service
	dealer     dealerkit.DealerID
	manager    person
	advisors   []*advisor
	techs      []*tech
	inspectors []person
	names      map[dealerkit.StaffID]string
	agenda     agenda
	seq        int
	orders     int
	stats      stats
	visits     map[uuid.UUID]*visit // by repair order

	// The complaint side (complaint.go).
	cs         *complaints.Service
	crng       *rand.Rand
	cal        *complaints.Calendar
	threshold  int
	feed       dealerkit.EventReader
	cursor     int64 // the intake's place in the event feed, stored between runs of the job
	grievances map[uuid.UUID]*grievance
	cstats     *complaintStats

	tr *trainingSide // the training department (training.go)

	// The parts side (parts.go).
	ps            *parts.Service
	prng          *rand.Rand
	clerks        []person
	partsByNo     map[parts.PartNumber]*parts.Part
	specs         map[parts.PartNumber]stockedPart
	supplierIDs   map[string]uuid.UUID
	supplierCodes map[uuid.UUID]string
	waiting       []*visit // orders waiting for back-ordered parts
	notes         int      // delivery-note sequence
	rejectedOnce  bool
	count         uuid.UUID         // the month-end stocktake
	counter       map[uuid.UUID]int // which clerk counted each stocktake line first
	// missing is, per part, the stock the month-end count found gone from its shelves and the
	// book still holds until the stocktake is approved: no one can pick it meanwhile.
	missing  map[uuid.UUID]decimal.Decimal
	found    map[uuid.UUID]decimal.Decimal // per stocktake line: the shelf's difference from the book at its first count
	heldBack bool                          // a pick was cut short by missing stock: serve the waiting orders at approval
	pstats   *partsStats

	safetySide                  // safety.go
	ids        func() uuid.UUID // the one id sequence every record takes its id from
	arng       *rand.Rand       // the appraisal's choices (appraisal.go)
}

func newSim(store Store, cfg Config) (*sim, error) {
	l := cfg.Month.In(local)
	dealer := dealerFor(cfg.Seed, cfg.Index)
	// Each stream is named by a constant; a dealership's index moves it to its own place in the
	// generator's sequence, so dealerships never share draws whatever order they run in.
	stream := func(name uint64) *rand.Rand { return rand.New(rand.NewPCG(cfg.Seed, name^uint64(cfg.Index))) }
	s := &sim{cfg: cfg, rng: stream(0x6465616c65726b69), dealer: dealer,
		crng:  stream(0x636f6d706c61696e),
		prng:  stream(0x7061727473746f72),
		arng:  stream(0x6170707261697361),
		start: time.Date(l.Year(), l.Month(), 1, 0, 0, 0, 0, local),
		names: map[dealerkit.StaffID]string{}, visits: map[uuid.UUID]*visit{}, feed: store,
		grievances: map[uuid.UUID]*grievance{}, partsByNo: map[parts.PartNumber]*parts.Part{},
		specs: map[parts.PartNumber]stockedPart{}, supplierIDs: map[string]uuid.UUID{}, supplierCodes: map[uuid.UUID]string{}}
	s.cstats, s.pstats = &s.stats.Complaints, &s.stats.Parts
	s.end = s.start.AddDate(0, 1, 0)
	s.clock = s.start
	n := 0
	newPerson := func(name string, r dealerkit.Role) (person, error) {
		n++
		a, err := dealerkit.NewStaffActor(dealer, staffID(n), r)
		s.names[a.Staff()] = name
		return person{name: name, actor: a}, err
	}
	var err error
	if s.manager, err = newPerson(managerName, dealerkit.RoleManager); err != nil {
		return nil, err
	}
	for _, name := range advisorNames {
		p, err := newPerson(name, dealerkit.RoleServiceAdvisor)
		if err != nil {
			return nil, err
		}
		s.advisors = append(s.advisors, &advisor{person: p})
	}
	for _, prof := range techProfiles {
		p, err := newPerson(prof.name, dealerkit.RoleTechnician)
		if err != nil {
			return nil, err
		}
		s.techs = append(s.techs, &tech{person: p, profile: prof})
	}
	for _, name := range inspectorNames {
		p, err := newPerson(name, dealerkit.RoleQualityInspector)
		if err != nil {
			return nil, err
		}
		s.inspectors = append(s.inspectors, p)
	}
	for _, name := range clerkNames {
		p, err := newPerson(name, dealerkit.RolePartsClerk)
		if err != nil {
			return nil, err
		}
		s.clerks = append(s.clerks, p)
	}
	now, ids := func() time.Time { return s.clock }, dealerkit.SequentialIDs() // one id sequence for every record
	if s.ss, err = safety.NewService(store.Safety(), store, &safety.Options{Now: now, NewID: ids}); err != nil {
		return nil, err
	}
	s.ids = ids
	if s.tr, err = newTraining(store, now, ids); err != nil {
		return nil, err
	}
	s.svc, err = aftersales.NewService(store.RepairOrders(), s.tr.svc, s.ss,
		&aftersales.Options{Now: now, NewID: ids})
	if err != nil {
		return nil, err
	}
	policy, err := complaintPolicy(s.dealer)
	if err != nil {
		return nil, err
	}
	s.cs, err = complaints.NewService(store.Complaints(), store.CorrectiveActions(), store.RepairOrders(),
		&complaints.Options{Now: now, NewID: ids, Policy: policy})
	if err != nil {
		return nil, err
	}
	rules, err := s.cs.Rules(s.dealer, s.start)
	if err != nil {
		return nil, err
	}
	s.cal, s.threshold = rules.Calendar(), rules.Policy().SurveyThreshold
	ppolicy, err := partsPolicy(s.dealer)
	if err != nil {
		return nil, err
	}
	s.ps, err = parts.NewService(store.Parts(), store.RepairOrders(), store, &parts.Options{Now: now, NewID: ids, Policy: ppolicy})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// run plays the first month: every action up to midnight at its end. Work still open then stays
// open, as it would at a real month end.
func (s *sim) run(ctx context.Context) error {
	if err := s.setup(ctx); err != nil {
		return err
	}
	return s.play(ctx)
}

// setup records the dealership as it stands before its first month and schedules that month.
func (s *sim) setup(ctx context.Context) error {
	if err := s.setupParts(ctx); err != nil {
		return fmt.Errorf("parts before the month: %w", err)
	}
	if err := s.setupSafety(ctx); err != nil {
		return fmt.Errorf("safety before the month: %w", err)
	}
	if err := s.setupTraining(ctx); err != nil {
		return fmt.Errorf("training before the month: %w", err)
	}
	if err := s.scheduleArrivals(); err != nil {
		return err
	}
	s.scheduleComplaintJobs()
	s.scheduleParts()
	return s.scheduleTraining()
}

// play runs the agenda up to midnight at the month's end. What is due later stays on the agenda
// for the next month, if one is played.
func (s *sim) play(ctx context.Context) error {
	for s.agenda.Len() > 0 {
		a := heap.Pop(&s.agenda).(*action)
		if !a.at.Before(s.end) {
			heap.Push(&s.agenda, a)
			break
		}
		s.clock = a.at
		if err := a.do(ctx); err != nil {
			return fmt.Errorf("%s: %w", a.at.In(local).Format("Jan 2 15:04"), err)
		}
	}
	s.clock = s.end
	return nil
}

// nextMonth moves the simulation on to the following month of the same dealership: the stock,
// catalogue, suppliers, staff, certificates, equipment register, complaint intake cursor and the
// work still open carry over; the month's counters start again from zero, new customers arrive, and
// the month's jobs are scheduled (see the README for what repeats each month).
func (s *sim) nextMonth(ctx context.Context) error {
	s.month++
	s.start, s.end = s.end, s.end.AddDate(0, 1, 0)
	s.clock = s.start
	s.stats, s.orders, s.refusal = stats{}, 0, nil
	if err := s.keepCertificates(ctx); err != nil {
		return fmt.Errorf("training before the month: %w", err)
	}
	if err := s.scheduleArrivals(); err != nil {
		return err
	}
	if err := s.scheduleChecks(ctx); err != nil {
		return err
	}
	s.scheduleSafety()
	s.scheduleComplaintJobs()
	s.scheduleParts()
	return nil
}

func (s *sim) at(t time.Time, fn func(context.Context) error) {
	if t.Before(s.clock) {
		t = s.clock
	}
	s.seq++
	heap.Push(&s.agenda, &action{at: t, seq: s.seq, do: fn})
}

func (s *sim) chance(p float64) bool { return s.rng.Float64() < p }

// between returns a whole-second duration uniformly in [lo, hi).
func (s *sim) between(lo, hi time.Duration) time.Duration {
	return lo + time.Duration(s.rng.Int64N(int64((hi-lo)/time.Second)))*time.Second
}

func (s *sim) pick(n int) int { return s.rng.IntN(n) }

var (
	surnames = []string{"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun"}
	given    = []string{"Wei", "Fang", "Min", "Jing", "Lei", "Yan", "Tao", "Jun", "Xia", "Hui", "Qiang", "Ling"}
)

// scheduleArrivals spreads the month's new customers over its business days, busiest in the
// morning.
func (s *sim) scheduleArrivals() error {
	var days []time.Time
	for d := s.start; d.Before(s.end); d = d.AddDate(0, 0, 1) {
		if isBusinessDay(d) {
			days = append(days, opening(d))
		}
	}
	for i := 0; i < s.cfg.Orders; i++ {
		day := days[s.pick(len(days))]
		var t time.Time
		if s.chance(0.6) {
			t = day.Add(s.between(0, time.Hour)) // the morning rush
		} else {
			t = day.Add(s.between(time.Hour, 8*time.Hour))
		}
		v, err := s.newVehicle(s.month*s.cfg.Orders + i + 1) // each month's arrivals are new cars
		if err != nil {
			return err
		}
		s.at(t, s.arrive(&visit{vehicle: v, sc: s.pickScenario(v.model), waiting: s.chance(0.3)}))
	}
	return nil
}

func (s *sim) newVehicle(serial int) (*vehicle, error) {
	vin, err := vinFor(serial)
	if err != nil {
		return nil, err
	}
	m := models[s.pick(len(models))]
	// The customer as the DMS knows them: one per vehicle here. Their actor reaches only their
	// own orders.
	id := dealerkit.CustomerID(uuid.UUID{0xc0, 0, 0, 0, 0, 0, 0x40, 0, 0x80, 0, 0, 0, byte(serial >> 24), byte(serial >> 16), byte(serial >> 8), byte(serial)})
	actor, err := dealerkit.NewCustomerActor(s.dealer, id)
	if err != nil {
		return nil, err
	}
	return &vehicle{vin: vin, plate: fmt.Sprintf("沪A·%05d", 10000+s.pick(90000)), model: m,
		mileage: int64(3000 + s.pick(117000)),
		customer: aftersales.Customer{ID: id, Name: surnames[s.pick(len(surnames))] + " " + given[s.pick(len(given))],
			Phone: fmt.Sprintf("139 %04d %04d", s.pick(10000), s.pick(10000))},
		customerActor: actor, member: s.chance(0.35)}, nil
}

func (s *sim) pickScenario(m model) *scenario {
	total := 0
	for i := range scenarios {
		if sc := &scenarios[i]; appliesTo(sc, m) {
			total += sc.weight
		}
	}
	n := s.pick(total)
	for i := range scenarios {
		if sc := &scenarios[i]; appliesTo(sc, m) {
			if n < sc.weight {
				return sc
			}
			n -= sc.weight
		}
	}
	return &scenarios[0] // not reached: n < total
}

// arrive: the first free advisor greets the customer (§4.1.1) and does the walk-around.
func (s *sim) arrive(v *visit) func(context.Context) error {
	return func(ctx context.Context) error {
		a := s.advisors[0]
		for _, x := range s.advisors[1:] {
			if x.freeAt.Before(a.freeAt) {
				a = x
			}
		}
		v.advisor, v.arrived = a, s.clock
		greeted := s.clock
		if a.freeAt.After(greeted) {
			greeted = a.freeAt
		}
		greeted = greeted.Add(s.between(10*time.Second, 150*time.Second))
		a.freeAt = greeted.Add(s.between(15*time.Minute, 25*time.Minute))
		s.at(greeted.Add(s.between(6*time.Minute, 12*time.Minute)), func(ctx context.Context) error {
			return s.open(ctx, v, greeted)
		})
		return nil
	}
}

// open records the reception (§4.1) and drafts the estimate (§4.2.1).
func (s *sim) open(ctx context.Context, v *visit, greeted time.Time) error {
	s.orders++
	v.number = fmt.Sprintf("RO%s-%04d", s.start.Format("0601"), s.orders)
	in := aftersales.ReceptionInput{Number: v.number, ArrivedAt: v.arrived, GreetedAt: greeted,
		VIN: v.vehicle.vin, Plate: v.vehicle.plate, Model: v.vehicle.model.name, MileageKm: v.vehicle.mileage,
		FuelPercent: 10 + s.pick(90), WalkAroundDone: true, Visit: aftersales.VisitDropOff,
		Concerns: []aftersales.Concern{{Text: v.sc.concern, Code: v.sc.code}}, Customer: v.vehicle.customer}
	if v.waiting {
		in.Visit = aftersales.VisitWaiting
	}
	if s.chance(0.3) {
		in.Findings = []aftersales.Finding{{Area: "rear bumper", Description: "light scratch"}}
	}
	if s.chance(0.2) {
		in.Belongings = []string{"umbrella"}
	}
	o, err := s.svc.Open(ctx, v.advisor.actor, in)
	if err != nil {
		return fmt.Errorf("open %s: %w", v.number, err)
	}
	v.id, v.comeback = o.ID(), o.IsComeback()
	s.visits[v.id] = v
	s.stats.Arrivals++

	// A comeback is the dealer's own redo: labour only, paid internally.
	pay := v.sc.pay
	desc := v.sc.labour
	if v.comeback {
		pay, desc = aftersales.PayInternal, "Redo: "+v.sc.labour
	}
	id, err := s.svc.AddLine(ctx, v.advisor.actor, v.id, aftersales.LineInput{Kind: aftersales.LineLabour,
		Description: desc, Operation: v.sc.op, Category: v.sc.category, Skill: v.sc.skill,
		Equipment: equipmentFor(v.sc.equipment), Quantity: v.sc.hours, UnitPrice: labourRate, PayType: pay})
	if err != nil {
		return err
	}
	v.lines = append(v.lines, id)
	v.jobs = append(v.jobs, &job{v: v, line: id, hours: v.sc.hours, length: hours(v.sc.hours), skill: v.sc.skill})
	if !v.comeback {
		for _, p := range v.sc.parts {
			id, err := s.svc.AddLine(ctx, v.advisor.actor, v.id, s.partLine(v, p, pay))
			if err != nil {
				return err
			}
			v.lines = append(v.lines, id)
			v.partLines = append(v.partLines, &partLine{id: id, p: p})
		}
	}
	s.at(s.clock.Add(s.between(3*time.Minute, 10*time.Minute)), func(ctx context.Context) error { return s.decide(ctx, v) })
	return nil
}

func (s *sim) partLine(v *visit, p part, pay aftersales.PayType) aftersales.LineInput {
	in := aftersales.LineInput{Kind: aftersales.LinePart, Description: p.description, PartNumber: p.number,
		Quantity: p.qty, UnitPrice: p.price, PayType: pay}
	if v.vehicle.member && pay == aftersales.PayCustomer {
		in.Discount = dec("0.10")
	}
	return in
}

// decide: the customer signs the estimate, or now and then walks away (§4.2.1).
func (s *sim) decide(ctx context.Context, v *visit) error {
	if !v.comeback && s.chance(0.02) {
		if _, err := s.ps.Approve(ctx, v.vehicle.customerActor, v.id, aftersales.DecisionInput{Lines: v.lines,
			Approved: false, Channel: aftersales.ChannelInPerson, Note: "wants a second opinion"}); err != nil {
			return err
		}
		s.stats.Cancelled++
		return s.svc.Cancel(ctx, v.advisor.actor, v.id, "customer declined the estimate")
	}
	if err := s.approve(ctx, v.vehicle.customerActor, v, v.lines, aftersales.ChannelSignature); err != nil {
		return fmt.Errorf("approve %s: %w", v.number, err)
	}
	for _, j := range v.jobs {
		if err := s.dispatch(ctx, j); err != nil {
			return err
		}
	}
	return nil
}

// dispatch gives a job to the qualified technician who will be free first and promises the
// customer a time from the standard hours (§4.2.2).
func (s *sim) dispatch(ctx context.Context, j *job) error {
	var best *tech
	var bestFree time.Time
	for _, t := range s.techs {
		if j.skill != "" && !contains(t.profile.skills, j.skill) || s.tr.refused[j][t] {
			continue
		}
		if want := s.tr.askedFor[j.v]; want != nil && want != t && !s.tr.refused[j][want] {
			continue // the customer asked for this technician (training.go)
		}
		free := t.plannedFree(s.clock)
		if best == nil || free.Before(bestFree) || free.Equal(bestFree) && t.assigned.LessThan(best.assigned) {
			best, bestFree = t, free
		}
	}
	if best == nil {
		return fmt.Errorf("nobody holds %q", j.skill)
	}
	d := j.length
	promised := fit(bestFree, d).Add(d + 30*time.Minute)
	if err := s.svc.Dispatch(ctx, j.v.advisor.actor, j.v.id, aftersales.DispatchInput{Line: j.line,
		Technician: best.actor.Staff(), PromisedAt: promised}); err != nil {
		if s.refusedForSafety(j, err) { // §8.2: wait for the equipment
			return nil
		}
		if s.refusedDispatch(j, best, err) { // §3.3: training refused; the next technician takes it
			return s.dispatch(ctx, j)
		}
		return fmt.Errorf("dispatch %s: %w", j.v.number, err)
	}
	j.tech, j.promised = best, promised
	best.assigned = best.assigned.Add(j.hours)
	best.queue = append(best.queue, j)
	best.plan.ok = false
	s.startNext(best)
	return nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// plannedFree is when the technician's queue should be worked through, going by standard hours.
func (t *tech) plannedFree(now time.Time) time.Time {
	free := now
	if t.current != nil {
		if end := t.currentStart.Add(t.current.length); end.After(free) {
			free = end
		}
	}
	if t.plan.ok && t.plan.from.Equal(free) {
		return t.plan.to
	}
	from := free
	for _, q := range t.queue {
		free = fit(free, q.length).Add(q.length)
	}
	t.plan.from, t.plan.to, t.plan.ok = from, free, true
	return free
}

// startNext puts the technician on the next job in their queue, if they are free.
func (s *sim) startNext(t *tech) {
	if t.current != nil || len(t.queue) == 0 {
		return
	}
	j := t.queue[0]
	t.queue = t.queue[1:]
	t.plan.ok = false
	t.current = j
	t.currentStart = fit(s.clock.Add(s.between(2*time.Minute, 8*time.Minute)), j.length)
	s.at(t.currentStart, func(ctx context.Context) error { return s.clockOn(ctx, j) })
}

// clockOn starts the job (§4.3.1). Its real length follows the technician's pace; on the first
// job of a visit the technician sometimes finds more work (§4.3.2).
func (s *sim) clockOn(ctx context.Context, j *job) error {
	if err := s.svc.ClockOn(ctx, j.tech.actor, j.v.id, j.line); err != nil {
		return fmt.Errorf("clock on %s: %w", j.v.number, err)
	}
	if err := s.pickParts(ctx, j.v); err != nil { // the clerk hands over the parts as the job starts
		return err
	}
	actual := time.Duration(float64(j.length) * j.tech.profile.pace * (0.8 + 0.5*s.rng.Float64())).Round(time.Second)
	v := j.v
	if !v.proposed && !v.comeback && !j.extra && s.chance(0.3) {
		v.proposed = true
		v.pendingExtra++
		s.at(s.clock.Add(actual*2/5), func(ctx context.Context) error { return s.proposeExtra(ctx, j) })
	}
	s.at(s.clock.Add(actual), func(ctx context.Context) error { return s.clockOff(ctx, j) })
	return nil
}

func (s *sim) proposeExtra(ctx context.Context, j *job) error {
	v := j.v
	var candidates []extraWork
	for _, e := range extras {
		if !e.ice || !v.vehicle.model.ev {
			candidates = append(candidates, e)
		}
	}
	e := candidates[s.pick(len(candidates))]
	pay := aftersales.PayCustomer
	if v.sc.pay == aftersales.PayInternal {
		pay = aftersales.PayInternal // the dealer's own used car
	}
	labour, err := s.svc.ProposeExtraWork(ctx, j.tech.actor, v.id, e.finding, aftersales.LineInput{
		Kind: aftersales.LineLabour, Description: e.labour, Operation: e.op, Quantity: e.hours,
		UnitPrice: labourRate, PayType: pay})
	if err != nil {
		return fmt.Errorf("propose on %s: %w", v.number, err)
	}
	part, err := s.svc.ProposeExtraWork(ctx, j.tech.actor, v.id, e.finding, s.partLine(v, e.part, pay))
	if err != nil {
		return err
	}
	v.partLines = append(v.partLines, &partLine{id: part, p: e.part, extra: true})
	s.stats.ExtraProposed++
	// The advisor phones the customer; dearer work is declined more often.
	price := e.hours.Mul(labourRate).Add(e.part.qty.Mul(e.part.price))
	yes := 0.65
	if price.GreaterThan(dec("500")) {
		yes = 0.45
	}
	approve := s.chance(yes)
	s.at(s.clock.Add(s.between(15*time.Minute, 60*time.Minute)), func(ctx context.Context) error {
		var err error
		if approve {
			err = s.approve(ctx, v.advisor.actor, v, []uuid.UUID{labour, part}, aftersales.ChannelPhone)
		} else {
			_, err = s.ps.Approve(ctx, v.advisor.actor, v.id, aftersales.DecisionInput{Lines: []uuid.UUID{labour, part},
				Channel: aftersales.ChannelPhone}) // declining part lines is the parts service's door too
		}
		if err != nil {
			return fmt.Errorf("extra work on %s: %w", v.number, err)
		}
		v.pendingExtra--
		if !approve {
			s.stats.ExtraDeclined++
			return s.maybeFinish(ctx, v)
		}
		s.stats.ExtraApproved++
		x := &job{v: v, line: labour, hours: e.hours, length: hours(e.hours), extra: true}
		v.jobs = append(v.jobs, x)
		return s.dispatch(ctx, x)
	})
	return nil
}

// clockOff ends the job; a job that ran past its promise gets the customer a call (§4.2.3).
func (s *sim) clockOff(ctx context.Context, j *job) error {
	v := j.v
	if err := s.svc.ClockOff(ctx, j.tech.actor, v.id, j.line); err != nil {
		return err
	}
	if err := s.svc.CompleteJob(ctx, j.tech.actor, v.id, j.line); err != nil {
		return err
	}
	j.done = true
	if !j.extra {
		if err := s.returnUnused(ctx, v); err != nil {
			return err
		}
	}
	if s.clock.After(j.promised) && !v.toldLate {
		v.toldLate = true
		if err := s.svc.Notify(ctx, v.advisor.actor, v.id, aftersales.ChannelPhone,
			"Sorry, the work is taking longer than promised."); err != nil {
			return err
		}
	}
	j.tech.current = nil
	s.startNext(j.tech)
	return s.maybeFinish(ctx, v)
}

// maybeFinish closes the workshop phase once every approved job is done, no proposal awaits the
// customer and every approved part has been issued (§4.3), then queues cleaning (§4.3.3).
func (s *sim) maybeFinish(ctx context.Context, v *visit) error {
	if v.finished || v.pendingExtra > 0 || v.needsParts {
		return nil
	}
	for _, j := range v.jobs {
		if !j.done {
			return nil
		}
	}
	v.finished = true
	if err := s.svc.FinishWork(ctx, v.advisor.actor, v.id); err != nil {
		return fmt.Errorf("finish %s: %w", v.number, err)
	}
	s.at(fit(s.clock.Add(s.between(10*time.Minute, 30*time.Minute)), 20*time.Minute), func(ctx context.Context) error {
		if err := s.svc.RecordCleaning(ctx, v.jobs[0].tech.actor, v.id); err != nil {
			return err
		}
		s.at(fit(s.clock.Add(s.between(10*time.Minute, 40*time.Minute)), 15*time.Minute), func(ctx context.Context) error {
			return s.inspect(ctx, v)
		})
		return nil
	})
	return nil
}

// inspect is the quality inspection (§4.4.1): a failure sends the job back to its technician.
func (s *sim) inspect(ctx context.Context, v *visit) error {
	inspector := s.inspectors[s.pick(len(s.inspectors))]
	var failed *job
	for _, j := range v.jobs {
		if s.chance(j.tech.profile.qcFail) {
			failed = j
			break
		}
	}
	in := aftersales.InspectionInput{Checklist: []aftersales.CheckItem{
		{Item: "road test", OK: true},
		{Item: "work done to the repair standard", OK: failed == nil},
		{Item: "no leaks, fluids at level", OK: true},
		{Item: "vehicle clean, belongings in place", OK: true},
	}}
	if failed != nil {
		in.Rework, in.Remarks = []uuid.UUID{failed.line}, "torque marks missing, redo"
	}
	if err := s.svc.Inspect(ctx, inspector.actor, v.id, in); err != nil {
		return fmt.Errorf("inspect %s: %w", v.number, err)
	}
	if failed != nil {
		s.stats.FailedInspections++
		v.reworks++
		s.rework(failed)
		return nil
	}
	s.at(s.clock.Add(s.between(3*time.Minute, 10*time.Minute)), func(ctx context.Context) error { return s.ready(ctx, v) })
	return nil
}

// rework puts a job back at the head of its technician's queue.
func (s *sim) rework(j *job) {
	j.done, j.v.finished = false, false
	j.tech.queue = append([]*job{j}, j.tech.queue...)
	j.tech.plan.ok = false
	s.startNext(j.tech)
}

// ready tells the customer (§4.5.1); they come for the car soon if waiting, else later that day
// or the next morning.
func (s *sim) ready(ctx context.Context, v *visit) error {
	if err := s.svc.NotifyReady(ctx, v.advisor.actor, v.id, aftersales.ChannelMessage,
		"Your "+v.vehicle.model.name+" is ready for collection."); err != nil {
		return err
	}
	var pickup time.Time
	if v.waiting {
		pickup = s.clock.Add(s.between(5*time.Minute, 15*time.Minute))
	} else {
		pickup = s.clock.Add(s.between(30*time.Minute, 150*time.Minute))
		if !isBusinessDay(pickup) || pickup.After(closing(pickup).Add(overtime)) {
			pickup = nextOpening(s.clock).Add(s.between(0, 3*time.Hour))
		}
	}
	s.at(pickup, func(ctx context.Context) error { return s.collect(ctx, v) })
	return nil
}

// collect: statement (§4.5.2), the customer's inspection of the car (§4.5.3), payment, delivery.
func (s *sim) collect(ctx context.Context, v *visit) error {
	st, err := s.svc.Settle(ctx, v.advisor.actor, v.id)
	if err != nil {
		return fmt.Errorf("settle %s: %w", v.number, err)
	}
	if !v.objected && !v.comeback && s.chance(0.03) {
		v.objected = true
		s.stats.Objections++
		if err := s.svc.Respond(ctx, v.vehicle.customerActor, v.id, false, "the noise is still there"); err != nil {
			return err
		}
		if err := s.svc.ReturnToWork(ctx, v.advisor.actor, v.id, []uuid.UUID{v.jobs[0].line},
			"customer objection at delivery"); err != nil {
			return err
		}
		s.rework(v.jobs[0])
		return nil
	}
	if err := s.svc.Respond(ctx, v.vehicle.customerActor, v.id, true, ""); err != nil {
		return err
	}
	if st.CustomerDue.IsPositive() {
		methods := []string{"card", "wechat", "alipay", "cash"}
		if err := s.svc.RecordPayment(ctx, v.advisor.actor, v.id, aftersales.PaymentInput{Amount: st.CustomerDue, Method: methods[s.pick(len(methods))]}); err != nil {
			return err
		}
	}
	if err := s.svc.Deliver(ctx, v.advisor.actor, v.id); err != nil {
		return fmt.Errorf("deliver %s: %w", v.number, err)
	}
	// §4.5.4: the follow-up call two business days later.
	call := nextOpening(nextOpening(s.clock)).Add(s.between(90*time.Minute, 7*time.Hour))
	s.at(call, func(ctx context.Context) error { return s.followUp(ctx, v) })
	s.maybeComplain(v)

	// A few repairs do not hold: the car comes back with the same concern inside the warranty.
	if !v.comeback && s.chance(0.05) {
		back := fit(opening(s.clock).AddDate(0, 0, 3+s.pick(5)).Add(s.between(0, 4*time.Hour)), time.Hour)
		v.vehicle.mileage += int64(150 + s.pick(600))
		s.stats.Comebacks++
		s.at(back, s.arrive(&visit{vehicle: v.vehicle, sc: v.sc, waiting: true}))
	}
	return nil
}

func (s *sim) followUp(ctx context.Context, v *visit) error {
	score := func(base int) int {
		n := base + s.pick(3) - 1
		return max(0, min(10, n))
	}
	quality, timeliness := 9, 9
	if v.reworks > 0 || v.objected {
		quality -= 2
	}
	if v.comeback {
		quality -= 3
	}
	if v.toldLate {
		timeliness -= 2
	}
	scores := map[string]int{"overall": score((quality + timeliness) / 2), "quality": score(quality),
		"timeliness": score(timeliness), "advisor": score(9)}
	if s.lowSurvey(scores) {
		s.cstats.LowSurveys++ // §5.1: the intake will open a complaint from it
	}
	return s.svc.FollowUp(ctx, v.advisor.actor, v.id, aftersales.SurveyInput{Channel: aftersales.ChannelPhone, Scores: scores})
}
