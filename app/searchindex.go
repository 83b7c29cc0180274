package app

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/maphash"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"aftercare/models"
)

// The customer search index.
//
// "Any part of the name, a phone or an address" is a substring match, which
// SQLite can only answer by reading every row: about 12 ms for the index
// alone on 100 000 customers, too slow for a search that runs on every
// keystroke (docs/performance.md). So the App keeps, for every customer, the
// few fields the search matches and ranks on in memory and scans them in Go;
// SQLite is asked only for the summaries of the page shown.
//
// The index is built in the background when the database is opened (a
// search waits for it; the unfiltered list before anything is typed is read
// from SQLite meanwhile) and kept in step with the database in two ways:
//
//   - Every write path of this App that changes a customer's search text,
//     updated_at or archived state calls refresh(ids...) after its
//     transaction commits, which reloads those rows; bulk writes (the demo
//     generator) call invalidate(), which rebuilds the whole index.
//   - Writes by anyone else (a command-line import while the window is open)
//     are noticed through PRAGMA data_version, read on one dedicated
//     connection before every search: its value changes whenever another
//     connection (of this process or another one) has committed. When it
//     changed, the rows changed since the newest updated_at the index holds
//     are reloaded, and the whole index is rebuilt when the number of
//     customers still differs (rows added with an older updated_at, such as
//     demo data).
//
// The data_version is always read before the rows it vouches for are loaded,
// never after: a commit that lands between the two changes the value again,
// so the next search looks again. Our own refreshes end with the same check,
// so the search after a save does not pay for it.
//
// The incremental step relies on updated_at never going backwards from one
// commit to the next: every write path sets it from the clock. A customer
// changed by another process whose clock is behind ours would be missed
// until the next rebuild (the next start); customers added or removed with
// any time are caught by the count.
type searchIndex struct {
	db *gorm.DB
	// ctx ends when the App closes; it stops a build in progress.
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	// sem (a one-slot semaphore, so that a search can stop waiting when its
	// context ends) serialises everything that reads SQLite into the index:
	// builds, refreshes and the data_version check. It guards conn and seen.
	sem  chan struct{}
	conn *sql.Conn   // dedicated to PRAGMA data_version, whose value is per connection
	feed *changeFeed // on a shared database, counts its commits instead (changes.go)
	seen int64       // data_version when the index last matched the database; -1 unknown

	mu       sync.RWMutex // guards everything below
	entries  []searchEntry
	ids      idTable   // entries by customer ID
	newest   int64     // the largest updated_at in entries, Unix nanoseconds
	freq     *[256]int // how often each byte occurs in the search texts (at the last build)
	gen      uint64    // changes with every change to entries (cache key)
	ready    bool      // entries hold a complete build
	stale    bool      // a rebuild is needed
	building chan struct{}
	pending  map[string]struct{} // refreshed during a build: reloaded after it
	buildErr error
	closed   bool

	cacheMu sync.Mutex
	last    *searchScan // the last query's matches (Search and Count share them)
}

// searchEntry is what the search needs of one customer, in one string:
// blob holds the search text (models.BuildSearchText, lower case), the ID
// and the canonical phone numbers, plus the name, pinyin and initials when
// they are not already found inside the search text. Offsets are byte
// offsets into blob. A build carves the blobs out of shared buffers
// (blobArena), a refresh allocates one per customer.
type searchEntry struct {
	sig               bigramSig // of the search text
	blob              string
	updated           int64 // updated_at, Unix nanoseconds
	textEnd, idEnd    uint32
	phonesEnd         uint32
	name, pinyin, ini [2]uint32 // [start, end)
	archived          bool
	// regular: the search text contains the lower-case name, the pinyin,
	// the initials and every phone's digits, as models.BuildSearchText
	// writes it. Then a customer whose text lacks the query ranks nowhere,
	// and the signature may rule it out; otherwise every rank is checked.
	regular bool
}

// bigramSig is a 256-bit signature of a text: one bit (chosen by a hash) for
// every pair of adjacent bytes. A text contains a needle only if its
// signature has every bit of the needle's, so four AND operations rule out
// nearly every customer before their text is read (a third of the bits
// are set on the demo data; a query of three bytes or more sets two bits
// or more).
type bigramSig [4]uint64

func sigOf(s string) (g bigramSig) {
	for j := 0; j+1 < len(s); j++ {
		h := (uint32(s[j])<<8 | uint32(s[j+1])) * 0x9E3779B1 >> 24
		g[h>>6] |= 1 << (h & 63)
	}
	return g
}

