package catalog

import (
	"regexp"
	"strconv"
	"strings"

	"amtsbote/form"
)

var (
	idPattern        = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	fieldNamePattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

// reservedFields are answers the engine adds itself; no field may be named so.
var reservedFields = map[string]bool{"fee": true}

// check validates what spans files: every service's category and department
// exist.
func (c *Catalog) check() error {
	for _, d := range c.services {
		if _, ok := c.Category(d.Category); !ok {
			return &DefinitionError{File: d.File, Field: "category", Text: "catalog.problem.unknown_category",
				Args: []any{"category", quote(d.Category)}}
		}
		if d.Department == "" {
			continue
		}
		if _, ok := c.Department(d.Department); !ok {
			var known []string
			for _, dep := range c.departments {
				known = append(known, dep.ID)
			}
			return &DefinitionError{File: d.File, Field: "department", Text: "catalog.problem.unknown_department",
				Args: []any{"department", quote(d.Department), "known", strings.Join(known, ", ")}}
		}
	}
	return nil
}

// validate checks one definition and names the field that is wrong.
func validate(d *Definition) error {
	if p := validateService(d); p != nil {
		return p
	}
	byName := map[string]FieldDef{}
	for i, f := range d.Fields {
		if p := validateField(f, byName); p != nil {
			p.Field = "fields[" + strconv.Itoa(i) + "]"
			if f.Name != "" {
				p.Field += " (" + f.Name + ")"
			}
			return p
		}
		byName[f.Name] = f
	}
	if p := validateCharge(d.Charge, byName); p != nil {
		p.Field = "charge"
		return p
	}
	return nil
}

// validateService checks the settings of d outside its fields.
func validateService(d *Definition) *DefinitionError {
	at := func(field string, p *DefinitionError) *DefinitionError {
		p.Field = field
		return p
	}
	switch {
	case !idPattern.MatchString(d.ID):
		return at("id", problem("catalog.problem.id", "id", quote(d.ID)))
	case d.Category == "":
		return at("category", problem("catalog.problem.missing"))
	case d.Title.De == "" || d.Title.En == "":
		return at("title", problem("catalog.problem.both"))
	case d.Mode != ModeOnline && d.Mode != ModeInPerson:
		return at("mode", problem("catalog.problem.mode", "mode", quote(d.Mode)))
	case d.Mode == ModeOnline && len(d.Fields) == 0:
		return at("fields", problem("catalog.problem.no_fields"))
	case d.LeiKa != "" && !regexp.MustCompile(`^[0-9]{14}$`).MatchString(d.LeiKa):
		return at("leika", problem("catalog.problem.leika", "leika", quote(d.LeiKa)))
	case d.Rank < 0:
		return at("rank", problem("catalog.problem.negative"))
	case (d.Intro.De == "") != (d.Intro.En == ""):
		return at("intro", problem("catalog.problem.both"))
	}
	return nil
}

// validateField checks one field of a form; earlier are the fields before
// it, by name. The problem names where inside the field (Path).
func validateField(f FieldDef, earlier map[string]FieldDef) *DefinitionError {
	at := func(path string, p *DefinitionError) *DefinitionError {
		p.Path = path
		return p
	}
	_, seen := earlier[f.Name]
	switch {
	case !fieldNamePattern.MatchString(f.Name):
		return problem("catalog.problem.name", "name", quote(f.Name))
	case seen:
		return problem("catalog.problem.name_twice")
	case reservedFields[f.Name]:
		return problem("catalog.problem.name_reserved", "name", quote(f.Name))
	case !form.Known(f.Type):
		return problem("catalog.problem.type", "type", quote(f.Type))
	case f.Prompt.De == "" || f.Prompt.En == "":
		return at("prompt", problem("catalog.problem.both"))
	case f.Label.De == "" || f.Label.En == "":
		return at("label", problem("catalog.problem.both"))
	case f.Type == form.Choice && len(f.Options) < 2:
		return at("options", problem("catalog.problem.options_few"))
	case f.Type != form.Choice && len(f.Options) > 0:
		return at("options", problem("catalog.problem.options_type", "type", f.Type))
	}
	if f.Pattern != "" {
		if _, err := regexp.Compile(f.Pattern); err != nil {
			p := at("pattern", problem("catalog.problem.pattern", "err", err))
			p.Err = err
			return p
		}
	}
	for j, o := range f.Options {
		option := "options[" + strconv.Itoa(j) + "]"
		if o.Value == "" || strings.ContainsAny(o.Value, " \t\n:") || o.Label.De == "" || o.Label.En == "" {
			return at(option, problem("catalog.problem.option"))
		}
		if (o.Note.De == "") != (o.Note.En == "") {
			return at(option+".note", problem("catalog.problem.both"))
		}
	}
	if f.When != nil {
		dep, ok := earlier[f.When.Field]
		if !ok {
			return at("when", problem("catalog.problem.when_field", "name", quote(f.When.Field)))
		}
		for _, v := range append(append([]string{}, f.When.Equals...), f.When.NotEquals...) {
			if !dep.CanAnswer(v) {
				return at("when", problem("catalog.problem.when_value", "value", quote(v), "name", quote(dep.Name)))
			}
		}
	}
	if f.Expect != nil {
		switch {
		case !f.CanAnswer(f.Expect.Value) || f.Type != form.YesNo && f.Type != form.Choice:
			return at("expect", problem("catalog.problem.expect", "value", quote(f.Expect.Value), "type", f.Type))
		case f.Expect.Problem.De == "" || f.Expect.Problem.En == "":
			return at("expect.problem", problem("catalog.problem.both"))
		}
	}
	return nil
}

// CanAnswer reports whether v can be a canonical answer of f, as far as
// the definition tells (choices and yes/no; anything for other types).
func (f FieldDef) CanAnswer(v string) bool {
	switch f.Type {
	case form.Choice:
		for _, o := range f.Options {
			if o.Value == v {
				return true
			}
		}
		return false
	case form.YesNo:
		return v == "yes" || v == "no"
	}
	return true
}

// validateCharge checks a service's charge against its fields, by name.
func validateCharge(c *Charge, fields map[string]FieldDef) *DefinitionError {
	if c == nil {
		return nil
	}
	if c.Base < 0 || c.Each < 0 || c.Free < 0 {
		return problem("catalog.problem.charge_negative")
	}
	if c.Field == "" {
		if c.Each != 0 {
			return problem("catalog.problem.charge_each")
		}
		return nil
	}
	f, ok := fields[c.Field]
	switch {
	case !ok:
		return problem("catalog.problem.charge_field", "name", quote(c.Field))
	case f.Type == form.Number:
		return nil
	case f.Type == form.Choice:
		for _, o := range f.Options {
			if _, err := strconv.Atoi(o.Value); err != nil {
				return problem("catalog.problem.charge_option", "name", quote(c.Field), "value", quote(o.Value))
			}
		}
		return nil
	}
	return problem("catalog.problem.charge_type", "name", quote(c.Field), "type", f.Type)
}
