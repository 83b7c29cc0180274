package printing

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/jung-kurt/gofpdf"

	"aftercare/assets"
	"aftercare/models"
)

// measurer is one gofpdf document with the font set, shared by tests
// because parsing the 4.6 MB font takes a while.
var measurer = sync.OnceValue(func() *gofpdf.Fpdf {
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes(fontFamily, "", assets.FontTTF)
	pdf.AddPage()
	pdf.SetFont(fontFamily, "", 10)
	return pdf
})

func loadTranslations(t testing.TB, lang string) map[string]string {
	t.Helper()
	data, err := os.ReadFile("../assets/translations/" + lang + ".json")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s fragment: %v", lang, err)
	}
	return m
}

func translator(m map[string]string) Translator {
	return func(key, fallback string) string {
		if s, ok := m[key]; ok {
			return s
		}
		return fallback
	}
}

const (
	longAddress = "广东省深圳市南山区粤海街道科技园南区高新南七道数字技术园B栋二单元十八楼1803室（进小区请走北门，门卫处登记后乘坐右侧电梯，周末下午两点以后才有人在家）"
	longNotes   = "老客户，2019年起在本店购买家具和家电。Prefers calls after 6 pm; 工作日白天不方便接电话。\n" +
		"上次送货时楼道狭窄，大件需要拆包装后搬运，请提前准备工具。The sofa was re-upholstered in March under warranty, " +
		"customer was very satisfied 对服务很满意。家里有小孩和宠物（一只金毛犬），上门前请先电话确认。" +
		"Invoice copies are kept in the blue folder 蓝色文件夹. 冰箱压缩机噪音问题已于去年更换配件解决，如再出现请直接联系厂家售后。"
	emojiName = "王小明😀"
)

var sampleNow = time.Date(2025, 6, 18, 14, 30, 0, 0, time.FixedZone("CST", 8*3600))

func samplePurchases(n int) []models.Purchase {
	products := []struct{ product, brand, model string }{
		{"真皮功能沙发（三人位+贵妃位）电动款", "顾家家居", "KUKA-2093"},
		{"双开门冰箱", "海尔", "BCD-470WDPG"},
		{"实木餐桌", "全友", "QY-120623"},
		{"变频空调 1.5匹", "格力", "KFR-35GW"},
		{"床垫", "慕思", "DeRUCCI-T8"},
		{"Washing machine", "Midea", "MG100V11D"},
	}
	out := make([]models.Purchase, n)
	for i := range out {
		p := products[i%len(products)]
		out[i] = models.Purchase{
			Product:        p.product,
			Brand:          p.brand,
			Model:          p.model,
			Serial:         fmt.Sprintf("SN%08d", 20190000+i*37),
			PurchaseDate:   time.Date(2019+i%7, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC),
			InvoiceNo:      fmt.Sprintf("FP-%06d", 880000+i),
			WarrantyMonths: []int{0, 12, 24, 36, 60, 72}[i%6],
		}
	}
	return out
}

func sampleSheet(t testing.TB, purchases int) CustomerSheet {
	t.Helper()
	var phones []models.Phone
	for i, raw := range []string{"138 0013 8000", "0755-8888 6666 转 12"} {
		num, kind, err := models.NormalizePhone(raw)
		if err != nil {
			t.Fatal(err)
		}
		phones = append(phones, models.Phone{Number: num, Kind: kind, Label: []string{"本人", "单位"}[i], Position: i})
	}
	c := models.Customer{
		Name:   emojiName,
		Notes:  longNotes,
		Phones: phones,
		Addresses: []models.Address{
			{Text: longAddress, Label: "家"},
			{Text: "深圳市福田区华强北路1002号 Room 501", Label: "单位", Position: 1},
		},
	}
	c.ID = "3f2a9c1e-7b44-4d0e-9a51-2c8d6e0f1a2b"
	c.CreatedAt = time.Date(2019, 3, 2, 10, 0, 0, 0, time.UTC)
	return CustomerSheet{
		Shop:      Shop{Name: "幸福家居家电售后服务中心", Address: "深圳市宝安区新安街道建安一路88号 幸福家居广场一楼", Hotline: "400-888-6666"},
		Customer:  c,
		Purchases: samplePurchases(purchases),
		Now:       sampleNow,
		T:         translator(loadTranslations(t, "zh_Hans")),
	}
}

func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s is not installed (Debian: poppler-utils)", name)
	}
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// squash removes all white space: wrapped lines and the columns pdftotext
// lays out split text at arbitrary places.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}