// has says whether g may contain a text whose signature is q.
func (g *bigramSig) has(q *bigramSig) bool {
	return g[0]&q[0] == q[0] && g[1]&q[1] == q[1] && g[2]&q[2] == q[2] && g[3]&q[3] == q[3]
}

func (e *searchEntry) text() string      { return e.blob[:e.textEnd] }
func (e *searchEntry) id() string        { return e.blob[e.textEnd:e.idEnd] }
func (e *searchEntry) phones() string    { return e.blob[e.idEnd:e.phonesEnd] }
func (e *searchEntry) nameStr() string   { return e.blob[e.name[0]:e.name[1]] }
func (e *searchEntry) pinyinStr() string { return e.blob[e.pinyin[0]:e.pinyin[1]] }
func (e *searchEntry) iniStr() string    { return e.blob[e.ini[0]:e.ini[1]] }

// newSearchEntry packs one customer row. phones are the canonical numbers
// separated by U+001F. With an arena the blob is carved out of its buffer;
// without one (nil) it is an allocation of its own.
func newSearchEntry(arena *blobArena, id, name, pinyin, initials, text, phones string, updated time.Time, archived bool) searchEntry {
	if arena == nil {
		arena = new(blobArena)
	}
	// The name, pinyin and initials may be appended: room for all of them.
	b := arena.room(len(text) + len(id) + len(phones) + len(name) + len(pinyin) + len(initials))
	start := b.Len()
	b.WriteString(text)
	b.WriteString(id)
	b.WriteString(phones)
	e := searchEntry{updated: updated.UnixNano(), archived: archived,
		textEnd: uint32(len(text)), idEnd: uint32(len(text) + len(id)), phonesEnd: uint32(len(text) + len(id) + len(phones))}
	// The name, pinyin and initials are normally whole fields of the search
	// text (the name when it has no capital letters): point into it.
	place := func(s string) [2]uint32 {
		if s == "" {
			return [2]uint32{}
		}
		if i := strings.Index(text, "\x1f"+s+"\x1f"); i >= 0 {
			return [2]uint32{uint32(i + 1), uint32(i + 1 + len(s))}
		}
		at := b.Len() - start
		b.WriteString(s)
		return [2]uint32{uint32(at), uint32(at + len(s))}
	}
	e.name, e.pinyin, e.ini = place(name), place(pinyin), place(initials)
	e.blob = b.String()[start:]
	e.sig = sigOf(text)
	e.regular = strings.Contains(text, strings.ToLower(name)) && strings.Contains(text, pinyin) && strings.Contains(text, initials)
	for num := range strings.SplitSeq(phones, "\x1f") {
		e.regular = e.regular && strings.Contains(text, strings.ReplaceAll(num, "-", ""))
	}
	return e
}

// blobArena hands out the blobs of a build from shared buffers of
// arenaChunk bytes: one allocation per 1 500-odd customers instead of one
// each, without the size-class slack of small allocations. A
// strings.Builder never moves what it has written while it has room, so a
// string taken from it stays valid; a full buffer is left to the blobs
// that point into it, and a new one started.
type blobArena struct {
	b     *strings.Builder
	chunk int // bytes a buffer holds; 0: one buffer per blob, of its size
}

// arenaChunk is the buffer size of a build's arena.
const arenaChunk = 256 << 10

// room returns the builder to write the next blob into, with at least n
// bytes free.
func (a *blobArena) room(n int) *strings.Builder {
	if a.b == nil || a.b.Cap()-a.b.Len() < n {
		a.b = new(strings.Builder)
		a.b.Grow(max(n, a.chunk))
	}
	return a.b
}

var errSearchClosed = errors.New("the search index is closed")

func newSearchIndex(db *gorm.DB) *searchIndex {
	s := &searchIndex{db: db, sem: make(chan struct{}, 1), seen: -1, stale: true}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	return s
}

// start builds the index in the background (Open does not wait for it).
func (s *searchIndex) start() { s.invalidate() }

// close stops a build in progress and releases the dedicated connection.
func (s *searchIndex) close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
	s.sem <- struct{}{}
	if s.conn != nil {
		s.conn.Close()
		s.conn = nil
	}
	<-s.sem
}

// isReady says whether a search can be answered without waiting for a build.
func (s *searchIndex) isReady() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.ready && !s.stale && s.building == nil
}

// invalidate marks the whole index out of date (after a bulk change) and
// rebuilds it in the background; searches wait for the rebuild.
func (s *searchIndex) invalidate() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.stale = true
	if s.building == nil {
		s.startBuildLocked()
	}
}

