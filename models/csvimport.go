package models

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// CSVColumn is a customer field an import column can fill.
type CSVColumn string

// Columns understood by the customer import.
const (
	ColName    CSVColumn = "name"
	ColPhone   CSVColumn = "phone"
	ColAddress CSVColumn = "address"
	ColNotes   CSVColumn = "notes"
	// ColOtherAddresses holds further addresses, one per line of the cell
	// (the 其他地址 column that the customer export writes).
	ColOtherAddresses CSVColumn = "other_addresses"
)

// headerAliases maps the header names people use (Chinese or English, any
// case) to a column. Several phone columns may appear (手机 and 电话).
var headerAliases = map[string]CSVColumn{
	"姓名": ColName, "名字": ColName, "客户": ColName, "客户姓名": ColName, "name": ColName, "customer": ColName,
	"手机": ColPhone, "电话": ColPhone, "手机号": ColPhone, "手机号码": ColPhone, "联系电话": ColPhone,
	"电话号码": ColPhone, "固话": ColPhone, "phone": ColPhone, "mobile": ColPhone, "tel": ColPhone, "telephone": ColPhone,
	"其他电话": ColPhone, "other phones": ColPhone,
	"地址": ColAddress, "住址": ColAddress, "送货地址": ColAddress, "address": ColAddress,
	"其他地址": ColOtherAddresses, "other addresses": ColOtherAddresses,
	"备注": ColNotes, "说明": ColNotes, "notes": ColNotes, "note": ColNotes, "remarks": ColNotes,
}

// CSVRecord is one data row of an import file, by column.
type CSVRecord struct {
	Line    int // line number in the file where the row starts (header is line 1)
	Name    string
	Phones  []string
	Address string
	Notes   string
	// OtherAddresses are the lines of an 其他地址 cell, blank lines dropped.
	OtherAddresses []string
}

// CSV decoding errors carry translation keys like every user-facing error.
var (
	ErrCSVEmpty    = NewFieldError("file", "err.csv.empty", "The file is empty.", nil)
	ErrCSVNoName   = NewFieldError("file", "err.csv.no_name", "The first row must name the columns; a name column (姓名 or name) is missing.", nil)
	ErrCSVNoPhone  = NewFieldError("file", "err.csv.no_phone", "The first row must name the columns; a phone column (手机, 电话 or phone) is missing.", nil)
	ErrCSVTooLarge = NewFieldError("file", "err.csv.too_large", "The file has more than {{.Max}} rows; split it into smaller files.", map[string]any{"Max": MaxCSVRows})
)

// MaxCSVRows bounds one import so a wrong file cannot exhaust memory.
const MaxCSVRows = 200000

// DecodeText turns file bytes into UTF-8 text: UTF-8 with or without a BOM,
// UTF-16 with a BOM (Excel's "Unicode text"), or else GB18030, which is what
// Excel on a Chinese Windows PC writes for "CSV (comma delimited)".
func DecodeText(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return string(data[3:]), nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
		out, _, err := transform.Bytes(dec, data)
		return string(out), err
	case utf8.Valid(data):
		return string(data), nil
	}
	out, _, err := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), data)
	return string(out), err
}

// DecodeCustomerCSV reads a customer import file: it detects the encoding
// and the delimiter (comma, semicolon or tab), maps the header row to
// columns and returns the data rows. Quoted fields may hold commas and line
// breaks. Unknown columns are ignored; blank rows are skipped.
func DecodeCustomerCSV(data []byte) ([]CSVRecord, error) {
	text, err := DecodeText(data)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(text) == "" {
		return nil, ErrCSVEmpty
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = sniffDelimiter(text)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	header, err := r.Read()
	if err != nil {
		return nil, csvError(err)
	}
	cols := make([]CSVColumn, len(header))
	var hasName, hasPhone bool
	for i, h := range header {
		key := strings.ToLower(strings.TrimSpace(strings.Trim(toHalfWidth(h), "\ufeff*:： ")))
		cols[i] = headerAliases[key]
		hasName = hasName || cols[i] == ColName
		hasPhone = hasPhone || cols[i] == ColPhone
	}
	if !hasName {
		return nil, ErrCSVNoName
	}
	if !hasPhone {
		return nil, ErrCSVNoPhone
	}
	var out []CSVRecord
	for {
		line, _ := r.FieldPos(0)
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		if len(out) >= MaxCSVRows {
			return nil, ErrCSVTooLarge
		}
		line, _ = r.FieldPos(0)
		row := CSVRecord{Line: line}
		blank := true
		for i, v := range rec {
			if i >= len(cols) {
				break
			}
			v = strings.TrimSpace(v)
			if v != "" {
				blank = false
			}
			switch cols[i] {
			case ColName:
				row.Name = joinNonEmpty(row.Name, v, " ")
			case ColPhone:
				// One cell may hold several numbers: "138…/010-…".
				for _, p := range strings.FieldsFunc(v, func(r rune) bool {
					return r == '/' || r == '、' || r == ';' || r == '；' || r == ',' || r == '，' || r == '\n'
				}) {
					if p = strings.TrimSpace(p); p != "" {
						row.Phones = append(row.Phones, p)
					}
				}
			case ColAddress:
				row.Address = joinNonEmpty(row.Address, v, " ")
			case ColNotes:
				row.Notes = joinNonEmpty(row.Notes, v, "\n")
			case ColOtherAddresses:
				for _, a := range strings.Split(v, "\n") {
					if a = strings.TrimSpace(a); a != "" {
						row.OtherAddresses = append(row.OtherAddresses, a)
					}
				}
			}
		}
		if !blank {
			out = append(out, row)
		}
	}
	return out, nil
}

func joinNonEmpty(a, b, sep string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + sep + b
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return NewFieldError("file", "err.csv.parse", "The file cannot be read as CSV at line {{.Line}}: {{.Detail}}.",
			map[string]any{"Line": pe.Line, "Detail": pe.Err.Error()})
	}
	return NewFieldError("file", "err.csv.read", "The file cannot be read as CSV: {{.Detail}}.", map[string]any{"Detail": err.Error()})
}

// sniffDelimiter picks the delimiter that appears most in the first line.
func sniffDelimiter(text string) rune {
	first, _, _ := strings.Cut(text, "\n")
	best, n := ',', strings.Count(first, ",")
	for _, d := range []rune{'\t', ';'} {
		if c := strings.Count(first, string(d)); c > n {
			best, n = d, c
		}
	}
	return best
}
