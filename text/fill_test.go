package text

import "testing"

// fill fills the placeholders given and leaves the others, and braces that
// hold no name, as they are.
func TestFill(t *testing.T) {
	for _, tc := range []struct {
		in   string
		args []any
		want string
	}{
		{"Schritt {n} von {total}: ", []any{"n", 2, "total", 6}, "Schritt 2 von 6: "},
		{"{a}{a} {b}", []any{"a", "x"}, "xx {b}"},
		{"{Ab} {a b} {} {a_1} {", []any{"a_1", "y", "Ab", "z"}, "{Ab} {a b} {} y {"},
		{"{{name}}", []any{"name", "N"}, "{N}"},
		{"kein Platzhalter", []any{"n", 1}, "kein Platzhalter"},
		{"{x}", []any{"x", 1.5}, "1.5"},
	} {
		if got := fill(tc.in, tc.args); got != tc.want {
			t.Errorf("fill(%q, %v) = %q, want %q", tc.in, tc.args, got, tc.want)
		}
	}
}