func (s *searchIndex) startBuildLocked() {
	done := make(chan struct{})
	s.building = done
	s.wg.Add(1)
	go s.build(done)
}

// refresh reloads the given customers from SQLite after this App committed
// a change to them, then checks data_version so that the next search need
// not. Without ids it only checks (after a bulk insert of new customers).
// It never fails the write that called it: if the index cannot be brought
// up to date it is rebuilt.
func (s *searchIndex) refresh(ids ...string) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	if s.building != nil || s.stale {
		// A build may have read these rows before the commit: it reloads
		// them when it is done.
		if s.pending == nil {
			s.pending = map[string]struct{}{}
		}
		for _, id := range ids {
			s.pending[id] = struct{}{}
		}
		s.mu.Unlock()
		return
	}
	s.mu.Unlock()
	select {
	case s.sem <- struct{}{}:
	case <-s.ctx.Done():
		return
	}
	err := s.reloadLocked(s.ctx, ids)
	rebuild := false
	if err == nil {
		rebuild, err = s.syncLocked(s.ctx)
	}
	<-s.sem
	if err != nil || rebuild {
		s.invalidate()
	}
}

// build loads every customer, then whatever was refreshed meanwhile, and
// repeats if the index was invalidated again during the load.
func (s *searchIndex) build(done chan struct{}) {
	defer s.wg.Done()
	finish := func(err error) {
		s.mu.Lock()
		if err != nil {
			s.stale, s.buildErr = true, err
		}
		s.building = nil
		close(done)
		s.mu.Unlock()
	}
	select {
	case s.sem <- struct{}{}:
	case <-s.ctx.Done():
		finish(s.ctx.Err())
		return
	}
	defer func() { <-s.sem }()
	for {
		again, err := s.rebuildLocked(s.ctx)
		if err != nil {
			finish(err)
			return
		}
		if again {
			continue
		}
		for {
			s.mu.Lock()
			var ids []string
			for id := range s.pending {
				ids = append(ids, id)
			}
			s.pending = nil
			if len(ids) == 0 && !s.stale {
				s.building = nil
				close(done)
				s.mu.Unlock()
				return
			}
			again = s.stale
			s.mu.Unlock()
			if again {
				break
			}
			if err := s.reloadLocked(s.ctx, ids); err != nil {
				finish(err)
				return
			}
		}
	}
}

// rebuildLocked loads the whole index (sem held). It reports whether the
// index was invalidated again meanwhile.
func (s *searchIndex) rebuildLocked(ctx context.Context) (again bool, err error) {
	s.mu.Lock()
	s.stale = false
	s.mu.Unlock()
	// Read before loading: a commit during the load changes it again.
	v, err := s.dataVersion(ctx)
	if err != nil {
		return false, err
	}
	entries, err := s.loadAll(ctx)
	if err != nil {
		return false, err
	}
	freq := new([256]int)
	for i := range entries {
		for _, c := range []byte(entries[i].text()) {
			freq[c]++
		}
	}
	ids := newIDTable(entries)
	s.mu.Lock()
	s.entries, s.ids, s.newest, s.freq = entries, ids, newestOf(entries), freq
	s.gen++
	s.ready, s.buildErr = true, nil
	again = s.stale
	s.mu.Unlock()
	s.seen = v
	if len(entries) >= scanParallelMin {
		// The load's garbage (the driver's copy of every column, and the
		// phones by customer) is twice the index: collect it and hand the
		// pages back now, rather than let the heap sit at its high-water
		// mark until the next collection (docs/performance.md, "Memory").
		debug.FreeOSMemory()
	}
	return again, nil
}

// searchColumns are the columns of a searchEntry; a few customers' phones
// come with them, joined by U+001F in no particular order.
const (
	searchColumns = `SELECT c.id, COALESCE(c.name, ''), COALESCE(c.name_pinyin, ''), COALESCE(c.name_initials, ''),
	COALESCE(c.search_text, ''), c.updated_at, c.archived_at IS NOT NULL`
	searchPhones = `, COALESCE((SELECT group_concat(number, char(31)) FROM phones WHERE phones.customer_id = c.id), '')`
	// searchPhonesPG is searchPhones in PostgreSQL's words.
	searchPhonesPG = `, COALESCE((SELECT string_agg(number, chr(31) ORDER BY position) FROM phones WHERE phones.customer_id = c.id), '')`
)

func searchPhonesFor(db *gorm.DB) string {
	if isPostgres(db) {
		return searchPhonesPG
	}
	return searchPhones
}

