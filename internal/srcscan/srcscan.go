// Package srcscan reads the string literals of Go source, for the tests
// that keep every text in the catalog: which keys a package's code names,
// and which sentences its code still holds instead of a key.
package srcscan

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Source is a set of parsed Go files.
type Source struct {
	Fset  *token.FileSet
	Files map[string]*ast.File // by the name the glob matched
}

// Parse parses the Go files glob matches, tests aside.
func Parse(glob string) (Source, error) {
	names, err := filepath.Glob(glob)
	if err != nil {
		return Source{}, fmt.Errorf("srcscan: %w", err)
	}
	s := Source{Fset: token.NewFileSet(), Files: map[string]*ast.File{}}
	for _, name := range names {
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(s.Fset, name, nil, 0)
		if err != nil {
			return Source{}, fmt.Errorf("srcscan: %w", err)
		}
		s.Files[name] = f
	}
	return s, nil
}

// Strings lists the string literals that match pattern, each with where
// it stands (file:line:column; the last place when it stands in several).
func (s Source) Strings(pattern *regexp.Regexp) map[string]string {
	out := map[string]string{}
	for _, f := range s.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if v, ok := stringLit(n); ok && pattern.MatchString(v) {
				out[v] = s.Fset.Position(n.Pos()).String()
			}
			return true
		})
	}
	return out
}

// Sentence is a string literal that reads as a sentence.
type Sentence struct {
	Where string // file:line:column
	Text  string
}

// Sentences lists the string literals of the files (but those named in
// skip) that hold a space and match words: sentences someone would read.
// Not counted are the strings of calls named in quiet ("panic",
// "errors.New", "fmt.Errorf": for the log), the values of case clauses
// and literal map keys (words the code reads).
func (s Source) Sentences(words *regexp.Regexp, quiet []string, skip map[string]bool) []Sentence {
	var out []Sentence
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if named(n.Fun, quiet) {
				return false
			}
		case *ast.CaseClause: // its values are words the code reads
			for _, st := range n.Body {
				ast.Inspect(st, visit)
			}
			return false
		case *ast.KeyValueExpr: // a literal key is a word the code reads
			if _, isLit := n.Key.(*ast.BasicLit); isLit {
				ast.Inspect(n.Value, visit)
				return false
			}
		}
		if v, ok := stringLit(n); ok && strings.Contains(v, " ") && words.MatchString(v) {
			out = append(out, Sentence{s.Fset.Position(n.Pos()).String(), v})
		}
		return true
	}
	for name, f := range s.Files {
		if !skip[filepath.ToSlash(name)] {
			ast.Inspect(f, visit)
		}
	}
	return out
}

// named reports whether fun is one of names ("panic", "errors.New").
func named(fun ast.Expr, names []string) bool {
	var name string
	switch fn := fun.(type) {
	case *ast.Ident:
		name = fn.Name
	case *ast.SelectorExpr:
		pkg, ok := fn.X.(*ast.Ident)
		if !ok {
			return false
		}
		name = pkg.Name + "." + fn.Sel.Name
	default:
		return false
	}
	for _, n := range names {
		if n == name {
			return true
		}
	}
	return false
}

// stringLit is n's value when n is a string literal.
func stringLit(n ast.Node) (string, bool) {
	lit, ok := n.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	v, err := strconv.Unquote(lit.Value)
	return v, err == nil
}

// Catalog is what KeyProblems asks of a text catalog.
type Catalog interface {
	Has(key string) bool
	Keys() []string
}

// KeyProblems compares the keys the code names (used, as Strings lists
// them) with the catalog's keys under prefix: a line for each key the
// catalog lacks, and for each of its keys under prefix no code names.
func KeyProblems(used map[string]string, cat Catalog, prefix string) []string {
	var out []string
	for key, where := range used {
		if !cat.Has(key) {
			out = append(out, fmt.Sprintf("%s: %q is not in the catalog (text/po/de.po)", where, key))
		}
	}
	for _, key := range cat.Keys() {
		if _, ok := used[key]; strings.HasPrefix(key, prefix) && !ok {
			out = append(out, fmt.Sprintf("the catalog's %q is named by no code", key))
		}
	}
	sort.Strings(out)
	return out
}

// TB is what CheckKeys needs of a *testing.T.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
	Error(args ...any)
}

// CheckKeys is a package's key test: it parses the Go files glob matches,
// fails t when they name fewer than min keys under prefix, and reports
// each of KeyProblems between those keys and cat.
func CheckKeys(t TB, glob, prefix string, min int, cat Catalog) {
	t.Helper()
	src, err := Parse(glob)
	if err != nil {
		t.Fatalf("%v", err)
	}
	used := src.Strings(regexp.MustCompile(`^` + regexp.QuoteMeta(prefix)))
	if len(used) < min {
		t.Fatalf("found only %d %s* keys in the code", len(used), prefix)
	}
	for _, p := range KeyProblems(used, cat, prefix) {
		t.Error(p)
	}
}
