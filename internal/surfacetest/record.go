package surfacetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// RequireRecordSharesNothing fills a snapshot (fix, when not nil, then sets what the restore's
// validation would refuse), restores a record from it and requires that the restore left the
// snapshot as it was, that the record keeps every field, that two snapshots of it and two results
// of each getter share nothing, that the snapshot shares nothing with the one restored from, and
// that changing that one in place afterwards leaves the record as it was (the only way to see a
// restore that kept a list of it). It returns the record for checks of the caller's own.
func RequireRecordSharesNothing[S, R any](t *testing.T, fix func(*S), restore func(S) (R, error),
	snapshot func(R) S, getters map[string]func(R) any) R {
	t.Helper()
	filled := func() S {
		var s S
		Fill(reflect.ValueOf(&s).Elem(), 0, nil)
		if fix != nil {
			fix(&s)
		}
		return s
	}
	s, given := filled(), filled()
	r, err := restore(s)
	if err != nil {
		t.Fatalf("restoring a filled %T: %v", s, err)
	}
	// A store hands what it keeps to restore as it is (the memory store's kept snapshots), so
	// restore must not change it.
	if !reflect.DeepEqual(s, given) {
		t.Fatalf("restoring changed the %T it was given:\n%#v\n%#v", s, given, s)
	}
	a := snapshot(r)
	if !reflect.DeepEqual(s, a) {
		t.Fatalf("restore and snapshot differ:\n%#v\n%#v", s, a)
	}
	RequireNothingShared(t, s, a)
	RequireNothingShared(t, a, snapshot(r))
	for name, get := range getters {
		t.Run(name, func(t *testing.T) { RequireNothingShared(t, get(r), get(r)) })
	}
	scribble(reflect.ValueOf(&s).Elem())
	if b := snapshot(r); !reflect.DeepEqual(a, b) {
		t.Fatalf("changing the snapshot a %T was restored from changed it:\n%#v\n%#v", r, a, b)
	}
	return r
}

// scribble changes in place every value reachable from v through exported fields, slices' and
// arrays' elements, pointers and maps' values: what a host might do to a snapshot it holds.
func scribble(v reflect.Value) {
	switch v.Type() {
	case decimalT:
		v.Set(reflect.ValueOf(v.Interface().(decimal.Decimal).Add(decimal.NewFromInt(1))))
		return
	case timeT:
		v.Set(reflect.ValueOf(v.Interface().(time.Time).Add(time.Hour)))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(v.String() + "!")
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(v.Int() + 1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(v.Uint() + 1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(v.Float() + 1)
	case reflect.Array, reflect.Slice:
		for i := range v.Len() {
			scribble(v.Index(i))
		}
	case reflect.Pointer:
		if !v.IsNil() {
			scribble(v.Elem())
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(iter.Value())
			scribble(e)
			v.SetMapIndex(iter.Key(), e)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				scribble(v.Field(i))
			}
		}
	}
}
