package policylab

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/dealerkit/dealerkit"
)

// eventConstants parses the non-test sources of a package directory and returns the value of every
// exported string constant whose name starts with Event, by constant name. Parsing the source
// rather than reading EventTypes finds a type someone declared but forgot to list.
func eventConstants(t *testing.T, dir string) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if !name.IsExported() || !strings.HasPrefix(name.Name, "Event") || i >= len(vs.Values) {
						continue
					}
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						continue
					}
					v, err := strconv.Unquote(lit.Value)
					if err != nil {
						t.Fatal(err)
					}
					out[dir+"."+name.Name] = v
				}
			}
		}
	}
	return out
}

// TestEveryEventTypeIsMapped: every event type the domain packages declare is either mapped to the
// §3 action that records it or listed in unmappedEvents with why; a new event type must be placed.
func TestEveryEventTypeIsMapped(t *testing.T) {
	actions := eventActions()
	seen := map[string]bool{}
	for _, pkg := range []string{"aftersales", "parts", "complaints", "appraisal", "training", "safety"} {
		consts := eventConstants(t, filepath.Join("..", pkg))
		if len(consts) == 0 {
			t.Fatalf("no Event constants found in %s", pkg)
		}
		for name, typ := range consts {
			seen[typ] = true
			_, mapped := actions[typ]
			_, listed := unmappedEvents[typ]
			switch {
			case mapped && listed:
				t.Errorf("%s (%s) is both mapped and listed as unmapped", name, typ)
			case !mapped && !listed:
				t.Errorf("%s (%s) is neither mapped to a §3 action nor listed in unmappedEvents", name, typ)
			}
		}
	}
	for typ := range actions {
		if !seen[typ] {
			t.Errorf("eventActions maps %s, which no domain package declares", typ)
		}
	}
	for typ := range unmappedEvents {
		if !seen[typ] {
			t.Errorf("unmappedEvents lists %s, which no domain package declares", typ)
		}
	}
}

// TestStocktakeCancelledByState: CancelStocktake checks ActionCountStock while counting and
// ActionApproveAdjustment once submitted; the event's From says which.
func TestStocktakeCancelledByState(t *testing.T) {
	actions := eventActions()
	for from, want := range map[string]dealerkit.Action{"counting": dealerkit.ActionCountStock, "submitted": dealerkit.ActionApproveAdjustment} {
		got, ok := actionOf(actions, dealerkit.Event{Type: "stocktake.cancelled", From: from})
		if !ok || got != want {
			t.Errorf("stocktake.cancelled from %s: %q %v, want %q", from, got, ok, want)
		}
	}
	if _, ok := actionOf(actions, dealerkit.Event{Type: "stocktake.cancelled", From: "posted"}); ok {
		t.Error("stocktake.cancelled from an unknown state is mapped")
	}
}
