package models

import (
	"reflect"
	"strings"
	"testing"
)

func TestCustomerNormalize(t *testing.T) {
	in := CustomerInput{
		Name:      "  张　伟 ",
		Phones:    []string{"138 0013 8000", "", "010-88886666转12"},
		Labels:    []string{"本人", "", " 单位 "},
		Addresses: []string{"  北京市朝阳区  建国路８８号 ", "", "上海市浦东新区"},
		Notes:     "  老客户  ",
	}
	var c Customer
	if err := in.Normalize(&c); err != nil {
		t.Fatal(err)
	}
	if c.Name != "张 伟" || c.NamePinyin != "zhangwei" || c.NameInitials != "zw" || c.Notes != "老客户" {
		t.Fatalf("customer %+v", c)
	}
	wantPhones := []Phone{
		{Number: "13800138000", Kind: PhoneMobile, Label: "本人", Position: 0},
		{Number: "01088886666-12", Kind: PhoneLandline, Label: "单位", Position: 1},
	}
	if !reflect.DeepEqual(c.Phones, wantPhones) {
		t.Fatalf("phones %+v", c.Phones)
	}
	if len(c.Addresses) != 2 || c.Addresses[0].Text != "北京市朝阳区 建国路88号" || c.Addresses[1].Position != 1 {
		t.Fatalf("addresses %+v", c.Addresses)
	}
	if c.MainPhone() != "13800138000" || c.MainAddress() != "北京市朝阳区 建国路88号" {
		t.Fatal("main phone or address")
	}
	want := "\x1f张 伟\x1fzhangwei\x1fzw\x1f13800138000\x1f0108888666612\x1f北京市朝阳区 建国路88号\x1f上海市浦东新区\x1f"
	if c.SearchText != want {
		t.Fatalf("search text %q, want %q", c.SearchText, want)
	}
	var empty Customer
	if empty.MainPhone() != "" || empty.MainAddress() != "" {
		t.Fatal("main of nothing")
	}
	// Latin names are searchable in lower case.
	var latin Customer
	if err := (CustomerInput{Name: "Tom LI", Phones: []string{"13800138000"}}).Normalize(&latin); err != nil || !strings.HasPrefix(latin.SearchText, "\x1ftom li\x1ftomli\x1f") {
		t.Fatalf("latin: %q %v", latin.SearchText, err)
	}
}

func TestCustomerNormalizeErrors(t *testing.T) {
	many := func(s string, n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = s
		}
		return out
	}
	phones := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = "1380013800" + string(rune('0'+i))
		}
		return out
	}
	long := func(n int) string { return strings.Repeat("字", n) }
	ok := CustomerInput{Name: "张伟", Phones: []string{"13800138000"}}
	cases := []struct {
		name  string
		edit  func(in *CustomerInput)
		field string
		key   string
	}{
		{"no name", func(in *CustomerInput) { in.Name = " \u3000 " }, "name", "err.customer.name_required"},
		{"long name", func(in *CustomerInput) { in.Name = long(MaxNameLen + 1) }, "name", "err.customer.name_long"},
		{"no phone", func(in *CustomerInput) { in.Phones = []string{" ", ""} }, "phone", "err.customer.phone_required"},
		{"nil phones", func(in *CustomerInput) { in.Phones = nil }, "phone", "err.customer.phone_required"},
		{"bad first phone", func(in *CustomerInput) { in.Phones = []string{"12345"} }, "phone", "err.phone.mobile_length"},
		{"bad second phone", func(in *CustomerInput) { in.Phones = []string{"13800138000", "88886666"} }, "phone1", "err.phone.need_area_code"},
		{"bad eleventh phone", func(in *CustomerInput) { in.Phones = append(many("", 10), "abc") }, "phone10", "err.phone.bad_chars"},
		{"same number twice", func(in *CustomerInput) { in.Phones = []string{"13800138000", "+86 138-0013-8000"} }, "phone1", "err.customer.phone_twice"},
		{"too many phones", func(in *CustomerInput) { in.Phones = phones(MaxPhones + 1) }, "phone", "err.customer.too_many_phones"},
		{"long address", func(in *CustomerInput) { in.Addresses = []string{long(MaxAddressLen + 1)} }, "address", "err.customer.address_long"},
		{"long third address", func(in *CustomerInput) { in.Addresses = []string{"a", "b", long(MaxAddressLen + 1)} }, "address2", "err.customer.address_long"},
		{"too many addresses", func(in *CustomerInput) { in.Addresses = many("北京", MaxAddresses+1) }, "address", "err.customer.too_many_addresses"},
		{"long notes", func(in *CustomerInput) { in.Notes = long(MaxNotesLen + 1) }, "notes", "err.customer.notes_long"},
	}
	for _, c := range cases {
		in := ok
		in.Phones = append([]string(nil), ok.Phones...)
		c.edit(&in)
		before := Customer{Name: "unchanged"}
		got := before
		err := in.Normalize(&got)
		ve, isVE := err.(ValidationErrors)
		if !isVE || len(ve) != 1 || ve[0].Field != c.field || ve[0].Key != c.key {
			t.Errorf("%s: %#v; want %s on %s", c.name, err, c.key, c.field)
			continue
		}
		if !reflect.DeepEqual(got, before) {
			t.Errorf("%s: the customer changed on error", c.name)
		}
		if strings.Contains(ve.Error(), "{{") {
			t.Errorf("%s: unrendered message %q", c.name, ve.Error())
		}
	}
	// Every problem at once, and limits are inclusive.
	err := CustomerInput{Name: "", Phones: []string{"abc"}, Notes: long(MaxNotesLen + 1)}.Normalize(&Customer{})
	ve := AsFieldErrors(err)
	if len(ve) != 3 || ve.ForField("name") == nil || ve.ForField("phone") == nil || ve.ForField("notes") == nil || ve.ForField("address") != nil {
		t.Fatalf("all problems: %v", err)
	}
	in := CustomerInput{Name: long(MaxNameLen), Phones: phones(MaxPhones), Addresses: many(long(MaxAddressLen), MaxAddresses), Notes: long(MaxNotesLen)}
	if err := in.Normalize(&Customer{}); err != nil {
		t.Fatalf("at the limits: %v", err)
	}
}

