package dialog_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"amtsbote/cases"
	catalogtext "amtsbote/text"
)

// sentenceWords are words that make a string literal a German or English
// sentence someone reads (as services/say's TestNoSentencesInGo).
var sentenceWords = regexp.MustCompile(`(?i)(^|[^\pL])(sie|ihr|ihre|ihren|ihrem|bitte|nicht|wir|ich|ist|und|gern|the|your|you|please|is|not|can|we)([^\pL]|$)`)

// readWords are the files whose strings are words the engine reads, not says.
var readWords = map[string]bool{"words.go": true, "read.go": true, "answerwords.go": true}

// goFiles parses the package's Go files, tests aside.
func goFiles(t *testing.T) (*token.FileSet, map[string]*ast.File) {
	t.Helper()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	files := map[string]*ast.File{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = f
	}
	if len(files) < 25 {
		t.Fatalf("parsed only %d files", len(files))
	}
	return fset, files
}

// TestNoSentencesInGo fails when the engine's Go code holds a German or
// English sentence for citizens instead of a key of the catalog (errors,
// panics, doc comments and the words it reads aside).
func TestNoSentencesInGo(t *testing.T) {
	fset, files := goFiles(t)
	for name, f := range files {
		if readWords[name] {
			continue
		}
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
			case *ast.BasicLit:
				s, err := strconv.Unquote(n.Value)
				if n.Kind == token.STRING && err == nil && strings.Contains(s, " ") && sentenceWords.MatchString(s) {
					t.Errorf("%s: %q: a text belongs in the catalog (text/po, dialog.*)", fset.Position(n.Pos()), s)
				}
			}
			return true
		}
		ast.Inspect(f, visit)
	}
}

// notSaid reports whether call's strings are said to no citizen: an error
// or a panic, for the log.
func notSaid(call *ast.CallExpr) bool {
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		return fn.Name == "panic"
	case *ast.SelectorExpr:
		if pkg, ok := fn.X.(*ast.Ident); ok {
			switch pkg.Name + "." + fn.Sel.Name {
			case "fmt.Errorf", "errors.New":
				return true
			}
		}
	}
	return false
}

// dialogKey is a string literal naming a text of the engine; one ending in
// a dot is the start of keys the code completes ("dialog.expect." + type).
var dialogKey = regexp.MustCompile(`^dialog\.[a-z0-9_.-]+$`)

// TestDialogKeysInEveryLanguage fails when the engine names a text the
// catalog lacks or has not in every language, when a field type or a case
// status has no text, and when the catalog holds a dialog text the engine
// never names.
func TestDialogKeysInEveryLanguage(t *testing.T) {
	c, err := catalogtext.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	fset, files := goFiles(t)
	used := map[string]string{}
	prefixes := map[string]bool{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil && dialogKey.MatchString(s) {
					if strings.HasSuffix(s, ".") {
						prefixes[s] = true
					} else {
						used[s] = fset.Position(lit.Pos()).String()
					}
				}
			}
			return true
		})
	}
	if len(used) < 100 {
		t.Fatalf("found only %d keys in the engine's sources", len(used))
	}
	for _, s := range cases.Statuses() {
		used["dialog.status."+s] = "status " + s
	}
	problems := map[string][]string{}
	for _, p := range c.Check() {
		problems[p.Key] = append(problems[p.Key], p.String())
	}
	for key, where := range used {
		if !c.Has(key) {
			t.Errorf("%s: %q is not in the catalog (text/po/de.po)", where, key)
			continue
		}
		for _, p := range problems[key] {
			t.Errorf("%s: %s", where, p)
		}
	}
	for _, key := range c.Keys() {
		if _, ok := used[key]; strings.HasPrefix(key, "dialog.") && !ok {
			t.Errorf("%q: the catalog holds a text the engine never names", key)
		}
	}
	if len(prefixes) != 1 || !prefixes["dialog.status."] {
		t.Errorf("keys completed in code: %v; list their texts in this test", prefixes)
	}
}
