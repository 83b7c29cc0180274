package app

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"aftercare/models"
)

// DemoOptions say how much demo data to generate.
type DemoOptions struct {
	Customers int   // how many customers; 0 or less writes nothing
	Seed      int64 // the same seed gives the same data, IDs included
	Tickets   int   // how many tickets (a quarter deliveries), with staff (demo_tickets.go); needs customers
}

// DemoResult counts what Demo wrote.
type DemoResult struct {
	Customers int
	Phones    int
	Addresses int
	Purchases int
	Staff     int
	Tickets   int
	Events    int
	// After-sales (demo_aftersales.go): follow-up calls, complaint and
	// return tickets (counted in Tickets too), penalty and reward records,
	// month closes.
	FollowUps  int
	Complaints int
	Returns    int
	Records    int
	Months     int
}

// demoCustomersPerBatch is how many customers (with their phones,
// addresses and purchases) the generator hands to the writer at once.
const demoCustomersPerBatch = 2000

var (
	demoCustomerTable = &demoTable{"customers", []string{"id", "created_at", "updated_at", "archived_at", "name", "name_pinyin",
		"name_initials", "notes", "search_text"}, 500}
	demoPhoneTable   = &demoTable{"phones", []string{"id", "customer_id", "number", "kind", "label", "position"}, 500}
	demoAddressTable = &demoTable{"addresses", []string{"id", "customer_id", "text", "label", "position"}, 500}
)

// Demo fills the database with realistic Chinese demo customers (names,
// mobile and landline numbers, addresses, notes) and 0–3 purchases each
// (furniture and appliances with brands, models, serials, invoice numbers
// and warranties from ProductTypes), then with opt.Tickets tickets over
// ten years with their staff, timelines, follow-up calls, complaints,
// returns and conduct records (demo_tickets.go, demo_aftersales.go). It is
// meant for trying the program out and for benchmarks: the output depends
// only on the seed, the injected clock, the settings and the rows already
// in the database (new phone numbers never collide with them). Demo rows
// are not written to the audit log one by one: one "demo" entry records
// the customers' counts, one "demo_tickets" entry the tickets'.
//
// The rows are written by a writer of their own while the generators make
// the next ones (demo_writer.go); into an empty database, without a
// journal.
func (a *App) Demo(opt DemoOptions) (DemoResult, error) {
	var res DemoResult
	if opt.Customers <= 0 && opt.Tickets <= 0 {
		return res, nil
	}
	opt.Customers, opt.Tickets = max(opt.Customers, 0), max(opt.Tickets, 0)
	if a.pg {
		return a.demoShared(opt)
	}
	empty, err := a.demoEmpty()
	if err != nil {
		return res, err
	}
	var existing []string
	if err := a.db.Model(&models.Phone{}).Pluck("number", &existing).Error; err != nil {
		return res, fmt.Errorf("demo: read existing phones: %w", err)
	}
	cg := newDemoGen(opt.Seed, a.clock(), a.ProductTypes(), existing)
	var tg *demoTicketGen
	var tpls []*models.ChecklistTemplate
	if opt.Tickets > 0 {
		if tg, err = a.newDemoTicketGen(opt.Seed); err != nil {
			return res, err
		}
		if len(tg.custs) == 0 && opt.Customers == 0 {
			return res, errDemoNoCustomers
		}
		tpls = tg.tpls
	}
	w, err := a.openDemoWriter(empty && opt.Customers+opt.Tickets >= demoFastMin)
	if err != nil {
		return res, err
	}
	err = w.write(demoSinks(tpls), func(send func(*demoRows) bool, next func() *demoRows) error {
		b, custs, purch, err := cg.rows(opt.Customers, next(), send, next, &res)
		if err == nil && tg != nil {
			if err = tg.prepare(opt.Tickets, custs, purch); err == nil {
				return tg.run(b, send, next)
			}
		}
		send(b)
		return err
	})
	if err == nil {
		err = a.demoFinish(w, opt, &res, cg, tg)
	}
	if cerr := w.close(err == nil); cerr != nil {
		err = errors.Join(err, cerr)
	}
	a.written.Store(true) // for the backup at exit (backup.go): not written through GORM
	a.search.invalidate() // bulk insert: rebuild the search index
	return res, err
}

