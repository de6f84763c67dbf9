package loadtest

import "amtsbote/text"

// Sayer gives the operator's texts: key's text (loadtest.*) in their
// language with its placeholders filled from name, value pairs.
type Sayer interface {
	T(key string, args ...any) string
}

// english is the Sayer of a Config without one.
type english struct{ cat *text.Catalog }

func (e english) T(key string, args ...any) string { return e.cat.Text(text.En, key, args...) }
