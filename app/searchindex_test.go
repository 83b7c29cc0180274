package app

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"aftercare/models"
)

// waitIndex waits until the search index is built and matches the database.
func waitIndex(t testing.TB, a *App) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := a.search.fresh(ctx); err != nil {
		t.Fatal(err)
	}
}

// assertIndexMatchesDB compares the index, as it is now (without asking it
// to catch up first), with the rows freshly read from SQLite: the write
// hooks alone must have kept it up to date.
func assertIndexMatchesDB(t testing.TB, a *App, what string) {
	t.Helper()
	want, err := a.search.load(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	a.search.mu.RLock()
	got := slices.Clone(a.search.entries)
	a.search.mu.RUnlock()
	byID := map[string]searchEntry{}
	for _, e := range got {
		if _, dup := byID[e.id()]; dup {
			t.Fatalf("%s: %s twice in the index", what, e.id())
		}
		byID[e.id()] = e
	}
	if len(got) != len(want) {
		t.Fatalf("%s: index has %d customers, database %d", what, len(got), len(want))
	}
	for _, w := range want {
		g, ok := byID[w.id()]
		if !ok {
			t.Fatalf("%s: %s missing from the index", what, w.id())
		}
		if g.text() != w.text() || !samePhones(g.phones(), w.phones()) || g.nameStr() != w.nameStr() || g.pinyinStr() != w.pinyinStr() ||
			g.iniStr() != w.iniStr() || g.updated != w.updated || g.archived != w.archived || g.sig != w.sig || g.regular != w.regular {
			t.Fatalf("%s: index entry %q (updated %d, archived %v) differs from the database %q (updated %d, archived %v)",
				what, g.text(), g.updated, g.archived, w.text(), w.updated, w.archived)
		}
	}
}

// samePhones compares two lists of numbers joined by U+001F, in any order.
func samePhones(a, b string) bool {
	x, y := strings.Split(a, "\x1f"), strings.Split(b, "\x1f")
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// referenceSearch ranks every customer by the rules SearchCustomers
// documents, straight from SQLite, with the ties in ID order: the result
// IDs, and the count (customers whose search text contains the query).
func referenceSearch(t testing.TB, a *App, query string, archived bool) ([]string, int) {
	t.Helper()
	var all []models.Customer
	if err := a.db.Preload("Phones").Order("id").Find(&all).Error; err != nil {
		t.Fatal(err)
	}
	q := models.ParseSearch(query)
	needle := q.Text
	if q.Digits != "" {
		needle = q.Digits
	}
	number := ""
	if num, _, err := models.NormalizePhone(q.Digits); q.Digits != "" && err == nil && num == q.Digits {
		number = num
	}
	rank := func(c *models.Customer) int {
		switch {
		case needle == "":
			return 3
		case c.Name == needle:
			return 0
		case strings.HasPrefix(c.Name, needle) || strings.HasPrefix(c.NamePinyin, needle) || strings.HasPrefix(c.NameInitials, needle):
			return 1
		}
		for _, p := range c.Phones {
			if len(q.Digits) >= 2 && strings.HasSuffix(strings.ReplaceAll(p.Number, "-", ""), q.Digits) {
				return 2
			}
		}
		if number != "" {
			for _, p := range c.Phones {
				if strings.HasPrefix(p.Number, number+"-") && len(p.Number) > len(number)+1 {
					return 3
				}
			}
			return -1
		}
		if strings.Contains(c.SearchText, needle) {
			return 3
		}
		return -1
	}
	type hit struct {
		rank    int
		updated time.Time
		id      string
	}
	var hits []hit
	count := 0
	for i := range all {
		c := &all[i]
		if c.ArchivedAt != nil && !archived {
			continue
		}
		if strings.Contains(c.SearchText, needle) {
			count++
		}
		if r := rank(c); r >= 0 {
			hits = append(hits, hit{r, c.UpdatedAt, c.ID})
		}
	}
	slices.SortFunc(hits, func(x, y hit) int {
		if x.rank != y.rank {
			return x.rank - y.rank
		}
		if c := y.updated.Compare(x.updated); c != 0 {
			return c
		}
		return strings.Compare(x.id, y.id)
	})
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.id
	}
	return ids, count
}

// assertSearchMatchesReference runs the queries through SearchCustomers
// and CountCustomers and compares them with referenceSearch, order and all.
func assertSearchMatchesReference(t testing.TB, a *App, what string, queries ...string) {
	t.Helper()
	ctx := context.Background()
	for _, archived := range []bool{false, true} {
		for _, query := range queries {
			want, count := referenceSearch(t, a, query, archived)
			want = want[:min(len(want), 500)]
			rows, err := a.SearchCustomers(ctx, query, SearchOptions{Limit: 500, IncludeArchived: archived})
			if err != nil {
				t.Fatal(err)
			}
			got := make([]string, len(rows))
			for i, r := range rows {
				got[i] = r.ID
			}
			if !slices.Equal(got, want) {
				t.Fatalf("%s: search %q (archived %v): %d results %v, want %d %v", what, query, archived, len(got), got[:min(5, len(got))], len(want), want[:min(5, len(want))])
			}
			n, err := a.CountCustomers(ctx, query, archived)
			if err != nil || int(n) != count {
				t.Fatalf("%s: count %q (archived %v) = %d, want %d (%v)", what, query, archived, n, count, err)
			}
		}
	}
}

// assertPagesMatchReference pages through a query as the customer list
// does (the scan keeps only the first results, so later pages scan again).
func assertPagesMatchReference(t testing.TB, a *App, query string, size int) {
	t.Helper()
	want, _ := referenceSearch(t, a, query, false)
	var got []string
	for off := 0; off <= len(want); off += size {
		rows, err := a.SearchCustomers(context.Background(), query, SearchOptions{Limit: size, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			got = append(got, r.ID)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("pages of %q: %d results, want %d, or in another order", query, len(got), len(want))
	}
}

var indexQueries = []string{"", "张", "zw", "zhangwei", "王芳", "8000", "5666", "13800138000", "建国路", "浦东", "上海", "no such", "1", "66667777"}

func TestSearchIndexFollowsWrites(t *testing.T) {
	a := newTestApp(t)
	waitIndex(t, a)
	check := func(what string) {
		t.Helper()
		assertIndexMatchesDB(t, a, what)
		assertSearchMatchesReference(t, a, what, indexQueries...)
	}
	check("empty")
	c := mustCreate(t, a, "张伟", "138 0013 8000")
	mustCreate(t, a, "王芳", "010-66667777")
	check("create")
	if _, err := a.UpdateCustomer(c.ID, models.CustomerInput{Name: "张伟强", Phones: []string{"13800138000", "021-55556666"},
		Addresses: []string{"上海市浦东新区"}}, CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	check("update name, phones, addresses")
	if r, _ := a.SearchCustomers(context.Background(), "5666", SearchOptions{}); len(r) != 1 || r[0].Name != "张伟强" {
		t.Fatalf("new phone not found: %v", r)
	}
	if r, _ := a.SearchCustomers(context.Background(), "建国路", SearchOptions{}); len(r) != 1 {
		t.Fatalf("old address still found: %v", r)
	}
	if err := a.ArchiveCustomer(c.ID); err != nil {
		t.Fatal(err)
	}
	check("archive")
	if err := a.RestoreCustomer(c.ID); err != nil {
		t.Fatal(err)
	}
	check("restore")
	if _, err := a.AddPurchase(c.ID, models.PurchaseInput{Product: "冰箱", PurchaseDate: "2025-05-01"}); err != nil {
		t.Fatal(err)
	}
	check("purchase")
	p, err := a.PreviewImport([]byte("姓名,手机,地址\n赵敏,13912345678,上海市浦东新区世纪大道1号\n钱伟,13987654321,\n"))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := a.CommitImport(p); err != nil || n != 2 {
		t.Fatalf("imported %d: %v", n, err)
	}
	check("import")
	if _, err := a.Demo(DemoOptions{Customers: 500, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	waitIndex(t, a)
	check("demo")
}

// TestSearchIndexFollowsWritesWithMovingClock repeats the writes with a
// clock that moves, so that updated_at orders the results.
func TestSearchIndexFollowsWritesWithMovingClock(t *testing.T) {
	now := fixedNow
	var mu sync.Mutex
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Second)
		return now
	}
	a, err := Open(Options{Path: filepath.Join(t.TempDir(), "shop.db"), Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.Demo(DemoOptions{Customers: 300, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	waitIndex(t, a)
	var ids []string
	a.db.Model(&models.Customer{}).Order("id").Limit(20).Pluck("id", &ids)
	for i, id := range ids {
		switch i % 3 {
		case 0:
			if _, err := a.UpdateCustomer(id, models.CustomerInput{Name: fmt.Sprintf("张伟%d", i), Phones: []string{fmt.Sprintf("1380013%04d", i)}}, CreateOptions{}); err != nil {
				t.Fatal(err)
			}
		case 1:
			if err := a.ArchiveCustomer(id); err != nil {
				t.Fatal(err)
			}
		case 2:
			if _, err := a.AddPurchase(id, models.PurchaseInput{Product: "沙发", PurchaseDate: "2025-01-01"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	assertIndexMatchesDB(t, a, "moving clock")
	assertSearchMatchesReference(t, a, "moving clock", append(indexQueries, "zw1", "13800130", "0003")...)
	for _, q := range []string{"", "1", "z"} {
		assertPagesMatchReference(t, a, q, 50)
		assertPagesMatchReference(t, a, q, 120)
	}
}

// TestSearchIndexSeesOtherProcess writes through a second App on the same
// file, as a command-line import does while the window is open.
func TestSearchIndexSeesOtherProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shop.db")
	open := func(clock time.Time) *App {
		a, err := Open(Options{Path: path, Clock: func() time.Time { return clock }})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		return a
	}
	a := open(fixedNow)
	c := mustCreate(t, a, "张伟", "13800138000")
	waitIndex(t, a)
	// The same clock: the other's rows have the index's newest updated_at.
	other := open(fixedNow)
	mustCreate(t, other, "李娜", "13912345678")
	if _, err := other.UpdateCustomer(c.ID, models.CustomerInput{Name: "张伟强", Phones: []string{"13800138000"}, Addresses: []string{"幸福路1号"}}, CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	assertSearchMatchesReference(t, a, "same clock", "李娜", "张伟强", "幸福路", "5678", "")
	// A later clock, and an archive.
	later := open(fixedNow.Add(time.Hour))
	if err := later.ArchiveCustomer(c.ID); err != nil {
		t.Fatal(err)
	}
	if r, err := a.SearchCustomers(context.Background(), "张伟", SearchOptions{}); err != nil || len(r) != 0 {
		t.Fatalf("archived by the other process, still found: %v %v", r, err)
	}
	// Demo rows are dated in the past: only the count shows them.
	if _, err := later.Demo(DemoOptions{Customers: 200, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	assertSearchMatchesReference(t, a, "other demo", "张", "zh", "88", "")
	// A customer deleted behind our back (not something Aftercare does).
	var gone string
	later.db.Model(&models.Customer{}).Where("id NOT IN (SELECT customer_id FROM purchases)").Order("id").Limit(1).Pluck("id", &gone)
	for _, q := range []string{"DELETE FROM phones WHERE customer_id = ?", "DELETE FROM addresses WHERE customer_id = ?", "DELETE FROM customers WHERE id = ?"} {
		if err := later.db.Exec(q, gone).Error; err != nil {
			t.Fatal(err)
		}
	}
	assertSearchMatchesReference(t, a, "other delete", "", "张")
	assertIndexMatchesDB(t, a, "other process")
}

// TestSearchIndexOtherSaveBeforeOurs: another process saves at 10:01, then
// we save at 10:02 before any search; our save must not hide theirs.
func TestSearchIndexOtherSaveBeforeOurs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shop.db")
	open := func(clock time.Time) *App {
		a, err := Open(Options{Path: path, Clock: func() time.Time { return clock }})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		return a
	}
	a := open(fixedNow.Add(2 * time.Minute))
	x := mustCreate(t, a, "张伟", "13800138000")
	y := mustCreate(t, a, "李娜", "13912345678")
	a.db.Model(&models.Customer{}).Where("id IN ?", []string{x.ID, y.ID}).Update("updated_at", fixedNow)
	a.search.invalidate()
	waitIndex(t, a)
	other := open(fixedNow.Add(time.Minute))
	if _, err := other.UpdateCustomer(x.ID, models.CustomerInput{Name: "张伟强", Phones: []string{"13800138000"}}, CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.UpdateCustomer(y.ID, models.CustomerInput{Name: "李娜娜", Phones: []string{"13912345678"}}, CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	assertIndexMatchesDB(t, a, "after our save")
	assertSearchMatchesReference(t, a, "after our save", "张伟强", "李娜娜", "")
}

// TestSearchIndexRefreshDuringBuild saves while the index is being rebuilt.
func TestSearchIndexRefreshDuringBuild(t *testing.T) {
	a := newTestApp(t)
	if _, err := a.Demo(DemoOptions{Customers: 3000, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	waitIndex(t, a)
	var ids []string
	a.db.Model(&models.Customer{}).Order("id").Limit(3).Pluck("id", &ids)
	a.search.invalidate()
	if _, err := a.UpdateCustomer(ids[0], models.CustomerInput{Name: "欧阳修", Phones: []string{"13600001111"}}, CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := a.ArchiveCustomer(ids[1]); err != nil {
		t.Fatal(err)
	}
	// The list before anything is typed, from SQLite while the index
	// builds, then from the index: the same order.
	a.search.invalidate()
	first, err := a.SearchCustomers(context.Background(), "", SearchOptions{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	waitIndex(t, a)
	second, err := a.SearchCustomers(context.Background(), "", SearchOptions{Limit: 100})
	if err != nil || !slices.Equal(first, second) {
		t.Fatalf("recent list differs between SQLite and the index: %v", err)
	}
	assertIndexMatchesDB(t, a, "refresh during build")
	assertSearchMatchesReference(t, a, "refresh during build", "欧阳修", "oyx", "1111", "")
}

func TestSearchCancelled(t *testing.T) {
	a := newTestApp(t)
	if _, err := a.Demo(DemoOptions{Customers: 20000, Seed: 4}); err != nil {
		t.Fatal(err)
	}
	// Waiting for the rebuild that Demo started.
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := a.SearchCustomers(ctx, "张", SearchOptions{})
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 200*time.Millisecond {
		t.Fatalf("search during the build: %v after %v", err, time.Since(start))
	}
	waitIndex(t, a)
	// A cancelled scan stops at once and leaves nothing behind.
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	p := newSearchPlan(models.ParseSearch("没有这个人"), nil)
	a.search.mu.RLock()
	r, err := a.search.scanLocked(ctx, &p, false, 50)
	a.search.mu.RUnlock()
	if !errors.Is(err, context.Canceled) || r != nil {
		t.Fatalf("cancelled scan: %v, %+v", err, r)
	}
	start = time.Now()
	if _, err := a.SearchCustomers(ctx, "没有这个人", SearchOptions{}); !errors.Is(err, context.Canceled) || time.Since(start) > 200*time.Millisecond {
		t.Fatalf("cancelled search: %v after %v", err, time.Since(start))
	}
	if _, err := a.CountCustomers(ctx, "没有这个人", false); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled count: %v", err)
	}
	// The next search is not hurt by the cancelled ones.
	assertSearchMatchesReference(t, a, "after cancel", "没有这个人", "zh")
}

// TestSearchIndexConcurrent searches, counts and writes at the same time,
// from this App and another one on the same file (run with -race).
func TestSearchIndexConcurrent(t *testing.T) {
	a := newTestApp(t)
	if _, err := a.Demo(DemoOptions{Customers: 1000, Seed: 6}); err != nil {
		t.Fatal(err)
	}
	other, err := Open(Options{Path: a.Path(), Clock: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var ids []string
	a.db.Model(&models.Customer{}).Order("id").Limit(40).Pluck("id", &ids)
	queries := []string{"", "张", "zh", "88", "路", "王芳", "13800", "没有"}
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var errs sync.Map
	for g := range 4 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(g), 1))
			for ctx.Err() == nil {
				q := queries[r.IntN(len(queries))]
				qctx, cancel := context.WithTimeout(ctx, time.Duration(r.IntN(20))*time.Millisecond)
				_, err := a.SearchCustomers(qctx, q, SearchOptions{Offset: 50 * r.IntN(3), IncludeArchived: r.IntN(2) == 0})
				if _, err2 := a.CountCustomers(qctx, q, false); err == nil {
					err = err2
				}
				cancel()
				if err != nil && !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
					errs.Store(err.Error(), err)
				}
			}
		})
	}
	for w, app := range []*App{a, other, a} {
		wg.Go(func() {
			for i := range 15 {
				id := ids[(w*15+i)%len(ids)]
				var err error
				switch i % 4 {
				case 0:
					_, err = app.UpdateCustomer(id, models.CustomerInput{Name: fmt.Sprintf("王芳%d", w*100+i), Phones: []string{fmt.Sprintf("13800%06d", w*100+i)}}, CreateOptions{})
				case 1:
					err = app.ArchiveCustomer(id)
				case 2:
					_, err = app.CreateCustomer(models.CustomerInput{Name: fmt.Sprintf("张新%d", w*100+i), Phones: []string{fmt.Sprintf("13700%06d", w*100+i)}}, CreateOptions{})
				case 3:
					_, err = app.AddPurchase(id, models.PurchaseInput{Product: "床", PurchaseDate: "2025-03-01"})
				}
				var dup *DuplicatePhoneError
				if err != nil && !errors.As(err, &dup) && !errors.Is(err, ErrNotFound) {
					errs.Store(err.Error(), err)
				}
			}
		})
	}
	wg.Go(func() {
		for range 3 {
			a.search.invalidate()
			time.Sleep(20 * time.Millisecond)
		}
	})
	time.Sleep(1500 * time.Millisecond)
	stop()
	wg.Wait()
	errs.Range(func(_, v any) bool {
		t.Error(v)
		return true
	})
	waitIndex(t, a)
	assertIndexMatchesDB(t, a, "concurrent")
	assertSearchMatchesReference(t, a, "concurrent", queries...)
}

// TestBlobArenaKeepsEveryBlob packs entries into an arena whose buffers
// hold only a few of them, so that it starts many: every blob must still
// read as the same entry packed on its own (a buffer that moved what it
// had written would change the earlier ones), including a blob larger than
// a buffer and the name, pinyin and initials that are not in the text.
func TestBlobArenaKeepsEveryBlob(t *testing.T) {
	arena := &blobArena{chunk: 300}
	r := rand.New(rand.NewPCG(7, 7))
	var packed, alone []searchEntry
	for i := range 500 {
		name, pinyin, ini := fmt.Sprintf("王芳%d", i), fmt.Sprintf("wangfang%d", i), "wf"
		text := "\x1f" + name + "\x1f" + pinyin + "\x1f" + ini + fmt.Sprintf("\x1f138%08d\x1f05718888%04d12\x1f", i, i) +
			strings.Repeat("光明路", r.IntN(40)) + "\x1f"
		if i%7 == 0 {
			name = "Wang Fang" // not found in the text: appended
		}
		if i == 250 {
			text += strings.Repeat("凤凰城", 200) // more than a buffer
		}
		id, phones := fmt.Sprintf("id-%04d", i), fmt.Sprintf("138%08d\x1f0571-8888%04d-12", i, i)
		at := time.Unix(int64(i), 0)
		packed = append(packed, newSearchEntry(arena, id, name, pinyin, ini, text, phones, at, i%3 == 0))
		alone = append(alone, newSearchEntry(nil, id, name, pinyin, ini, text, phones, at, i%3 == 0))
	}
	for i := range packed {
		p, a := packed[i], alone[i]
		if p.text() != a.text() || p.id() != a.id() || p.phones() != a.phones() || p.nameStr() != a.nameStr() ||
			p.pinyinStr() != a.pinyinStr() || p.iniStr() != a.iniStr() || p.sig != a.sig || p.regular != a.regular ||
			p.updated != a.updated || p.archived != a.archived {
			t.Fatalf("entry %d: packed %q %q %q, alone %q %q %q", i, p.id(), p.nameStr(), p.phones(), a.id(), a.nameStr(), a.phones())
		}
	}
	if packed[1].nameStr() != "王芳1" || packed[7].nameStr() != "Wang Fang" || packed[8].iniStr() != "wf" || !packed[1].regular || packed[7].regular {
		t.Fatalf("fields: %q %q %q", packed[1].nameStr(), packed[7].nameStr(), packed[8].iniStr())
	}
}

// TestIDTableFollowsChanges adds, replaces and removes entries the way
// apply does (a removed entry's place taken by the last one), with the
// table growing from empty, and checks it against a map after every step.
func TestIDTableFollowsChanges(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 9))
	var entries []searchEntry
	var ids idTable
	want := map[string]int32{}
	check := func(step int) {
		t.Helper()
		if ids.used != len(want) {
			t.Fatalf("step %d: table holds %d, want %d", step, ids.used, len(want))
		}
		for id, i := range want {
			if got, ok := ids.find(entries, id); !ok || got != i {
				t.Fatalf("step %d: %s at %d (%v), want %d", step, id, got, ok, i)
			}
		}
		if _, ok := ids.find(entries, "absent"); ok {
			t.Fatalf("step %d: found an ID never added", step)
		}
	}
	ids = newIDTable(nil)
	next := 0
	for step := range 3000 {
		switch op := r.IntN(10); {
		case op < 6 || len(entries) == 0: // a new customer
			id := fmt.Sprintf("c%d", next)
			next++
			entries = append(entries, newSearchEntry(nil, id, "", "", "", "\x1fx\x1f", "", time.Time{}, false))
			ids.add(entries, int32(len(entries)-1))
			want[id] = int32(len(entries) - 1)
		case op < 8: // a changed customer: a new entry in the same place
			i := int32(r.IntN(len(entries)))
			entries[i] = newSearchEntry(nil, entries[i].id(), "", "", "", "\x1fy\x1f", "", time.Time{}, false)
		default: // a customer gone
			i := int32(r.IntN(len(entries)))
			gone := entries[i].id()
			last := int32(len(entries) - 1)
			ids.remove(entries, i)
			if i != last {
				entries[i] = entries[last]
				ids.move(entries, last, i)
				want[entries[i].id()] = i
			}
			entries = entries[:last]
			delete(want, gone)
		}
		if step%50 == 0 || step > 2900 {
			check(step)
		}
	}
	check(3000)
	if len(ids.slots) < 2*ids.used {
		t.Fatalf("%d slots for %d IDs: more than half full", len(ids.slots), ids.used)
	}
	// Built at once from the entries, as a rebuild does.
	ids = newIDTable(entries)
	check(-1)
}
