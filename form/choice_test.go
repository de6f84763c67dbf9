package form

import "testing"

func TestParseChoice(t *testing.T) {
	r := Rules{Choices: []ChoiceRule{
		{Value: "bulky", Labels: []string{"Sperrmüll", "bulky waste"}},
		{Value: "green", Labels: []string{"Grünschnitt", "garden waste"}},
		{Value: "glass", Labels: []string{"Glas", "glass"}},
		{Value: "grey", Labels: []string{"Graue Tonne"}},
	}}
	runCases(t, Choice, []tc{
		{in: "bulky", r: r, want: "bulky"},
		{in: "2", r: r, want: "green"},
		{in: "2.", r: r, want: "green"},
		{in: "(4)", r: r, want: "grey"},
		{in: "Sperrmüll", r: r, want: "bulky"},
		{in: "SPERRMUELL", r: r, want: "bulky"},
		{in: "  garden   Waste ", r: r, want: "green"},
		{in: "grünschnitt", r: r, want: "green"},
		{in: "gruenschnitt", r: r, want: "green"},
		{in: "Glas", r: r, want: "glass"},
		{in: "„Graue Tonne“", r: r, want: "grey"},
		{name: "unique prefix", in: "sperr", r: r, want: "bulky"},
		{name: "unique prefix umlaut", in: "grün", r: r, want: "green"},
		{name: "prefix too short", in: "sp", r: r, bad: true, want: "Sperrmüll, Grünschnitt, Glas, Graue Tonne"},
		{name: "ambiguous prefix", in: "gre", r: r, bad: true, want: "mehreren"},
		{name: "prefix of a label", in: "gra", r: r, want: "grey"},
		{in: "0", r: r, bad: true, want: "1 bis 4"},
		{in: "5", r: r, bad: true, want: "1 bis 4"},
		{in: "99999999999999999999999", r: r, bad: true, want: "1 bis 4"},
		{in: "Altpapier", r: r, bad: true, want: "Bitte wählen Sie eine der Möglichkeiten: Sperrmüll"},
		{name: "no choices", in: "x", bad: true, want: "keine Antworten"},
	})
	// The value wins over the option number.
	odd := Rules{Choices: []ChoiceRule{{Value: "2", Labels: []string{"zwei"}}, {Value: "1", Labels: []string{"eins"}}}}
	runCases(t, Choice, []tc{
		{in: "1", r: odd, want: "1"},
		{in: "eins", r: odd, want: "1"},
	})
}
