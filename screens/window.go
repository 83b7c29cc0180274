package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// Deps are what every screen needs: the application core and the window
// that parents its dialogs.
type Deps struct {
	App    *app.App
	Window fyne.Window
	// Nav moves between areas (open a ticket from the Today board, start an
	// intake from a customer). Tests may leave it nil.
	Nav Navigator
}

// Navigator moves the main window to another area and shows a record there.
type Navigator interface {
	OpenTicket(id string)                          // the Tickets area, showing the ticket
	OpenTicketAction(id string, act models.Action) // …and starts an action (Today board)
	OpenCustomer(id string)                        // the Customers area, showing the customer
	NewTicket(customerID string)                   // the intake form, for a customer ("" = find one)
	Area(key string)                               // switch to an area by its nav key ("nav.today"…)
}

// area is one entry of the navigation rail.
type area struct {
	key, fallback string
	icon          fyne.Resource
	content       fyne.CanvasObject
	shown         func()
}

// mainWindow is the navigation rail, the current area and the status bar.
type mainWindow struct {
	deps    *Deps
	areas   []*area
	nav     *widget.List
	stack   *fyne.Container
	status  *widget.Label
	current int

	customers *customersScreen
	settings  *settingsScreen
}

// Main builds the main window's content: a navigation rail on the left
// with the areas that work, the selected area, and a status bar.
func Main(d *Deps) fyne.CanvasObject {
	m := &mainWindow{deps: d, current: -1}
	m.customers = newCustomersScreen(d)
	m.settings = newSettingsScreen(d)
	m.areas = []*area{
		{key: "nav.customers", fallback: "Customers", icon: theme.AccountIcon(), content: m.customers.content(), shown: m.customers.shown},
		{key: "nav.settings", fallback: "Settings", icon: theme.SettingsIcon(), content: m.settings.content(), shown: m.settings.shown},
	}
	m.stack = container.NewStack()
	m.nav = widget.NewList(
		func() int { return len(m.areas) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(theme.AccountIcon()), widget.NewLabel("Customers——"))
		},
		m.renderNavItem,
	)
	m.nav.OnSelected = m.onNavigate
	m.status = widget.NewLabel("")
	m.status.Truncation = fyne.TextTruncateEllipsis
	m.refreshStatus()

	title := widget.NewLabelWithStyle(T("app.name", "Aftercare"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	rail := container.NewBorder(container.NewVBox(container.NewHBox(widget.NewIcon(IconResource), title), widget.NewSeparator()), nil, nil, nil, m.nav)
	split := container.NewHSplit(rail, m.stack)
	split.Offset = 0.13
	body := container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), m.status), nil, nil, split)
	m.nav.Select(0)
	maybeWelcome(d, m.customers.shown)
	return body
}

func (m *mainWindow) renderNavItem(id widget.ListItemID, o fyne.CanvasObject) {
	row := o.(*fyne.Container)
	a := m.areas[id]
	row.Objects[0].(*widget.Icon).SetResource(a.icon)
	row.Objects[1].(*widget.Label).SetText(T(a.key, a.fallback))
}

// onNavigate shows the chosen area and lets it refresh its data.
func (m *mainWindow) onNavigate(id widget.ListItemID) {
	if id == m.current || id < 0 || id >= len(m.areas) {
		return
	}
	m.current = id
	a := m.areas[id]
	m.stack.Objects = []fyne.CanvasObject{a.content}
	m.stack.Refresh()
	if a.shown != nil {
		a.shown()
	}
}

func (m *mainWindow) refreshStatus() {
	m.status.SetText(T("status.database", "Database: {{.Path}}", map[string]any{"Path": m.deps.App.Path()}) +
		"    " + T("status.version", "Version {{.Version}}", map[string]any{"Version": app.Version}))
}
