package storetest

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
	"unsafe"

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