// load reads the customers that where selects, with their phones.
func (s *searchIndex) load(ctx context.Context, where string, args ...any) ([]searchEntry, error) {
	rows, err := s.db.WithContext(ctx).Raw(searchColumns+searchPhonesFor(s.db)+" FROM customers c "+where, args...).Rows()
	if err != nil {
		return nil, fmt.Errorf("search index: load: %w", err)
	}
	return scanEntries(ctx, rows, nil, nil)
}

// loadAll reads every customer with their phones (sem held), in one read
// transaction on the dedicated connection (for the count that sizes the
// entries). The phones come from the subquery of load: reading them by a
// query of their own into a map by customer ID first was about as fast
// (0.53–0.56 s against 0.55–0.58 s for 100 000 customers, BenchmarkIndexBuild)
// but held every phone in that map through the whole load.
//
// On SQLite the rows are read without ctx, which scanEntries looks at every
// scanCheckEvery rows instead: the SQLite driver runs each step of a
// cancellable query on a goroutine of its own, with a goroutine and a
// channel allocated for every row.
func (s *searchIndex) loadAll(ctx context.Context) ([]searchEntry, error) {
	fail := func(err error) ([]searchEntry, error) { return nil, fmt.Errorf("search index: load: %w", err) }
	begin := "BEGIN"
	if s.feed != nil { // PostgreSQL: both queries from one snapshot
		begin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
	}
	if _, err := s.conn.ExecContext(ctx, begin); err != nil {
		return fail(err)
	}
	// A read transaction left open would pin this connection to an old
	// snapshot (and its data_version with it).
	defer s.conn.ExecContext(context.Background(), "ROLLBACK")
	// Sized exactly: append's spare capacity would be megabytes.
	var n int
	if err := s.conn.QueryRowContext(ctx, "SELECT count(*) FROM customers").Scan(&n); err != nil {
		return fail(err)
	}
	rowCtx := ctx
	if !isPostgres(s.db) {
		rowCtx = context.WithoutCancel(ctx)
	}
	rows, err := s.conn.QueryContext(rowCtx, searchColumns+searchPhonesFor(s.db)+" FROM customers c")
	if err != nil {
		return fail(err)
	}
	return scanEntries(ctx, rows, make([]searchEntry, 0, n), &blobArena{chunk: arenaChunk})
}

// scanEntries reads rows of searchColumns and searchPhones into arena
// (nil: a blob each), checking ctx every scanCheckEvery rows.
//
// The driver copies every column of every row into strings of its own,
// which are garbage once packed: about 40 MB for 100 000 customers, more
// than the index. A large load collects them every collectEvery rows, so
// that the heap grows by the index and not by that garbage
// (docs/performance.md, "Memory").
func scanEntries(ctx context.Context, rows *sql.Rows, out []searchEntry, arena *blobArena) ([]searchEntry, error) {
	defer rows.Close()
	var (
		id, name, pinyin, initials, text, numbers string
		updated                                   sql.NullTime
		archived                                  bool
	)
	dest := []any{&id, &name, &pinyin, &initials, &text, &updated, &archived, &numbers}
	for i := 1; rows.Next(); i++ {
		if i%scanCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("search index: load: %w", err)
			}
			if i%collectEvery == 0 {
				runtime.GC()
			}
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("search index: load: %w", err)
		}
		out = append(out, newSearchEntry(arena, id, name, pinyin, initials, text, numbers, updated.Time, archived))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search index: load: %w", err)
	}
	return out, nil
}

// collectEvery is how many rows a load reads between two collections of
// the driver's garbage (about 4 MB); a multiple of scanCheckEvery.
const collectEvery = 4 * scanCheckEvery

// reloadLocked reloads the given customers (sem held); one that no longer
// exists leaves the index.
func (s *searchIndex) reloadLocked(ctx context.Context, ids []string) error {
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		rows, err := s.load(ctx, "WHERE c.id IN ?", chunk)
		if err != nil {
			return err
		}
		s.apply(rows, chunk, false)
	}
	return nil
}

