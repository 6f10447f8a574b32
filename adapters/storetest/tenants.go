package storetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/dealerkit/dealerkit/safety"
	"github.com/dealerkit/dealerkit/training"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TenantStore is what the tenant-isolation suite needs: every repository a Service runs on, the
// event log and transactions.
type TenantStore interface {
	RepairOrders() aftersales.Repository
	Parts() parts.Repository
	Complaints() complaints.Repository
	CorrectiveActions() complaints.CorrectiveRepository
	Appraisals() appraisal.Repository
	Training() training.Repository
	Safety() safety.Repository
	dealerkit.EventReader
	dealerkit.Transactor
}

// RunTenants runs the §2 tenant contract over every exported method of aftersales.Service,
// parts.Service, complaints.Service, appraisal.Service, training.Service and safety.Service: called by another dealer's staff (holding every role)
// with the ids of this dealer's records, wherever they sit in the input, each method returns
// dealerkit.ErrNotFound and writes nothing, and no list or report shows the other dealer's
// records. The suite fails when a Service gains an exported method it does not call, so it stays
// complete as the packages grow.
func RunTenants(t *testing.T, newStore func(t *testing.T) TenantStore) {
	t.Run("Clause2_EveryServiceMethodRefusesAnotherDealersIDs", func(t *testing.T) {
		testTenantIsolation(t, newStore(t))
	})
}

// tenantCall is one service method called by dealer B's staff with dealer A's ids. notFound calls
// must fail with ErrNotFound; the others (lists, reports, and methods taking no id of a record)
// must not fail otherwise and must show nothing of dealer A.
type tenantCall struct {
	notFound bool
	call     func() (any, error)
	// unknown, for a call naming dealer A's record by its code (equipment, a part number), is
	// the same call with a code no dealer has: both must fail alike, with nothing written.
	unknown func() (any, error)
}

