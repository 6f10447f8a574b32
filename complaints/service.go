package complaints

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
)

// Orders reads repair orders: the complaints package links a complaint to its order and, for the
// automatic intake, finds the vehicle, the customer and the staff involved. aftersales.Repository
// satisfies it.
type Orders interface {
	Get(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID) (*aftersales.RepairOrder, error)
}

// Options configure a Service. A nil *Options, and every zero field, means the documented default.
type Options struct {
	// Now is the clock; nil means time.Now. NewID makes ids; nil means UUIDv7.
	Now   func() time.Time
	NewID func() uuid.UUID
	// Permissions is the §3 role x action table per dealer and over time; nil means
	// dealerkit.DefaultPermissions for every dealer.
	Permissions *dealerkit.Table[*dealerkit.Permissions]
	// Policy is the complaint policy per dealer and over time; nil means DefaultPolicy.
	Policy *dealerkit.Table[Policy]
	// Batch is the page size of the escalation scan and of the event feed; 0 means 200.
	Batch int
	// ConflictRetries is how often a command is retried when another change to the same
	// complaint landed first (dealerkit.ErrConflict), such as the escalation scan's: the command
	// is reloaded and applied again to what that change left. 0 means 3, a negative value means
	// never.
	ConflictRetries int
}

// Service holds the complaint use cases. Each checks the actor's permission, loads the complaint,
// applies the change under the policy in force and stores it with its events in one transaction;
// a refused call changes nothing. It is safe for concurrent use.
type Service struct {
	repo     Repository
	actions  CorrectiveRepository
	orders   Orders
	src      dealerkit.Sources
	perms    *dealerkit.Table[*dealerkit.Permissions]
	pol      *dealerkit.Table[Policy]
	fallback Policy // DefaultPolicy, built once: the rules where the table has no version
	batch    int
	retries  int
	rules    sync.Map // rulesKey -> *Rules
}

type rulesKey struct {
	dealer    dealerkit.DealerID
	name      string
	effective time.Time
}

