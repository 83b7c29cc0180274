package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"aftercare/models"
	"aftercare/printing"
)

// The month-end report on paper and in Excel (issue 7): the PDF the
// general manager reads, the workbook finance filters and sums, and
// `aftercare report`, all from the one MonthReport.

// monthReportPDF computes the month's report and lays it out as a PDF.
func (a *App) monthReportPDF(ctx context.Context, month string, t printing.Translator) ([]byte, *models.MonthReport, error) {
	r, err := a.MonthReport(ctx, month)
	if err != nil {
		return nil, nil, err
	}
	shop, err := a.Shop()
	if err != nil {
		return nil, nil, err
	}
	data, err := printing.MonthlyReport(printing.Shop{Name: shop.Name, Address: shop.Address, Hotline: shop.Hotline}, r, slipTranslator(t))
	if err != nil {
		return nil, nil, fmt.Errorf("print report %s: %w", r.Month, err)
	}
	return data, r, nil
}

// PrintMonthReport writes the month's report (YYYY-MM) as
// report-YYYY-MM.pdf in PrintsDir and returns its path (see
// writeMonthPrint).
func (a *App) PrintMonthReport(ctx context.Context, month string, t printing.Translator) (string, error) {
	data, r, err := a.monthReportPDF(ctx, month, t)
	if err != nil {
		return "", err
	}
	return a.writeMonthPrint("report-"+r.Month, data)
}

// reportFormat is the kind of file a path names by its extension, or a
// FieldError naming the two the report can be written as.
func reportFormat(path string) (string, error) {
	switch ext := strings.ToLower(filepath.Ext(strings.TrimSpace(path))); ext {
	case ".pdf", ".xlsx":
		return ext, nil
	}
	return "", models.NewFieldError("out", "err.report.extension", "Save the report as a .pdf or .xlsx file.", nil)
}

// WriteMonthReport writes the month's report (YYYY-MM) to path: a PDF or
// an Excel workbook by the extension (.pdf or .xlsx, any case), through
// a temporary file and a rename.
func (a *App) WriteMonthReport(ctx context.Context, month, path string, t printing.Translator) error {
	ext, err := reportFormat(path)
	if err != nil {
		return err
	}
	var data []byte
	if ext == ".pdf" {
		data, _, err = a.monthReportPDF(ctx, month, t)
	} else {
		var r *models.MonthReport
		if r, err = a.MonthReport(ctx, month); err == nil {
			data, err = monthReportXLSX(r, t)
		}
	}
	if err != nil {
		return err
	}
	if err := writeFileAtomic(path, data); err != nil {
		os.Remove(path + ".part")
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func cmdReport(env CommandEnv, a *App, args []string) error {
	m, err := parseMonthArgs("report", "the file to write: .pdf or .xlsx", args)
	if err != nil {
		return err
	}
	if strings.TrimSpace(m.out) == "" {
		return usagef("name the file to write with --out FILE.pdf or --out FILE.xlsx")
	}
	if _, err := reportFormat(m.out); err != nil {
		return usagef("--out must end in .pdf or .xlsx (the format follows the extension)")
	}
	if err := a.WriteMonthReport(context.Background(), m.month, m.out, m.tr); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote the report of %s to %s\n", m.month, m.out)
	return nil
}
