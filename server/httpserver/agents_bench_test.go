package httpserver

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
	"wpscheck/server/config"
	"wpscheck/server/reports"
	"wpscheck/server/reports/postgres"
	"wpscheck/server/reports/postgres/pgtest"
	"wpscheck/server/reports/sqlite"
	"wpscheck/server/reports/storetest"
)

// Settings of BenchmarkAgentQueries.
var (
	agentsN      = flag.Int("agents.n", 1_000_000, "BenchmarkAgentQueries: synthetic reports in the store")
	agentsDB     = flag.String("agents.db", "", "BenchmarkAgentQueries: the database (default ../../build/perf/agents-<n>.db, seeded when empty)")
	agentsIters  = flag.Int("agents.iters", 200, "BenchmarkAgentQueries: requests per query kind")
	agentsStores = flag.String("agents.stores", "sqlite,postgres", "BenchmarkAgentQueries: the stores to measure, comma-separated")
)

// agentsEnd is where the synthetic reports end: 30 days of them, the
// default retention, and the benchmark's server clock.
var agentsEnd = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// agentsSeedVersion names the generator's output in the database's file
// name: a change to storetest.Synthetic needs a new one.
const agentsSeedVersion = "v3"

// BenchmarkAgentQueries measures what agents wait for, on SQLite and on
// PostgreSQL each holding agents.n synthetic reports (storetest.Synthetic
// over 30 days; SQLite's bulk loaded once and kept in build/perf,
// PostgreSQL's loaded into a throwaway cluster of pgtest at every run,
// with the cluster's default settings): every kind of GET /api/reports,
// /api/stats and /api/reports.csv through the whole handler in process
// (token check, parsing, store, JSON or CSV), agents.iters times each with
// random parameters, after a warm-up. Each kind reports its p50 and p95 in
// ms; the export reports rows/s and MB/s.
//
//	go test ./server/httpserver -run '^$' -bench AgentQueries -benchtime 1x -args -agents.n 1000000
func BenchmarkAgentQueries(b *testing.B) {
	for _, name := range strings.Split(*agentsStores, ",") {
		b.Run(name, func(b *testing.B) {
			var (
				store  reports.Store
				seeded time.Duration
			)
			switch name {
			case "sqlite":
				store, seeded = agentsStore(b)
			case "postgres":
				store, seeded = agentsPostgres(b)
			default:
				b.Fatalf("agents.stores: unknown store %q", name)
			}
			if seeded > 0 {
				fmt.Printf("agent queries: %s: seeded %d synthetic reports in %v\n", name, *agentsN, seeded.Round(time.Second))
			}
			agentQueries(b, store)
		})
	}
}