// apply puts fresh rows into the index, and takes out the customers in
// asked that are not among them. Rows that did not change leave the index
// (and the cached scan) as they are.
//
// Only the data_version check (mark) moves the newest updated_at: rows
// reloaded by ID say nothing about the commits before theirs. (Our save
// at 10:02 must not hide another process's save at 10:01 that came before
// it and that no search has picked up yet.)
func (s *searchIndex) apply(rows []searchEntry, asked []string, mark bool) {
	if len(rows) == 0 && len(asked) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	changed := false
	found := make(map[string]bool, len(rows))
	for _, r := range rows {
		if mark {
			s.newest = max(s.newest, r.updated)
		}
		found[r.id()] = true
		i, ok := s.ids.find(s.entries, r.id())
		switch {
		case !ok:
			s.entries = append(s.entries, r)
			s.ids.add(s.entries, int32(len(s.entries)-1))
		case s.entries[i].blob == r.blob && s.entries[i].updated == r.updated && s.entries[i].archived == r.archived:
			continue
		default:
			s.entries[i] = r
		}
		changed = true
	}
	for _, id := range asked {
		if i, ok := s.ids.find(s.entries, id); ok && !found[id] {
			last := int32(len(s.entries) - 1)
			s.ids.remove(s.entries, i)
			if i != last {
				s.entries[i] = s.entries[last]
				s.ids.move(s.entries, last, i)
			}
			s.entries = s.entries[:last]
			changed = true
		}
	}
	if changed {
		s.gen++
	}
}

// idTable finds entries by customer ID: open addressing with linear
// probing, each slot an entry's position plus one (0: empty), the ID read
// from the entry itself. For 100 000 customers a map[string]int32 took
// 3.4 MB; this table, at most half full, takes 1 MB. Every method is given
// the entries the positions point into.
type idTable struct {
	slots []int32 // a power of two
	used  int
	seed  maphash.Seed
}

// newIDTable indexes entries.
func newIDTable(entries []searchEntry) idTable {
	t := idTable{seed: maphash.MakeSeed()}
	t.rehash(entries)
	return t
}

// rehash sizes the table for entries (at most half full) and fills it.
func (t *idTable) rehash(entries []searchEntry) {
	size := 64
	for size < 2*len(entries) {
		size *= 2
	}
	t.slots, t.used = make([]int32, size), len(entries)
	mask := len(t.slots) - 1
	for i := range entries {
		k := t.home(entries[i].id())
		for t.slots[k] != 0 {
			k = (k + 1) & mask
		}
		t.slots[k] = int32(i) + 1
	}
}

func (t *idTable) home(id string) int {
	return int(maphash.String(t.seed, id) & uint64(len(t.slots)-1))
}

// find returns the position of the entry with this ID.
func (t *idTable) find(entries []searchEntry, id string) (int32, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	mask := len(t.slots) - 1
	for k := t.home(id); t.slots[k] != 0; k = (k + 1) & mask {
		if i := t.slots[k] - 1; entries[i].id() == id {
			return i, true
		}
	}
	return 0, false
}

// add indexes entries[i], an ID the table does not hold yet.
func (t *idTable) add(entries []searchEntry, i int32) {
	if 2*(t.used+1) > len(t.slots) {
		t.rehash(entries[:i+1])
		return
	}
	mask := len(t.slots) - 1
	k := t.home(entries[i].id())
	for t.slots[k] != 0 {
		k = (k + 1) & mask
	}
	t.slots[k] = i + 1
	t.used++
}

// slot returns the slot that holds entries[i].
func (t *idTable) slot(entries []searchEntry, i int32) int {
	mask := len(t.slots) - 1
	k := t.home(entries[i].id())
	for t.slots[k] != i+1 {
		k = (k + 1) & mask
	}
	return k
}

// remove takes entries[i] out of the table (while entries still hold it),
// moving the later members of its run back so that none becomes
// unreachable from its home slot.
func (t *idTable) remove(entries []searchEntry, i int32) {
	mask := len(t.slots) - 1
	hole := t.slot(entries, i)
	for k := (hole + 1) & mask; t.slots[k] != 0; k = (k + 1) & mask {
		// The member at k may fill the hole unless its home lies after
		// the hole (cyclically, up to k).
		if home := t.home(entries[t.slots[k]-1].id()); (k-home)&mask >= (k-hole)&mask {
			t.slots[hole], hole = t.slots[k], k
		}
	}
	t.slots[hole] = 0
	t.used--
}

// move notes that the entry at from was copied to to (entries hold it at
// both).
func (t *idTable) move(entries []searchEntry, from, to int32) {
	t.slots[t.slot(entries, from)] = to + 1
}

func newestOf(entries []searchEntry) int64 {
	var n int64
	for i := range entries {
		n = max(n, entries[i].updated)
	}
	return n
}

