package storetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"
	"unsafe"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// requireIsolated checks that the store keeps a record to itself: a caller's later change to the
// record it saved (created, or changed in Update's fn), or to one it loaded, never reaches the
// store. It scribbles over everything reachable from saved, in place (every string, number, time
// and decimal, through every slice, map and pointer, unexported fields too), and then over a
// freshly loaded copy, and each time load must still return what it returned before. A store that
// kept or handed out a record sharing any of its memory with the caller's fails.
func requireIsolated[T any](t *testing.T, what string, saved T, load func() (T, error)) {
	t.Helper()
	before, err := load()
	require.NoError(t, err, what)
	// before is also kept as JSON, taken now: were the loads to share memory with each other (the
	// store handing out what it holds), scribbling would change before too, and DeepEqual alone
	// would see nothing.
	beforeJSON, err := json.Marshal(before)
	require.NoError(t, err, what)
	scribble(reflect.ValueOf(&saved).Elem(), map[uintptr]bool{})
	after, err := load()
	require.NoError(t, err, what)
	requireUnchanged(t, what+": after the caller changed the record it saved", before, beforeJSON, after)

	loaded, err := load()
	require.NoError(t, err, what)
	scribble(reflect.ValueOf(&loaded).Elem(), map[uintptr]bool{})
	again, err := load()
	require.NoError(t, err, what)
	requireUnchanged(t, what+": after the caller changed a record it loaded", before, beforeJSON, again)
}

func requireSameRecord(t *testing.T, what string, want, got any) {
	t.Helper()
	if reflect.DeepEqual(want, got) {
		return
	}
	w, _ := json.Marshal(want)
	g, _ := json.Marshal(got)
	t.Fatalf("%s: the store's record changed\nwant %s\n got %s", what, w, g)
}

// requireUnchanged is requireSameRecord against want as it was when wantJSON was taken.
func requireUnchanged(t *testing.T, what string, want any, wantJSON []byte, got any) {
	t.Helper()
	g, err := json.Marshal(got)
	require.NoError(t, err, what)
	if reflect.DeepEqual(want, got) && string(g) == string(wantJSON) {
		return
	}
	t.Fatalf("%s: the store's record changed\nwant %s\n got %s", what, wantJSON, g)
}

var (
	timeType    = reflect.TypeFor[time.Time]()
	decimalType = reflect.TypeFor[decimal.Decimal]()
)

// scribble overwrites, in place, everything reachable from the addressable v.
func scribble(v reflect.Value, seen map[uintptr]bool) {
	if !v.CanSet() { // an unexported field: write it all the same
		v = reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
	}
	switch t := v.Type(); {
	case t == timeType:
		v.Set(reflect.ValueOf(v.Interface().(time.Time).Add(1000 * time.Hour)))
		return
	case t == decimalType:
		v.Set(reflect.ValueOf(v.Interface().(decimal.Decimal).Add(decimal.NewFromInt(777))))
		return
	case t.PkgPath() == "sync" || t.PkgPath() == "sync/atomic":
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(v.String() + "~scribbled")
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(v.Int() ^ 0x55)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		v.SetUint(v.Uint() ^ 0x55)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(v.Float() + 1)
	case reflect.Struct:
		for i := range v.NumField() {
			scribble(v.Field(i), seen)
		}
	case reflect.Array:
		for i := range v.Len() {
			scribble(v.Index(i), seen)
		}
	case reflect.Slice:
		for i := range v.Len() {
			scribble(v.Index(i), seen)
		}
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		scribble(v.Elem(), seen)
	case reflect.Map:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		iter := v.MapRange()
		var keys, vals []reflect.Value
		for iter.Next() {
			c := reflect.New(v.Type().Elem()).Elem()
			c.Set(iter.Value())
			scribble(c, seen)
			keys, vals = append(keys, iter.Key()), append(vals, c)
		}
		for i := range keys {
			v.SetMapIndex(keys[i], vals[i])
		}
	case reflect.Interface:
		if v.IsNil() {
			return
		}
		c := reflect.New(v.Elem().Type()).Elem()
		c.Set(v.Elem())
		scribble(c, seen)
		v.Set(c)
	}
}

