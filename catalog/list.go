package catalog

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// List writes the catalog for `amtsbote services`: one line per service in
// catalog order with its id, category, mode ("online" or "in-person") and
// title in lang, in tab-aligned columns under a header.
func (c *Catalog) List(w io.Writer, lang string) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	header := "ID\tCATEGORY\tMODE\tTITLE"
	if lang != "en" {
		header = "ID\tKATEGORIE\tART\tTITEL"
	}
	if _, err := fmt.Fprintln(tw, header); err != nil {
		return fmt.Errorf("services: list: %w", err)
	}
	for _, d := range c.services {
		if _, err := fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", d.ID, d.Category, d.Mode, d.Title.In(lang)); err != nil {
			return fmt.Errorf("services: list: %w", err)
		}
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("services: list: %w", err)
	}
	return nil
}