// agentQueries runs every kind of agent query on store.
func agentQueries(b *testing.B, store reports.Store) {
	cfg, err := config.Parse([]byte(`{"agents": {"token_sha256": ["` + tokenHash(agentToken) + `"]}}`))
	require.NoError(b, err)
	srv := newTestServer(b, func(o *Options) {
		o.Config, o.Reports, o.Now = cfg, store, func() time.Time { return agentsEnd }
		o.Logger = discardLogger()
	})
	a := newAPI(srv)
	rng := rand.New(rand.NewPCG(5, 6))
	findings := diagnosis.AllFindingIDs()
	ts := func(t time.Time) string { return url.QueryEscape(t.Format(time.RFC3339)) }
	day := 24 * time.Hour
	// Tickets and codes to look for, from reports of three different days.
	var tickets, codes []string
	for _, d := range []int{1, 12, 25} {
		page, err := store.List(context.Background(), reports.Query{Until: agentsEnd.Add(-time.Duration(d) * day), Limit: 200})
		require.NoError(b, err)
		for _, r := range page {
			if r.Ticket != "" {
				tickets = append(tickets, r.Ticket)
			}
			codes = append(codes, r.SupportCode)
		}
	}
	require.NotEmpty(b, tickets)
	kinds := []struct {
		name  string
		query func() string
	}{
		{"list/first-page", func() string { return "/api/reports" }},
		{"list/first-page-500", func() string { return "/api/reports?limit=500" }},
		{"list/deep-cursor", func() string {
			// A position in the oldest fifth: hundreds of thousands of reports down the list.
			at := agentsEnd.Add(-30*day + time.Duration(rng.Int64N(int64(6*day))))
			return "/api/reports?cursor=" + a.encodeCursor(reports.Key{CreatedAt: at, ID: "R-ZZZZ-ZZZZ-ZZZZ-Z"})
		}},
		{"list/top-finding", func() string { return "/api/reports?finding=" + string(findings[rng.IntN(len(findings))]) }},
		{"list/any-finding", func() string { return "/api/reports?finding_any=" + string(findings[rng.IntN(len(findings))]) }},
		{"list/top-finding+os+in-app", func() string {
			return "/api/reports?finding=" + string(findings[rng.IntN(len(findings))]) + "&os=" +
				string(diagnosis.AllOS()[rng.IntN(len(diagnosis.AllOS()))]) + "&in_app=wechat"
		}},
		{"list/os+in-app", func() string {
			return "/api/reports?os=" + string(diagnosis.AllOS()[rng.IntN(len(diagnosis.AllOS()))]) + "&in_app=" +
				string(diagnosis.AllInApps()[rng.IntN(5)])
		}},
		{"list/any-finding+os-last-7-days", func() string {
			return "/api/reports?finding_any=" + string(findings[rng.IntN(len(findings))]) + "&os=" +
				string(diagnosis.AllOS()[rng.IntN(len(diagnosis.AllOS()))]) + "&since=" + ts(agentsEnd.Add(-7*day))
		}},
		{"list/any-finding-last-7-days-deep", func() string {
			since := agentsEnd.Add(-7 * day)
			at := since.Add(time.Duration(rng.Int64N(int64(day))))
			return "/api/reports?finding_any=clock_skew&since=" + ts(since) + "&cursor=" + a.encodeCursor(reports.Key{CreatedAt: at, ID: "R-ZZZZ-ZZZZ-ZZZZ-Z"})
		}},
		{"list/hour-window", func() string {
			since := agentsEnd.Add(-time.Duration(1+rng.IntN(700)) * time.Hour)
			return "/api/reports?since=" + ts(since) + "&until=" + ts(since.Add(time.Hour))
		}},
		{"list/ticket", func() string { return "/api/reports?ticket=" + tickets[rng.IntN(len(tickets))] }},
		{"list/support-code", func() string { return "/api/reports?code=" + codes[rng.IntN(len(codes))] }},
		{"stats/48h-hours", func() string { return "/api/stats?since=" + ts(agentsEnd.Add(-48*time.Hour)) }},
		{"stats/7d-hours", func() string { return "/api/stats?since=" + ts(agentsEnd.Add(-7*day)) }},
		{"stats/7d-days", func() string { return "/api/stats?bucket=day" }},
		{"stats/30d-days", func() string { return "/api/stats?bucket=day&since=" + ts(agentsEnd.Add(-30*day)) }},
	}
	get := func(target string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, target, nil)
		r.Header.Set("Authorization", "Bearer "+agentToken)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, r)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d %s", target, rec.Code, rec.Body.String())
		}
		return rec
	}
	for _, k := range kinds {
		b.Run(k.name, func(b *testing.B) {
			for b.Loop() {
				for range 10 { // warm-up: the pages the query needs into the cache
					get(k.query())
				}
				d := make([]time.Duration, *agentsIters)
				for i := range d {
					target := k.query()
					start := time.Now()
					get(target)
					d[i] = time.Since(start)
				}
				slices.Sort(d)
				ms := func(q float64) float64 { return float64(d[int(q*float64(len(d)-1))]) / 1e6 }
				b.ReportMetric(ms(0.5), "p50-ms")
				b.ReportMetric(ms(0.95), "p95-ms")
				b.ReportMetric(float64(d[len(d)-1])/1e6, "max-ms")
			}
		})
	}
	for _, c := range []struct {
		name  string
		query string
	}{
		{"csv/24h", "/api/reports.csv?since=" + ts(agentsEnd.Add(-day))},
		{"csv/7d-one-finding", "/api/reports.csv?finding_any=wps_blocked&since=" + ts(agentsEnd.Add(-7*day))},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				var rows, size int
				start := time.Now()
				const runs = 3
				for range runs {
					rec := get(c.query)
					rows += bytes.Count(rec.Body.Bytes(), []byte("\n")) - 1
					size += rec.Body.Len()
				}
				s := time.Since(start).Seconds()
				b.ReportMetric(float64(rows/runs), "rows")
				b.ReportMetric(float64(rows)/s, "rows/s")
				b.ReportMetric(float64(size)/s/1e6, "MB/s")
			}
		})
	}
}

// agentsStore opens the benchmark's database, bulk-loading the synthetic
// reports first when it is empty; it returns how long the load took (0
// when the database was there already).
func agentsStore(b *testing.B) (*sqlite.Store, time.Duration) {
	path := *agentsDB
	if path == "" {
		path = filepath.Join("..", "..", "build", "perf", fmt.Sprintf("agents-%d-%s.db", *agentsN, agentsSeedVersion))
	}
	require.NoError(b, os.MkdirAll(filepath.Dir(path), 0o755))
	store, err := sqlite.Open(context.Background(), path)
	require.NoError(b, err)
	b.Cleanup(func() { store.Close() })
	have, err := store.List(context.Background(), reports.Query{Limit: 1})
	require.NoError(b, err)
	if len(have) > 0 {
		return store, 0
	}
	start := time.Now()
	n, err := store.PutAll(context.Background(), storetest.Synthetic(1, *agentsN, agentsEnd, 30*24*time.Hour))
	require.NoError(b, err)
	require.Equal(b, *agentsN, n)
	if fi, err := os.Stat(path); err == nil {
		fmt.Printf("agent queries: sqlite: database %s, %d MB\n", strings.TrimPrefix(path, "../../"), fi.Size()>>20)
	}
	return store, time.Since(start)
}

// agentsPostgres starts a throwaway PostgreSQL cluster and bulk-loads the
// synthetic reports into it; it returns how long the load took.
func agentsPostgres(b *testing.B) (reports.Store, time.Duration) {
	pg := pgtest.Start(b)
	url := pg.NewDatabase(b)
	store, err := postgres.Open(context.Background(), url, postgres.Options{Logger: discardLogger()})
	require.NoError(b, err)
	b.Cleanup(func() { store.Close() })
	start := time.Now()
	n, err := store.PutAll(context.Background(), storetest.Synthetic(1, *agentsN, agentsEnd, 30*24*time.Hour))
	require.NoError(b, err)
	require.Equal(b, *agentsN, n)
	took := time.Since(start)
	if conn, err := pgx.Connect(context.Background(), url); err == nil {
		var size int64
		var version string
		if conn.QueryRow(context.Background(), "SELECT pg_database_size(current_database()), current_setting('server_version')").Scan(&size, &version) == nil {
			fmt.Printf("agent queries: postgres: database %d MB (PostgreSQL %s, default settings)\n", size>>20, version)
		}
		conn.Close(context.Background())
	}
	return store, took
}
