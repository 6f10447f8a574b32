package surfacetest

import (
	"fmt"
	"reflect"
	"testing"
)

// RequireNothingShared fails t if a and b, two values of one type, share a slice's array, a map
// or a pointer reachable through exported fields: the check behind "a snapshot is a copy" and
// "the memory store keeps a record as it is". Unexported fields are not followed, because their
// packages (decimal, time) never change in place what they point to.
func RequireNothingShared(t testing.TB, a, b any) {
	t.Helper()
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if va.Type() != vb.Type() {
		t.Fatalf("RequireNothingShared: %s and %s are not one type", va.Type(), vb.Type())
	}
	var shared []string
	walkShared(va, vb, va.Type().String(), &shared)
	if len(shared) > 0 {
		t.Fatalf("%s: shared between the two values: %v", va.Type(), shared)
	}
}

func walkShared(a, b reflect.Value, path string, shared *[]string) {
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return
		}
		if a.Pointer() == b.Pointer() {
			*shared = append(*shared, path)
			return
		}
		walkShared(a.Elem(), b.Elem(), path, shared)
	case reflect.Slice:
		if a.Cap() > 0 && b.Cap() > 0 && a.Pointer() == b.Pointer() {
			*shared = append(*shared, path)
			return
		}
		for i := range min(a.Len(), b.Len()) {
			walkShared(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i), shared)
		}
	case reflect.Array:
		for i := range a.Len() {
			walkShared(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i), shared)
		}
	case reflect.Map:
		if a.IsNil() || b.IsNil() {
			return
		}
		if a.Pointer() == b.Pointer() {
			*shared = append(*shared, path)
			return
		}
		iter := a.MapRange()
		for iter.Next() {
			if x := b.MapIndex(iter.Key()); x.IsValid() {
				walkShared(iter.Value(), x, fmt.Sprintf("%s[%v]", path, iter.Key()), shared)
			}
		}
	case reflect.Interface:
		if !a.IsNil() && !b.IsNil() && a.Elem().Type() == b.Elem().Type() {
			walkShared(a.Elem(), b.Elem(), path, shared)
		}
	case reflect.Struct:
		for i := range a.NumField() {
			if f := a.Type().Field(i); f.IsExported() {
				walkShared(a.Field(i), b.Field(i), path+"."+f.Name, shared)
			}
		}
	}
}
