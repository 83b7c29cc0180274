package models

import "testing"

func TestPinyinKeys(t *testing.T) {
	cases := []struct{ name, full, initials string }{
		{"张伟", "zhangwei", "zw"},
		{"李娜", "lina", "ln"},
		{" 王 芳 ", "wangfang", "wf"},
		// Surname readings apply at the start of a name only.
		{"长江", "changjiang", "cj"},
		{"单田芳", "shantianfang", "stf"},
		{"曾小贤", "zengxiaoxian", "zxx"},
		{"解晓东", "xiexiaodong", "xxd"},
		{"区志强", "ouzhiqiang", "ozq"},
		{"朴树", "piaoshu", "ps"},
		{"行长", "xingzhang", "xz"},
		// Compound surnames.
		{"长孙无忌", "zhangsunwuji", "zswj"},
		{"欧阳娜娜", "ouyangnana", "oynn"},
		{"尉迟恭", "yuchigong", "ycg"},
		{"单于", "chanyu", "cy"},
		// Words with their expected reading anywhere in the text.
		{"李重庆", "lichongqing", "lcq"},
		{"郑长春", "zhengchangchun", "zcc"},
		{"刘长虹", "liuchanghong", "lch"},
		{"厦门", "xiamen", "xm"},
		// Latin letters and digits are kept (initials keep them whole).
		{"Tom 李", "tomli", "toml"},
		{"王2号", "wang2hao", "w2h"},
		{"ＡＢ张", "abzhang", "abz"},
		{"Lucy", "lucy", "lucy"},
		{"007", "007", "007"},
		// Punctuation is dropped.
		{"张-伟", "zhangwei", "zw"},
		{"张·伟", "zhangwei", "zw"},
		{"", "", ""},
		{"   ", "", ""},
		{"！？", "", ""},
	}
	for _, c := range cases {
		full, initials := PinyinKeys(c.name)
		if full != c.full || initials != c.initials {
			t.Errorf("PinyinKeys(%q) = %q, %q; want %q, %q", c.name, full, initials, c.full, c.initials)
		}
	}
}
