package models

// FeeItem is one entry of the fee schedule (收费标准) or the parts price
// list: what the shop charges for a visit, a labour item or a part.
type FeeItem struct {
	Key    string   `json:"key"`
	Kind   ItemKind `json:"kind"`
	NameZH string   `json:"name_zh"`
	NameEN string   `json:"name_en"`
	UnitZH string   `json:"unit_zh"`
	UnitEN string   `json:"unit_en"`
	Price  Money    `json:"price_fen"`
}
