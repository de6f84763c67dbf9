package staff

import (
	"encoding/json"
	"go/ast"
	"go/token"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"amtsbote/internal/srcscan"
	"amtsbote/text"
)

// errorSite is one place in staff/*.go that answers an error code, with
// the names of the data it gives the console for placeholders.
type errorSite struct {
	pos  string
	args map[string]bool
}

// errorSites parses staff/*.go (not the tests) for every error code
// answered: writeError, writeErrorArgs, writeProblems and tooMany calls
// and errorResponse literals. A code that is not a string literal fails
// the test, except inside the helpers themselves.
func errorSites(t *testing.T) map[string][]errorSite {
	t.Helper()
	src, err := srcscan.Parse("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := src.Fset
	sites := map[string][]errorSite{}
	helpers := map[string]bool{"writeError": true, "writeErrorArgs": true, "writeProblems": true, "tooMany": true}
	for _, f := range src.Files {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if ok && helpers[fn.Name.Name] {
				continue // passes its parameter code on
			}
			ast.Inspect(d, func(n ast.Node) bool {
				add := func(e ast.Expr, args map[string]bool) {
					code, err := strconv.Unquote(litValue(e))
					if err != nil {
						t.Errorf("%s: the error code is not a string literal", fset.Position(e.Pos()))
						return
					}
					sites[code] = append(sites[code], errorSite{fset.Position(e.Pos()).String(), args})
				}
				switch x := n.(type) {
				case *ast.CallExpr:
					id, ok := x.Fun.(*ast.Ident)
					if !ok || !helpers[id.Name] {
						return true
					}
					args := map[string]bool{}
					if id.Name == "tooMany" {
						args["seconds"] = true
						add(x.Args[1], args)
						return true
					}
					if id.Name == "writeErrorArgs" {
						if m, ok := x.Args[4].(*ast.CompositeLit); ok {
							for _, el := range m.Elts {
								if kv, ok := el.(*ast.KeyValueExpr); ok {
									k, _ := strconv.Unquote(litValue(kv.Key))
									args[k] = true
								}
							}
						}
					}
					add(x.Args[2], args)
				case *ast.CompositeLit:
					if id, ok := x.Type.(*ast.Ident); !ok || id.Name != "errorResponse" {
						return true
					}
					args := map[string]bool{}
					var code ast.Expr
					for _, el := range x.Elts {
						kv := el.(*ast.KeyValueExpr)
						switch kv.Key.(*ast.Ident).Name {
						case "Error":
							code = kv.Value
						case "ClaimedBy":
							args["name"] = true // the console fills {name} from claimed_by
						}
					}
					if code != nil {
						add(code, args)
					}
				}
				return true
			})
		}
	}
	return sites
}

func litValue(e ast.Expr) string {
	if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
		return lit.Value
	}
	return ""
}

var placeholderRE = regexp.MustCompile(`\{([a-z_]+)\}`)

// Every error code the staff API answers has a console text
// (console.error.<code>) whose placeholders each answer of the code
// fills, and every console.error.<code> text has a code answering it.
func TestErrorCodesHaveConsoleTexts(t *testing.T) {
	sites := errorSites(t)
	if len(sites) < 20 || len(sites["bad_department"]) == 0 || len(sites["claimed"]) < 3 || len(sites["locked"]) == 0 {
		t.Fatalf("the parse found too little: %d codes", len(sites))
	}
	texts := text.MustBuiltin().Bundle(text.De, "console.error.")
	var codes []string
	for code := range sites {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		s, ok := texts[code].(string)
		if !ok {
			t.Errorf("code %q (%s) has no text console.error.%s", code, sites[code][0].pos, code)
			continue
		}
		for _, m := range placeholderRE.FindAllStringSubmatch(s, -1) {
			for _, site := range sites[code] {
				if !site.args[m[1]] {
					t.Errorf("%s: code %q gives no %s for the placeholder of console.error.%s", site.pos, code, m[1], code)
				}
			}
		}
	}
	for key := range texts {
		if _, ok := sites[key]; !ok {
			t.Errorf("console.error.%s: no error code %q in staff/*.go", key, key)
		}
	}
	if !strings.Contains(text.MustBuiltin().Text(text.De, "console.error", "code", "x"), "x") {
		t.Error("the generic console.error does not name the code")
	}
}

// An error whose message carries data gives it as args too, for the
// console's text; code and English message stay as they were.
func TestErrorArgs(t *testing.T) {
	e := team(t)
	root := e.login("root")
	for _, tc := range []struct {
		path string
		body any
		code string
		args map[string]string
	}{
		{"admin/accounts", map[string]any{"username": "bert", "password": testPassword, "department": "nirgendwo"},
			"bad_department", map[string]string{"department": "nirgendwo"}},
		{"admin/canned", map[string]any{"title": "Gruß", "text": "Hallo", "lang": "fr"}, "bad_canned", nil},
	} {
		var got errorResponse
		if err := json.Unmarshal(root.expect(http.StatusBadRequest, "POST", tc.path, tc.body), &got); err != nil {
			t.Fatal(err)
		}
		if got.Error != tc.code || got.Message == "" {
			t.Errorf("%s: %+v", tc.path, got)
		}
		for k, v := range tc.args {
			if got.Args[k] != v {
				t.Errorf("%s: args[%s] = %q, want %q", tc.path, k, got.Args[k], v)
			}
		}
		list := got.Args["departments"] + got.Args["languages"]
		if !strings.Contains(list, ", ") || !strings.Contains(got.Message, list) {
			t.Errorf("%s: the message %q does not carry the list %q", tc.path, got.Message, list)
		}
	}
}