// dataVersion reads PRAGMA data_version on the dedicated connection (sem
// held). A new connection has its own numbering, so seen is forgotten.
func (s *searchIndex) dataVersion(ctx context.Context) (int64, error) {
	if s.conn == nil {
		sqlDB, err := s.db.DB()
		if err != nil {
			return 0, fmt.Errorf("search index: %w", err)
		}
		conn, err := sqlDB.Conn(s.ctx)
		if err != nil {
			return 0, fmt.Errorf("search index: connect: %w", err)
		}
		s.conn, s.seen = conn, -1
	}
	if s.feed != nil { // a shared database: its NOTIFY count (changes.go)
		return s.feed.version(ctx)
	}
	var v int64
	if err := s.conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
		if ctx.Err() == nil {
			s.conn.Close()
			s.conn = nil
		}
		return 0, fmt.Errorf("search index: data_version: %w", err)
	}
	return v, nil
}

// syncLocked brings the index up to date with commits made since the last
// check (sem held). It reports whether a full rebuild is needed.
func (s *searchIndex) syncLocked(ctx context.Context) (rebuild bool, err error) {
	s.mu.RLock()
	closed := s.closed
	s.mu.RUnlock()
	if closed {
		return false, errSearchClosed
	}
	v, err := s.dataVersion(ctx)
	if err != nil || v == s.seen {
		return false, err
	}
	s.mu.RLock()
	newest := s.newest
	s.mu.RUnlock()
	// ">=": rows written in the same clock tick as the newest one we hold
	// may be new (a fixed test clock makes that every row).
	rows, err := s.load(ctx, "WHERE c.updated_at >= ?", time.Unix(0, newest).UTC())
	if err != nil {
		return false, err
	}
	s.apply(rows, nil, true)
	var n int64
	if err := s.db.WithContext(ctx).Raw("SELECT count(*) FROM customers").Scan(&n).Error; err != nil {
		return false, fmt.Errorf("search index: count: %w", err)
	}
	s.mu.RLock()
	have := len(s.entries)
	s.mu.RUnlock()
	if int64(have) != n {
		return true, nil
	}
	s.seen = v
	return false, nil
}

// fresh waits until the index is built and matches the database.
func (s *searchIndex) fresh(ctx context.Context) error {
	for {
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			return errSearchClosed
		}
		if s.building == nil && s.stale {
			s.startBuildLocked()
		}
		done := s.building
		s.mu.Unlock()
		if done != nil {
			select {
			case <-done:
			case <-ctx.Done():
				return ctx.Err()
			}
			s.mu.RLock()
			err := s.buildErr
			failed := s.stale && s.building == nil && err != nil
			s.mu.RUnlock()
			if failed {
				return err
			}
			continue
		}
		select {
		case s.sem <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		rebuild, err := s.syncLocked(ctx)
		<-s.sem
		if err != nil {
			return err
		}
		if !rebuild {
			return nil
		}
		s.invalidate()
	}
}

// searchPlan is a query prepared for matching, following the ranks that
// SearchCustomers documents.
type searchPlan struct {
	needle string // what the search text must contain ("" lists everyone)
	pivot  int    // the needle's byte that is rarest in the search texts
	// sig is the needle's signature, used when filter: when the needle is
	// its own lower case, and so is contained in the text of every regular
	// customer it ranks.
	sig    bigramSig
	filter bool
	digits string // the query's digits when it is a phone fragment
	// phoneRank: the query ranks customers with a phone ending in digits
	// (two digits or more; one is too short to rank).
	phoneRank bool
	// number is set when the query is a complete canonical phone number:
	// after the phone-ending rank it finds only that line's extensions,
	// not a customer whose address happens to contain the same digits.
	number string
}

func newSearchPlan(q models.SearchQuery, freq *[256]int) searchPlan {
	p := searchPlan{needle: q.Text, digits: q.Digits, phoneRank: len(q.Digits) >= 2}
	if q.Digits != "" {
		p.needle = q.Digits
		if num, _, err := models.NormalizePhone(q.Digits); err == nil && num == q.Digits {
			p.number = num
		}
	}
	p.sig, p.filter = sigOf(p.needle), strings.ToLower(p.needle) == p.needle
	if freq != nil {
		for i := 1; i < len(p.needle); i++ {
			if freq[p.needle[i]] < freq[p.needle[p.pivot]] {
				p.pivot = i
			}
		}
	}
	return p
}

// containsAt is strings.Contains looking first for the byte at pivot in
// needle. strings.Contains looks for the first byte, which for Chinese is
// one of a handful of UTF-8 lead bytes found all over the text: on the demo
// data this is four times faster for Chinese queries.
func containsAt(s, needle string, pivot int) bool {
	c := needle[pivot]
	for off := 0; ; {
		i := strings.IndexByte(s[off:], c)
		if i < 0 {
			return false
		}
		start := off + i - pivot
		if start >= 0 && start+len(needle) <= len(s) && s[start:start+len(needle)] == needle {
			return true
		}
		off += i + 1
	}
}

