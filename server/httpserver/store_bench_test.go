package httpserver

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"wpscheck/server/config"
	"wpscheck/server/reports"
	"wpscheck/server/reports/postgres"
	"wpscheck/server/reports/postgres/pgtest"
	"wpscheck/server/reports/sqlite"
)

// benchPGQuery is added to the PostgreSQL URLs of BenchmarkUploadStores,
// e.g. pool_max_conns=16 to try another pool size.
var benchPGQuery = flag.String("load.pgquery", "", "BenchmarkUploadStores: query added to the PostgreSQL URLs (e.g. pool_max_conns=16)")

// BenchmarkUploadStores compares the report stores under upload load over
// real loopback HTTP, each server the production handler (access log,
// headers, mux) with its own store:
//
//   - sqlite-1: one server on a SQLite file (WAL, synchronous=FULL, group
//     commit). SQLite has no second replica: its file belongs to one host;
//   - pg-1: one server on PostgreSQL (a throwaway cluster on this machine,
//     fsync on, synchronous_commit on, the pool's default size);
//   - pg-2: two servers, each with its own pool, on one PostgreSQL database;
//     the load.conc clients are spread over them as a load balancer would.
//
// Every 201 waited for a durable commit. The setups take turns in
// load.rounds rounds (sqlite-1, pg-1, pg-2, sqlite-1, …) so that they see
// the same background load; each gets load.time in total. It reports
// requests/s, p50 and p99 per setup. Run it with
//
//	go test ./server/httpserver -run '^$' -bench UploadStores -benchtime 1x -args -load.conc 32
//
// On one machine the replicas, the clients and PostgreSQL share the same
// CPUs: two replicas here show what sharing one database costs, not how far
// more machines scale.
func BenchmarkUploadStores(b *testing.B) {
	cfg := config.Default()
	cfg.Reports.RateLimit = config.RateLimit{PerMinute: 1e9, Burst: 1e6} // one client address: no limit here
	cfg.Vantage.Enabled = false
	serve := func(store reports.Store) string {
		s := newTestServer(b, func(o *Options) { o.Config = cfg; o.Reports = store })
		return serveLoopback(b, AccessLog(s, discardLogger()))
	}
	lite, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "reports.db"))
	require.NoError(b, err)
	defer lite.Close()
	pg := pgtest.Start(b)
	openPG := func(url string) reports.Store {
		if *benchPGQuery != "" {
			url += "?" + *benchPGQuery
		}
		s, err := postgres.Open(context.Background(), url, postgres.Options{Logger: discardLogger()})
		require.NoError(b, err)
		b.Cleanup(func() { s.Close() })
		return s
	}
	db1, db2 := pg.NewDatabase(b), pg.NewDatabase(b)
	setups := []uploadSetup{
		{"sqlite-1", []string{serve(lite)}},
		{"pg-1", []string{serve(openPG(db1))}},
		{"pg-2", []string{serve(openPG(db2)), serve(openPG(db2))}},
	}
	_, _, summary := uploadTurns(b, setups, false)
	b.Logf("POST /api/reports, %s", summary)
}

// uploadSetup is one setup of an upload benchmark: its name and the
// servers its clients are spread over.
type uploadSetup struct {
	name  string
	bases []string
}

// uploadTurns loads the setups with uploads from load.conc clients: a short
// warm-up each, then load.rounds rounds in which they take turns (every
// other round backwards when alternate, so no setup always goes first),
// load.time in total each. It reports requests/s, p50 and p99 per setup
// and returns the results in the order of setups, how many uploads each
// got in all (warm-up included), and a summary for the log.
func uploadTurns(b *testing.B, setups []uploadSetup, alternate bool) (results []loadResult, total []int64, summary string) {
	conc, rounds := *benchLoadConc, max(1, *benchRounds)
	per := *benchLoadTime / time.Duration(rounds)
	client := uploadClient(b, conc)
	bodies := uploadBodies(b)
	results, total = make([]loadResult, len(setups)), make([]int64, len(setups))
	for range b.N {
		for i, s := range setups { // warm up: connections, statement caches
			total[i] += loadFunc(b, conc, 200*time.Millisecond, uploadFunc(client, s.bases, bodies)).requests
		}
		for round := range rounds {
			for k := range setups {
				i := k
				if alternate && round%2 == 1 {
					i = len(setups) - 1 - k
				}
				r := loadFunc(b, conc, per, uploadFunc(client, setups[i].bases, bodies))
				results[i].requests += r.requests
				results[i].elapsed += r.elapsed
				results[i].latencies = append(results[i].latencies, r.latencies...)
				total[i] += r.requests
			}
		}
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	var parts []string
	for i, s := range setups {
		r := results[i]
		b.ReportMetric(r.rps(), s.name+"-req/s")
		b.ReportMetric(ms(r.p(0.5)), s.name+"-p50-ms")
		b.ReportMetric(ms(r.p(0.99)), s.name+"-p99-ms")
		parts = append(parts, fmt.Sprintf("%s %.0f req/s p50 %v p99 %v", s.name, r.rps(), r.p(0.5), r.p(0.99)))
	}
	b.ReportMetric(0, "ns/op")
	return results, total, fmt.Sprintf("%d clients, %d rounds of %v per setup: %s", conc, rounds, per, strings.Join(parts, "; "))
}
