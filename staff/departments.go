package staff

import (
	"fmt"
	"net/http"
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
	return &UnknownDepartmentError{ID: id, Valid: ids}
}

// UnknownDepartmentError is a department id the catalog does not have.
type UnknownDepartmentError struct {
	ID    string
	Valid []string // the catalog's department ids
}

func (e *UnknownDepartmentError) Error() string {
	return fmt.Sprintf("unknown department %q; valid departments: %s", e.ID, strings.Join(e.Valid, ", "))
}

// badDepartment answers 400 bad_department for id, naming the valid
// departments in the message and as the arg "departments".
func (c *Console) badDepartment(w http.ResponseWriter, id string) {
	var ids []string
	if c.cat != nil {
		for _, d := range c.cat.Departments() {
			ids = append(ids, d.ID)
		}
	}
	valid := strings.Join(ids, ", ")
	writeErrorArgs(w, http.StatusBadRequest, "bad_department",
		fmt.Sprintf("unknown department %q; valid departments: %s", id, valid),
		map[string]string{"department": id, "departments": valid})
}