// Ranks, best first.
const (
	rankExactName = iota
	rankPrefix
	rankPhoneEnd
	rankRest
)

// rank places one customer: its rank (-1 when it is not a result) and
// whether its search text contains the needle (what CountCustomers counts).
func (p *searchPlan) rank(e *searchEntry) (int, bool) {
	if p.needle == "" {
		return rankRest, true
	}
	quick := p.filter && e.regular
	if quick && !e.sig.has(&p.sig) {
		return -1, false
	}
	contains := containsAt(e.text(), p.needle, p.pivot)
	if quick && !contains {
		return -1, false
	}
	switch name := e.nameStr(); {
	case name == p.needle:
		return rankExactName, contains
	case strings.HasPrefix(name, p.needle) || strings.HasPrefix(e.pinyinStr(), p.needle) || strings.HasPrefix(e.iniStr(), p.needle):
		return rankPrefix, contains
	}
	if p.phoneRank {
		for num := range strings.SplitSeq(e.phones(), "\x1f") {
			if phoneEndsWith(num, p.digits) {
				return rankPhoneEnd, contains
			}
		}
	}
	if p.number != "" {
		ext := p.number + "-"
		for num := range strings.SplitSeq(e.phones(), "\x1f") {
			if len(num) > len(ext) && strings.HasPrefix(num, ext) {
				return rankRest, contains
			}
		}
		return -1, contains
	}
	if contains {
		return rankRest, true
	}
	return -1, false
}

// phoneEndsWith says whether a canonical number, without its extension
// dash, ends with digits; like idx_phones_tail it needs four digits or more.
func phoneEndsWith(number, digits string) bool {
	if strings.IndexByte(number, '-') >= 0 {
		number = strings.ReplaceAll(number, "-", "")
	}
	return len(number) >= 4 && strings.HasSuffix(number, digits)
}

// searchMatch is one result before sorting.
type searchMatch struct {
	updated int64
	idx     int32 // into entries of the scan's generation
	rank    int8
}

// searchKey identifies a scan: the same query on the same index.
type searchKey struct {
	gen             uint64
	text, digits    string
	includeArchived bool
}

// searchScan is the outcome of one scan, shared by the searches and counts
// of the same text until the index changes: the count and the best results
// in order, as many as the page asked for (at least scanMinWant).
type searchScan struct {
	key   searchKey
	want  int
	done  chan struct{}
	best  []searchMatch
	total int // results, of which best holds the first min(total, want)
	count int // customers whose search text contains the query
	err   error
}

// serves says whether the scan holds the first need results.
func (r *searchScan) serves(need int) bool { return need <= r.want || r.total <= r.want }

// scanMinWant is the fewest results a scan keeps: the first page, the
// count and the next page of the list then need one scan. A query with
// many matches ("1", "z", the empty list) keeps only these, not every
// match: collecting 100 000 matches cost more than scanning.
const scanMinWant = 256

// scanParallelMin is the index size from which a scan is split across CPUs.
const scanParallelMin = 16384

// scanCheckEvery is how many entries a scan reads between two looks at its
// context: a newer keystroke cancels an older search.
const scanCheckEvery = 4096

// scanLocked reads every entry once (mu read-locked) and keeps the best
// want results.
func (s *searchIndex) scanLocked(ctx context.Context, p *searchPlan, includeArchived bool, want int) (*searchScan, error) {
	entries := s.entries
	parts := 1
	if len(entries) >= scanParallelMin {
		parts = runtime.NumCPU()
	}
	type part struct {
		best         topMatches
		total, count int
		err          error
	}
	out := make([]part, parts)
	size := (len(entries) + parts - 1) / max(parts, 1)
	run := func(k int) {
		lo, hi := min(k*size, len(entries)), min((k+1)*size, len(entries))
		res := part{best: topMatches{k: want, entries: entries}}
		for i := lo; i < hi; i++ {
			if (i-lo)%scanCheckEvery == 0 && ctx.Err() != nil {
				res.err = ctx.Err()
				break
			}
			e := &entries[i]
			if e.archived && !includeArchived {
				continue
			}
			r, contains := p.rank(e)
			if contains {
				res.count++
			}
			if r >= 0 {
				res.total++
				res.best.add(searchMatch{updated: e.updated, idx: int32(i), rank: int8(r)})
			}
		}
		out[k] = res
	}
	if parts == 1 {
		run(0)
	} else {
		var wg sync.WaitGroup
		for k := range parts {
			wg.Go(func() { run(k) })
		}
		wg.Wait()
	}
	r := &searchScan{want: want}
	all := topMatches{k: want, entries: entries}
	for _, part := range out {
		if part.err != nil {
			return nil, part.err
		}
		r.total += part.total
		r.count += part.count
		for _, m := range part.best.h {
			all.add(m)
		}
	}
	r.best = all.sorted()
	return r, nil
}

