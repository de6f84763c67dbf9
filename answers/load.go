package answers

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed defs/*.yaml
var builtin embed.FS

// BuiltinFS returns the embedded definition files.
func BuiltinFS() fs.FS {
	sub, err := fs.Sub(builtin, "defs")
	if err != nil {
		panic(err) // the embedded directory exists: a build error otherwise
	}
	return sub
}

// Layer is one set of definition files; Name prefixes file names in errors.
type Layer struct {
	FS   fs.FS
	Name string
}

// Set is a loaded set of answers in file order (later layers replace an
// answer of the same id in its place).
type Set struct {
	list []*Answer
	byID map[string]*Answer
}

// Load reads the embedded definitions and then, when dir is not empty, the
// *.yaml files of dir, which add answers or replace those with the same id,
// as catalog.Load does for services.
func Load(dir string) (*Set, error) {
	layers := []Layer{{FS: BuiltinFS(), Name: "builtin:"}}
	if dir != "" {
		layers = append(layers, Layer{FS: os.DirFS(dir), Name: dir + string(os.PathSeparator)})
	}
	return LoadFS(layers...)
}

// LoadFS builds a set from layers of definition files; later layers
// override earlier ones. Each file holds one answer or a list of them.
func LoadFS(layers ...Layer) (*Set, error) {
	s := NewSet()
	for _, l := range layers {
		names, err := fs.Glob(l.FS, "*.yaml")
		if err != nil {
			return nil, fmt.Errorf("answers: list %s: %w", l.Name, err)
		}
		sort.Strings(names)
		for _, name := range names {
			data, err := fs.ReadFile(l.FS, name)
			if err != nil {
				return nil, fmt.Errorf("answers: read %s%s: %w", l.Name, name, err)
			}
			list, err := Parse(l.Name+path.Base(name), data)
			if err != nil {
				return nil, err
			}
			for _, a := range list {
				s.Put(a)
			}
		}
	}
	return s, nil
}

// NewSet returns an empty set.
func NewSet() *Set { return &Set{byID: map[string]*Answer{}} }

// Put adds a, or replaces the answer with a's id in its place.
func (s *Set) Put(a *Answer) {
	if old, ok := s.byID[a.ID]; ok {
		for i := range s.list {
			if s.list[i] == old {
				s.list[i] = a
			}
		}
	} else {
		s.list = append(s.list, a)
	}
	s.byID[a.ID] = a
}

// Answer returns the answer with id.
func (s *Set) Answer(id string) (*Answer, bool) {
	a, ok := s.byID[id]
	return a, ok
}

// All returns every answer in order.
func (s *Set) All() []*Answer { return s.list }

// Parse reads the answers of one definition file (one answer, or a list)
// strictly: an unknown field is an error naming file and line, as is an
// answer that fails Check.
func Parse(file string, data []byte) ([]*Answer, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("answers: %s: %w", file, oneLine(err))
	}
	if len(root.Content) == 0 {
		return nil, fmt.Errorf("answers: %s: the file is empty", file)
	}
	doc := root.Content[0]
	var list []*Answer
	var lines []int
	if doc.Kind == yaml.SequenceNode {
		if err := decodeStrict(data, &list); err != nil {
			return nil, fmt.Errorf("answers: %s: %w", file, err)
		}
		for _, n := range doc.Content {
			lines = append(lines, n.Line)
		}
	} else {
		a := &Answer{}
		if err := decodeStrict(data, a); err != nil {
			return nil, fmt.Errorf("answers: %s: %w", file, err)
		}
		list, lines = []*Answer{a}, []int{doc.Line}
	}
	seen := map[string]bool{}
	for i, a := range list {
		if a == nil {
			return nil, fmt.Errorf("answers: %s:%d: an empty answer", file, lines[i])
		}
		a.File, a.Line = file, lines[i]
		if err := a.Check(); err != nil {
			return nil, err
		}
		if seen[a.ID] {
			return nil, fmt.Errorf("answers: %s: id %q appears twice in the file", a.where(), a.ID)
		}
		seen[a.ID] = true
	}
	return list, nil
}

func decodeStrict(data []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("invalid definition: %w", oneLine(err))
	}
	return nil
}

// oneLine writes YAML's error of several lines (one per bad field) as one.
func oneLine(err error) error {
	msg := strings.Join(strings.Fields(strings.ReplaceAll(err.Error(), "\n", " ; ")), " ")
	msg = strings.ReplaceAll(strings.ReplaceAll(msg, ": ; ", ": "), " ; ", "; ")
	return joined{msg, err}
}

// joined is an error on one line that unwraps to YAML's own.
type joined struct {
	msg string
	err error
}

// Error returns the message on one line.
func (j joined) Error() string { return j.msg }

// Unwrap returns YAML's error.
func (j joined) Unwrap() error { return j.err }
