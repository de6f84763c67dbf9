package catalog

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// List writes the catalog for `amtsbote services`: one line per service in
// catalog order with its id, category, mode ("online" or "in-person") and
// title in lang, in tab-aligned columns under header (the four column
// names, separated by tabs, in the reader's language).
func (c *Catalog) List(w io.Writer, lang, header string) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if _, err := fmt.Fprintln(tw, header); err != nil {
		return &DefinitionError{Text: "catalog.problem.write", Args: []any{"err", err}, Err: err}
	}
	for _, d := range c.services {
		if _, err := fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", d.ID, d.Category, d.Mode, d.Title.In(lang)); err != nil {
			return &DefinitionError{Text: "catalog.problem.write", Args: []any{"err", err}, Err: err}
		}
	}
	if err := tw.Flush(); err != nil {
		return &DefinitionError{Text: "catalog.problem.write", Args: []any{"err", err}, Err: err}
	}
	return nil
}