// NewService returns a Service over the complaint and corrective-action repositories and the
// repair orders it links to. All three are required.
func NewService(repo Repository, actions CorrectiveRepository, orders Orders, opts *Options) (*Service, error) {
	var v dealerkit.ValidationError
	if repo == nil {
		v.AddCode("repository", "", dealerkit.ReasonRequired, "required")
	}
	if actions == nil {
		v.AddCode("corrective_repository", "", dealerkit.ReasonRequired, "required")
	}
	if orders == nil {
		v.AddCode("orders", "", dealerkit.ReasonRequired, "required (§5.1: complaints link to repair orders)")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if opts == nil {
		opts = &Options{}
	}
	batch := opts.Batch
	if batch <= 0 {
		batch = 200
	}
	retries := opts.ConflictRetries
	switch {
	case retries == 0:
		retries = 3
	case retries < 0:
		retries = 0
	}
	return &Service{repo: repo, actions: actions, orders: orders, src: dealerkit.Sources{Now: opts.Now, NewID: opts.NewID},
		perms: opts.Permissions, pol: opts.Policy, fallback: DefaultPolicy(), batch: batch, retries: retries}, nil
}

// Rules returns the dealer's policy in force at t, ready to use.
func (s *Service) Rules(dealer dealerkit.DealerID, t time.Time) (*Rules, error) {
	v, err := s.pol.At(dealer, t, s.fallback)
	if err != nil {
		return nil, err
	}
	return s.rulesOf(dealer, v)
}

// ownRules returns the rules of the policy version c runs under (Complaint.PolicyVersion, §9.1):
// the version in force when its current round started, or, should the table have changed since,
// the dealer's or the default version of that name. If the table no longer holds it, the version
// in force when the round started stands in.
func (s *Service) ownRules(dealer dealerkit.DealerID, c *Complaint) (*Rules, error) {
	r, err := s.Rules(dealer, c.roundStart())
	if err != nil || r.Version() == c.policyVersion {
		return r, err
	}
	if s.pol != nil {
		for _, vs := range []dealerkit.Versions[Policy]{s.pol.Dealers[dealer], s.pol.Default} {
			for _, v := range vs.All() {
				if v.Name == c.policyVersion {
					return s.rulesOf(dealer, v)
				}
			}
		}
	}
	return r, nil
}

func (s *Service) rulesOf(dealer dealerkit.DealerID, v dealerkit.Version[Policy]) (*Rules, error) {
	key := rulesKey{dealer, v.Name, v.Effective}
	if r, ok := s.rules.Load(key); ok {
		return r.(*Rules), nil
	}
	r, err := NewRules(v.Name, v.Rules)
	if err != nil {
		return nil, fmt.Errorf("complaints: policy %q of dealer %s: %w", v.Name, dealer, err)
	}
	s.rules.Store(key, r)
	return r, nil
}

func (s *Service) permissions(dealer dealerkit.DealerID, now time.Time) (*dealerkit.Permissions, error) {
	return dealerkit.PermissionsAt(s.perms, dealer, now)
}

// authorize refuses an unidentified actor or one the dealer's table in force now forbids (§3).
func (s *Service) authorize(actor dealerkit.Actor, action dealerkit.Action, now time.Time) error {
	return dealerkit.Authorize(s.perms, actor, action, now)
}

// change is the one path every complaint command takes: authorize, then load, apply under the
// policy in force now (with the complaint's own policy version bound for its deadlines, §9.1)
// and store atomically. fn depends only on the complaint it is handed, so on
// a conflict (the escalation scan, or another user, wrote first) it is run again on the reloaded
// complaint, up to Options.ConflictRetries times; a step refused on the reloaded complaint is
// refused as usual.
func (s *Service) change(ctx context.Context, actor dealerkit.Actor, action dealerkit.Action, id uuid.UUID,
	fn func(c *Complaint, r *Rules, now time.Time) error) error {
	now := s.src.Time()
	if err := s.reach(ctx, actor, id); err != nil {
		return err
	}
	if err := s.authorize(actor, action, now); err != nil {
		return err
	}
	r, err := s.Rules(actor.Dealer(), now)
	if err != nil {
		return err
	}
	return s.update(ctx, actor.Dealer(), id, func(c *Complaint) error {
		if !actor.MayReach(c.Customer()) {
			return notFound(id) // §2: another customer's complaint is not there for this one
		}
		own, err := s.ownRules(actor.Dealer(), c)
		if err != nil {
			return err
		}
		c.bindPolicy(own)
		return fn(c, r, now)
	})
}

// update is Repository.Update, retried on a conflict up to s.retries times.
func (s *Service) update(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*Complaint) error) error {
	for attempt := 0; ; attempt++ {
		err := s.repo.Update(ctx, dealer, id, fn)
		if !errors.Is(err, dealerkit.ErrConflict) || attempt >= s.retries {
			return err
		}
	}
}

