package catalog_test

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"amtsbote/catalog"
)

// Every text of the built-in definitions — service, field, option,
// problem, category, department, intent — is written in every language
// Amtsbote speaks (issue 18: "A test fails when any key lacks any
// language"). Keywords and examples are routing data, checked by the
// router's evaluation sets instead.
func TestEveryTextInEveryLanguage(t *testing.T) {
	c, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	langs := []string{"de", "en", "uk", "tr", "ar", "ru", "de-x-ls"}
	var missing []string
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(path, v.Elem())
			}
			return
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(path+"["+strconv.Itoa(i)+"]", v.Index(i))
			}
			return
		case reflect.Map:
			for _, k := range v.MapKeys() {
				walk(path+"["+k.String()+"]", v.MapIndex(k))
			}
			return
		case reflect.Struct:
		default:
			return
		}
		if txt, ok := v.Interface().(catalog.Text); ok {
			if txt.De == "" {
				return
			}
			for _, l := range langs {
				if txt.Only(l) == "" {
					missing = append(missing, path+" "+l)
				}
			}
			return
		}
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				walk(path+"."+f.Name, v.Field(i))
			}
		}
	}
	for _, d := range c.Services() {
		walk(d.ID, reflect.ValueOf(*d))
	}
	for _, x := range c.Categories() {
		walk("category "+x.ID, reflect.ValueOf(x))
	}
	for _, x := range c.Departments() {
		walk("department "+x.ID, reflect.ValueOf(x))
	}
	for _, x := range c.Intents() {
		walk("intent "+x.ID, reflect.ValueOf(x))
	}
	if len(missing) > 0 {
		t.Errorf("%d texts lack a language:\n%s", len(missing), strings.Join(missing, "\n"))
	}
}
