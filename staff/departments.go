package staff

import (
	"fmt"
	"strings"

	"amtsbote/catalog"
)

// CheckDepartment checks that id names a department of the departments
// file (catalog departments.yaml). "" passes: an admin needs none, and a
// canned reply without one is for everyone. The error lists the valid
// ids, so `staff add --department stadwerke` tells the operator what to
// type instead. A nil catalog (a console built without one) checks nothing.
func CheckDepartment(cat *catalog.Catalog, id string) error {
	if id == "" || cat == nil {
		return nil
	}
	if _, ok := cat.Department(id); ok {
		return nil
	}
	ids := make([]string, 0, len(cat.Departments()))
	for _, d := range cat.Departments() {
		ids = append(ids, d.ID)
	}
	return fmt.Errorf("unknown department %q; valid departments: %s", id, strings.Join(ids, ", "))
}