// Record takes a complaint (§5.1). The policy in force at receipt sets its severity and deadlines.
// A linked repair order must exist; the vehicle, model and staff come from it where the input
// does not give them, and its comeback status is kept. A complaint from a customer or vehicle that
// complained within the policy's repeat window is a repeat and starts one level up. Bad input is
// refused with every bad field named, and nothing is stored.
//
// With an intake key (IntakeInput.Key) Record is idempotent: the same key with the same input
// returns the complaint recorded the first time, as it stands now (not a second complaint, which
// would count as a repeat of the first); the key with different input is a *KeyError (ErrKeyReused,
// dealerkit.ErrConflict) and records nothing.
func (s *Service) Record(ctx context.Context, actor dealerkit.Actor, in IntakeInput) (View, error) {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionRecordComplaint, now); err != nil {
		return View{}, err
	}
	if err := dealerkit.ValidText("", in); err != nil { // one text rule for every store
		return View{}, err
	}
	dealer := actor.Dealer()
	// The intake is validated once, here; what the repair order fills in below comes from a
	// stored order and is valid already.
	var v dealerkit.ValidationError
	vin, err := in.validate(now.UTC())
	if err != nil {
		v = *err.(*dealerkit.ValidationError)
	}
	f := facts{fingerprint: in.fingerprint()} // the request as given, before the order fills it in
	var orderMissing error
	if in.RepairOrder != (uuid.UUID{}) {
		o, err := s.orders.Get(ctx, dealer, in.RepairOrder)
		switch {
		case errors.Is(err, dealerkit.ErrNotFound):
			// §2: an order the dealer does not have (another dealer's included) is not found,
			// one class only; the input's own faults are reported first.
			orderMissing = err
		case err != nil:
			return View{}, err
		default:
			if in.VIN != "" {
				if vin, err := aftersales.ParseVIN(in.VIN); err == nil && vin != o.VIN() {
					v.Add("vin", in.VIN, "differs from the repair order's vehicle")
				}
			}
			in = fillFromOrder(in, o)
			if vin == "" {
				vin, _ = aftersales.ParseVIN(in.VIN) // the order's vehicle, when the intake gave none
			}
			f.comeback = o.IsComeback()
		}
	}
	if err := v.Err(); err != nil {
		return View{}, err
	}
	if orderMissing != nil {
		return View{}, fmt.Errorf("complaints: repair order %s: %w", in.RepairOrder, orderMissing)
	}
	if in.Key != "" {
		// A retry: answer with what was recorded, before it could count as a repeat of itself.
		if c, ok, err := s.replayIntake(ctx, dealer, in.Key, f.fingerprint); err != nil || ok {
			return s.replayView(actor, now, c, err)
		}
	}
	received := in.ReceivedAt
	if received.IsZero() {
		received = now
	}
	r, err := s.Rules(dealer, received)
	if err != nil {
		return View{}, err
	}
	if f.repeatOf, err = s.findRepeat(ctx, dealer, in, received, r); err != nil {
		return View{}, err
	}
	c, err := buildComplaint(s.src.ID(), dealer, actor.Ref(), now, r, in, vin, f, nil)
	if err != nil {
		return View{}, err
	}
	if err := s.repo.Create(ctx, c); err != nil {
		if in.Key != "" && errors.Is(err, dealerkit.ErrConflict) {
			// Another call with the same key got there first.
			if prev, ok, rerr := s.replayIntake(ctx, dealer, in.Key, f.fingerprint); rerr != nil || ok {
				return s.replayView(actor, now, prev, rerr)
			}
		}
		return View{}, err
	}
	return s.view(actor, now, c)
}

// replayIntake looks for the complaint recorded under an intake key: ok when there is one for the
// same request, a *KeyError when there is one for another.
func (s *Service) replayIntake(ctx context.Context, dealer dealerkit.DealerID, key, fp string) (*Complaint, bool, error) {
	c, err := s.repo.GetByIntakeKey(ctx, dealer, key)
	switch {
	case errors.Is(err, dealerkit.ErrNotFound):
		return nil, false, nil
	case err != nil:
		return nil, false, err
	case c.intakeFP != fp:
		return nil, false, &KeyError{Key: key, Complaint: c.id}
	}
	return c, true, nil
}

func (s *Service) replayView(actor dealerkit.Actor, now time.Time, c *Complaint, err error) (View, error) {
	if err != nil {
		return View{}, err
	}
	return s.view(actor, now, c)
}

// fillFromOrder completes an intake from its repair order: the vehicle, its model, the customer
// and the staff who served them (the advisor who opened the order and the technicians of its
// jobs), where the intake does not give them.
func fillFromOrder(in IntakeInput, o *aftersales.RepairOrder) IntakeInput {
	snap := o.Snapshot()
	if in.VIN == "" {
		in.VIN = string(o.VIN())
	}
	if in.Model == "" {
		in.Model = snap.Reception.Model
	}
	if in.Complainant == (Complainant{}) {
		in.Complainant = Complainant{Name: snap.Reception.Customer.Name, Phone: snap.Reception.Customer.Phone}
	}
	if len(in.Staff) == 0 {
		if !snap.OpenedBy.Staff.IsZero() {
			in.Staff = append(in.Staff, Involved{Staff: snap.OpenedBy.Staff, Role: dealerkit.RoleServiceAdvisor})
		}
		for _, l := range snap.Lines {
			if l.Job != nil && !l.Job.Technician.IsZero() {
				in.Staff = append(in.Staff, Involved{Staff: l.Job.Technician, Role: dealerkit.RoleTechnician})
			}
		}
		in.Staff = dedupeStaff(in.Staff)
	}
	return in
}