// rows generates n customers with their phones, addresses and purchases
// into batches of rows, and returns the last batch (not sent yet) and the
// customers and purchases as the ticket generator needs them.
func (g *demoGen) rows(n int, b *demoRows, send func(*demoRows) bool, next func() *demoRows, res *DemoResult) (*demoRows, []demoCust, []models.Purchase, error) {
	custs := make([]demoCust, 0, n)
	var purch []models.Purchase
	for i := range n {
		c, ps, err := g.customer()
		if err != nil {
			return b, nil, nil, fmt.Errorf("demo: generate customer %d: %w", i+1, err)
		}
		b.args[demoArgCustomers] = append(b.args[demoArgCustomers], c.ID, demoTS(c.CreatedAt), demoTS(c.UpdatedAt), nil, c.Name,
			c.NamePinyin, c.NameInitials, c.Notes, c.SearchText)
		for _, p := range c.Phones {
			b.args[demoArgPhones] = append(b.args[demoArgPhones], p.ID, p.CustomerID, p.Number, string(p.Kind), p.Label, int64(p.Position))
		}
		main := ""
		for j, ad := range c.Addresses {
			b.args[demoArgAddresses] = append(b.args[demoArgAddresses], ad.ID, ad.CustomerID, ad.Text, ad.Label, int64(ad.Position))
			if j == 0 {
				main = ad.Text
			}
		}
		for _, p := range ps {
			b.args[demoArgPurchases] = append(b.args[demoArgPurchases], p.ID, demoTS(p.CreatedAt), demoTS(p.UpdatedAt), nil, p.CustomerID,
				p.Product, p.ProductType, p.Brand, p.Model, p.Serial, demoTS(p.PurchaseDate), p.InvoiceNo, int64(p.WarrantyMonths),
				p.DeliveryAddress, p.Notes)
			p.Notes = ""
			purch = append(purch, p)
		}
		custs = append(custs, demoCust{id: c.ID, address: main, created: c.CreatedAt})
		res.Customers++
		res.Phones += len(c.Phones)
		res.Addresses += len(c.Addresses)
		res.Purchases += len(ps)
		b.tickets++ // counts towards the transaction's size like a ticket
		if (i+1)%demoCustomersPerBatch == 0 {
			if !send(b) {
				return b, nil, nil, nil
			}
			b = next()
		}
	}
	return b, custs, purch, nil
}

// demoGen draws every value from one PCG stream, so a seed fixes the output.
type demoGen struct {
	r       *rand.Rand
	now     time.Time
	today   time.Time
	types   map[string]models.ProductType
	used    map[string]bool // phone numbers already taken
	home    int             // index of the shop's own city in demoCities
	nameBuf strings.Builder
}

func newDemoGen(seed int64, now time.Time, types []models.ProductType, existing []string) *demoGen {
	g := &demoGen{
		r:     rand.New(rand.NewPCG(uint64(seed), uint64(seed)^0x9e3779b97f4a7c15)),
		now:   now.UTC(),
		today: models.CivilDate(now),
		types: map[string]models.ProductType{},
		used:  make(map[string]bool, len(existing)),
	}
	for _, t := range types {
		g.types[t.Key] = t
	}
	for _, n := range existing {
		g.used[n] = true
	}
	g.home = g.r.IntN(len(demoCities))
	return g
}

// Read fills p from the random stream; uuid.NewRandomFromReader uses it to
// make IDs that repeat with the seed.
func (g *demoGen) Read(p []byte) (int, error) {
	for i := 0; i < len(p); i += 8 {
		v := g.r.Uint64()
		for j := 0; j < 8 && i+j < len(p); j++ {
			p[i+j] = byte(v >> (8 * j))
		}
	}
	return len(p), nil
}

func (g *demoGen) id() string {
	u, err := uuid.NewRandomFromReader(g)
	if err != nil { // cannot happen: Read never fails
		panic(err)
	}
	return u.String()
}

func (g *demoGen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *demoGen) chance(p float64) bool { return g.r.Float64() < p }

func (g *demoGen) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.r.IntN(10))
	}
	return string(b)
}