// scanFor returns a scan of key that holds the first need results, reusing
// the last one or waiting for one in progress (mu read-locked).
func (s *searchIndex) scanFor(ctx context.Context, key searchKey, p *searchPlan, need int) (*searchScan, error) {
	for {
		s.cacheMu.Lock()
		if r := s.last; r != nil && r.key == key {
			s.cacheMu.Unlock()
			select {
			case <-r.done:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			if r.err == nil && r.serves(need) {
				return r, nil
			}
			// Its caller gave up, or it kept too few: scan again.
			s.cacheMu.Lock()
			if s.last == r {
				s.last = nil
			}
			s.cacheMu.Unlock()
			continue
		}
		// Room for the page after this one too, so that paging down
		// scans once every other page at most.
		want := max(scanMinWant, 2*need)
		r := &searchScan{key: key, want: want, done: make(chan struct{})}
		s.last = r
		s.cacheMu.Unlock()
		res, err := s.scanLocked(ctx, p, key.includeArchived, want)
		if err == nil {
			r.best, r.total, r.count = res.best, res.total, res.count
		}
		r.err = err
		close(r.done)
		if err != nil {
			s.cacheMu.Lock()
			if s.last == r {
				s.last = nil
			}
			s.cacheMu.Unlock()
			return nil, err
		}
		return r, nil
	}
}

// forget drops the cached scan (benchmarks measure a new query each time).
func (s *searchIndex) forget() {
	s.cacheMu.Lock()
	s.last = nil
	s.cacheMu.Unlock()
}

// find returns the IDs of the results offset to offset+limit in rank order
// and the number of customers whose search text contains the query.
func (s *searchIndex) find(ctx context.Context, q models.SearchQuery, includeArchived bool, offset, limit int) ([]string, int, error) {
	if err := s.fresh(ctx); err != nil {
		return nil, 0, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	p := newSearchPlan(q, s.freq)
	need := offset + max(limit, 0)
	r, err := s.scanFor(ctx, searchKey{gen: s.gen, text: q.Text, digits: q.Digits, includeArchived: includeArchived}, &p, need)
	if err != nil {
		return nil, 0, err
	}
	if offset >= len(r.best) {
		return nil, r.count, nil
	}
	best := r.best[offset:min(need, len(r.best))]
	ids := make([]string, len(best))
	for i, m := range best {
		ids[i] = s.entries[m.idx].id()
	}
	return ids, r.count, nil
}

// compareMatches orders results: rank, then most recently changed, then
// ID, so that pages join up even when times are equal.
func compareMatches(a, b searchMatch, entries []searchEntry) int {
	if c := cmp.Compare(a.rank, b.rank); c != 0 {
		return c
	}
	if c := cmp.Compare(b.updated, a.updated); c != 0 {
		return c
	}
	return strings.Compare(entries[a.idx].id(), entries[b.idx].id())
}

// topMatches keeps the best k matches seen: a bounded heap whose root is
// the worst kept, so that most matches are turned away by one comparison.
type topMatches struct {
	k       int
	h       []searchMatch
	entries []searchEntry
}

func (t *topMatches) worse(i, j int) bool { return compareMatches(t.h[i], t.h[j], t.entries) > 0 }

func (t *topMatches) add(m searchMatch) {
	if len(t.h) < t.k {
		t.h = append(t.h, m)
		for i := len(t.h) - 1; i > 0; {
			parent := (i - 1) / 2
			if !t.worse(i, parent) {
				break
			}
			t.h[i], t.h[parent] = t.h[parent], t.h[i]
			i = parent
		}
		return
	}
	if t.k == 0 || compareMatches(m, t.h[0], t.entries) >= 0 {
		return
	}
	t.h[0] = m
	for i := 0; ; {
		worst, l, r := i, 2*i+1, 2*i+2
		if l < len(t.h) && t.worse(l, worst) {
			worst = l
		}
		if r < len(t.h) && t.worse(r, worst) {
			worst = r
		}
		if worst == i {
			return
		}
		t.h[i], t.h[worst] = t.h[worst], t.h[i]
		i = worst
	}
}

// sorted returns the kept matches, best first.
func (t *topMatches) sorted() []searchMatch {
	slices.SortFunc(t.h, func(a, b searchMatch) int { return compareMatches(a, b, t.entries) })
	return t.h
}
