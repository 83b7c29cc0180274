package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"aftercare/assets"
	"aftercare/models"
	"aftercare/printing"
)

// The monthly penalty and reward statement (issue 5, "Month close").

// MonthStatement is a month as its statement and the month close screen
// show it: the MonthView with the numbers of the tickets its records
// point to and the months of the approved records its adjustments correct.
type MonthStatement struct {
	*MonthView
	TicketNumbers  map[string]string // ticket id → number
	AdjustedMonths map[string]string // id of a corrected record → its month
}

// MonthStatement loads a month with what its records point to.
func (a *App) MonthStatement(month string) (*MonthStatement, error) {
	v, err := a.Month(month)
	if err != nil {
		return nil, err
	}
	ms := &MonthStatement{MonthView: v, TicketNumbers: map[string]string{}, AdjustedMonths: map[string]string{}}
	var tickets, originals []string
	for _, r := range v.Records {
		if r.TicketID != nil {
			tickets = append(tickets, *r.TicketID)
		}
		if r.AdjustsID != nil {
			originals = append(originals, *r.AdjustsID)
		}
	}
	if len(tickets) > 0 {
		var rows []models.Ticket
		if err := a.db.Select("id, number").Where("id IN ?", tickets).Find(&rows).Error; err != nil {
			return nil, fmt.Errorf("months: %s: tickets: %w", v.Close.Month, err)
		}
		for _, t := range rows {
			ms.TicketNumbers[t.ID] = t.Number
		}
	}
	if len(originals) > 0 {
		var rows []models.ConductRecord
		if err := a.db.Select("id, month").Where("id IN ?", originals).Find(&rows).Error; err != nil {
			return nil, fmt.Errorf("months: %s: corrected records: %w", v.Close.Month, err)
		}
		for _, r := range rows {
			ms.AdjustedMonths[r.ID] = r.Month
		}
	}
	return ms, nil
}

// CompiledDiffers reports whether the totals stored when the month was
// compiled differ from its records as they are now (a name change does
// not count). A month never compiled has nothing to differ from.
func (v *MonthView) CompiledDiffers() bool {
	if v.Close.Summary == "" {
		return false
	}
	if len(v.Compiled) != len(v.Lines) {
		return true
	}
	now := map[string]models.StaffLine{}
	for _, l := range v.Lines {
		now[l.StaffID] = l
	}
	for _, c := range v.Compiled {
		l, ok := now[c.StaffID]
		if !ok || l.Records != c.Records || l.Penalties != c.Penalties || l.Rewards != c.Rewards ||
			l.Net != c.Net || l.Probation != c.Probation || l.Dismissal != c.Dismissal {
			return true
		}
	}
	return false
}

// statementData turns a month into the statement's plain data: labels
// translated with t, times in the shop's time zone. A compiled, approved
// or executed month prints its summary as compiled, so the paper shows
// what the general manager approved.
func (a *App) statementData(ms *MonthStatement, t printing.Translator) (printing.Statement, error) {
	shop, err := a.Shop()
	if err != nil {
		return printing.Statement{}, err
	}
	t = slipTranslator(t)
	english := assets.Translator(assets.LangEnglish)
	label := func(key string) string { return t(key, english(key, key)) }
	loc := a.loc()
	c := ms.Close
	s := printing.Statement{
		Shop:    printing.Shop{Name: shop.Name, Address: shop.Address, Hotline: shop.Hotline},
		Month:   c.Month,
		Status:  label("conduct.month_status." + string(c.Status)),
		Final:   c.Status.Locked(),
		Summary: ms.Lines,
		Totals:  ms.Totals,
		Printed: a.clock().In(loc),
		T:       t,
	}
	if c.Status == models.MonthReturned {
		s.ReturnComment, s.ReturnedBy = c.ReturnComment, c.ReturnedBy
	}
	if c.Summary != "" && c.Status != models.MonthOpen && c.Status != models.MonthReturned {
		s.Summary, s.Totals = ms.Compiled, models.TotalOf(ms.Compiled)
		s.Changed = ms.CompiledDiffers()
	}
	if c.CompiledAt != nil {
		s.Compiled = printing.SignOff{Name: c.CompiledBy, At: c.CompiledAt.In(loc)}
	}
	if c.ApprovedAt != nil {
		s.Approved = printing.SignOff{Name: c.ApprovedBy, At: c.ApprovedAt.In(loc)}
	}
	if c.ExecutedAt != nil {
		s.Executed = printing.SignOff{Name: c.ExecutedBy, At: c.ExecutedAt.In(loc)}
	}
	byStaff := map[string][]printing.StatementRecord{}
	for _, r := range ms.Records {
		rec := printing.StatementRecord{
			Date: r.Date, Rule: ruleName(r.RuleName, t), Qty: r.Qty, Amount: r.Amount,
			Dismissal: r.Dismissal, Probation: r.Probation,
			Source: label("conduct.source." + string(r.Source)), Note: r.Note,
		}
		if r.TicketID != nil {
			rec.Ticket = ms.TicketNumbers[*r.TicketID]
		}
		if r.AdjustsID != nil {
			rec.Adjusts = ms.AdjustedMonths[*r.AdjustsID]
		}
		byStaff[r.StaffID] = append(byStaff[r.StaffID], rec)
	}
	for _, l := range ms.Lines {
		s.Staff = append(s.Staff, printing.StatementStaff{Line: l, Records: byStaff[l.StaffID]})
	}
	return s, nil
}

