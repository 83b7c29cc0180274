package models

import (
	"github.com/google/uuid"
	"gorm.io/gorm"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Customer is a person or household the shop serves.
type Customer struct {
	Base
	Name         string `gorm:"size:100;not null;index"`
	NamePinyin   string `gorm:"size:400;index"` // full pinyin, e.g. zhangwei
	NameInitials string `gorm:"size:100;index"` // initials, e.g. zw
	Notes        string
	// SearchText is derived on every save from the name, pinyin, phones and
	// addresses (see BuildSearchText) so that one indexed-free scan of a
	// single narrow column answers "any part of any field".
	SearchText string     `gorm:"size:2000" text:"raw"` // U+001F separates its fields
	Phones     []Phone    `gorm:"foreignKey:CustomerID"`
	Addresses  []Address  `gorm:"foreignKey:CustomerID"`
	Purchases  []Purchase `gorm:"foreignKey:CustomerID"`
}

// Phone is one of a customer's numbers, in canonical form (NormalizePhone).
type Phone struct {
	ID         string    `gorm:"primaryKey;size:36"`
	CustomerID string    `gorm:"size:36;not null;index"`
	Number     string    `gorm:"size:32;not null;index"`
	Kind       PhoneKind `gorm:"size:16"`
	Label      string    `gorm:"size:40"` // free text: 本人, 家人, 单位…
	Position   int       // 0 is the main number
}

// Address is one of a customer's addresses; the first is the main one.
type Address struct {
	ID         string `gorm:"primaryKey;size:36"`
	CustomerID string `gorm:"size:36;not null;index"`
	Text       string `gorm:"size:500;not null"`
	Label      string `gorm:"size:40"`
	Position   int
}

// Field length limits, shared by validation and the forms.
const (
	MaxNameLen    = 50
	MaxAddressLen = 200
	MaxNotesLen   = 2000
	MaxLabelLen   = 20 // a phone's label: 本人, 家人, 单位…
	MaxPhones     = 5
	MaxAddresses  = 5
)

// MainPhone returns the first phone number, or "".
func (c *Customer) MainPhone() string {
	if len(c.Phones) == 0 {
		return ""
	}
	return c.Phones[0].Number
}

// MainAddress returns the first address, or "".
func (c *Customer) MainAddress() string {
	if len(c.Addresses) == 0 {
		return ""
	}
	return c.Addresses[0].Text
}

// CustomerInput is what a person types into the customer form: phones and
// addresses as raw text, validated and normalised by Normalize.
type CustomerInput struct {
	Name      string
	Phones    []string
	Labels    []string // optional, parallel to Phones
	Addresses []string
	Notes     string
}

// Normalize validates the input and fills c (name, pinyin, phones,
// addresses, notes, search text). It reports every problem at once; on any
// problem c is left unchanged.
func (in CustomerInput) Normalize(c *Customer) error {
	var errs ValidationErrors
	name := strings.Join(strings.Fields(toHalfWidth(CleanText(in.Name))), " ")
	switch {
	case name == "":
		errs = append(errs, NewFieldError("name", "err.customer.name_required", "Enter the customer's name.", nil))
	case utf8.RuneCountInString(name) > MaxNameLen:
		errs = append(errs, NewFieldError("name", "err.customer.name_long",
			"A name has at most {{.Max}} characters.", map[string]any{"Max": MaxNameLen}))
	}
	var phones []Phone
	seen := map[string]bool{}
	for i, raw := range in.Phones {
		if strings.TrimSpace(raw) == "" {
			continue
		}
		num, kind, err := NormalizePhone(raw)
		if err != nil {
			fe := err.(*FieldError)
			fe.Field = phoneField(i)
			errs = append(errs, fe)
			continue
		}
		if seen[num] {
			errs = append(errs, NewFieldError(phoneField(i), "err.customer.phone_twice",
				"This number is entered twice.", nil))
			continue
		}
		seen[num] = true
		label := ""
		if i < len(in.Labels) {
			label = strings.TrimSpace(CleanText(in.Labels[i]))
		}
		if utf8.RuneCountInString(label) > MaxLabelLen {
			errs = append(errs, NewFieldError(phoneField(i), "err.customer.label_long",
				"A phone's label has at most {{.Max}} characters.", map[string]any{"Max": MaxLabelLen}))
			continue
		}
		phones = append(phones, Phone{Number: num, Kind: kind, Label: label, Position: len(phones)})
	}
	if len(phones) == 0 && !hasPhoneError(errs) {
		errs = append(errs, NewFieldError("phone", "err.customer.phone_required",
			"Enter at least one phone number.", nil))
	}
	if len(phones) > MaxPhones {
		errs = append(errs, NewFieldError("phone", "err.customer.too_many_phones",
			"A customer has at most {{.Max}} phone numbers.", map[string]any{"Max": MaxPhones}))
	}
	var addrs []Address
	for i, raw := range in.Addresses {
		a := strings.Join(strings.Fields(toHalfWidth(CleanText(raw))), " ")
		if a == "" {
			continue
		}
		if utf8.RuneCountInString(a) > MaxAddressLen {
			errs = append(errs, NewFieldError(addressField(i), "err.customer.address_long",
				"An address has at most {{.Max}} characters.", map[string]any{"Max": MaxAddressLen}))
			continue
		}
		addrs = append(addrs, Address{Text: a, Position: len(addrs)})
	}
	if len(addrs) > MaxAddresses {
		errs = append(errs, NewFieldError("address", "err.customer.too_many_addresses",
			"A customer has at most {{.Max}} addresses.", map[string]any{"Max": MaxAddresses}))
	}
	notes := strings.TrimSpace(CleanText(in.Notes))
	if utf8.RuneCountInString(notes) > MaxNotesLen {
		errs = append(errs, NewFieldError("notes", "err.customer.notes_long",
			"Notes have at most {{.Max}} characters.", map[string]any{"Max": MaxNotesLen}))
	}
	if len(errs) > 0 {
		return errs
	}
	c.Name = name
	c.NamePinyin, c.NameInitials = PinyinKeys(name)
	c.Phones = phones
	c.Addresses = addrs
	c.Notes = notes
	c.SearchText = BuildSearchText(c)
	return nil
}

func hasPhoneError(errs ValidationErrors) bool {
	for _, e := range errs {
		if strings.HasPrefix(e.Field, "phone") {
			return true
		}
	}
	return false
}

func phoneField(i int) string {
	if i == 0 {
		return "phone"
	}
	return "phone" + strconv.Itoa(i)
}

func addressField(i int) string {
	if i == 0 {
		return "address"
	}
	return "address" + strconv.Itoa(i)
}

// BuildSearchText derives the lower-case text the search box scans: name,
// full pinyin, initials, every phone's digits and every address, separated
// by a character no query contains, so a match never spans two fields.
func BuildSearchText(c *Customer) string {
	parts := []string{strings.ToLower(c.Name), c.NamePinyin, c.NameInitials}
	for _, p := range c.Phones {
		parts = append(parts, strings.ReplaceAll(p.Number, "-", ""))
	}
	for _, a := range c.Addresses {
		parts = append(parts, strings.ToLower(a.Text))
	}
	return "\x1f" + strings.Join(parts, "\x1f") + "\x1f"
}

// SearchQuery is a search box entry prepared for matching: lower case,
// full-width folded, and its digits when it is a phone fragment.
type SearchQuery struct {
	Text   string // lower-case, trimmed
	Digits string // set when the query is only digits and phone punctuation
	Latin  bool   // only ASCII letters (pinyin or initials)
}

// ParseSearch prepares a search box entry. Control characters are
// removed first: a pasted U+001F would otherwise match across the fields
// of the search text.
func ParseSearch(q string) SearchQuery {
	t := strings.ToLower(strings.TrimSpace(toHalfWidth(CleanText(q))))
	t = strings.Join(strings.Fields(t), " ")
	sq := SearchQuery{Text: t}
	if t == "" {
		return sq
	}
	onlyPhone, latin := true, true
	for _, r := range t {
		if !(r >= '0' && r <= '9' || r == ' ' || r == '-' || r == '(' || r == ')' || r == '+') {
			onlyPhone = false
		}
		if !(r >= 'a' && r <= 'z') {
			latin = false
		}
	}
	if onlyPhone {
		sq.Digits = DigitsOnly(t)
	}
	sq.Latin = latin
	return sq
}

// BeforeCreate gives a new phone its UUID.
func (p *Phone) BeforeCreate(*gorm.DB) error {
	if p.ID == "" {
		p.ID = uuid.NewString()
	}
	return nil
}

// BeforeCreate gives a new address its UUID.
func (a *Address) BeforeCreate(*gorm.DB) error {
	if a.ID == "" {
		a.ID = uuid.NewString()
	}
	return nil
}
