package dealerkit_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// requiredClauses are the clauses whose rules the library implements so far. Each must be cited
// by a comment in library code and named by a test (a `// §x.y.z` comment on a Test function, or
// ClauseX_Y_Z in its name), so a policy team can trace every clause to its code and its tests.
var requiredClauses = []string{
	"§3.2", "§3.3",
	"§4.1.1", "§4.1.2", "§4.1.3", "§4.2.1", "§4.2.2", "§4.2.3", "§4.3.1", "§4.3.2", "§4.3.3",
	"§4.4.1", "§4.4.2", "§4.5.1", "§4.5.2", "§4.5.3", "§4.5.4",
	"§3.4.1", "§3.4.2", "§3.4.3", "§3.4.4", // parts
	"§5.1", "§5.2", "§5.3", "§5.4", "§5.5", // complaints
	"§8.1", "§8.2", "§8.3", "§8.4", // safety
	"§6.1", "§6.2", "§6.3", "§6.4", // appraisal
	"§7.1", "§7.2", "§7.3", "§7.4", "§8.4", // training
}

var (
	clauseRef  = regexp.MustCompile(`§\d+(?:\.\d+)*`)
	clauseName = regexp.MustCompile(`Clause(\d+(?:_\d+)*)`) // §4.3.2 spelt as a Go identifier
)

func TestClauses_EachIsCitedInCodeAndNamedByATest(t *testing.T) {
	code, tests := map[string][]string{}, map[string][]string{}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "examples") && path != "." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		if !strings.HasSuffix(path, "_test.go") {
			for _, c := range f.Comments {
				for _, ref := range clauseRef.FindAllString(c.Text(), -1) {
					code[ref] = append(code[ref], path)
				}
			}
			return nil
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || !strings.HasPrefix(fn.Name.Name, "Test") {
				continue
			}
			text := fn.Name.Name
			if fn.Doc != nil {
				text += " " + fn.Doc.Text()
			}
			for _, m := range clauseName.FindAllStringSubmatch(text, -1) {
				text += " §" + strings.ReplaceAll(m[1], "_", ".")
			}
			for _, ref := range clauseRef.FindAllString(text, -1) {
				tests[ref] = append(tests[ref], path+":"+fn.Name.Name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range requiredClauses {
		if len(code[c]) == 0 {
			t.Errorf("%s is cited by no comment in library code", c)
		}
		if len(tests[c]) == 0 {
			t.Errorf("%s is named by no test", c)
		}
	}
	if testing.Verbose() {
		keys := make([]string, 0, len(tests))
		for k := range tests {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			t.Logf("%-8s %d tests, e.g. %s", k, len(tests[k]), tests[k][0])
		}
	}
}
