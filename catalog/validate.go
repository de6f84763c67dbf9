package catalog

import (
	"errors"
	"fmt"
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
			return fmt.Errorf("services: %s: field category: unknown category %q", d.File, d.Category)
		}
		if d.Department == "" {
			continue
		}
		if _, ok := c.Department(d.Department); !ok {
			var known []string
			for _, dep := range c.departments {
				known = append(known, dep.ID)
			}
			return fmt.Errorf("services: %s: field department: unknown department %q (known: %s)",
				d.File, d.Department, strings.Join(known, ", "))
		}
	}
	return nil
}

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
	case d.LeiKa != "" && !regexp.MustCompile(`^[0-9]{14}$`).MatchString(d.LeiKa):
		return fmt.Errorf("field leika: %q is not a 14-digit Leistungsschlüssel", d.LeiKa)
	case d.Rank < 0:
		return errors.New("field rank: must not be negative")
	case (d.Intro.De == "") != (d.Intro.En == ""):
		return errors.New("field intro: needs both de and en")
	}
	byName := map[string]FieldDef{}
	for i, f := range d.Fields {
		where := fmt.Sprintf("field fields[%d]", i)
		if f.Name != "" {
			where = fmt.Sprintf("field fields[%d] (%s)", i, f.Name)
		}
		if err := validateField(f, byName); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		byName[f.Name] = f
	}
	if err := validateCharge(d.Charge, byName); err != nil {
		return fmt.Errorf("field charge: %w", err)
	}
	return nil
}

func validateField(f FieldDef, earlier map[string]FieldDef) error {
	_, seen := earlier[f.Name]
	switch {
	case !fieldNamePattern.MatchString(f.Name):
		return fmt.Errorf("name %q is not a lower-case name like \"meter_number\"", f.Name)
	case seen:
		return errors.New("name is used twice")
	case reservedFields[f.Name]:
		return fmt.Errorf("name %q is reserved for an answer the engine adds", f.Name)
	case !form.Known(f.Type):
		return fmt.Errorf("type %q is unknown", f.Type)
	case f.Prompt.De == "" || f.Prompt.En == "":
		return errors.New("prompt: needs both de and en")
	case f.Label.De == "" || f.Label.En == "":
		return errors.New("label: needs both de and en")
	case f.Type == form.Choice && len(f.Options) < 2:
		return errors.New("options: a choice needs at least two")
	case f.Type != form.Choice && len(f.Options) > 0:
		return fmt.Errorf("options: only a choice has options, not a %s", f.Type)
	}
	if f.Pattern != "" {
		if _, err := regexp.Compile(f.Pattern); err != nil {
			return fmt.Errorf("pattern: %w", err)
		}
	}
	for j, o := range f.Options {
		if o.Value == "" || strings.ContainsAny(o.Value, " \t\n:") || o.Label.De == "" || o.Label.En == "" {
			return fmt.Errorf("options[%d]: needs a value without spaces or ':' and a label in de and en", j)
		}
		if (o.Note.De == "") != (o.Note.En == "") {
			return fmt.Errorf("options[%d].note: needs both de and en", j)
		}
	}
	if f.When != nil {
		dep, ok := earlier[f.When.Field]
		if !ok {
			return fmt.Errorf("when: field %q is not asked before this one", f.When.Field)
		}
		for _, v := range append(append([]string{}, f.When.Equals...), f.When.NotEquals...) {
			if !dep.CanAnswer(v) {
				return fmt.Errorf("when: %q is no possible answer of field %q", v, dep.Name)
			}
		}
	}
	if f.Expect != nil {
		switch {
		case !f.CanAnswer(f.Expect.Value) || f.Type != form.YesNo && f.Type != form.Choice:
			return fmt.Errorf("expect: %q is no possible answer of a %s field", f.Expect.Value, f.Type)
		case f.Expect.Problem.De == "" || f.Expect.Problem.En == "":
			return errors.New("expect.problem: needs both de and en")
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

func validateCharge(c *Charge, fields map[string]FieldDef) error {
	if c == nil {
		return nil
	}
	if c.Base < 0 || c.Each < 0 || c.Free < 0 {
		return errors.New("amounts must not be negative")
	}
	if c.Field == "" {
		if c.Each != 0 {
			return errors.New("each needs a field to count")
		}
		return nil
	}
	f, ok := fields[c.Field]
	switch {
	case !ok:
		return fmt.Errorf("field %q is no field of this service", c.Field)
	case f.Type == form.Number:
		return nil
	case f.Type == form.Choice:
		for _, o := range f.Options {
			if _, err := strconv.Atoi(o.Value); err != nil {
				return fmt.Errorf("field %q: option %q is not a whole number", c.Field, o.Value)
			}
		}
		return nil
	}
	return fmt.Errorf("field %q is a %s, not a number or a choice of numbers", c.Field, f.Type)
}