// findRepeat returns the latest complaint of the same vehicle or customer received within the
// policy's repeat window before received, or zero.
func (s *Service) findRepeat(ctx context.Context, dealer dealerkit.DealerID, in IntakeInput, received time.Time, r *Rules) (uuid.UUID, error) {
	from := received.Add(-r.p.RepeatWindow.D())
	var filters []Filter
	if vin, err := aftersales.ParseVIN(in.VIN); err == nil {
		filters = append(filters, Filter{VIN: vin, ReceivedFrom: from, ReceivedBefore: received})
	}
	if key := trimContact(in.Complainant).Key(); key != "" {
		filters = append(filters, Filter{CustomerKey: key, ReceivedFrom: from, ReceivedBefore: received})
	}
	var best *Complaint
	for _, f := range filters {
		found, err := s.repo.List(ctx, dealer, f)
		if err != nil {
			return uuid.UUID{}, err
		}
		for _, c := range found {
			if best == nil || c.receivedAt.After(best.receivedAt) {
				best = c
			}
		}
	}
	if best == nil {
		return uuid.UUID{}, nil
	}
	return best.id, nil
}

func (s *Service) view(actor dealerkit.Actor, now time.Time, c *Complaint) (View, error) {
	contact, err := s.mayReadContact(actor, now)
	if err != nil {
		return View{}, err
	}
	return NewView(c, contact), nil // §5: confidentiality
}

// mayReadContact reports whether actor may read complainants' contact details: staff allowed
// dealerkit.ActionViewComplainant (§5 confidentiality), and a customer, who reaches only their
// own complaints and so only their own details.
func (s *Service) mayReadContact(actor dealerkit.Actor, now time.Time) (bool, error) {
	if actor.IsCustomer() {
		return true, nil
	}
	perms, err := s.permissions(actor.Dealer(), now)
	if err != nil {
		return false, err
	}
	return perms.Allows(actor, dealerkit.ActionViewComplainant), nil
}

// notFound is the error for a complaint the actor may not reach, worded as for one that does not
// exist so that nothing leaks (§2).
func notFound(id uuid.UUID) error { return fmt.Errorf("complaint %s: %w", id, dealerkit.ErrNotFound) }

// load reads a complaint the actor may view: staff allowed dealerkit.ActionViewComplaint, or the
// customer it is from. Another customer's complaint is dealerkit.ErrNotFound, as is another
// dealer's.
func (s *Service) load(ctx context.Context, actor dealerkit.Actor, now time.Time, id uuid.UUID) (*Complaint, error) {
	if err := s.reach(ctx, actor, id); err != nil {
		return nil, err
	}
	if err := s.authorize(actor, dealerkit.ActionViewComplaint, now); err != nil {
		return nil, err
	}
	c, err := s.repo.Get(ctx, actor.Dealer(), id)
	if err != nil {
		return nil, err
	}
	if !actor.MayReach(c.Customer()) {
		return nil, notFound(id)
	}
	return c, nil
}

// reach refuses a customer actor a complaint that is not theirs as not found, before the
// permission table is asked: another customer's complaint is not there for them whatever the
// table allows (§2), so a refusal can never tell them it exists. Staff pass.
func (s *Service) reach(ctx context.Context, actor dealerkit.Actor, id uuid.UUID) error {
	if !actor.IsCustomer() {
		return nil
	}
	c, err := s.repo.Get(ctx, actor.Dealer(), id)
	if err != nil {
		return err
	}
	if !actor.MayReach(c.Customer()) {
		return notFound(id)
	}
	return nil
}

// Get returns the complaint record itself, the same rule as every package's Service.Get. The
// record holds the complainant's contact details, so staff need dealerkit.ActionViewComplainant
// beside dealerkit.ActionViewComplaint (§5 confidentiality); a customer gets only their own
// complaint, and dealerkit.ErrNotFound for any other. Use View for what any viewer may see. The
// record's methods are the domain rules (see Complaint): change it through the Service only.
func (s *Service) Get(ctx context.Context, actor dealerkit.Actor, id uuid.UUID) (*Complaint, error) {
	now := s.src.Time()
	c, err := s.load(ctx, actor, now, id)
	if err != nil {
		return nil, err
	}
	if contact, err := s.mayReadContact(actor, now); err != nil || !contact {
		if err == nil {
			err = &dealerkit.ForbiddenError{Action: dealerkit.ActionViewComplainant, Actor: actor}
		}
		return nil, err
	}
	return c, nil
}

