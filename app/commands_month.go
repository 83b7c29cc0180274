package app

import (
	"flag"
	"strings"

	"aftercare/models"
	"aftercare/printing"
)

// monthArgs are the arguments of the sub-commands that print a month
// (`statement`, `report`): --month YYYY-MM, --out FILE and --lang zh|en.
type monthArgs struct {
	month string // YYYY-MM, as models.MonthOf writes it
	out   string // as given; "" when --out is not
	tr    printing.Translator
}

// parseMonthArgs parses the arguments of the month command name; outHelp
// says what --out names. Every mistake is a usage error that says what to
// write instead.
func parseMonthArgs(name, outHelp string, args []string) (monthArgs, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	month := fs.String("month", "", "the month, YYYY-MM")
	out := fs.String("out", "", outHelp)
	lang := fs.String("lang", "zh", "zh or en")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return monthArgs{}, err
	}
	if len(pos) > 0 {
		return monthArgs{}, usagef("unexpected argument %q", pos[0])
	}
	if strings.TrimSpace(*month) == "" {
		return monthArgs{}, usagef("name the month with --month YYYY-MM")
	}
	start, err := models.ParseMonth(*month)
	if err != nil {
		return monthArgs{}, usagef("--month must be YYYY-MM, e.g. 2026-11")
	}
	tr, ok := SlipLanguage(*lang)
	if !ok {
		return monthArgs{}, usagef("--lang must be zh or en")
	}
	return monthArgs{month: models.MonthOf(start), out: *out, tr: tr}, nil
}
