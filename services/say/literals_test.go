package say

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// sentenceWords are words that make a string literal a German or English
// sentence someone reads.
var sentenceWords = regexp.MustCompile(`(?i)(^|[^\pL])(sie|ihr|ihre|ihren|ihrem|bitte|nicht|wir|ist|und|the|your|you|please|is|not)([^\pL]|$)`)

// documents are the files that stay German (with English) whatever the
// conversation's language, and why.
var documents = map[string]string{
	"parking/pdf.go":       "the permit, an official document officers read in German",
	"business/gewa.go":     "the field labels of the forms GewA1–GewA3 of the Gewerbeanzeigeverordnung",
	"appointments/when.go": "the words of when-expressions it reads",
}

// TestNoSentencesInGo fails when a service's Go code holds a sentence for
// citizens, staff or operators instead of taking it from the catalog
// (error messages for the log aside).
func TestNoSentencesInGo(t *testing.T) {
	files, err := filepath.Glob("../*/*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		rel := filepath.ToSlash(strings.TrimPrefix(name, ".."+string(filepath.Separator)))
		if strings.HasSuffix(name, "_test.go") || documents[rel] != "" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		var visit func(n ast.Node) bool
		visit = func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if notSaid(n) {
					return false
				}
			case *ast.CaseClause: // its values are words the code reads
				for _, s := range n.Body {
					ast.Inspect(s, visit)
				}
				return false
			case *ast.KeyValueExpr: // a literal key is a word the code reads
				if _, isLit := n.Key.(*ast.BasicLit); isLit {
					ast.Inspect(n.Value, visit)
					return false
				}
			}
			return check(t, fset, n)
		}
		ast.Inspect(f, visit)
	}
	if checked < 15 {
		t.Fatalf("checked only %d files", checked)
	}
}

// check reports n when it is a string literal holding a sentence.
func check(t *testing.T, fset *token.FileSet, n ast.Node) bool {
	t.Helper()
	lit, ok := n.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return true
	}
	if s, err := strconv.Unquote(lit.Value); err == nil && strings.Contains(s, " ") && sentenceWords.MatchString(s) {
		t.Errorf("%s: %q: a text belongs in the catalog (text/po)", fset.Position(lit.Pos()), s)
	}
	return true
}

// notSaid reports whether call's strings are not said to anyone: an error
// or a panic (for the log), a pattern or a set of words the code reads.
func notSaid(call *ast.CallExpr) bool {
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		return fn.Name == "panic" || fn.Name == "set"
	case *ast.SelectorExpr:
		pkg, ok := fn.X.(*ast.Ident)
		if !ok {
			return false
		}
		switch pkg.Name + "." + fn.Sel.Name {
		case "fmt.Errorf", "errors.New", "regexp.MustCompile":
			return true
		}
	}
	return false
}
