package dialog

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLayout keeps the package readable from the bottom up (README.md):
// no type has more than 30 methods, no file more than 400 lines, and no
// file uses, directly or through others, a name of a file that uses it.
func TestLayout(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks the package from source")
	}
	fset := token.NewFileSet()
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(data), "\n"); n > 400 {
			t.Errorf("%s has %d lines, more than 400", p, n)
		}
		f, err := parser.ParseFile(fset, p, data, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}}
	pkg, err := conf.Check("amtsbote/dialog", fset, files, info)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range pkg.Scope().Names() {
		if tn, ok := pkg.Scope().Lookup(name).(*types.TypeName); ok {
			if named, ok := tn.Type().(*types.Named); ok && named.NumMethods() > 30 {
				t.Errorf("type %s has %d methods, more than 30", name, named.NumMethods())
			}
		}
	}
	// file → the files whose top-level names (types, functions, methods,
	// fields, constants, variables) it uses
	uses := map[string]map[string]bool{}
	for id, obj := range info.Uses {
		if obj == nil || obj.Pkg() != pkg {
			continue
		}
		top := obj.Parent() == pkg.Scope()
		if v, ok := obj.(*types.Var); ok && v.IsField() {
			top = true
		}
		if f, ok := obj.(*types.Func); ok && f.Type().(*types.Signature).Recv() != nil {
			top = true
		}
		from, to := fset.Position(id.Pos()).Filename, fset.Position(obj.Pos()).Filename
		if !top || from == to {
			continue
		}
		if uses[from] == nil {
			uses[from] = map[string]bool{}
		}
		uses[from][to] = true
	}
	// a depth-first search finds a cycle as an edge back to a file on the path
	state := map[string]int{} // 1: on the path, 2: done
	var path []string
	var visit func(f string)
	visit = func(f string) {
		state[f] = 1
		path = append(path, filepath.Base(f))
		for g := range uses[f] {
			switch state[g] {
			case 0:
				visit(g)
			case 1:
				t.Errorf("cycle of files: %s → %s", strings.Join(path, " → "), filepath.Base(g))
			}
		}
		path = path[:len(path)-1]
		state[f] = 2
	}
	for f := range uses {
		if state[f] == 0 {
			visit(f)
		}
	}
}
