package services

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"amtsbote/dialog/form"
)

//go:embed defs/*.yaml
var builtin embed.FS

// Catalog is the loaded, validated set of services and their categories.
type Catalog struct {
	services   []*Definition
	byID       map[string]*Definition
	categories []Category
}

// Builtin loads the catalog embedded in the binary.
func Builtin() (*Catalog, error) { return Load("") }

// Load reads the embedded definitions and then, when dir is not empty, the
// *.yaml files of dir, which add services or replace those with the same id.
func Load(dir string) (*Catalog, error) {
	sub, err := fs.Sub(builtin, "defs")
	if err != nil {
		return nil, fmt.Errorf("services: %w", err)
	}
	c := &Catalog{byID: map[string]*Definition{}}
	if err := c.readDir(sub, "builtin:"); err != nil {
		return nil, err
	}
	if dir != "" {
		if err := c.readDir(os.DirFS(dir), dir+string(os.PathSeparator)); err != nil {
			return nil, err
		}
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Catalog) readDir(fsys fs.FS, prefix string) error {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return fmt.Errorf("services: list %s: %w", prefix, err)
	}
	sort.Strings(names)
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return fmt.Errorf("services: read %s%s: %w", prefix, name, err)
		}
		file := prefix + path.Base(name)
		if name == "categories.yaml" {
			var cats []Category
			if err := decodeStrict(data, &cats); err != nil {
				return fmt.Errorf("services: %s: %w", file, err)
			}
			c.addCategories(cats)
			continue
		}
		def := &Definition{}
		if err := decodeStrict(data, def); err != nil {
			return fmt.Errorf("services: %s: %w", file, err)
		}
		def.File = file
		if err := validate(def); err != nil {
			return fmt.Errorf("services: %s: %w", file, err)
		}
		if old, ok := c.byID[def.ID]; ok {
			*old = *def // an override keeps the catalog's order
			continue
		}
		c.byID[def.ID] = def
		c.services = append(c.services, def)
	}
	return nil
}

func (c *Catalog) addCategories(cats []Category) {
	for _, cat := range cats {
		replaced := false
		for i := range c.categories {
			if c.categories[i].ID == cat.ID {
				c.categories[i] = cat
				replaced = true
			}
		}
		if !replaced {
			c.categories = append(c.categories, cat)
		}
	}
}

// check validates what spans files: every service's category exists.
func (c *Catalog) check() error {
	known := map[string]bool{}
	for _, cat := range c.categories {
		known[cat.ID] = true
	}
	for _, d := range c.services {
		if !known[d.Category] {
			return fmt.Errorf("services: %s: field category: unknown category %q", d.File, d.Category)
		}
	}
	return nil
}

func decodeStrict(data []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("invalid definition: %w", err)
	}
	return nil
}

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// validate checks one definition and names the field that is wrong.
func validate(d *Definition) error {
	switch {
	case !idPattern.MatchString(d.ID):
		return fmt.Errorf("field id: %q is not a lower-case id like \"meter-reading\"", d.ID)
	case d.Category == "":
		return errors.New("field category: missing")
	case d.Title.De == "" || d.Title.En == "":
		return errors.New("field title: needs both de and en")
	case d.Mode != ModeOnline && d.Mode != ModeInPerson:
		return fmt.Errorf("field mode: %q is neither %q nor %q", d.Mode, ModeOnline, ModeInPerson)
	case d.Mode == ModeOnline && len(d.Fields) == 0:
		return errors.New("field fields: an online service needs at least one field")
	}
	seen := map[string]bool{}
	for i, f := range d.Fields {
		where := fmt.Sprintf("field fields[%d]", i)
		if f.Name != "" {
			where = fmt.Sprintf("field fields[%d] (%s)", i, f.Name)
		}
		if err := validateField(f, seen); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		seen[f.Name] = true
	}
	return nil
}

func validateField(f FieldDef, earlier map[string]bool) error {
	switch {
	case !regexp.MustCompile(`^[a-z][a-z0-9_]*$`).MatchString(f.Name):
		return fmt.Errorf("name %q is not a lower-case name like \"meter_number\"", f.Name)
	case earlier[f.Name]:
		return errors.New("name is used twice")
	case !form.Known(f.Type):
		return fmt.Errorf("type %q is unknown", f.Type)
	case f.Prompt.De == "" || f.Prompt.En == "":
		return errors.New("prompt: needs both de and en")
	case f.Label.De == "" || f.Label.En == "":
		return errors.New("label: needs both de and en")
	case f.Type == form.Choice && len(f.Options) < 2:
		return errors.New("options: a choice needs at least two")
	case f.When != nil && !earlier[f.When.Field]:
		return fmt.Errorf("when: field %q is not asked before this one", f.When.Field)
	}
	if f.Pattern != "" {
		if _, err := regexp.Compile(f.Pattern); err != nil {
			return fmt.Errorf("pattern: %w", err)
		}
	}
	for j, o := range f.Options {
		if o.Value == "" || strings.ContainsAny(o.Value, " \t\n") || o.Label.De == "" || o.Label.En == "" {
			return fmt.Errorf("options[%d]: needs a value without spaces and a label in de and en", j)
		}
	}
	return nil
}

// Service returns the service with id.
func (c *Catalog) Service(id string) (*Definition, bool) {
	d, ok := c.byID[id]
	return d, ok
}

// Services returns every service in catalog order.
func (c *Catalog) Services() []*Definition { return c.services }

// Categories returns the categories in catalog order.
func (c *Catalog) Categories() []Category { return c.categories }

// Rules turns a field's definition into the checks of package form.
func (f FieldDef) Rules() form.Rules {
	r := form.Rules{
		Min: f.Min, Max: f.Max, MinLen: f.MinLen, MaxLen: f.MaxLen, Pattern: f.Pattern,
		NotFuture: f.NotFuture, NotPast: f.NotPast, MaxAgeDays: f.MaxAgeDays,
		MaxBytes: f.MaxBytes, MediaTypes: f.MediaTypes,
	}
	for _, o := range f.Options {
		r.Choices = append(r.Choices, form.ChoiceRule{Value: o.Value, Labels: []string{o.Label.De, o.Label.En}})
	}
	return r
}