// View returns one complaint as the actor may see it: the contact details only to those allowed
// dealerkit.ActionViewComplainant (§5 confidentiality). A customer sees only their own complaints
// and gets dealerkit.ErrNotFound for any other.
func (s *Service) View(ctx context.Context, actor dealerkit.Actor, id uuid.UUID) (View, error) {
	now := s.src.Time()
	c, err := s.load(ctx, actor, now, id)
	if err != nil {
		return View{}, err
	}
	return s.view(actor, now, c)
}

// List returns one page of the actor's dealer's complaints matching f, ordered by id (recording
// order), as the actor may see them: f.Limit items at most (dealerkit.PageSize caps it), and
// Page.Next the cursor to pass as f.Cursor for the page after. f.After is the repository's form of
// the cursor and is ignored here. A customer actor lists only their own complaints, whatever
// f.Customer says. Filtering by f.CustomerKey, which is derived from the complainant's contact
// details, takes dealerkit.ActionViewComplainant too: without it the filter would tell whom a
// complaint is from (§5 confidentiality).
func (s *Service) List(ctx context.Context, actor dealerkit.Actor, f Filter) (dealerkit.Page[View], error) {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionViewComplaint, now); err != nil {
		return dealerkit.Page[View]{}, err
	}
	if err := dealerkit.ValidText("", f); err != nil { // one text rule for every store
		return dealerkit.Page[View]{}, err
	}
	contact, err := s.mayReadContact(actor, now)
	if err != nil {
		return dealerkit.Page[View]{}, err
	}
	if f.CustomerKey != "" && !contact {
		return dealerkit.Page[View]{}, &dealerkit.ForbiddenError{Action: dealerkit.ActionViewComplainant, Actor: actor} // §5: confidentiality
	}
	if actor.IsCustomer() {
		if !f.Customer.IsZero() && f.Customer != actor.Customer() {
			return dealerkit.NewPage[View](nil, 0, nil), nil // another customer's: nothing to see (§2)
		}
		f.Customer = actor.Customer()
	}
	if f.After, err = f.Cursor.After(); err != nil {
		return dealerkit.Page[View]{}, err
	}
	size := dealerkit.PageSize(f.Limit)
	f.Limit = size + 1 // one more proves a next page
	found, err := s.repo.List(ctx, actor.Dealer(), f)
	if err != nil {
		return dealerkit.Page[View]{}, err
	}
	out := make([]View, len(found))
	for i, c := range found {
		out[i] = NewView(c, contact)
	}
	return dealerkit.NewPage(out, size, func(v View) uuid.UUID { return v.ID }), nil
}

// Acknowledge records that the advisor talked to the customer (§5.2).
func (s *Service) Acknowledge(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, note string) error {
	return s.change(ctx, actor, dealerkit.ActionAcknowledgeComplaint, id, func(c *Complaint, r *Rules, now time.Time) error {
		if err := dealerkit.ValidText("note", note); err != nil { // one text rule for every store
			return err
		}
		return c.Acknowledge(r, actor, now, note)
	})
}

// Report records the report to the manager (§5.2).
func (s *Service) Report(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, in ReportInput) error {
	return s.change(ctx, actor, dealerkit.ActionAcknowledgeComplaint, id, func(c *Complaint, r *Rules, now time.Time) error {
		if err := dealerkit.ValidText("", in); err != nil { // one text rule for every store
			return err
		}
		return c.Report(r, actor, now, in)
	})
}

// Investigate records the start of the investigation or a finding (§5.3).
func (s *Service) Investigate(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, finding string) error {
	return s.change(ctx, actor, dealerkit.ActionInvestigateComplaint, id, func(c *Complaint, r *Rules, now time.Time) error {
		if err := dealerkit.ValidText("finding", finding); err != nil { // one text rule for every store
			return err
		}
		return c.Investigate(r, actor, now, finding)
	})
}

// ProposeSolution records the manager's solution and the root cause (§3.1(4), §5.3, §5.5).
func (s *Service) ProposeSolution(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, in SolutionInput) error {
	return s.change(ctx, actor, dealerkit.ActionResolveComplaint, id, func(c *Complaint, r *Rules, now time.Time) error {
		if err := dealerkit.ValidText("", in); err != nil { // one text rule for every store
			return err
		}
		return c.ProposeSolution(r, actor, now, in)
	})
}

