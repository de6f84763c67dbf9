package catalog

import (
	"bytes"
	"embed"
	"io/fs"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed defs/*.yaml
var builtin embed.FS

// Files of a definitions directory that are no service.
const (
	categoriesFile  = "categories.yaml"
	departmentsFile = "departments.yaml"
	intentsFile     = "intents.yaml"
)

// DefaultRank is the rank of a service whose definition gives none: it comes
// after the built-in services, which are ranked below it.
const DefaultRank = 1000

// Catalog is the loaded, validated set of services, their categories and
// departments, and the routing data of the special intents.
type Catalog struct {
	services    []*Definition
	byID        map[string]*Definition
	categories  []Category
	departments []Department
	intents     []Intent
}

// Builtin loads the catalog embedded in the binary.
func Builtin() (*Catalog, error) { return Load("") }

// BuiltinFS returns the embedded definition files, for tools and tests that
// compose catalogs of their own with LoadFS.
func BuiltinFS() fs.FS {
	sub, err := fs.Sub(builtin, "defs")
	if err != nil {
		panic(err) // the embedded directory exists: a build error otherwise
	}
	return sub
}

// Load reads the embedded definitions and then, when dir is not empty, the
// *.yaml files of dir, which add services or replace those with the same id
// (and likewise categories, departments and intents, by id).
func Load(dir string) (*Catalog, error) {
	layers := []Layer{{FS: BuiltinFS(), Name: "builtin:"}}
	if dir != "" {
		layers = append(layers, Layer{FS: os.DirFS(dir), Name: dir + string(os.PathSeparator)})
	}
	return LoadFS(layers...)
}

// Layer is one set of definition files; Name prefixes file names in errors.
type Layer struct {
	FS   fs.FS
	Name string
}

// LoadFS builds a catalog from layers of definition files only, without the
// embedded ones unless they are given; later layers override earlier ones.
func LoadFS(layers ...Layer) (*Catalog, error) {
	c := &Catalog{byID: map[string]*Definition{}}
	for _, l := range layers {
		if err := c.readDir(l.FS, l.Name); err != nil {
			return nil, err
		}
	}
	for _, d := range c.services {
		if d.Rank == 0 {
			d.Rank = DefaultRank
		}
	}
	sort.SliceStable(c.services, func(i, j int) bool { return c.services[i].Rank < c.services[j].Rank })
	if err := c.check(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Catalog) readDir(fsys fs.FS, prefix string) error {
	names, _ := fs.Glob(fsys, "*.yaml") // its only error is a bad pattern
	sort.Strings(names)
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return &DefinitionError{Text: "catalog.problem.read", Args: []any{"file", prefix + name, "err", err}, Err: err}
		}
		file := prefix + path.Base(name)
		if err := c.readFile(file, name, data); err != nil {
			return inFile(file, err)
		}
	}
	return nil
}

// readFile reads one definition file; name tells what kind it is. A
// problem names its field; the caller adds the file.
func (c *Catalog) readFile(file, name string, data []byte) error {
	switch name {
	case categoriesFile:
		var cats []Category
		if err := decodeStrict(data, &cats); err != nil {
			return err
		}
		for i, cat := range cats {
			if !idPattern.MatchString(cat.ID) || cat.Title.De == "" || cat.Title.En == "" {
				return &DefinitionError{Field: "[" + strconv.Itoa(i) + "]", Text: "catalog.problem.category"}
			}
			upsert(&c.categories, cat, func(x Category) string { return x.ID })
		}
		return nil
	case departmentsFile:
		var deps []Department
		if err := decodeStrict(data, &deps); err != nil {
			return err
		}
		for i, d := range deps {
			if !idPattern.MatchString(d.ID) || d.Name.De == "" || d.Name.En == "" {
				return &DefinitionError{Field: "[" + strconv.Itoa(i) + "]", Text: "catalog.problem.department"}
			}
			upsert(&c.departments, d, func(x Department) string { return x.ID })
		}
		return nil
	case intentsFile:
		var ints []Intent
		if err := decodeStrict(data, &ints); err != nil {
			return err
		}
		for i, in := range ints {
			if !idPattern.MatchString(in.ID) {
				return &DefinitionError{Field: "[" + strconv.Itoa(i) + "].id", Text: "catalog.problem.intent_id", Args: []any{"id", quote(in.ID)}}
			}
			upsert(&c.intents, in, func(x Intent) string { return x.ID })
		}
		return nil
	}
	def := &Definition{}
	if err := decodeStrict(data, def); err != nil {
		return err
	}
	def.File = file
	if err := validate(def); err != nil {
		return err
	}
	if old, ok := c.byID[def.ID]; ok {
		if def.Rank == 0 {
			def.Rank = old.Rank
		}
		*old = *def // an override keeps the catalog's order
		return nil
	}
	c.byID[def.ID] = def
	c.services = append(c.services, def)
	return nil
}

// upsert replaces the element of list with v's id, or appends v.
func upsert[T any](list *[]T, v T, id func(T) string) {
	for i := range *list {
		if id((*list)[i]) == id(v) {
			(*list)[i] = v
			return
		}
	}
	*list = append(*list, v)
}

func decodeStrict(data []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return &DefinitionError{Text: "catalog.problem.yaml", Args: []any{"err", oneLine{err}}, Err: oneLine{err}}
	}
	return nil
}

// oneLine writes an error of several lines (YAML lists every bad field on
// its own line) as one, so that a start-up error is one line.
type oneLine struct{ err error }

// Error returns the message on one line.
func (e oneLine) Error() string {
	lines := strings.Fields(strings.ReplaceAll(e.err.Error(), "\n", " \x00 "))
	s := strings.ReplaceAll(strings.Join(lines, " "), " \x00 ", "; ")
	return strings.ReplaceAll(s, ":; ", ": ")
}

// Unwrap returns the YAML error.
func (e oneLine) Unwrap() error { return e.err }

// Service returns the service with id.
func (c *Catalog) Service(id string) (*Definition, bool) {
	d, ok := c.byID[id]
	return d, ok
}

// Services returns every service in catalog order.
func (c *Catalog) Services() []*Definition { return c.services }

// Categories returns the categories in catalog order.
func (c *Catalog) Categories() []Category { return c.categories }

// Category returns the category with id.
func (c *Catalog) Category(id string) (Category, bool) {
	for _, cat := range c.categories {
		if cat.ID == id {
			return cat, true
		}
	}
	return Category{}, false
}

// Departments returns the departments in file order.
func (c *Catalog) Departments() []Department { return c.departments }

// Department returns the department with id.
func (c *Catalog) Department(id string) (Department, bool) {
	for _, d := range c.departments {
		if d.ID == id {
			return d, true
		}
	}
	return Department{}, false
}

// Intents returns the routing data of the special intents (intents.yaml).
func (c *Catalog) Intents() []Intent { return c.intents }
