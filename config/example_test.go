package config

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// yamlKeys lists the dotted keys of a struct type, as its yaml tags name
// them; a map of structs adds its value type's keys under "name.*".
func yamlKeys(t reflect.Type, prefix string) []string {
	var keys []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		key := prefix + name
		keys = append(keys, key)
		switch {
		case f.Type.Kind() == reflect.Struct && f.Type.PkgPath() == t.PkgPath():
			keys = append(keys, yamlKeys(f.Type, key+".")...)
		case f.Type.Kind() == reflect.Map && f.Type.Elem().Kind() == reflect.Struct:
			keys = append(keys, yamlKeys(f.Type.Elem(), key+".*.")...)
		}
	}
	return keys
}

// fileKeys lists the dotted keys set in a YAML mapping.
func fileKeys(n *yaml.Node, prefix string, into map[string]bool) {
	if n.Kind == yaml.DocumentNode {
		n = n.Content[0]
	}
	if n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := prefix + n.Content[i].Value
		into[key] = true
		fileKeys(n.Content[i+1], key+".", into)
	}
}

// config/example.yaml has every key of Config, each set to its default (a
// key under a map, like backoffice.DEPT.webhook_url, in a comment), and a
// line of explanation.
func TestExampleHasEveryKeyAtItsDefault(t *testing.T) {
	raw, err := os.ReadFile("example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(raw, &root); err != nil {
		t.Fatal(err)
	}
	set := map[string]bool{}
	fileKeys(&root, "", set)
	for _, key := range yamlKeys(reflect.TypeOf(Config{}), "") {
		if parent, leaf, ok := strings.Cut(key, ".*."); ok {
			if !set[parent] || !bytes.Contains(raw, []byte("#    "+leaf+":")) {
				t.Errorf("example.yaml does not show %s (commented under %s)", key, parent)
			}
			continue
		}
		if !set[key] {
			t.Errorf("example.yaml lacks the key %s", key)
		}
	}
	for i, line := range strings.Split(string(raw), "\n") {
		l := strings.TrimSpace(line)
		isEntry := l != "" && !strings.HasPrefix(l, "#") && !strings.HasSuffix(l, ":")
		underParent := strings.HasPrefix(line, "    ") // case_days' statuses: their parent explains them
		if isEntry && !underParent && !strings.Contains(l, " # ") {
			t.Errorf("example.yaml:%d: %q has no explanation", i+1, l)
		}
	}
	c, err := Load("example.yaml", env(nil))
	if err != nil {
		t.Fatalf("example.yaml does not load: %v", err)
	}
	var got, want bytes.Buffer
	if err := c.Print(&got); err != nil {
		t.Fatal(err)
	}
	if err := Default().Print(&want); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() { // printed: [] in the file is a nil list by default
		t.Fatalf("example.yaml is not the defaults:\n%s\nwant\n%s", got.String(), want.String())
	}
}
