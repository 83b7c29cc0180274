package models

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// go-pinyin reads character by character, so a character with several
// readings gets its most common one. Names and brands need the reading a
// person expects, so these overrides are applied first: compound surnames
// and single-character surnames whose surname reading differs (only when
// they open a name), then words anywhere in the text.
var (
	compoundSurnames = map[string][]string{
		"长孙": {"zhang", "sun"}, "单于": {"chan", "yu"}, "尉迟": {"yu", "chi"},
		"万俟": {"mo", "qi"}, "澹台": {"tan", "tai"}, "令狐": {"ling", "hu"},
		"欧阳": {"ou", "yang"}, "上官": {"shang", "guan"}, "司马": {"si", "ma"},
	}
	surnameReadings = map[rune]string{
		'长': "chang", '单': "shan", '解': "xie", '曾': "zeng", '区': "ou",
		'仇': "qiu", '朴': "piao", '查': "zha", '盖': "ge", '乐': "yue",
		'覃': "qin", '缪': "miao", '翟': "zhai", '召': "shao", '秘': "bi",
		'种': "chong", '重': "chong", '员': "yun", '柏': "bai", '薄': "bo",
		'繁': "po", '句': "gou", '阚': "kan", '隗': "wei", '尉': "wei",
		'折': "she", '沈': "shen", '任': "ren", '华': "hua", '燕': "yan",
		'冯': "feng", '郇': "xun", '藏': "zang", '车': "che", '曲': "qu",
		'纪': "ji", '那': "na", '宁': "ning", '都': "du", '朝': "chao",
	}
	wordReadings = map[string][]string{
		"长虹": {"chang", "hong"}, "长城": {"chang", "cheng"}, "长安": {"chang", "an"},
		"长沙": {"chang", "sha"}, "长春": {"chang", "chun"}, "长江": {"chang", "jiang"},
		"重庆": {"chong", "qing"}, "厦门": {"xia", "men"}, "银行": {"yin", "hang"},
		"行政": {"xing", "zheng"}, "音乐": {"yin", "yue"}, "快乐": {"kuai", "le"},
		"家具": {"jia", "ju"}, "空调": {"kong", "tiao"}, "调试": {"tiao", "shi"},
		"大厦": {"da", "sha"}, "单元": {"dan", "yuan"}, "传奇": {"chuan", "qi"},
	}
	pinyinArgs = pinyin.NewArgs()
)

// PinyinKeys returns the full pinyin ("zhangwei") and the initials ("zw")
// of a name, lower case with no separators. Latin letters and digits are
// kept as they are (initials keep them too), other characters are dropped.
func PinyinKeys(name string) (full, initials string) {
	syll := pinyinSyllables(name)
	var f, in strings.Builder
	for _, s := range syll {
		f.WriteString(s.text)
		if s.han {
			in.WriteByte(s.text[0])
		} else {
			in.WriteString(s.text)
		}
	}
	return f.String(), in.String()
}

type syllable struct {
	text string
	han  bool
}

func pinyinSyllables(name string) []syllable {
	runes := []rune(strings.TrimSpace(strings.ToLower(toHalfWidth(name))))
	var out []syllable
	i := 0
	// The surname reading applies only at the very start of a name.
	if len(runes) >= 2 {
		if r, ok := compoundSurnames[string(runes[:2])]; ok {
			for _, p := range r {
				out = append(out, syllable{p, true})
			}
			i = 2
		}
	}
	if i == 0 && len(runes) > 0 {
		if p, ok := surnameReadings[runes[0]]; ok {
			out = append(out, syllable{p, true})
			i = 1
		}
	}
	var latin strings.Builder
	flush := func() {
		if latin.Len() > 0 {
			out = append(out, syllable{latin.String(), false})
			latin.Reset()
		}
	}
	for i < len(runes) {
		r := runes[i]
		if i+1 < len(runes) {
			if w, ok := wordReadings[string(runes[i:i+2])]; ok {
				flush()
				for _, p := range w {
					out = append(out, syllable{p, true})
				}
				i += 2
				continue
			}
		}
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			latin.WriteRune(r)
		case unicode.Is(unicode.Han, r):
			flush()
			if p := pinyin.SinglePinyin(r, pinyinArgs); len(p) > 0 && p[0] != "" {
				out = append(out, syllable{p[0], true})
			}
		default:
			flush()
		}
		i++
	}
	flush()
	return out
}