func testTenantIsolation(t *testing.T, s TenantStore) {
	ctx := t.Context()
	pf := newPartsFixture(t, tenantPartsStore{s}, nil)
	cs, err := complaints.NewService(s.Complaints(), s.CorrectiveActions(), s.RepairOrders(),
		&complaints.Options{Now: pf.clock.Now, NewID: pf.newID})
	require.NoError(t, err)
	ro, ps := pf.ro, pf.svc

	// Dealer A's world: a supplier, a part in stock, a placed and received purchase order, a
	// repair order with an approved part line holding stock and a labour line, a stocktake, a
	// complaint on the order and a corrective action citing it.
	part := pf.addPart(t, dealerA(), "5Q0 698 151 B", parts.UnitSet, "A-01")
	sup := pf.supplier(t, dealerA())
	rc := pf.buy(t, part, "4", "120.00")
	pos, err := ps.PurchaseOrders(ctx, pf.clerk, parts.POFilter{})
	require.NoError(t, err)
	require.Len(t, pos.Items, 1)
	po := pos.Items[0]
	order, lines := pf.approvedOrder(t, partLineInput(t, string(part.Number()), "1"))
	labour, err := ro.AddLine(ctx, pf.advisor, order, aftersales.LineInput{Kind: aftersales.LineLabour,
		Description: "replace pads", Quantity: dec(t, "1"), UnitPrice: dec(t, "200"), PayType: aftersales.PayCustomer})
	require.NoError(t, err)
	st, err := ps.StartStocktake(ctx, pf.clerk, parts.StocktakeInput{Reason: "cycle count"})
	require.NoError(t, err)
	sheet, err := ps.CountSheet(ctx, pf.clerk, st.ID())
	require.NoError(t, err)
	require.NotEmpty(t, sheet)
	complaint, err := cs.Record(ctx, pf.advisor, complaints.IntakeInput{Channel: complaints.ChannelPhone,
		Category: complaints.CategoryRepairQuality, Description: "still squeals", RepairOrder: order})
	require.NoError(t, err)
	rules, err := cs.Rules(dealerA(), pf.clock.Now())
	require.NoError(t, err)
	action, err := cs.OpenCorrectiveAction(ctx, pf.manager, complaints.CorrectiveInput{
		Category: complaints.CategoryRepairQuality, RootCause: rules.Policy().RootCauses[0], Description: "retrain",
		Complaints: []uuid.UUID{complaint.ID}, Owner: pf.manager.Staff(), DueAt: pf.clock.Now().Add(30 * 24 * time.Hour)})
	require.NoError(t, err)

	people := newPeopleWorld(t, s, pf)

	// What of dealer A must never show in dealer B's answers.
	secrets := []string{order.String(), lines[0].String(), labour.String(), part.ID().String(), sup.ID().String(),
		po.ID().String(), rc.ID.String(), st.ID().String(), complaint.ID.String(), action.ID().String(),
		string(vin1(t)), string(part.Number())}
	secrets = append(secrets, people.secrets()...)

	b, err := dealerkit.NewStaffActor(dealerB(), staffID(9), dealerkit.Roles()...)
	require.NoError(t, err)
	one, now := dec(t, "1"), pf.clock.Now()
	from, to := now.Add(-365*24*time.Hour), now.Add(24*time.Hour)
	found := func(v any, err error) (any, error) { return v, err }
	none := func(err error) (any, error) { return nil, err }
	nf := func(call func() (any, error)) tenantCall { return tenantCall{notFound: true, call: call} }
	shows := func(call func() (any, error)) tenantCall { return tenantCall{call: call} }
	labourIn := aftersales.LineInput{Kind: aftersales.LineLabour, Description: "x", Quantity: one, UnitPrice: one, PayType: aftersales.PayCustomer}

	// mkCalls binds the calls to an actor: dealer B's staff, then a customer of dealer A who owns
	// none of A's records.
	mkCalls := func(b dealerkit.Actor) map[string]tenantCall {
		return map[string]tenantCall{
			// aftersales.Service
			"aftersales.Open": shows(func() (any, error) {
				o, err := ro.Open(ctx, b, aftersales.ReceptionInput{ArrivedAt: now, GreetedAt: now, VIN: string(vin1(t)),
					Plate: "沪A·12345", MileageKm: 42100, WalkAroundDone: true, Visit: aftersales.VisitWaiting,
					Concerns: []aftersales.Concern{{Text: "brakes squeal"}}})
				if err != nil {
					return nil, err
				}
				// §2: the same vehicle at dealer A is not B's comeback.
				return o.ComebackOf(), nil
			}),
			"aftersales.Get":        nf(func() (any, error) { return found(ro.Get(ctx, b, order)) }),
			"aftersales.List":       shows(func() (any, error) { return found(ro.List(ctx, b, aftersales.Query{})) }),
			"aftersales.Overdue":    shows(func() (any, error) { return found(ro.Overdue(ctx, b)) }),
			"aftersales.AddLine":    nf(func() (any, error) { return found(ro.AddLine(ctx, b, order, labourIn)) }),
			"aftersales.RemoveLine": nf(func() (any, error) { return none(ro.RemoveLine(ctx, b, order, labour)) }),
			"aftersales.Decide": nf(func() (any, error) {
				return none(ro.Decide(ctx, b, order, aftersales.DecisionInput{Lines: []uuid.UUID{labour}, Approved: true, Channel: aftersales.ChannelInPerson}))
			}),
			"aftersales.Dispatch": nf(func() (any, error) {
				return none(ro.Dispatch(ctx, b, order, aftersales.DispatchInput{Line: labour, Technician: staffID(3), PromisedAt: to}))
			}),
			"aftersales.Notify":      nf(func() (any, error) { return none(ro.Notify(ctx, b, order, aftersales.ChannelPhone, "ready soon")) }),
			"aftersales.ClockOn":     nf(func() (any, error) { return none(ro.ClockOn(ctx, b, order, labour)) }),
			"aftersales.ClockOff":    nf(func() (any, error) { return none(ro.ClockOff(ctx, b, order, labour)) }),
			"aftersales.StopClock":   nf(func() (any, error) { return none(ro.StopClock(ctx, b, order, labour, staffID(3))) }),
			"aftersales.CompleteJob": nf(func() (any, error) { return none(ro.CompleteJob(ctx, b, order, labour)) }),
			"aftersales.ProposeExtraWork": nf(func() (any, error) {
				return found(ro.ProposeExtraWork(ctx, b, order, "worn disc", labourIn))
			}),
			"aftersales.FinishWork":     nf(func() (any, error) { return none(ro.FinishWork(ctx, b, order)) }),
			"aftersales.RecordCleaning": nf(func() (any, error) { return none(ro.RecordCleaning(ctx, b, order)) }),
			"aftersales.Inspect": nf(func() (any, error) {
				return none(ro.Inspect(ctx, b, order, aftersales.InspectionInput{Checklist: []aftersales.CheckItem{{Item: "brakes", OK: true}}}))
			}),
			"aftersales.NotifyReady":  nf(func() (any, error) { return none(ro.NotifyReady(ctx, b, order, aftersales.ChannelPhone, "ready")) }),
			"aftersales.Settle":       nf(func() (any, error) { return found(ro.Settle(ctx, b, order)) }),
			"aftersales.Quote":        nf(func() (any, error) { return found(ro.Quote(ctx, b, order)) }),
			"aftersales.Respond":      nf(func() (any, error) { return none(ro.Respond(ctx, b, order, true, "fine")) }),
			"aftersales.ReturnToWork": nf(func() (any, error) { return none(ro.ReturnToWork(ctx, b, order, []uuid.UUID{labour}, "noise")) }),
			"aftersales.RecordPayment": nf(func() (any, error) {
				return none(ro.RecordPayment(ctx, b, order, aftersales.PaymentInput{Amount: one, Method: "cash"}))
			}),
			"aftersales.Deliver": nf(func() (any, error) { return none(ro.Deliver(ctx, b, order)) }),
			"aftersales.DeliverWith": nf(func() (any, error) {
				return none(ro.DeliverWith(ctx, b, order, aftersales.DeliveryInput{MileageKm: 42010}))
			}),
			"aftersales.FollowUp": nf(func() (any, error) {
				return none(ro.FollowUp(ctx, b, order, aftersales.SurveyInput{Channel: aftersales.ChannelPhone, Scores: map[string]int{"overall": 9}}))
			}),
			"aftersales.Cancel": nf(func() (any, error) { return none(ro.Cancel(ctx, b, order, "customer left")) }),

			// parts.Service
			"parts.Policy": shows(func() (any, error) { return found(ps.Policy(dealerB(), now)) }),
			"parts.AddSupplier": shows(func() (any, error) {
				return found(ps.AddSupplier(ctx, b, parts.SupplierInput{Code: "SVW", Name: "own"}))
			}),
			"parts.Suppliers": shows(func() (any, error) { return found(ps.Suppliers(ctx, b)) }),
			"parts.AddPart": nf(func() (any, error) {
				return found(ps.AddPart(ctx, b, parts.PartInput{Number: "BP-1", Name: parts.Name{En: "pads"}, Unit: parts.UnitSet,
					Category: "brakes", Bin: "A", ListPrice: one, Sources: []parts.Source{{Supplier: sup.ID(), Preferred: true}}}))
			}),
			"parts.RevisePart": nf(func() (any, error) {
				return none(ps.RevisePart(ctx, b, part.ID(), parts.PartInput{Number: string(part.Number()), Name: parts.Name{En: "pads"},
					Unit: parts.UnitSet, Category: "brakes", Bin: "A", ListPrice: one}))
			}),
			"parts.SetPartActive": nf(func() (any, error) { return none(ps.SetPartActive(ctx, b, part.ID(), false)) }),
			"parts.Part":          nf(func() (any, error) { return found(ps.Part(ctx, b, part.ID())) }),
			"parts.PartByNumber":  nf(func() (any, error) { return found(ps.PartByNumber(ctx, b, string(part.Number()))) }),
			"parts.Parts":         shows(func() (any, error) { return found(ps.Parts(ctx, b, parts.PartFilter{IDs: []uuid.UUID{part.ID()}})) }),
			"parts.CreatePurchaseOrder": nf(func() (any, error) {
				return found(ps.CreatePurchaseOrder(ctx, b, parts.POInput{Supplier: sup.ID()}))
			}),
			"parts.AddPurchaseLine": nf(func() (any, error) {
				return found(ps.AddPurchaseLine(ctx, b, po.ID(), parts.POLineInput{Part: part.ID(), Quantity: one, UnitCost: one}))
			}),
			"parts.RemovePurchaseLine":  nf(func() (any, error) { return none(ps.RemovePurchaseLine(ctx, b, po.ID(), po.Lines()[0].ID)) }),
			"parts.PlaceOrder":          nf(func() (any, error) { return none(ps.PlaceOrder(ctx, b, po.ID(), to)) }),
			"parts.CancelPurchaseOrder": nf(func() (any, error) { return none(ps.CancelPurchaseOrder(ctx, b, po.ID(), "no longer needed")) }),
			"parts.ClosePurchaseOrder":  nf(func() (any, error) { return none(ps.ClosePurchaseOrder(ctx, b, po.ID(), "short")) }),
			"parts.PurchaseOrder":       nf(func() (any, error) { return found(ps.PurchaseOrder(ctx, b, po.ID())) }),
			"parts.PurchaseOrders": shows(func() (any, error) {
				return found(ps.PurchaseOrders(ctx, b, parts.POFilter{Supplier: sup.ID(), Part: part.ID()}))
			}),
			"parts.Receive": nf(func() (any, error) {
				return found(ps.Receive(ctx, b, po.ID(), parts.ReceiptInput{Key: "tenant-receive",
					Lines: []parts.ReceiptLineInput{{Line: po.Lines()[0].ID, Delivered: one}}}))
			}),
			"parts.ReverseReceipt":  nf(func() (any, error) { return found(ps.ReverseReceipt(ctx, b, po.ID(), rc.ID, "wrong delivery")) }),
			"parts.SupplierFigures": nf(func() (any, error) { return found(ps.SupplierFigures(ctx, b, sup.ID(), from, to)) }),
			"parts.Availability":    nf(func() (any, error) { return found(ps.Availability(ctx, b, string(part.Number()))) }),
			"parts.CheckOrder":      nf(func() (any, error) { return found(ps.CheckOrder(ctx, b, order)) }),
			"parts.Approve": nf(func() (any, error) {
				return found(ps.Approve(ctx, b, order, aftersales.DecisionInput{Lines: []uuid.UUID{labour}, Approved: true, Channel: aftersales.ChannelInPerson}))
			}),
			"parts.ReserveOrder": nf(func() (any, error) { return found(ps.ReserveOrder(ctx, b, order)) }),
			"parts.ReleaseOrder": nf(func() (any, error) { return none(ps.ReleaseOrder(ctx, b, order, "customer left")) }),
			"parts.CancelOrder":  nf(func() (any, error) { return none(ps.CancelOrder(ctx, b, order, "customer left")) }),
			"parts.Issue": nf(func() (any, error) {
				return found(ps.Issue(ctx, b, parts.IssueInput{Key: "tenant-issue", Order: order, Line: lines[0], Quantity: one}))
			}),
			"parts.Pick": nf(func() (any, error) {
				return found(ps.Pick(ctx, b, parts.PickInput{Key: "tenant-pick", Order: order, Lines: []parts.PickLine{{Line: lines[0], Quantity: one}}}))
			}),
			"parts.Return": nf(func() (any, error) {
				return found(ps.Return(ctx, b, parts.ReturnInput{Key: "tenant-return", Order: order, Line: lines[0], Quantity: one}))
			}),
			"parts.Reservations": shows(func() (any, error) {
				return found(ps.Reservations(ctx, b, parts.ReservationFilter{Order: order, Part: part.ID()}))
			}),
			"parts.Adjust": nf(func() (any, error) {
				return found(ps.Adjust(ctx, b, parts.AdjustInput{Key: "tenant-adjust", Part: part.ID(), Quantity: one, Reason: "found"}))
			}),
			"parts.Reverse":         nf(func() (any, error) { return found(ps.Reverse(ctx, b, rc.Posting, "mistake")) }),
			"parts.Stock":           shows(func() (any, error) { return found(ps.Stock(ctx, b, parts.StockFilter{Part: part.ID()})) }),
			"parts.Movements":       shows(func() (any, error) { return found(ps.Movements(ctx, b, parts.MovementFilter{Part: part.ID()})) }),
			"parts.StartStocktake":  shows(func() (any, error) { return found(ps.StartStocktake(ctx, b, parts.StocktakeInput{Reason: "own"})) }),
			"parts.CountSheet":      nf(func() (any, error) { return found(ps.CountSheet(ctx, b, st.ID())) }),
			"parts.GetStocktake":    nf(func() (any, error) { return found(ps.GetStocktake(ctx, b, st.ID())) }),
			"parts.Count":           nf(func() (any, error) { return none(ps.Count(ctx, b, st.ID(), sheet[0].Line, one)) }),
			"parts.SubmitStocktake": nf(func() (any, error) { return none(ps.SubmitStocktake(ctx, b, st.ID())) }),
			"parts.ReopenStocktake": nf(func() (any, error) { return none(ps.ReopenStocktake(ctx, b, st.ID(), "recount")) }),
			"parts.CancelStocktake": nf(func() (any, error) { return none(ps.CancelStocktake(ctx, b, st.ID(), "abandoned")) }),
			"parts.ApproveStocktake": nf(func() (any, error) {
				return found(ps.ApproveStocktake(ctx, b, st.ID()))
			}),
			"parts.Stocktakes":          shows(func() (any, error) { return found(ps.Stocktakes(ctx, b, parts.StocktakeFilter{})) }),
			"parts.Posting":             nf(func() (any, error) { return found(ps.Posting(ctx, b, rc.Posting)) }),
			"parts.Plan":                shows(func() (any, error) { return found(ps.Plan(ctx, b)) }),
			"parts.SuggestPurchases":    shows(func() (any, error) { return found(ps.SuggestPurchases(ctx, b)) }),
			"parts.StockValuation":      shows(func() (any, error) { return found(ps.StockValuation(ctx, b)) }),
			"parts.Turns":               shows(func() (any, error) { return found(ps.Turns(ctx, b, from, to)) }),
			"parts.FillRates":           shows(func() (any, error) { return found(ps.FillRates(ctx, b, from, to)) }),
			"parts.DaysOfSupply":        shows(func() (any, error) { return found(ps.DaysOfSupply(ctx, b)) }),
			"parts.Ageing":              shows(func() (any, error) { return found(ps.Ageing(ctx, b)) }),
			"parts.DraftPurchaseOrders": shows(func() (any, error) { return found(ps.DraftPurchaseOrders(ctx, b)) }),

			// complaints.Service
			"complaints.Rules": shows(func() (any, error) { return found(cs.Rules(dealerB(), now)) }),
			"complaints.Record": nf(func() (any, error) {
				return found(cs.Record(ctx, b, complaints.IntakeInput{Channel: complaints.ChannelPhone,
					Category: complaints.CategoryRepairQuality, Description: "noise", RepairOrder: order}))
			}),
			"complaints.Get":         nf(func() (any, error) { return found(cs.Get(ctx, b, complaint.ID)) }),
			"complaints.View":        nf(func() (any, error) { return found(cs.View(ctx, b, complaint.ID)) }),
			"complaints.List":        shows(func() (any, error) { return found(cs.List(ctx, b, complaints.Filter{RepairOrder: order})) }),
			"complaints.Acknowledge": nf(func() (any, error) { return none(cs.Acknowledge(ctx, b, complaint.ID, "called back")) }),
			"complaints.Report": nf(func() (any, error) {
				return none(cs.Report(ctx, b, complaint.ID, complaints.ReportInput{Manager: b.Staff(), Note: "n"}))
			}),
			"complaints.Investigate": nf(func() (any, error) { return none(cs.Investigate(ctx, b, complaint.ID, "worn pads")) }),
			"complaints.ProposeSolution": nf(func() (any, error) {
				return none(cs.ProposeSolution(ctx, b, complaint.ID, complaints.SolutionInput{RootCause: rules.Policy().RootCauses[0], Solution: "redo"}))
			}),
			"complaints.RecordFeedback": nf(func() (any, error) {
				return none(cs.RecordFeedback(ctx, b, complaint.ID, complaints.FeedbackInput{Accepted: true}))
			}),
			"complaints.Resolve": nf(func() (any, error) { return none(cs.Resolve(ctx, b, complaint.ID, "done")) }),
			"complaints.Verify": nf(func() (any, error) {
				return none(cs.Verify(ctx, b, complaint.ID, complaints.VerificationInput{Confirmed: true, Note: "fine"}))
			}),
			"complaints.Close": nf(func() (any, error) { return none(cs.Close(ctx, b, complaint.ID, "closed")) }),
			"complaints.Contact": nf(func() (any, error) {
				return none(cs.Contact(ctx, b, complaint.ID, complaints.ContactInput{Channel: complaints.ChannelPhone, Note: "called"}))
			}),
			"complaints.AwaitCustomer":     nf(func() (any, error) { return none(cs.AwaitCustomer(ctx, b, complaint.ID, "abroad")) }),
			"complaints.CustomerResponded": nf(func() (any, error) { return none(cs.CustomerResponded(ctx, b, complaint.ID, "back")) }),
			"complaints.NameStaff": nf(func() (any, error) {
				return none(cs.NameStaff(ctx, b, complaint.ID, complaints.NameStaffInput{
					Staff: []complaints.Involved{{Staff: staffID(3), Role: dealerkit.RoleTechnician}}, Note: "n"}))
			}),
			"complaints.SetRootCause": nf(func() (any, error) {
				return none(cs.SetRootCause(ctx, b, complaint.ID, rules.Policy().RootCauses[0], "n"))
			}),
			"complaints.Analyze": shows(func() (any, error) { return found(cs.Analyze(ctx, b, from, to)) }),
			"complaints.IntakeFromEvents": shows(func() (any, error) {
				// Dealer A's own events, replayed: the intake works on A's records or none, never B's.
				return found(cs.IntakeFromEvents(ctx, nil))
			}),
			"complaints.IntakeFeed": shows(func() (any, error) { return found(cs.IntakeFeed(ctx, s, dealerB(), 0)) }),
			"complaints.Escalate":   shows(func() (any, error) { return found(cs.Escalate(ctx, dealerB(), to)) }),
			"complaints.OpenCorrectiveAction": nf(func() (any, error) {
				return found(cs.OpenCorrectiveAction(ctx, b, complaints.CorrectiveInput{Category: complaints.CategoryRepairQuality,
					RootCause: rules.Policy().RootCauses[0], Description: "retrain", Complaints: []uuid.UUID{complaint.ID},
					Owner: b.Staff(), DueAt: to}))
			}),
			"complaints.CompleteCorrectiveAction": nf(func() (any, error) { return none(cs.CompleteCorrectiveAction(ctx, b, action.ID(), "done")) }),
			"complaints.CheckEffectiveness":       nf(func() (any, error) { return found(cs.CheckEffectiveness(ctx, b, action.ID())) }),
			"complaints.GetCorrectiveAction":      nf(func() (any, error) { return found(cs.GetCorrectiveAction(ctx, b, action.ID())) }),
			"complaints.ListCorrectiveActions": shows(func() (any, error) {
				return found(cs.ListCorrectiveActions(ctx, b, complaints.CorrectiveFilter{}))
			}),
		}
	}
	calls := mkCalls(b)

	for name, c := range people.calls(t, b, now) {
		calls[name] = c
	}
	services := map[string]any{"aftersales": ro, "parts": ps, "complaints": cs}
	for pkg, svc := range people.services() {
		services[pkg] = svc
	}

	// Complete: every exported method of every Service is called, and nothing else.
	var methods []string
	for pkg, svc := range services {
		ty := reflect.TypeOf(svc)
		for i := range ty.NumMethod() {
			methods = append(methods, pkg+"."+ty.Method(i).Name)
		}
	}
	slices.Sort(methods)
	var missing []string
	for _, m := range methods {
		if _, ok := calls[m]; !ok {
			missing = append(missing, m)
		}
	}
	require.Empty(t, missing, "§2: exported Service methods the tenant contract does not call: add them to RunTenants")
	for name := range calls {
		require.Contains(t, methods, name, "the tenant contract calls a method that no longer exists")
	}

	eventsOf := func(d dealerkit.DealerID) []dealerkit.Event {
		evs, err := s.Events(ctx, d, 0, 100_000)
		require.NoError(t, err)
		return evs
	}
	people.ownB(t, pf) // B's own records that B's inputs build on, with an A id nested in them
	aBefore, bBefore := eventsOf(dealerA()), eventsOf(dealerB())
	// pass calls every method as who: the calls naming A's records must find nothing (customers
	// may instead be forbidden: their table forbids most actions whatever the id) and write
	// nothing, at A or at B; the lists, reports and calls taking no id of a record show nothing
	// of A's.
	pass := func(who string, calls map[string]tenantCall, forbiddenToo bool) {
		for _, m := range methods {
			c := calls[m]
			if !c.notFound {
				continue
			}
			got, err := c.call()
			switch {
			case c.unknown != nil:
				// A code rather than an id: dealer A's must be answered exactly as a code nobody has.
				_, want := c.unknown()
				require.Error(t, want, m)
				require.Equal(t, dealerkit.ClassOf(want), dealerkit.ClassOf(err), "§2: %s as %s with A's code: %v, with an unknown one: %v", m, who, err, want)
				require.Equal(t, dealerkit.CodeOf(want), dealerkit.CodeOf(err), "§2: %s as %s with A's code: %v, with an unknown one: %v", m, who, err, want)
			case forbiddenToo && errors.Is(err, dealerkit.ErrForbidden):
			default:
				assert.ErrorIs(t, err, dealerkit.ErrNotFound, "§2: %s as %s with dealer A's ids returned %v (%v)", m, who, err, got)
			}
			assert.Equal(t, 1, classCount(err), "§2: %s as %s: one class only: %v", m, who, err)
			require.Len(t, eventsOf(dealerB()), len(bBefore), "§2: %s as %s wrote an event in dealer B's log", m, who)
			require.Len(t, eventsOf(dealerA()), len(aBefore), "§2: %s as %s wrote an event in dealer A's log", m, who)
		}
		for _, m := range methods {
			c := calls[m]
			if c.notFound {
				continue
			}
			got, err := c.call()
			if err != nil { // refused for the actor's own reasons (nothing of B's to count, say): a kernel class
				require.NotNil(t, dealerkit.ClassOf(err), "§2: %s as %s: %v", m, who, err)
			}
			body, jerr := json.Marshal(got)
			require.NoError(t, jerr, m)
			text := strings.ToLower(string(body)) + strings.ToLower(fmt.Sprint(got))
			for _, secret := range secrets {
				require.NotContains(t, text, strings.ToLower(secret), "§2: %s as %s shows dealer A's %s", m, who, secret)
			}
		}
		require.Equal(t, len(aBefore), len(eventsOf(dealerA())), "§2: dealer A's log changed")
	}
	pass("dealer B", calls, false)
	bBefore = eventsOf(dealerB()) // B's own records, made by the second loop, are B's business

	// §2: a customer reaches only their own records. A customer of dealer A who owns none of
	// the records above reaches none of them, through any method, and changes nothing.
	stranger, err := dealerkit.NewCustomerActor(dealerA(), customerID(77))
	require.NoError(t, err)
	strangerCalls := mkCalls(stranger)
	for name, c := range people.calls(t, stranger, now) {
		strangerCalls[name] = c
	}
	pass("another customer of dealer A", strangerCalls, true)
	// A's records are still A's.
	_, err = ro.Get(ctx, pf.advisor, order)
	require.NoError(t, err)
	_, err = cs.Get(ctx, pf.advisor, complaint.ID)
	require.NoError(t, err)
	_, err = ps.Part(ctx, pf.clerk, part.ID())
	require.NoError(t, err)
}

// classCount is how many kernel classes err matches.
func classCount(err error) int {
	n := 0
	for _, c := range dealerkit.Classes() {
		if errors.Is(err, c) {
			n++
		}
	}
	return n
}

// tenantPartsStore narrows a TenantStore to the parts suite's store, so its fixture is reused.
type tenantPartsStore struct{ TenantStore }

var _ PartsStore = tenantPartsStore{}