// pattern expands D (digit), L (capital letter) and {a|b|c} (one of).
func (g *demoGen) pattern(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case 'D':
			b.WriteByte(byte('0' + g.r.IntN(10)))
		case 'L':
			b.WriteByte("ABCDEFGHJKLMNPQRSTUVWXYZ"[g.r.IntN(24)])
		case '{':
			end := strings.IndexByte(p[i:], '}')
			b.WriteString(g.pick(strings.Split(p[i+1:i+end], "|")))
			i += end
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// weighted picks an index with the given relative weights.
func (g *demoGen) weighted(w []int) int {
	total := 0
	for _, x := range w {
		total += x
	}
	n := g.r.IntN(total)
	for i, x := range w {
		if n < x {
			return i
		}
		n -= x
	}
	return len(w) - 1
}

func (g *demoGen) name() string {
	b := &g.nameBuf
	b.Reset()
	if g.chance(0.01) {
		b.WriteString(g.pick(demoCompoundSurnames))
	} else {
		b.WriteString(demoSurnames[g.weighted(demoSurnameWeights)])
	}
	female := g.chance(0.5)
	switch {
	case g.chance(0.05): // registered as the counter heard it on the phone
		if female {
			b.WriteString(g.pick([]string{"女士", "阿姨", "姐", "小姐"}))
		} else {
			b.WriteString(g.pick([]string{"先生", "师傅", "总", "哥"}))
		}
	case g.chance(0.3):
		b.WriteString(g.pick(demoGiven[female][0]))
	default:
		b.WriteString(g.pick(demoGiven[female][0]))
		b.WriteString(g.pick(demoGiven[female][1]))
	}
	return b.String()
}

// mobile draws a new 11-digit number with a real operator prefix.
func (g *demoGen) mobile() string {
	for {
		n := g.pick(demoMobilePrefixes) + g.digits(8)
		if !g.used[n] {
			g.used[n] = true
			return n
		}
	}
}

// landline draws a new number in the city's area code, written the way
// people write it (0755-86001234, sometimes with an extension).
func (g *demoGen) landline(city *demoCity) (raw string) {
	for {
		local := strconv.Itoa(2+g.r.IntN(7)) + g.digits(7)
		if len(city.area) == 4 && g.chance(0.3) {
			local = local[:7]
		}
		n := city.area + local
		if !g.used[n] {
			g.used[n] = true
			raw = city.area + "-" + local
			if g.chance(0.1) {
				raw += "转" + g.digits(3+g.r.IntN(2))
			}
			return raw
		}
	}
}

func (g *demoGen) address(city *demoCity) string {
	var b strings.Builder
	if city.province != "" && g.chance(0.6) {
		b.WriteString(city.province)
	}
	b.WriteString(city.name)
	b.WriteString(g.pick(city.districts))
	if g.chance(0.12) { // a town or village address
		b.WriteString(g.pick(demoTowns))
		b.WriteString(g.pick(demoVillages))
		fmt.Fprintf(&b, "%d组%d号", 1+g.r.IntN(12), 1+g.r.IntN(80))
		return b.String()
	}
	b.WriteString(g.pick(demoRoads))
	if g.chance(0.25) {
		b.WriteString(g.pick([]string{"东", "西", "南", "北", "中"}))
		b.WriteString("段")
	}
	fmt.Fprintf(&b, "%d号", 1+g.r.IntN(999))
	b.WriteString(g.pick(demoCommunities))
	if g.chance(0.5) {
		fmt.Fprintf(&b, "%d栋", 1+g.r.IntN(30))
	} else {
		fmt.Fprintf(&b, "%d号楼", 1+g.r.IntN(30))
	}
	if g.chance(0.7) {
		fmt.Fprintf(&b, "%d单元", 1+g.r.IntN(6))
	}
	fmt.Fprintf(&b, "%d%02d室", 1+g.r.IntN(33), 1+g.r.IntN(6))
	return b.String()
}

// at returns a moment during opening hours of a civil day, never after now.
func (g *demoGen) at(day time.Time) time.Time {
	t := day.Add(time.Duration(9*60+g.r.IntN(10*60)) * time.Minute).Add(time.Duration(g.r.IntN(60)) * time.Second)
	if t.After(g.now) {
		t = g.now
	}
	return t
}

// customer draws one customer with phones and addresses (IDs set) and the
// purchases.
func (g *demoGen) customer() (models.Customer, []models.Purchase, error) {
	city := &demoCities[g.home]
	if g.chance(0.15) {
		city = &demoCities[g.r.IntN(len(demoCities))]
	}
	in := models.CustomerInput{Name: g.name()}
	switch g.weighted([]int{70, 15, 8, 5, 2}) {
	case 0:
		in.Phones = []string{g.mobile()}
	case 1:
		in.Phones = []string{g.mobile(), g.mobile()}
		in.Labels = []string{"本人", g.pick([]string{"家人", "爱人", "子女", "父母"})}
	case 2:
		in.Phones = []string{g.mobile(), g.landline(city)}
		in.Labels = []string{"", g.pick([]string{"家里", "单位"})}
	case 3:
		in.Phones = []string{g.landline(city)}
	default:
		in.Phones = []string{g.mobile(), g.mobile(), g.landline(city)}
		in.Labels = []string{"本人", "家人", "单位"}
	}
	switch g.weighted([]int{4, 85, 11}) {
	case 1:
		in.Addresses = []string{g.address(city)}
	case 2:
		in.Addresses = []string{g.address(city), g.address(city)}
	}
	if g.chance(0.25) {
		in.Notes = g.pick(demoNotes)
	}
	var c models.Customer
	if err := in.Normalize(&c); err != nil {
		return c, nil, err
	}
	c.ID = g.id()
	for i := range c.Phones {
		c.Phones[i].ID, c.Phones[i].CustomerID = g.id(), c.ID
	}
	for i := range c.Addresses {
		c.Addresses[i].ID, c.Addresses[i].CustomerID = g.id(), c.ID
	}
	// Registered on the first purchase, or some time in the last three years.
	created := g.at(g.today.AddDate(0, 0, -g.r.IntN(3*365)))
	updated := created
	n := g.weighted([]int{15, 45, 28, 12})
	purchases := make([]models.Purchase, 0, n)
	for i := range n {
		p := g.purchase(&c)
		if i == 0 || p.CreatedAt.Before(created) {
			created = p.CreatedAt
		}
		if p.CreatedAt.After(updated) {
			updated = p.CreatedAt
		}
		purchases = append(purchases, p)
	}
	if updated.Before(created) {
		updated = created
	}
	c.CreatedAt, c.UpdatedAt = created, updated
	return c, purchases, nil
}

func (g *demoGen) purchase(c *models.Customer) models.Purchase {
	prod := &demoProducts[g.r.IntN(len(demoProducts))]
	day := g.today.AddDate(0, 0, -g.r.IntN(3653))
	return g.purchaseOn(c, prod, day)
}

// purchaseOn draws the brand, model, serial, invoice and warranty of a
// product bought on a civil day. The delivery generator uses it for goods
// sold and delivered in its tickets.
func (g *demoGen) purchaseOn(c *models.Customer, prod *demoProduct, day time.Time) models.Purchase {
	p := models.Purchase{
		CustomerID:   c.ID,
		Product:      prod.product,
		ProductType:  prod.typ,
		Brand:        g.pick(prod.brands),
		Model:        g.pattern(g.pick(prod.models)),
		PurchaseDate: day,
	}
	p.ID = g.id()
	p.CreatedAt = g.at(day)
	p.UpdatedAt = p.CreatedAt
	if prod.furniture {
		p.Serial = "PC" + day.AddDate(0, 0, -g.r.IntN(60)).Format("20060102") + g.digits(3)
	} else {
		p.Serial = g.pattern("LLDDDDDDDDDDDDDDDDDD")[:16+g.r.IntN(5)]
	}
	if g.chance(0.7) {
		if day.Year() >= 2023 { // fully digital invoices have 20 digits
			p.InvoiceNo = day.Format("06") + g.digits(18)
		} else {
			p.InvoiceNo = g.digits(8)
		}
	}
	p.WarrantyMonths = 12
	if t, ok := g.types[prod.typ]; ok {
		p.WarrantyMonths = t.WarrantyMonths
	}
	if prod.deliver && len(c.Addresses) > 0 {
		p.DeliveryAddress = c.Addresses[0].Text
	}
	switch {
	case g.chance(0.04):
		p.WarrantyMonths += 24
		p.Notes = "购买延保2年"
	case g.chance(0.15):
		p.Notes = g.pick(demoPurchaseNotes)
	}
	return p
}

// The tables below are made-up but typical data: common surnames weighted
// roughly by frequency, given-name characters, real prefixes, area codes,
// cities, districts and brand names.

var demoSurnames = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
	"郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
	"余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
	"石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯",
	"龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤",
	"长", "单", "解", "区", "仇", "查", "翟", "车"}

