package app

import (
	"sort"

	"aftercare/models"
)

// figureOrder is the order of the figures inside their groups, as
// docs/kpi.md lists them.
var figureOrder = []string{
	"received", "completed", "cancelled", "open_end", "backlog_median_days", "backlog_oldest_days",
	"first_response", "on_time", "completion",
	"resolution", "first_visit_fix", "repeat_repair", "escalations", "satisfaction", "complaint_rate", "complaints",
	"mailin_abandoned", "reschedules_shop", "reschedules_customer", "parts_on_time",
	"collected", "parts_billed", "refunds",
}

// figureAcc accumulates one figure while the month's tickets are read.
type figureAcc struct {
	key, group  string
	sub, subKey string // a spread line's breakdown
	unit        models.Unit
	target      *models.Target
	full        bool // keep the tickets behind the figure

	total  int64 // a count, or money in fen
	share  models.Share
	isRate bool
	spread *models.Spread
	value  *float64 // a plain value (backlog days)
	ok     bool

	ids, missIDs []string
	subs         []*figureAcc // breakdown lines, in first-seen order
	subIdx       map[string]*figureAcc
}

// figureBuilder makes the month's figures.
type figureBuilder struct {
	full bool
	accs []*figureAcc
}

func newFigureBuilder(full bool) *figureBuilder { return &figureBuilder{full: full} }

func (b *figureBuilder) new(key, group string, unit models.Unit) *figureAcc {
	f := &figureAcc{key: key, group: group, unit: unit, full: b.full, subIdx: map[string]*figureAcc{}}
	b.accs = append(b.accs, f)
	return f
}

func (b *figureBuilder) count(key, group string) *figureAcc {
	return b.new(key, group, models.UnitCount)
}
func (b *figureBuilder) money(key string) *figureAcc {
	return b.new(key, models.GroupMoney, models.UnitMoney)
}

func (b *figureBuilder) share(key, group string, target *models.Target) *figureAcc {
	f := b.new(key, group, models.UnitShare)
	f.isRate, f.target = true, target
	return f
}

func (b *figureBuilder) spread(key, sub, subKey, group string, unit models.Unit, sp models.Spread, ids []string) *figureAcc {
	f := b.new(key, group, unit)
	f.sub, f.subKey, f.spread = sub, subKey, &sp
	f.keep(ids...)
	return f
}

func (b *figureBuilder) value(key, group string, unit models.Unit, v float64, ok bool, ids []string) *figureAcc {
	f := b.new(key, group, unit)
	f.value, f.ok = &v, ok
	f.keep(ids...)
	return f
}

func (f *figureAcc) keep(ids ...string) {
	if f.full {
		for _, id := range ids {
			if id != "" {
				f.ids = append(f.ids, id)
			}
		}
	}
}

// subLine returns the breakdown line sub, made on first use.
func (f *figureAcc) subLine(subKey, sub string) *figureAcc {
	s, ok := f.subIdx[sub]
	if !ok {
		s = &figureAcc{key: f.key, group: f.group, unit: f.unit, full: f.full, sub: sub, subKey: subKey}
		f.subIdx[sub] = s
		f.subs = append(f.subs, s)
	}
	return s
}

// add counts one ticket, and in its breakdown line when sub is set.
func (f *figureAcc) add(id, subKey, sub string) {
	f.total++
	f.keep(id)
	if sub != "" {
		f.addSub(id, subKey, sub)
	}
}

// addSub counts a ticket in a breakdown line only (repairs by mode under
// tickets by kind).
func (f *figureAcc) addSub(id, subKey, sub string) {
	s := f.subLine(subKey, sub)
	s.total++
	s.keep(id)
}

// addN adds n for one ticket (reschedules).
func (f *figureAcc) addN(id string, n int) {
	f.total += int64(n)
	f.keep(id)
}

// addMoney adds an amount, and to its breakdown line when sub is set.
func (f *figureAcc) addMoney(id, subKey, sub string, m models.Money) {
	f.total += int64(m)
	f.keep(id)
	if sub != "" {
		s := f.subLine(subKey, sub)
		s.total += int64(m)
		s.keep(id)
	}
}

// addCase counts one case of a share, good or not. For a figure where
// less is better (repeat repairs: target "at most 0 %") the share counts
// the bad cases, so its value is the repeat rate.
func (f *figureAcc) addCase(id string, good bool) {
	lowerBetter := f.target != nil && f.target.Op != models.AtLeast
	f.share.Add(good != lowerBetter)
	if f.full && id != "" {
		if good {
			f.ids = append(f.ids, id)
		} else {
			f.missIDs = append(f.missIDs, id)
		}
	}
}

// setShare sets a share computed elsewhere with the tickets that count
// against it and the rest.
func (f *figureAcc) setShare(s models.Share, against, rest []string) {
	f.share = s
	if f.full {
		f.missIDs = append(f.missIDs, against...)
		f.ids = append(f.ids, rest...)
	}
}

// figure is the accumulated figure without its breakdown.
func (f *figureAcc) figure() models.Figure {
	out := models.Figure{Key: f.key, Group: f.group, Sub: f.sub, SubKey: f.subKey, Unit: f.unit, Target: f.target}
	switch {
	case f.isRate:
		out.Share = f.share
		out.Value, out.OK = f.share.Value()
	case f.spread != nil:
		out.Value, out.Median, out.OK = f.spread.Mean, f.spread.Median, f.spread.N > 0
	case f.value != nil:
		out.Value, out.OK = *f.value, f.ok
	default:
		out.Value, out.OK = float64(f.total), true
	}
	if out.OK && f.target != nil {
		out.Missed = !f.target.Met(out.Value)
	}
	out.Tickets = append(append([]string{}, f.missIDs...), f.ids...)
	out.Misses = len(f.missIDs)
	return out
}

// figures returns every figure with its breakdown lines, in report order.
func (b *figureBuilder) figures() []models.Figure {
	groupAt := map[string]int{}
	for i, g := range models.FigureGroups {
		groupAt[g] = i
	}
	keyAt := map[string]int{}
	for i, k := range figureOrder {
		keyAt[k] = i
	}
	accs := append([]*figureAcc{}, b.accs...)
	sort.SliceStable(accs, func(i, j int) bool {
		if gi, gj := groupAt[accs[i].group], groupAt[accs[j].group]; gi != gj {
			return gi < gj
		}
		return keyAt[accs[i].key] < keyAt[accs[j].key]
	})
	var out []models.Figure
	for _, f := range accs {
		out = append(out, f.figure())
		for _, s := range f.subs {
			out = append(out, s.figure())
		}
	}
	return out
}
