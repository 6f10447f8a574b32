package codec

import (
	"fmt"
	"reflect"
	"sync"
	"time"
)

// The memory store keeps records as their snapshots rather than as JSON: Keep holds the record's
// Snapshot (a copy of its own) and FromKept rebuilds a record from it, and neither shares a
// slice, map or pointer with the caller, so a caller's later change to a record it saved or
// loaded never reaches the store. Times are turned to UTC on the way in, as every store gives
// them back. Decimals, strings and other immutable values are shared, as a JSON round trip would
// share nothing only at the cost of formatting and parsing them.
//
// A repair order, the hottest record, is kept by its own package instead (aftersales.Kept),
// sharing what no order changes in place (keep_records.go).

// keep returns what the memory store holds for a record's snapshot s: s with its version set and
// its times in UTC. A record's Snapshot shares nothing with the record (every package's
// TestSnapshots_ShareNothingWithTheirRecords), so s is the store's own already: its times are
// turned in place, and nothing is copied a second time (issue 12: the reflective copy was a
// tenth of the dealership simulation).
func keep[S any](s S, setVersion func(*S)) any {
	setVersion(&s)
	ToUTC(&s)
	return s
}

// fromKept rebuilds a record from what keep returned. restore is the package's RestoreX, which
// shares nothing with the snapshot it is given (the same tests: they change the snapshot after
// the restore and require the record unchanged), so the kept value is handed to it as it is, a
// shallow copy with the version set: the record copies what it keeps, and the kept value is
// never changed.
func fromKept[S, T any](what string, kept any, setVersion func(*S), restore func(S) (T, error)) (T, error) {
	var zero T
	s, ok := kept.(S)
	if !ok {
		return zero, fmt.Errorf("restore %s: kept a %T", what, kept)
	}
	setVersion(&s)
	return restored(what, s, restore)
}

func restored[S, T any](what string, s S, restore func(S) (T, error)) (T, error) {
	x, err := restore(s)
	if err != nil {
		var zero T
		return zero, fmt.Errorf("restore %s: %w", what, err)
	}
	return x, nil
}

// Detach makes the value ptr points to share nothing mutable with anything else: every slice, map
// and pointer reachable through exported fields is replaced by a copy, and every time.Time is
// turned to UTC. Unexported fields (decimal.Decimal's, time.Time's location) are copied as
// values: their packages never change what they point to. Plans are built once per type.
func Detach(ptr any) { detacher.run(ptr) }

var (
	detacher  = &planner{copy: true, building: map[reflect.Type]bool{}}
	utcWalker = &planner{building: map[reflect.Type]bool{}}
)

// planner builds and caches plans, one per type: copying ones (Detach) or in-place ones (ToUTC).
type planner struct {
	copy     bool
	plans    sync.Map // reflect.Type → plan, once built
	mu       sync.Mutex
	building map[reflect.Type]bool // under mu
}

func (pl *planner) run(ptr any) {
	v := reflect.ValueOf(ptr)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return
	}
	if p := pl.planFor(v.Type().Elem()); p != nil {
		p(v.Elem())
	}
}

// plan detaches an addressable value of one type, or turns its times to UTC, in place; nil means
// there is nothing to do.
type plan func(v reflect.Value)

var timeType = reflect.TypeFor[time.Time]()

func (pl *planner) planFor(t reflect.Type) plan {
	if p, ok := pl.plans.Load(t); ok {
		return p.(plan)
	}
	pl.mu.Lock()
	defer pl.mu.Unlock()
	return pl.planLocked(t)
}

func (pl *planner) planLocked(t reflect.Type) plan {
	if p, ok := pl.plans.Load(t); ok {
		return p.(plan)
	}
	if pl.building[t] { // a recursive type: find the plan when it runs, by then built
		return func(v reflect.Value) {
			if p := pl.planFor(t); p != nil {
				p(v)
			}
		}
	}
	pl.building[t] = true
	p := pl.buildPlan(t)
	delete(pl.building, t)
	pl.plans.Store(t, p)
	return p
}