// RecordFeedback records the customer's answer to the solution (§5.3).
func (s *Service) RecordFeedback(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, in FeedbackInput) error {
	return s.change(ctx, actor, dealerkit.ActionResolveComplaint, id, func(c *Complaint, r *Rules, now time.Time) error {
		if err := dealerkit.ValidText("", in); err != nil { // one text rule for every store
			return err
		}
		return c.RecordFeedback(r, actor, now, in)
	})
}

// Resolve records that the solution was carried out (§5.3).
func (s *Service) Resolve(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, note string) error {
	return s.change(ctx, actor, dealerkit.ActionResolveComplaint, id, func(c *Complaint, r *Rules, now time.Time) error {
		if err := dealerkit.ValidText("note", note); err != nil { // one text rule for every store
			return err
		}
		return c.Resolve(r, actor, now, note)
	})
}

// Verify records the verification contact (§5.4).
func (s *Service) Verify(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, in VerificationInput) error {
	return s.change(ctx, actor, dealerkit.ActionVerifyComplaint, id, func(c *Complaint, r *Rules, now time.Time) error {
		if err := dealerkit.ValidText("", in); err != nil { // one text rule for every store
			return err
		}
		return c.Verify(r, actor, now, in)
	})
}

// Close closes a verified complaint (§5.4).
func (s *Service) Close(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, note string) error {
	return s.change(ctx, actor, dealerkit.ActionCloseComplaint, id, func(c *Complaint, r *Rules, now time.Time) error {
		if err := dealerkit.ValidText("note", note); err != nil { // one text rule for every store
			return err
		}
		return c.Close(r, actor, now, note)
	})
}

// Contact records a new contact on the same matter, which reopens a verified or recently closed
// complaint (§5.4).
func (s *Service) Contact(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, in ContactInput) error {
	return s.change(ctx, actor, dealerkit.ActionRecordComplaint, id, func(c *Complaint, r *Rules, now time.Time) error {
		if err := dealerkit.ValidText("", in); err != nil { // one text rule for every store
			return err
		}
		return c.Contact(r, actor, now, in)
	})
}

// AwaitCustomer stops the complaint's clock while waiting for the customer (§5).
func (s *Service) AwaitCustomer(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, reason string) error {
	return s.change(ctx, actor, dealerkit.ActionAcknowledgeComplaint, id, func(c *Complaint, r *Rules, now time.Time) error {
		if err := dealerkit.ValidText("reason", reason); err != nil { // one text rule for every store
			return err
		}
		return c.AwaitCustomer(r, actor, now, reason)
	})
}

// CustomerResponded starts the clock again (§5).
func (s *Service) CustomerResponded(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, note string) error {
	return s.change(ctx, actor, dealerkit.ActionAcknowledgeComplaint, id, func(c *Complaint, r *Rules, now time.Time) error {
		if err := dealerkit.ValidText("note", note); err != nil { // one text rule for every store
			return err
		}
		return c.CustomerResponded(r, actor, now, note)
	})
}

// NameStaff names staff the investigation identified (§5.3); a named technician can then neither
// verify nor close the complaint (§5.4). It takes dealerkit.ActionInvestigateComplaint, the
// manager's by default.
func (s *Service) NameStaff(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, in NameStaffInput) error {
	return s.change(ctx, actor, dealerkit.ActionInvestigateComplaint, id, func(c *Complaint, r *Rules, now time.Time) error {
		if err := dealerkit.ValidText("", in); err != nil { // one text rule for every store
			return err
		}
		return c.NameStaff(r, actor, now, in)
	})
}

// SetRootCause revises the root cause (§5.5).
func (s *Service) SetRootCause(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, cause, note string) error {
	return s.change(ctx, actor, dealerkit.ActionInvestigateComplaint, id, func(c *Complaint, r *Rules, now time.Time) error {
		if err := errors.Join(dealerkit.ValidText("cause", cause), dealerkit.ValidText("note", note)); err != nil { // one text rule for every store
			return err
		}
		return c.SetRootCause(r, actor, now, cause, note)
	})
}