func TestParseSearch(t *testing.T) {
	cases := []struct {
		in   string
		want SearchQuery
	}{
		{"", SearchQuery{}},
		{"   ", SearchQuery{}},
		{"  ZW ", SearchQuery{Text: "zw", Latin: true}},
		{"zhang wei", SearchQuery{Text: "zhang wei"}},
		{"张伟", SearchQuery{Text: "张伟"}},
		{"8000", SearchQuery{Text: "8000", Digits: "8000"}},
		{"８０００", SearchQuery{Text: "8000", Digits: "8000"}},
		{"138 0013", SearchQuery{Text: "138 0013", Digits: "1380013"}},
		{"138  -  0013", SearchQuery{Text: "138 - 0013", Digits: "1380013"}},
		{"(010) 8888", SearchQuery{Text: "(010) 8888", Digits: "0108888"}},
		{"+86 138", SearchQuery{Text: "+86 138", Digits: "86138"}},
		{"a1", SearchQuery{Text: "a1"}},
		{"建国路88号", SearchQuery{Text: "建国路88号"}},
		{"ＡＢ", SearchQuery{Text: "ab", Latin: true}},
		{"-", SearchQuery{Text: "-"}},
	}
	for _, c := range cases {
		if got := ParseSearch(c.in); got != c.want {
			t.Errorf("ParseSearch(%q) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

func TestErrors(t *testing.T) {
	fe := NewFieldError("phone", "k", "has {{.N}}", map[string]any{"N": 3})
	if fe.Error() != "has 3" {
		t.Fatal(fe.Error())
	}
	if RenderFallback("bad {{.N", map[string]any{"N": 1}) != "bad {{.N" || RenderFallback("x {{.N}}", nil) != "x {{.N}}" {
		t.Fatal("RenderFallback must return the template on errors")
	}
	if (ValidationErrors{}).OrNil() != nil || (ValidationErrors{fe}).OrNil() == nil {
		t.Fatal("OrNil")
	}
	if got := AsFieldErrors(fe); len(got) != 1 || got[0] != fe {
		t.Fatal("AsFieldErrors of one")
	}
	if AsFieldErrors(nil) != nil {
		t.Fatal("AsFieldErrors of nil")
	}
	v := ValidationErrors{fe, NewFieldError("name", "n", "no name", nil)}
	if v.Error() != "has 3; no name" || v.ForField("name") == nil || v.ForField("x") != nil {
		t.Fatal(v.Error())
	}
}