// requireOrderIsolated is requireIsolated for repair orders, made through the order's methods. A
// caller changes an order only through them (its fields are unexported), and no method changes a
// list or a record of the order in place (aftersales.Kept), so a store may hand out and keep
// orders that share those: the memory store does, and scribbling over memory no method writes
// would fail it for a change no caller can make. Instead the order saved, and then a freshly
// loaded copy, is taken through the rest of its life (orderLife: every command that changes a
// line, job, clock entry or list), and after each step load must still return what it returned
// before. A closed order takes no command; an open one must reach the end, or the check would
// prove nothing. Here the first change to shared lines and clock entries is checked (later
// commands meet arrays the order already made its own); aftersales' TestKept_* checks every
// command against a kept order, and two orders restored from it, step by step.
func requireOrderIsolated(t *testing.T, what string, saved *aftersales.RepairOrder, load func() (*aftersales.RepairOrder, error)) {
	t.Helper()
	before, err := load()
	require.NoError(t, err, what)
	beforeJSON, err := json.Marshal(before.Snapshot())
	require.NoError(t, err, what)
	for _, o := range []struct {
		whose string
		order func() *aftersales.RepairOrder
	}{
		{"the record it saved", func() *aftersales.RepairOrder { return saved }},
		{"a record it loaded", func() *aftersales.RepairOrder {
			o, err := load()
			require.NoError(t, err, what)
			return o
		}},
	} {
		order := o.order()
		closed := order.State() == aftersales.StateClosed
		for _, step := range orderLife(t, order) {
			if err := step.do(); err != nil {
				continue // refused: a refused command changes nothing
			}
			got, err := load()
			require.NoError(t, err, what)
			requireUnchanged(t, fmt.Sprintf("%s: after the caller changed %s (%s)", what, o.whose, step.name),
				before.Snapshot(), beforeJSON, got.Snapshot())
		}
		if !closed {
			require.Equal(t, aftersales.StateClosed, order.State(), "%s: %s was not taken to the end of its life", what, o.whose)
		}
	}
}

type orderStep struct {
	name string
	do   func() error // nil if the order changed; an error if it refused every command
}

