package app

import (
	"context"
	"os"
	"testing"
	"time"
)

// BenchmarkMonthReportOnFile is the month report on an existing database
// file, opened read-only: AFTERCARE_BENCH_DB=/path/a.db go test ./app -run
// '^$' -bench MonthReportOnFile. It lets the figure be measured on a
// database built once with `aftercare demo --customers 100000 --tickets
// 1000000 --seed 1` instead of the one BenchmarkMonthReport builds for
// itself (four minutes); the clock is the demo's.
func BenchmarkMonthReportOnFile(b *testing.B) {
	path := os.Getenv("AFTERCARE_BENCH_DB")
	if path == "" {
		b.Skip("set AFTERCARE_BENCH_DB to a database file")
	}
	a, err := Open(Options{Path: path, Clock: func() time.Time { return fixedNow }, ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	for _, m := range []string{"2026-10", "2021-06"} {
		b.Run(m, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				r, err := a.MonthReport(context.Background(), m)
				if err != nil || len(r.Tickets) == 0 {
					b.Fatalf("%v, %d tickets", err, len(r.Tickets))
				}
			}
		})
	}
}
