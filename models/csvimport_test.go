package models

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

const sampleCSV = "姓名,手机,地址,备注\r\n张伟,138 0013 8000,北京市朝阳区建国路88号,老客户\r\n李娜,010-88886666,,\r\n"

var sampleRecords = []CSVRecord{
	{Line: 2, Name: "张伟", Phones: []string{"138 0013 8000"}, Address: "北京市朝阳区建国路88号", Notes: "老客户"},
	{Line: 3, Name: "李娜", Phones: []string{"010-88886666"}},
}

func mustEncode(t *testing.T, enc interface{ Bytes([]byte) ([]byte, error) }, s string) []byte {
	t.Helper()
	b, err := enc.Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeCustomerCSVEncodings(t *testing.T) {
	files := map[string][]byte{
		"utf-8":        []byte(sampleCSV),
		"utf-8 bom":    append([]byte{0xEF, 0xBB, 0xBF}, sampleCSV...),
		"gb18030":      mustEncode(t, simplifiedchinese.GB18030.NewEncoder(), sampleCSV),
		"gbk":          mustEncode(t, simplifiedchinese.GBK.NewEncoder(), sampleCSV),
		"utf-16le bom": mustEncode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder(), sampleCSV),
		"utf-16be bom": mustEncode(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder(), sampleCSV),
		"lf only":      []byte(strings.ReplaceAll(sampleCSV, "\r\n", "\n")),
		"semicolons":   []byte(strings.ReplaceAll(sampleCSV, ",", ";")),
		"tabs":         []byte(strings.ReplaceAll(sampleCSV, ",", "\t")),
	}
	for name, data := range files {
		got, err := DecodeCustomerCSV(data)
		if err != nil || !reflect.DeepEqual(got, sampleRecords) {
			t.Errorf("%s: %+v, %v", name, got, err)
		}
	}
}

func TestDecodeCustomerCSVHeaders(t *testing.T) {
	cases := []struct {
		header string
		want   CSVRecord
	}{
		{"客户姓名,联系电话,住址,说明", CSVRecord{Line: 2, Name: "甲", Phones: []string{"1"}, Address: "2", Notes: "3"}},
		{"Name,Mobile,Address,Remarks", CSVRecord{Line: 2, Name: "甲", Phones: []string{"1"}, Address: "2", Notes: "3"}},
		{"NAME,TEL,ADDRESS,NOTE", CSVRecord{Line: 2, Name: "甲", Phones: []string{"1"}, Address: "2", Notes: "3"}},
		{"*姓名, 手机号码 ,送货地址：,备注:", CSVRecord{Line: 2, Name: "甲", Phones: []string{"1"}, Address: "2", Notes: "3"}},
		{"\ufeff姓名,电话号码,地址,notes", CSVRecord{Line: 2, Name: "甲", Phones: []string{"1"}, Address: "2", Notes: "3"}},
		{"ｎａｍｅ,ｐｈｏｎｅ,地址,备注", CSVRecord{Line: 2, Name: "甲", Phones: []string{"1"}, Address: "2", Notes: "3"}},
		// Two phone columns, unknown columns ignored, columns in any order.
		{"手机,姓名,固话,编号", CSVRecord{Line: 2, Name: "1", Phones: []string{"甲", "2"}}},
		// The export's own header: further phones and addresses.
		{"姓名,手机,其他电话,其他地址", CSVRecord{Line: 2, Name: "甲", Phones: []string{"1", "2"}, OtherAddresses: []string{"3"}}},
		// Two name columns are joined.
		{"姓名,名字,电话,备注", CSVRecord{Line: 2, Name: "甲 1", Phones: []string{"2"}, Notes: "3"}},
	}
	for _, c := range cases {
		got, err := DecodeCustomerCSV([]byte(c.header + "\n甲,1,2,3\n"))
		if err != nil || len(got) != 1 || !reflect.DeepEqual(got[0], c.want) {
			t.Errorf("%s: %+v, %v; want %+v", c.header, got, err, c.want)
		}
	}
}