// ruleName is the printed name of a record's rule: a typed name as it is,
// a built-in rule's name key translated.
func ruleName(name string, t printing.Translator) string {
	if !strings.HasPrefix(name, "conduct.rule.") {
		return name
	}
	return t(name, assets.Translator(assets.LangEnglish)(name, name))
}

// StatementPDF lays out the monthly penalty and reward statement of month
// (YYYY-MM). t translates the printed labels.
func (a *App) StatementPDF(month string, t printing.Translator) ([]byte, error) {
	ms, err := a.MonthStatement(month)
	if err != nil {
		return nil, err
	}
	s, err := a.statementData(ms, t)
	if err != nil {
		return nil, err
	}
	data, err := printing.MonthlyStatement(s)
	if err != nil {
		return nil, fmt.Errorf("print statement %s: %w", ms.Close.Month, err)
	}
	return data, nil
}

// PrintStatement writes a month's statement as statement-YYYY-MM.pdf in
// PrintsDir and returns its path (see writeMonthPrint).
func (a *App) PrintStatement(month string, t printing.Translator) (string, error) {
	start, err := models.ParseMonth(month)
	if err != nil {
		return "", err
	}
	data, err := a.StatementPDF(month, t)
	if err != nil {
		return "", err
	}
	return a.writeMonthPrint("statement-"+models.MonthOf(start), data)
}

// writeMonthPrint writes a month's print as base.pdf in PrintsDir and
// returns its path. A new print replaces the file, since it shows the
// month as it is now; if the old file is locked (open in a viewer on
// Windows), the print is written beside it with the time in its name
// instead.
func (a *App) writeMonthPrint(base string, data []byte) (string, error) {
	path, err := a.writePrint(a.PrintsDir(), base+".pdf", data)
	if err == nil {
		return path, nil
	}
	if _, serr := os.Stat(filepath.Join(a.PrintsDir(), base+".pdf")); serr != nil {
		return "", err
	}
	alt, err2 := a.writePrint(a.PrintsDir(), base+"-"+a.clock().Format("150405")+".pdf", data)
	if err2 != nil {
		return "", errors.Join(err, err2)
	}
	return alt, nil
}

// PrintStatementFile prints a month's statement to out when given
// (written atomically), else into PrintsDir as PrintStatement does, and
// returns the file written.
func (a *App) PrintStatementFile(month string, t printing.Translator, out string) (string, error) {
	if out == "" {
		return a.PrintStatement(month, t)
	}
	data, err := a.StatementPDF(month, t)
	if err != nil {
		return "", err
	}
	if err := writeFileAtomic(out, data); err != nil {
		os.Remove(out + ".part")
		return "", fmt.Errorf("write %s: %w", out, err)
	}
	return out, nil
}
