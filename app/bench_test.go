package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"aftercare/models"
)

// The search benchmarks share one 100 000-customer demo database, built
// once per `go test` process (about half a minute) in a temporary folder
// that TestMain removes at the end.
const benchCustomers = 100000

var (
	benchOnce sync.Once
	benchDir  string
	benchApp  *App
	benchErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if benchApp != nil {
		benchApp.Close()
	}
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// benchDB returns the shared demo database, building it on first use.
func benchDB(b *testing.B) *App {
	b.Helper()
	if testing.Short() {
		b.Skip("the 100 000-customer database is not built in -short mode")
	}
	benchOnce.Do(func() {
		benchDir, benchErr = os.MkdirTemp("", "aftercare-bench-")
		if benchErr != nil {
			return
		}
		benchApp, benchErr = Open(Options{Path: filepath.Join(benchDir, "bench.db"), Clock: func() time.Time { return fixedNow }})
		if benchErr != nil {
			return
		}
		start := time.Now()
		_, benchErr = benchApp.Demo(DemoOptions{Customers: benchCustomers, Seed: 1})
		fmt.Fprintf(os.Stderr, "bench: built %d demo customers in %v\n", benchCustomers, time.Since(start).Round(time.Millisecond))
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchApp
}

// benchSearch runs one query repeatedly and reports how many it found.
// The search index keeps the last query's matches for the next page and
// the count; each iteration drops them, so that it measures a newly typed
// query (a whole scan), not the cache.
func benchSearch(b *testing.B, query string) {
	a := benchDB(b)
	ctx := context.Background()
	got, err := a.SearchCustomers(ctx, query, SearchOptions{})
	if err != nil {
		b.Fatal(err)
	}
	if len(got) == 0 && !strings.Contains(query, "没有") {
		b.Fatalf("search %q found nothing", query)
	}
	b.ResetTimer()
	for range b.N {
		a.search.forget()
		if _, err := a.SearchCustomers(ctx, query, SearchOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(got)), "results")
}

// benchQuery holds the search benchmark queries, taken from a real row of
// the demo database so that each finds its customer: the last four digits
// of the main phone, the first two characters (surname and first given
// character) of a three-character name, its initials, the residential
// community of the address and the street number.
type benchQuerySet struct {
	last4, number, name2, initials3, initials2, community, street string
}

var (
	benchQOnce sync.Once
	benchQ     benchQuerySet
)

func benchQueries(b *testing.B) *benchQuerySet {
	a := benchDB(b)
	q := &benchQ
	benchQOnce.Do(func() {
		var cs []models.Customer
		if err := a.db.Preload("Phones", byPosition).Preload("Addresses", byPosition).Order("id").Limit(2000).Find(&cs).Error; err != nil {
			b.Fatal(err)
		}
		for i := 500; i < len(cs); i++ {
			c := cs[i]
			name := []rune(c.Name)
			if len(name) != 3 || strings.ContainsRune("阿先女师总哥姐小", name[1]) || len(c.Addresses) == 0 ||
				c.Phones[0].Kind != models.PhoneMobile || !strings.Contains(c.Addresses[0].Text, "号") {
				continue
			}
			addr := c.Addresses[0].Text
			for _, com := range demoCommunities {
				if strings.Contains(addr, com) {
					q.community = com
				}
			}
			if q.community == "" {
				continue
			}
			// The road and number just before the community: "光明路129号".
			head, _, _ := strings.Cut(addr, q.community)
			for _, road := range demoRoads {
				if i := strings.LastIndex(head, road); i >= 0 {
					q.street = head[i:]
				}
			}
			if q.street == "" {
				q.community = ""
				continue
			}
			q.number = c.Phones[0].Number
			q.last4 = q.number[len(q.number)-4:]
			q.name2 = string(name[:2])
			q.initials3, q.initials2 = c.NameInitials, c.NameInitials[:2]
			break
		}
		fmt.Fprintf(os.Stderr, "bench: queries %+v\n", *q)
	})
	if q.last4 == "" {
		b.Fatal("no suitable customer for the benchmark queries")
	}
	return q
}

func BenchmarkSearchPhoneLast4(b *testing.B) { benchSearch(b, benchQueries(b).last4) }

func BenchmarkSearchPhoneFull(b *testing.B) { benchSearch(b, benchQueries(b).number) }

func BenchmarkSearchName(b *testing.B) { benchSearch(b, benchQueries(b).name2) }

func BenchmarkSearchPinyinInitials(b *testing.B) {
	q := benchQueries(b)
	b.Run("3letters", func(b *testing.B) { benchSearch(b, q.initials3) })
	b.Run("2letters", func(b *testing.B) { benchSearch(b, q.initials2) })
}

func BenchmarkSearchAddress(b *testing.B) {
	q := benchQueries(b)
	b.Run("community", func(b *testing.B) { benchSearch(b, q.community) })
	b.Run("street", func(b *testing.B) { benchSearch(b, q.street) })
}

// BenchmarkSearchRecent is the list before anything is typed.
func BenchmarkSearchRecent(b *testing.B) { benchSearch(b, "") }

// BenchmarkSearchNoMatch is the worst case: nothing matches, so the whole
// index is read to be sure.
func BenchmarkSearchNoMatch(b *testing.B) { benchSearch(b, "没有这个人") }

// BenchmarkCountCustomers is the "N customers" line the list shows beside
// every search (a full scan by design).
func BenchmarkCountCustomers(b *testing.B) {
	a, q := benchDB(b), benchQueries(b)
	b.ResetTimer()
	for range b.N {
		a.search.forget()
		if _, err := a.CountCustomers(context.Background(), q.last4, false); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearchAndCount is what the customer list does on a keystroke:
// the first page and the count of a new query at the same time (they
// share one scan of the index).
func BenchmarkSearchAndCount(b *testing.B) {
	a, q := benchDB(b), benchQueries(b)
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		a.search.forget()
		var wg sync.WaitGroup
		wg.Go(func() {
			if _, err := a.SearchCustomers(ctx, q.name2, SearchOptions{}); err != nil {
				b.Error(err)
			}
		})
		wg.Go(func() {
			if _, err := a.CountCustomers(ctx, q.name2, false); err != nil {
				b.Error(err)
			}
		})
		wg.Wait()
	}
}

// BenchmarkSearchNextPage pages down the list of recent customers (pages
// 2 to 21, then again): a scan keeps the first 256 results or twice what
// the page needed, so some pages rescan and the others only load a page.
func BenchmarkSearchNextPage(b *testing.B) {
	a := benchDB(b)
	ctx := context.Background()
	if _, err := a.SearchCustomers(ctx, "", SearchOptions{}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range b.N {
		if _, err := a.SearchCustomers(ctx, "", SearchOptions{Offset: 50 * (1 + i%20)}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIndexBuild loads the whole search index as Open does in
// the background, and reports the heap it holds.
func BenchmarkIndexBuild(b *testing.B) {
	a := benchDB(b)
	var heap float64
	for range b.N {
		b.StopTimer()
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		b.StartTimer()
		s := newSearchIndex(a.db)
		_, err := s.rebuildLocked(context.Background())
		b.StopTimer()
		if err != nil || len(s.entries) != benchCustomers {
			b.Fatalf("loaded %d: %v", len(s.entries), err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		heap = float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
		s.close()
		b.StartTimer()
	}
	b.ReportMetric(heap, "heapMB")
}

// BenchmarkIndexSync is what the first search after a commit by another
// connection pays (and what a save pays after its own transaction):
// reloading the rows changed since the newest one held, and counting the
// customers.
func BenchmarkIndexSync(b *testing.B) {
	a := benchDB(b)
	waitIndex(b, a)
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		a.search.sem <- struct{}{}
		a.search.seen = -1
		_, err := a.search.syncLocked(ctx)
		<-a.search.sem
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpen100000 opens the 100 000-customer database (already
// migrated) and closes it again: the index build must not delay Open.
// The "firstSearch" variant also waits for the first search result, i.e.
// for the index.
func BenchmarkOpen100000(b *testing.B) {
	path := benchDB(b).Path()
	b.Run("open", func(b *testing.B) {
		for range b.N {
			a, err := Open(Options{Path: path, Clock: func() time.Time { return fixedNow }})
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			a.Close()
			b.StartTimer()
		}
	})
	b.Run("firstSearch", func(b *testing.B) {
		for range b.N {
			a, err := Open(Options{Path: path, Clock: func() time.Time { return fixedNow }})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := a.SearchCustomers(context.Background(), "没有这个人", SearchOptions{}); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			a.Close()
			b.StartTimer()
		}
	})
}

// BenchmarkExport100000 streams the whole demo database to CSV.
func BenchmarkExport100000(b *testing.B) {
	a := benchDB(b)
	for range b.N {
		n, err := a.ExportCustomers(io.Discard, true)
		if err != nil || n != benchCustomers {
			b.Fatalf("exported %d: %v", n, err)
		}
	}
}

// benchCSV writes an import file of n customers with new numbers.
func benchCSV(n int) []byte {
	var sb strings.Builder
	sb.WriteString("姓名,手机,地址,备注\n")
	for i := range n {
		fmt.Fprintf(&sb, "客户%d,139%08d,\"广东省深圳市南山区科技路%d号, %d栋\",导入测试\n", i, i, i, i%30)
	}
	return []byte(sb.String())
}

func BenchmarkImport10000(b *testing.B) {
	if testing.Short() {
		b.Skip("slow")
	}
	data := benchCSV(10000)
	for range b.N {
		b.StopTimer()
		a, err := Open(Options{Path: filepath.Join(b.TempDir(), "import.db"), Clock: func() time.Time { return fixedNow }})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		p, err := a.PreviewImport(data)
		if err != nil {
			b.Fatal(err)
		}
		n, err := a.CommitImport(p)
		if err != nil || n != 10000 {
			b.Fatalf("imported %d: %v", n, err)
		}
		b.StopTimer()
		a.Close()
		b.StartTimer()
	}
}

func BenchmarkDemo10000(b *testing.B) {
	if testing.Short() {
		b.Skip("slow")
	}
	for range b.N {
		b.StopTimer()
		a, err := Open(Options{Path: filepath.Join(b.TempDir(), "demo.db"), Clock: func() time.Time { return fixedNow }})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := a.Demo(DemoOptions{Customers: 10000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		a.Close()
		b.StartTimer()
	}
}

// TestSearchMatchesReference checks the tiered SearchCustomers against a
// plain reading of its documented rules on a demo database: the same
// customers (those whose search text contains the query, as CountCustomers
// counts them), ranked exact name, prefix, phone ending, the rest, each
// newest first; and pages that join up.
func TestSearchMatchesReference(t *testing.T) {
	a := newTestApp(t)
	if _, err := a.Demo(DemoOptions{Customers: 3000, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	// A line and one of its extensions belong to different customers.
	mustCreate(t, a, "总机", "010-66667777")
	mustCreate(t, a, "分机", "010-66667777 转 12")
	var all []models.Customer
	if err := a.db.Preload("Phones", byPosition).Preload("Addresses", byPosition).Order("id").Find(&all).Error; err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(all); i += 37 {
		if err := a.ArchiveCustomer(all[i].ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.db.Preload("Phones", byPosition).Preload("Addresses", byPosition).Order("id").Find(&all).Error; err != nil {
		t.Fatal(err)
	}
	byID := map[string]*models.Customer{}
	for i := range all {
		byID[all[i].ID] = &all[i]
	}
	rank := func(c *models.Customer, q models.SearchQuery) int {
		needle := q.Text
		if q.Digits != "" {
			needle = q.Digits
		}
		switch {
		case needle == "":
			return 0
		case !strings.Contains(c.SearchText, needle):
			return -1
		case c.Name == needle:
			return 0
		case strings.HasPrefix(c.Name, needle) || strings.HasPrefix(c.NamePinyin, needle) || strings.HasPrefix(c.NameInitials, needle):
			return 1
		}
		if len(q.Digits) >= 2 {
			for _, p := range c.Phones {
				if strings.HasSuffix(strings.ReplaceAll(p.Number, "-", ""), q.Digits) {
					return 2
				}
			}
		}
		return 3
	}
	type key struct {
		rank    int
		updated time.Time
	}
	c0, c1 := &all[100], &all[2001]
	num := strings.ReplaceAll(c1.Phones[0].Number, "-", "")
	queries := []string{"", "z", "zh", "张", "王", "翟", "没有这个", "88", "5", "123",
		num, num[len(num)-4:], num[:7], num[3:8], models.FormatPhone(c1.Phones[0].Number),
		c0.Name, string([]rune(c0.Name)[:min(2, len([]rune(c0.Name)))]), c0.NameInitials, c0.NamePinyin,
		string([]rune(c0.Name)[1:]), "幸福路", "阳光花园", "1203", "栋2单元", "ZW", "a_b%",
		"01066667777", "010-6666 7777", "0106666777712", "6666777712"}
	ctx := context.Background()
	for _, archived := range []bool{false, true} {
		for _, query := range queries {
			q := models.ParseSearch(query)
			var want []key
			for i := range all {
				c := &all[i]
				if r := rank(c, q); r >= 0 && (archived || c.ArchivedAt == nil) {
					want = append(want, key{r, c.UpdatedAt})
				}
			}
			sort.Slice(want, func(i, j int) bool {
				if want[i].rank != want[j].rank {
					return want[i].rank < want[j].rank
				}
				return want[i].updated.After(want[j].updated)
			})
			if n, err := a.CountCustomers(ctx, query, archived); err != nil || int(n) != len(want) {
				t.Fatalf("%q (archived %v): CountCustomers %d, want %d (%v)", query, archived, n, len(want), err)
			}
			want = want[:min(len(want), 150)]
			var got []CustomerSummary
			for off := 0; off < 150; off += 50 {
				page, err := a.SearchCustomers(ctx, query, SearchOptions{Limit: 50, Offset: off, IncludeArchived: archived})
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, page...)
			}
			one, err := a.SearchCustomers(ctx, query, SearchOptions{Limit: 150, IncludeArchived: archived})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) || len(one) != len(want) {
				t.Fatalf("%q (archived %v): %d in pages, %d at once, want %d", query, archived, len(got), len(one), len(want))
			}
			seen := map[string]bool{}
			for i := range got {
				c := byID[got[i].ID]
				k := key{rank(c, q), c.UpdatedAt}
				if k.rank != want[i].rank || !k.updated.Equal(want[i].updated) || seen[c.ID] || (!archived && got[i].Archived) {
					t.Fatalf("%q (archived %v) result %d: %s %+v, want %+v", query, archived, i, c.Name, k, want[i])
				}
				seen[c.ID] = true
				if o := byID[one[i].ID]; rank(o, q) != k.rank || !o.UpdatedAt.Equal(k.updated) {
					t.Fatalf("%q: one page and three pages differ at %d", query, i)
				}
				if got[i].Name != c.Name || got[i].Phone != c.MainPhone() || got[i].Address != c.MainAddress() {
					t.Fatalf("%q: summary %+v does not match %s", query, got[i], c.Name)
				}
			}
		}
	}
}