func TestDecodeCustomerCSVRows(t *testing.T) {
	data := "姓名,手机,地址,备注,其他地址\n" +
		"\"赵敏\",\"13700001111/021-55556666、13700002222；0755-8888666;13700003333，13700004444,13700005555\n13700006666\",\"上海市徐汇区漕溪北路1号, 3号楼\",\"第一行\n第二行\",\"广州市天河区\n\n 深圳市南山区 \"\n" +
		",,,\n" + // blank row: skipped
		"\n" +
		"  钱多多  ,  13700007777  \n" + // short row, padded cells
		"孙,1,2,3,4,5,6\n" // long row: extra cells ignored
	got, err := DecodeCustomerCSV([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	want := []CSVRecord{
		{Line: 2, Name: "赵敏", Phones: []string{"13700001111", "021-55556666", "13700002222", "0755-8888666", "13700003333", "13700004444", "13700005555", "13700006666"},
			Address: "上海市徐汇区漕溪北路1号, 3号楼", Notes: "第一行\n第二行", OtherAddresses: []string{"广州市天河区", "深圳市南山区"}},
		{Line: 9, Name: "钱多多", Phones: []string{"13700007777"}},
		{Line: 10, Name: "孙", Phones: []string{"1"}, Address: "2", Notes: "3", OtherAddresses: []string{"4"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
	// A file with a header only has no rows and no error.
	if got, err := DecodeCustomerCSV([]byte("姓名,手机\n")); err != nil || len(got) != 0 {
		t.Fatalf("header only: %v %v", got, err)
	}
}

func TestDecodeCustomerCSVErrors(t *testing.T) {
	cases := map[string]string{
		"":                        "err.csv.empty",
		" \r\n\t\n":               "err.csv.empty",
		"\ufeff":                  "err.csv.empty",
		"手机,地址\n13800138000,北京\n": "err.csv.no_name",
		"姓名,地址\n张三,北京\n":          "err.csv.no_name" + "|" + "err.csv.no_phone",
		"name\n张三\n":              "err.csv.no_phone",
		"a,b,c\n1,2,3\n":          "err.csv.no_name",
	}
	for data, keys := range cases {
		_, err := DecodeCustomerCSV([]byte(data))
		var fe *FieldError
		if !errors.As(err, &fe) || !strings.Contains("|"+keys+"|", "|"+fe.Key+"|") || fe.Field != "file" {
			t.Errorf("%q: %v, want %s", data, err, keys)
		}
	}
	var b strings.Builder
	b.WriteString("姓名,手机\n")
	for i := range MaxCSVRows + 1 {
		fmt.Fprintf(&b, "客户,%d\n", i)
	}
	if _, err := DecodeCustomerCSV([]byte(b.String())); !errors.Is(err, ErrCSVTooLarge) {
		t.Fatalf("too large: %v", err)
	}
	// Stray quotes are read leniently rather than refused.
	got, err := DecodeCustomerCSV([]byte("姓名,手机\n张\"三,138\n李四,139\"\n"))
	if err != nil || len(got) != 2 || got[0].Name != "张\"三" || got[1].Phones[0] != "139\"" {
		t.Fatalf("lazy quotes: %+v %v", got, err)
	}
}

func TestDecodeText(t *testing.T) {
	for in, want := range map[string]string{"abc": "abc", "\xEF\xBB\xBF中文": "中文", "\xD6\xD0\xCE\xC4": "中文"} {
		if got, err := DecodeText([]byte(in)); err != nil || got != want {
			t.Errorf("DecodeText(%q) = %q, %v", in, got, err)
		}
	}
}

// FuzzDecodeCustomerCSV: any bytes give rows or a FieldError, never a
// panic; every row is non-blank and lines increase.
func FuzzDecodeCustomerCSV(f *testing.F) {
	f.Add([]byte(sampleCSV))
	f.Add([]byte("姓名;电话;其他地址\n\"a\n\";\"1/2\";\"x\n\ny\"\n"))
	f.Add(mustEncodeF(simplifiedchinese.GB18030.NewEncoder(), sampleCSV))
	f.Add([]byte{0xFF, 0xFE, 'n', 0, 'a', 0})
	f.Add([]byte("name,phone\n\"unterminated,1\n"))
	f.Add([]byte("\xEF\xBB\xBF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := DecodeCustomerCSV(data)
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) && rows != nil {
				t.Fatalf("error %v with rows", err)
			}
			return
		}
		last := 1
		for _, r := range rows {
			if r.Line <= last {
				t.Fatalf("line %d after %d", r.Line, last)
			}
			last = r.Line
			if r.Name == "" && len(r.Phones) == 0 && r.Address == "" && r.Notes == "" && len(r.OtherAddresses) == 0 {
				// Only unknown columns had text: allowed, the row is reported as invalid later.
				continue
			}
			for _, p := range r.Phones {
				if p == "" || strings.TrimSpace(p) != p {
					t.Fatalf("phone %q", p)
				}
			}
		}
	})
}

func mustEncodeF(enc interface{ Bytes([]byte) ([]byte, error) }, s string) []byte {
	b, err := enc.Bytes([]byte(s))
	if err != nil {
		panic(err)
	}
	return b
}
