package screens

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"aftercare/models"
)

// Role-aware screens (issue 5). app refuses every action the signed-in
// person's roles do not allow; screens only spare them the refusal: an
// editor they may not use stays visible, read-only, with a line that says
// who may change it.

// viewOnly is one editor's read-only state for a permission.
type viewOnly struct {
	on   bool          // the person may look but not change
	hint *widget.Label // names the roles that may; hidden when on is false
}

// newViewOnly checks the signed-in person against p.
func newViewOnly(d *Deps, p models.Permission) *viewOnly {
	v := &viewOnly{on: !d.App.Can(p)}
	v.hint = widget.NewLabel(accessHintText(p))
	v.hint.Importance = widget.WarningImportance
	v.hint.Wrapping = fyne.TextWrapWord
	if !v.on {
		v.hint.Hide()
	}
	return v
}

// accessHintText is the read-only hint for p: the roles that may change it.
func accessHintText(p models.Permission) string {
	return T("access.view_only", "You can look at this, but changing it needs one of these roles: {{.Roles}}.",
		map[string]any{"Roles": rolesText(models.RolesFor(p))})
}

// rolesText joins role names.
func rolesText(roles []models.Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = RoleLabel(r)
	}
	return strings.Join(names, T("list.sep", ", "))
}

// hide hides the objects (the buttons that change something) when the
// person may not change.
func (v *viewOnly) hide(objs ...fyne.CanvasObject) {
	if !v.on {
		return
	}
	for _, o := range objs {
		if o != nil {
			o.Hide()
		}
	}
}

// lock disables every entry, check, select and button inside the objects
// when the person may not change; call it again after rows are rebuilt.
func (v *viewOnly) lock(objs ...fyne.CanvasObject) {
	if !v.on {
		return
	}
	for _, o := range objs {
		disableTree(o)
	}
}

// disableTree disables o and everything in the containers, scrolls and
// forms below it.
func disableTree(o fyne.CanvasObject) {
	switch x := o.(type) {
	case nil:
		return
	case *fyne.Container:
		for _, c := range x.Objects {
			disableTree(c)
		}
	case *container.Scroll:
		disableTree(x.Content)
	case *widget.Form:
		for _, it := range x.Items {
			disableTree(it.Widget)
		}
	case fyne.Disableable:
		x.Disable()
	}
}
