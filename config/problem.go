package config

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"amtsbote/text"
)

// KeyError is one setting that is wrong: its key (dotted, as in the file),
// what is wrong, and where it was set when it came from the file. A
// problem of the whole file (it cannot be read, it is no YAML) has no Key.
type KeyError struct {
	Key string // e.g. "web.rate_limit"; "" for the whole file
	// Problem is what is wrong in English, as Error gives it (logs, tests).
	Problem string
	// Text is the catalog's key of the problem (config.problem.*) and
	// Args its placeholders as name, value pairs: Say renders it in the
	// operator's language.
	Text string
	Args []any
	File string // the configuration file, when the key is set there
	Line int    // its line in File; 0 when not set there
	// Err is the library's error inside the problem (reading the file,
	// parsing YAML), or nil.
	Err error
}

func (e *KeyError) Error() string { return e.frame(e.Problem) }

// Unwrap is the library's error inside the problem, if any.
func (e *KeyError) Unwrap() error { return e.Err }

// Say is the error in language l, from the catalog c: framed like Error
// ("config:", the file and line, the key), the problem in l. Values of
// the configuration are quoted as they are, and an error of a library
// inside the problem (time.LoadLocation's, os.Stat's, YAML's) stays in
// English: the frame around it is translated.
func (e *KeyError) Say(c *text.Catalog, l text.Lang) string {
	if e.Text == "" || c == nil {
		return e.Error()
	}
	return e.frame(c.Text(l, e.Text, e.Args...))
}

// frame is "config: FILE:LINE: KEY: problem", each part only when known.
func (e *KeyError) frame(problem string) string {
	var b strings.Builder
	b.WriteString("config: ")
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			b.WriteString(":" + strconv.Itoa(e.Line))
		}
		b.WriteString(": ")
	}
	if e.Key != "" {
		b.WriteString(e.Key + ": ")
	}
	b.WriteString(problem)
	return b.String()
}

// checker collects the problems of a configuration.
type checker struct {
	errs []error
	en   *text.Catalog // the built-in catalog, read at the first problem
}

// fail records that key is wrong: problem is the catalog's key of what
// is wrong (config.problem.*), args its placeholders as name, value pairs.
func (k *checker) fail(key, problem string, args ...any) {
	k.errs = append(k.errs, k.problem(&KeyError{Key: key, Text: problem, Args: args}))
}

// problem fills in e's English Problem from the built-in catalog.
func (k *checker) problem(e *KeyError) *KeyError {
	if k.en == nil {
		k.en = text.MustBuiltin()
	}
	e.Problem = k.en.Text(text.En, e.Text, e.Args...)
	return e
}

// quote is how a value of the configuration appears in a problem: Go
// quoted, the same in every language.
func quote(v string) string { return strconv.Quote(v) }

// yamlLine is a line of a yaml.TypeError: "line 3: field x not found in
// type config.Config" (an unknown key) or a value of the wrong kind.
var (
	yamlLine    = regexp.MustCompile(`^line (\d+): `)
	yamlUnknown = regexp.MustCompile(`^line \d+: field (\S+) not found in type `)
	yamlSyntax  = regexp.MustCompile(`^yaml: line (\d+): `)
)

// fileError is the error of reading or decoding the file at path: every
// problem the YAML decoder found, as KeyErrors with their lines.
func fileError(path string, err error, root *yaml.Node) error {
	k := &checker{}
	var te *yaml.TypeError
	var pe *fs.PathError
	switch {
	case errors.As(err, &te):
		for _, msg := range te.Errors {
			e := &KeyError{File: path, Text: "config.problem.yaml_value", Args: []any{"err", msg}, Err: err}
			if m := yamlLine.FindStringSubmatch(msg); m != nil {
				e.Line, _ = strconv.Atoi(m[1])
				e.Key = keyAt(root, e.Line)
			}
			if yamlUnknown.MatchString(msg) {
				e.Text, e.Args = "config.problem.unknown", nil
			}
			k.errs = append(k.errs, k.problem(e))
		}
	case errors.As(err, &pe):
		k.errs = append(k.errs, k.problem(&KeyError{File: path, Text: "config.problem.read", Args: []any{"err", pe.Err}, Err: err}))
	default:
		e := &KeyError{File: path, Text: "config.problem.yaml", Args: []any{"err", err}, Err: err}
		if m := yamlSyntax.FindStringSubmatch(err.Error()); m != nil {
			e.Line, _ = strconv.Atoi(m[1])
		}
		k.errs = append(k.errs, k.problem(e))
	}
	if len(k.errs) == 0 { // a TypeError without lines
		return fmt.Errorf("config: %s: %w", path, err)
	}
	return errors.Join(k.errs...)
}

// keyAt is the dotted key written at line of the YAML document, "" if
// none is.
func keyAt(root *yaml.Node, line int) string {
	if root == nil {
		return ""
	}
	var walk func(n *yaml.Node, path string) string
	walk = func(n *yaml.Node, path string) string {
		switch n.Kind {
		case yaml.DocumentNode, yaml.SequenceNode:
			for _, c := range n.Content {
				if k := walk(c, path); k != "" {
					return k
				}
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				key := n.Content[i].Value
				if path != "" {
					key = path + "." + key
				}
				if n.Content[i].Line == line {
					return key
				}
				if k := walk(n.Content[i+1], key); k != "" {
					return k
				}
			}
		}
		return ""
	}
	return walk(root, "")
}