func (pl *planner) buildPlan(t reflect.Type) plan {
	switch t.Kind() {
	case reflect.Struct:
		if t == timeType {
			return func(v reflect.Value) {
				p := v.Addr().Interface().(*time.Time)
				*p = p.UTC()
			}
		}
		type field struct {
			i int
			p plan
		}
		var fields []field
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue // copied as a value: decimal.Decimal's, for one, are never changed in place
			}
			if p := pl.planLocked(f.Type); p != nil {
				fields = append(fields, field{i, p})
			}
		}
		if len(fields) == 0 {
			return nil
		}
		return func(v reflect.Value) {
			for _, f := range fields {
				f.p(v.Field(f.i))
			}
		}
	case reflect.Pointer:
		elem, p := t.Elem(), pl.planLocked(t.Elem())
		if !pl.copy {
			if p == nil {
				return nil
			}
			return func(v reflect.Value) {
				if !v.IsNil() {
					p(v.Elem())
				}
			}
		}
		return func(v reflect.Value) {
			if v.IsNil() {
				return
			}
			n := reflect.New(elem)
			n.Elem().Set(v.Elem())
			if p != nil {
				p(n.Elem())
			}
			v.Set(n)
		}
	case reflect.Slice:
		p := pl.planLocked(t.Elem())
		if !pl.copy {
			if p == nil {
				return nil
			}
			return func(v reflect.Value) {
				for i := range v.Len() {
					p(v.Index(i))
				}
			}
		}
		// A slice is copied into a fresh array grown in place (Value.Grow): reflect.MakeSlice would
		// also put a new slice header on the heap, one allocation more per slice. The old header
		// waits in a pooled scratch value meanwhile.
		scratch := sync.Pool{New: func() any { v := reflect.New(t).Elem(); return &v }}
		return func(v reflect.Value) {
			if v.IsNil() {
				return
			}
			n := v.Len()
			if n == 0 {
				v.Set(reflect.MakeSlice(t, 0, 0)) // empty stays empty, not nil
				return
			}
			old := scratch.Get().(*reflect.Value)
			old.Set(v)
			v.SetZero()
			v.Grow(n)
			v.SetLen(n)
			reflect.Copy(v, *old)
			old.SetZero()
			scratch.Put(old)
			if p != nil {
				for i := range n {
					p(v.Index(i))
				}
			}
		}
	case reflect.Array:
		p := pl.planLocked(t.Elem())
		if p == nil {
			return nil
		}
		return func(v reflect.Value) {
			for i := range v.Len() {
				p(v.Index(i))
			}
		}
	case reflect.Map:
		kp, vp := pl.planLocked(t.Key()), pl.planLocked(t.Elem())
		if !pl.copy && kp == nil && vp == nil {
			return nil
		}
		// In place too, a map whose keys or values hold times is rebuilt: its entries are not
		// addressable.
		return func(v reflect.Value) {
			if v.IsNil() {
				return
			}
			n := reflect.MakeMapWithSize(t, v.Len())
			iter := v.MapRange()
			for iter.Next() {
				k, x := iter.Key(), iter.Value()
				if kp != nil {
					c := reflect.New(t.Key()).Elem()
					c.Set(k)
					kp(c)
					k = c
				}
				if vp != nil {
					c := reflect.New(t.Elem()).Elem()
					c.Set(x)
					vp(c)
					x = c
				}
				n.SetMapIndex(k, x)
			}
			v.Set(n)
		}
	case reflect.Interface:
		return func(v reflect.Value) {
			if v.IsNil() {
				return
			}
			c := reflect.New(v.Elem().Type()).Elem()
			c.Set(v.Elem())
			if p := pl.planFor(c.Type()); p != nil {
				p(c)
			}
			v.Set(c)
		}
	}
	return nil // scalars and strings: values
}