// orderLife is the rest of an order's life from the states fullOrder and closedOrder leave it
// in: lines added, removed, approved and declined, dispatched, worked and completed, parts issued
// and returned, extra work, a failed inspection's rework, an objection's return to work,
// settlement, payment, delivery and follow-up.
func orderLife(t *testing.T, o *aftersales.RepairOrder) []orderStep {
	d := o.Dealer()
	adv, tech, insp := advisor(t, d), technician(t, d), inspector(t, d)
	clerk, err := dealerkit.NewStaffActor(d, staffID(4), dealerkit.RolePartsClerk)
	require.NoError(t, err)
	customer, err := dealerkit.NewCustomerActor(d, dealerkit.CustomerID(uuid.MustParse("c0000000-0000-0000-0000-000000000001")))
	require.NoError(t, err)
	job, part, gone, extra := uuid.New(), uuid.New(), uuid.New(), uuid.New()
	at := o.UpdatedAt()
	next := func() time.Time { at = at.Add(time.Minute); return at }
	one, r := decimal.RequireFromString("1"), dealerkit.DefaultRounding()
	labour := func(what string) aftersales.LineInput {
		return aftersales.LineInput{Kind: aftersales.LineLabour, Description: what, Category: aftersales.CategoryMinor,
			Quantity: one, UnitPrice: decimal.RequireFromString("300"), PayType: aftersales.PayCustomer}
	}
	// work approves, dispatches, clocks and completes every line still to do, then finishes and
	// cleans: one step, as the lines it reaches depend on the steps before.
	work := orderStep{"work every open job", func() error {
		var errs []error
		todo := func(l aftersales.Line) bool {
			return l.Status != aftersales.LineDeclined && (l.Job == nil || l.Job.CompletedAt.IsZero())
		}
		// In phases, each over every line: the first change of a line must meet lines still
		// shared with the store, so approval, dispatch and the clock are each tried there.
		for _, l := range o.Lines() {
			if todo(l) && l.Status == aftersales.LineProposed {
				errs = append(errs, o.Decide(customer, next(), aftersales.DecisionInput{Lines: []uuid.UUID{l.ID}, Approved: true,
					Channel: aftersales.ChannelMessage}))
			}
		}
		for _, l := range o.Lines() {
			if todo(l) && l.Kind == aftersales.LineLabour && l.Job == nil {
				errs = append(errs, o.Dispatch(adv, next(), aftersales.DispatchInput{Line: l.ID, Technician: tech.Staff(),
					PromisedAt: at.Add(4 * time.Hour)}))
			}
		}
		for _, l := range o.Lines() {
			if todo(l) && l.Kind == aftersales.LineLabour {
				// ClockOn is refused where the clock already runs (the updated order of testRoundTrip).
				errs = append(errs, o.ClockOn(tech, next(), l.ID))
				errs = append(errs, o.ClockOff(tech, next(), l.ID), o.CompleteJob(tech, next(), l.ID))
			}
		}
		errs = append(errs, o.FinishWork(tech, next()), o.RecordCleaning(adv, next()))
		return anyChange(errs)
	}}
	pass := orderStep{"pass inspection", func() error {
		return o.Inspect(insp, next(), aftersales.InspectionInput{Checklist: []aftersales.CheckItem{{Item: "road test", OK: true}}})
	}}
	ready := orderStep{"notify ready", func() error { return o.NotifyReady(adv, next(), aftersales.ChannelPhone, "ready") }}
	settle := orderStep{"settle", func() error { return o.Settle(adv, next(), dealerkit.DefaultTax(), r) }}
	return []orderStep{
		// First what changes the order's own lines and clock entries in place (approval, dispatch,
		// clock off, completion): an append before them would give the order arrays of its own.
		work,
		{"notify", func() error { return o.Notify(adv, next(), aftersales.ChannelPhone, "on the lift") }},
		{"add job", func() error { return o.AddLine(job, adv, next(), labour("skim discs")) }},
		{"add part", func() error {
			return o.AddLine(part, adv, next(), aftersales.LineInput{Kind: aftersales.LinePart, Description: "disc", PartNumber: "D-1",
				Quantity: decimal.RequireFromString("2"), UnitPrice: decimal.RequireFromString("450"), PayType: aftersales.PayCustomer})
		}},
		{"add line to remove", func() error { return o.AddLine(gone, adv, next(), labour("wax")) }},
		{"remove line", func() error { return o.RemoveLine(gone, adv, next()) }},
		{"approve", func() error {
			return o.Decide(customer, next(), aftersales.DecisionInput{Lines: []uuid.UUID{job, part}, Approved: true, Channel: aftersales.ChannelMessage})
		}},
		{"issue parts", func() error {
			return o.RecordPartsIssue(clerk, next(), part, one.Add(one), decimal.RequireFromString("600.00"))
		}},
		{"return parts", func() error {
			l, _ := o.Line(part)
			return o.RecordPartsReturn(clerk, next(), part, one, l.ReturnCost(one, r), r)
		}},
		{"dispatch", func() error {
			return o.Dispatch(adv, next(), aftersales.DispatchInput{Line: job, Technician: tech.Staff(), PromisedAt: at.Add(4 * time.Hour)})
		}},
		{"propose extra", func() error { return o.ProposeExtraWork(extra, tech, next(), "worn hose", labour("replace hose")) }},
		{"decline extra", func() error {
			return o.Decide(customer, next(), aftersales.DecisionInput{Lines: []uuid.UUID{extra}, Approved: false, Channel: aftersales.ChannelPhone})
		}},
		work,
		{"fail inspection", func() error {
			return o.Inspect(insp, next(), aftersales.InspectionInput{Checklist: []aftersales.CheckItem{{Item: "road test", OK: false}},
				Rework: []uuid.UUID{job}})
		}},
		work, pass, ready, settle,
		{"object", func() error { return o.Respond(customer, next(), false, "still squeals") }},
		{"return to work", func() error { return o.ReturnToWork(adv, next(), []uuid.UUID{job}, "still squeals") }},
		work, pass, ready, settle,
		{"accept", func() error { return o.Respond(customer, next(), true, "") }},
		{"pay", func() error {
			return o.RecordPayment(adv, next(), aftersales.PaymentInput{Amount: o.Balance(), Method: "card"})
		}},
		{"deliver", func() error { return o.Deliver(adv, next()) }},
		{"follow up", func() error {
			return o.FollowUp(adv, next(), aftersales.SurveyInput{Channel: aftersales.ChannelPhone, Scores: map[string]int{"overall": 9}})
		}},
	}
}

// anyChange is nil if one of the commands went through, and the first refusal otherwise.
func anyChange(errs []error) error {
	for _, err := range errs {
		if err == nil {
			return nil
		}
	}
	return errors.Join(errs...)
}
