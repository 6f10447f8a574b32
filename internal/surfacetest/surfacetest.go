// Package surfacetest holds the checks every domain package's surface tests share (issue 7): the
// exported declarations read from the package's own source, so a test's table cannot fall behind
// the code, and the JSON checks of every exported type (snake_case keys, a filled value that
// encodes, round trips). Only tests import it.
package surfacetest

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// ExportedDecls parses the package's own source (tests excluded) and returns the names of its
// exported package-level vars starting with prefix and of its exported types, so the tables below
// cannot fall behind the code.
func ExportedDecls(t *testing.T, prefix string) (vars, types []string) {
	t.Helper()
	return exportedDecls(t, prefix, false)
}

// ExportedStructs returns the names of the package's exported struct types only, for the packages
// whose JSON tables list structs and leave their enumerations to their own enum tests.
func ExportedStructs(t *testing.T) []string {
	t.Helper()
	_, structs := exportedDecls(t, "", true)
	return structs
}

func exportedDecls(t *testing.T, prefix string, structsOnly bool) (vars, types []string) {
	t.Helper()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok {
				continue
			}
			for _, spec := range g.Specs {
				switch s := spec.(type) {
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if g.Tok == token.VAR && n.IsExported() && strings.HasPrefix(n.Name, prefix) {
							vars = append(vars, n.Name)
						}
					}
				case *ast.TypeSpec:
					if _, isStruct := s.Type.(*ast.StructType); s.Name.IsExported() && (isStruct || !structsOnly) {
						types = append(types, s.Name.Name)
					}
				}
			}
		}
	}
	slices.Sort(vars)
	slices.Sort(types)
	return vars, types
}

var (
	snakeKey = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	uuidKey  = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
)

// requireSnake walks decoded JSON and checks every object key of a struct is snake_case; maps keyed
// by data (mapKeys) are not walked for their keys.
func RequireSnake(t *testing.T, path string, v any) {
	t.Helper()
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if !uuidKey.MatchString(k) { // a map keyed by ids: the keys are data
				require.Regexp(t, snakeKey, k, "%s: key %q is not snake_case", path, k)
			}
			RequireSnake(t, path+"."+k, e)
		}
	case []any:
		for i, e := range x {
			RequireSnake(t, fmt.Sprintf("%s[%d]", path, i), e)
		}
	}
}

var (
	decimalT = reflect.TypeFor[decimal.Decimal]()
	timeT    = reflect.TypeFor[time.Time]()
	rawT     = reflect.TypeFor[json.RawMessage]()
)

// fill sets every exported field reachable from v to a value that is not zero and that the
// field's own text form accepts; special, when not nil, fills what it recognises and says so.
func Fill(v reflect.Value, depth int, special func(reflect.Value) bool) {
	if !v.CanSet() {
		return
	}
	if depth > 6 { // deep enough: leave what could recurse unset rather than half-built
		switch v.Kind() {
		case reflect.Slice, reflect.Map, reflect.Pointer, reflect.Struct:
			return
		}
	}
	if special != nil && special(v) {
		return
	}
	switch v.Type() {
	case decimalT:
		v.Set(reflect.ValueOf(decimal.RequireFromString("12.340")))
		return
	case timeT:
		v.Set(reflect.ValueOf(time.Date(2026, 3, 2, 1, 2, 3, 456000, time.UTC)))
		return
	case rawT:
		v.Set(reflect.ValueOf(json.RawMessage(`{"a":1}`)))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1) // the first value of an enumeration
	case reflect.Float32, reflect.Float64:
		v.SetFloat(0.5)
	case reflect.Array:
		for i := range v.Len() {
			Fill(v.Index(i), depth+1, special)
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		Fill(s.Index(0), depth+1, special)
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		Fill(k, depth+1, special)
		Fill(e, depth+1, special)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		Fill(p.Elem(), depth+1, special)
		v.Set(p)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				Fill(v.Field(i), depth+1, special)
			}
		}
	}
}

// JSONOptions say how CheckJSON treats a type.
type JSONOptions struct {
	RoundTrip bool                     // the filled and zero values read back to the same JSON
	KeepScale bool                     // a filled decimal (12.340) must keep its scale
	Special   func(reflect.Value) bool // fills a value Fill cannot, reporting whether it did
}

// CheckJSON marshals the zero value and a filled value of typ, checks the keys are snake_case
// and, with RoundTrip, that the value reads back to the same JSON.
func CheckJSON(t *testing.T, name string, typ reflect.Type, o JSONOptions) {
	t.Helper()
	for _, filled := range []bool{false, true} {
		v := reflect.New(typ)
		if filled {
			Fill(v.Elem(), 0, o.Special)
		}
		b, err := json.Marshal(v.Interface())
		require.NoError(t, err, "%s (filled %v)", name, filled)
		if filled && typ.Kind() == reflect.Struct && typ.NumField() > 0 {
			require.NotEqual(t, "{}", string(b), "%s marshals to nothing", name)
		}
		if filled && o.KeepScale {
			require.NotContains(t, string(b), `"12.34"`, "%s: a decimal lost its scale: %s", name, b)
		}
		var decoded any
		require.NoError(t, json.Unmarshal(b, &decoded), name)
		RequireSnake(t, name, decoded)
		if !o.RoundTrip {
			continue
		}
		back := reflect.New(typ)
		require.NoError(t, json.Unmarshal(b, back.Interface()), "%s reads back: %s", name, b)
		b2, err := json.Marshal(back.Interface())
		require.NoError(t, err, name)
		require.JSONEq(t, string(b), string(b2), "%s (filled %v) round-trips", name, filled)
	}
}