var demoSurnameWeights = func() []int {
	w := make([]int, len(demoSurnames))
	for i := range w {
		switch {
		case i < 5:
			w[i] = 70
		case i < 20:
			w[i] = 25
		case i < 50:
			w[i] = 10
		case i < 100:
			w[i] = 4
		default:
			w[i] = 1
		}
	}
	return w
}()

var demoCompoundSurnames = []string{"欧阳", "司马", "上官", "诸葛", "长孙", "令狐", "尉迟", "东方"}

// demoGiven[female][0] are first (or only) given-name characters, [1] second.
var demoGiven = map[bool][2][]string{
	false: {
		{"伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "华", "飞", "鑫", "波", "斌", "宇", "浩", "凯", "健", "俊", "建", "国", "志", "文", "东", "海", "子", "晓", "家", "永", "德", "春"},
		{"伟", "强", "军", "华", "明", "平", "林", "峰", "亮", "成", "龙", "涛", "杰", "斌", "辉", "宇", "轩", "然", "豪", "博", "祥", "生", "民", "荣", "新", "刚", "东", "波"},
	},
	true: {
		{"芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "婷", "雪", "慧", "红", "梅", "琳", "倩", "颖", "丹", "萍", "秀", "桂", "淑", "晓", "欣", "雨", "佳", "子", "美", "海", "春", "思"},
		{"芳", "英", "兰", "珍", "华", "红", "梅", "丽", "燕", "霞", "玲", "婷", "怡", "涵", "萱", "琪", "悦", "彤", "洁", "琴", "云", "莉", "娟", "敏", "静", "颖"},
	},
}

var demoMobilePrefixes = []string{"130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150", "151", "152", "153",
	"155", "156", "157", "158", "159", "166", "173", "176", "177", "178", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189",
	"191", "193", "195", "198", "199"}

type demoCity struct {
	province, name, area string
	districts            []string
}

var demoCities = []demoCity{
	{"", "北京市", "010", []string{"朝阳区", "海淀区", "丰台区", "东城区", "西城区", "通州区", "昌平区", "大兴区"}},
	{"", "上海市", "021", []string{"浦东新区", "徐汇区", "闵行区", "静安区", "杨浦区", "宝山区", "普陀区", "长宁区"}},
	{"", "天津市", "022", []string{"和平区", "河西区", "南开区", "滨海新区", "河东区"}},
	{"", "重庆市", "023", []string{"渝中区", "江北区", "南岸区", "沙坪坝区", "九龙坡区", "渝北区"}},
	{"广东省", "广州市", "020", []string{"天河区", "越秀区", "海珠区", "白云区", "番禺区"}},
	{"广东省", "深圳市", "0755", []string{"南山区", "福田区", "罗湖区", "宝安区", "龙岗区", "龙华区"}},
	{"广东省", "佛山市", "0757", []string{"禅城区", "南海区", "顺德区"}},
	{"浙江省", "杭州市", "0571", []string{"西湖区", "拱墅区", "上城区", "滨江区", "余杭区", "萧山区"}},
	{"浙江省", "宁波市", "0574", []string{"海曙区", "鄞州区", "江北区"}},
	{"浙江省", "温州市", "0577", []string{"鹿城区", "瓯海区", "龙湾区"}},
	{"江苏省", "南京市", "025", []string{"玄武区", "秦淮区", "鼓楼区", "建邺区", "江宁区"}},
	{"江苏省", "苏州市", "0512", []string{"姑苏区", "吴中区", "相城区", "吴江区"}},
	{"江苏省", "无锡市", "0510", []string{"梁溪区", "滨湖区", "新吴区"}},
	{"湖北省", "武汉市", "027", []string{"武昌区", "江汉区", "江岸区", "洪山区", "汉阳区"}},
	{"四川省", "成都市", "028", []string{"锦江区", "青羊区", "金牛区", "武侯区", "成华区"}},
	{"陕西省", "西安市", "029", []string{"雁塔区", "碑林区", "莲湖区", "未央区", "长安区"}},
	{"湖南省", "长沙市", "0731", []string{"岳麓区", "芙蓉区", "天心区", "开福区", "雨花区"}},
	{"山东省", "济南市", "0531", []string{"历下区", "市中区", "槐荫区", "天桥区"}},
	{"山东省", "青岛市", "0532", []string{"市南区", "市北区", "李沧区", "崂山区", "黄岛区"}},
	{"河南省", "郑州市", "0371", []string{"金水区", "二七区", "中原区", "管城回族区"}},
	{"辽宁省", "沈阳市", "024", []string{"和平区", "沈河区", "皇姑区", "铁西区"}},
	{"黑龙江省", "哈尔滨市", "0451", []string{"南岗区", "道里区", "道外区", "香坊区"}},
	{"福建省", "福州市", "0591", []string{"鼓楼区", "台江区", "仓山区", "晋安区"}},
	{"福建省", "厦门市", "0592", []string{"思明区", "湖里区", "集美区"}},
	{"云南省", "昆明市", "0871", []string{"五华区", "盘龙区", "官渡区", "西山区"}},
	{"广西壮族自治区", "南宁市", "0771", []string{"青秀区", "兴宁区", "西乡塘区"}},
	{"安徽省", "合肥市", "0551", []string{"蜀山区", "包河区", "庐阳区", "瑶海区"}},
	{"江西省", "南昌市", "0791", []string{"东湖区", "西湖区", "青山湖区", "红谷滩区"}},
	{"河北省", "石家庄市", "0311", []string{"长安区", "桥西区", "新华区", "裕华区"}},
	{"山西省", "太原市", "0351", []string{"小店区", "迎泽区", "杏花岭区"}},
	{"贵州省", "贵阳市", "0851", []string{"南明区", "云岩区", "观山湖区"}},
}

var demoRoads = []string{"人民路", "解放路", "中山路", "建设路", "和平路", "新华路", "胜利路", "文化路", "幸福路", "团结路", "朝阳路", "青年路",
	"光明路", "滨江路", "长江路", "黄河路", "学府路", "东风路", "工业大道", "迎宾大道", "世纪大道", "环城东路", "建国路", "花园路", "金沙路",
	"科技路", "五一路", "八一路", "振兴路", "民主路"}

var demoCommunities = []string{"阳光花园", "幸福家园", "翠苑小区", "金色家园", "碧桂园", "万科城", "恒大绿洲", "锦绣华庭", "紫荆苑", "名仕公馆",
	"绿地世纪城", "保利花园", "龙湖春江郦城", "滨江花园", "凤凰城", "书香门第", "御景湾", "丽水湾", "金地格林小镇", "中海国际社区",
	"世纪新城", "新华小区", "电力宿舍", "铁路新村", "教师公寓", "水岸名都", "香榭丽舍", "东方明珠苑"}

var demoTowns = []string{"城关镇", "新华镇", "和平镇", "龙泉镇", "白沙镇", "石桥镇", "青山镇", "河口镇", "太平镇", "安乐镇"}

var demoVillages = []string{"王家村", "李庄村", "新建村", "红旗村", "东风村", "前进村", "向阳村", "张湾村", "杨柳村", "桥头村"}

var demoNotes = []string{"老客户，服务要细心", "上门前请提前一小时电话联系", "家里有老人，白天在家", "周末在家，工作日联系家人",
	"电梯房，可送货上楼", "无电梯，6楼，需搬运", "女主人联系", "介绍人：王姐", "上午10点后上门", "已加微信，可微信联系",
	"小区需登记，门卫处报姓名", "曾投诉送货迟到，注意准时", "VIP会员", "晚上7点后方便接电话", "家有宠物狗，上门注意"}

var demoPurchaseNotes = []string{"购于红星美凯龙店", "以旧换新", "618活动购买", "双十一活动购买", "分期付款", "赠品：延长线一个",
	"样品机，已告知", "团购价", "购于居然之家店", "送货时外包装有破损，已登记"}

type demoProduct struct {
	typ, product string
	brands       []string
	models       []string // patterns for demoGen.pattern
	furniture    bool     // batch numbers instead of serials
	deliver      bool     // delivered and installed at home
}

var demoProducts = []demoProduct{
	{"furniture", "布艺沙发", []string{"顾家家居", "全友家居", "林氏木业", "芝华仕", "左右沙发"}, []string{"{KUKA|QY|LS|ZH}-DDDD", "DDDD{A|B|C}"}, true, true},
	{"furniture", "真皮沙发", []string{"顾家家居", "芝华仕", "左右沙发", "联邦家私"}, []string{"{KUKA|ZH|ZY}-DDDD{L|R}"}, true, true},
	{"furniture", "实木床", []string{"全友家居", "林氏木业", "华日家居", "曲美家居", "联邦家私"}, []string{"{QY|LS|HR}-DDD{A|B}-{1.5|1.8}m"}, true, true},
	{"furniture", "衣柜", []string{"索菲亚", "欧派", "全友家居", "尚品宅配", "好莱客"}, []string{"{SFY|OP|QY}-YG-DDDD"}, true, true},
	{"furniture", "餐桌", []string{"全友家居", "林氏木业", "曲美家居"}, []string{"{QY|LS}-CZ-DDD"}, true, true},
	{"furniture", "电视柜", []string{"全友家居", "林氏木业", "华日家居"}, []string{"{QY|LS|HR}-DSG-DDD"}, true, true},
	{"furniture", "书桌", []string{"林氏木业", "全友家居", "护童"}, []string{"{LS|QY|HT}-SZ-DDD"}, true, true},
	{"mattress", "床垫", []string{"慕思", "喜临门", "穗宝", "金可儿", "舒达"}, []string{"{DeRUCCI|XLM|SB}-DDD-{1.5|1.8}"}, true, true},
	{"air_conditioner", "空调", []string{"格力", "美的", "海尔", "奥克斯", "海信", "志高"}, []string{"KFR-{26|35|50|72}GW/{BpLL|NLL}{A|B}D-{1|3}", "KFR-{26|35}GW/(DDDDD)FNhAa-B{1|3}", "KFR-{72|120}LW/{BpLL|FNhA}D-{1|3}"}, false, true},
	{"large_appliance", "冰箱", []string{"海尔", "美的", "容声", "西门子", "海信", "长虹"}, []string{"BCD-DDD{W|WD|WPG|WTD}{L|LL}", "BCD-DDDWLDG{P|PZ}"}, false, true},
	{"large_appliance", "洗衣机", []string{"小天鹅", "海尔", "美的", "西门子", "松下"}, []string{"TG100{V|VT}DDWDL{G|X}", "EG100{MATE|HB}DDS", "XQG100-DDDD{W|S}"}, false, true},
	{"large_appliance", "电视", []string{"海信", "长虹", "TCL", "创维", "小米", "海尔"}, []string{"{55|65|75|85}{E3F|A6G|Q6N|D5K|V8}", "{55|65|75}{Q|G|U}DDDD"}, false, true},
	{"water_heater", "燃气热水器", []string{"A.O.史密斯", "万和", "万家乐", "能率", "林内", "海尔"}, []string{"JSQ{24|30|32}-{1|2|3}DD{W|L}"}, false, true},
	{"water_heater", "电热水器", []string{"A.O.史密斯", "海尔", "美的", "万和"}, []string{"{F|EC|ES}{60|80}-DD{A|B}"}, false, true},
	{"kitchen_appliance", "油烟机", []string{"方太", "老板", "华帝", "美的", "西门子"}, []string{"CXW-{200|258|260|358}-{EM|JT|K}DD{A|B}"}, false, true},
	{"kitchen_appliance", "燃气灶", []string{"方太", "老板", "华帝", "美的"}, []string{"JZT-{FD|DB|DDB}D{A|B|G}"}, false, true},
	{"kitchen_appliance", "消毒柜", []string{"方太", "老板", "康宝"}, []string{"ZTD{100|110}{J|F}-{J|Z}DD"}, false, true},
	{"small_appliance", "电饭煲", []string{"美的", "苏泊尔", "九阳", "松下"}, []string{"{MB|SF|F}-{40|50}{FB|HC}DD{A|B}"}, false, false},
	{"small_appliance", "微波炉", []string{"格兰仕", "美的", "松下"}, []string{"{G|M|NN}-{80|90}{F|L}DD{CSL|N}"}, false, false},
	{"small_appliance", "净水器", []string{"美的", "沁园", "安吉尔", "3M"}, []string{"{MRO|QR|J}DDDD-{400G|600G}"}, false, true},
}
