#!/usr/bin/env bash
# make bench: the Go benchmarks (diagnosis rules and report encoding, QR code,
# the /api/time handler against a bare net/http handler over loopback with 64
# keep-alive connections) and the browser timings in Chromium: open→done on
# loopback (server/e2e BenchmarkOpenToDone) and first visits on a throttled
# phone, the product and the go-app floor (BenchmarkPhone), written to
# docs/perf/bench.md with the commands that produced them. Not part of make test.
#
# Then a bounded soak of the server binary (server BenchmarkSoak): 2,000
# uploads over 20 s from 8 loopback addresses, SIGKILL and restart halfway,
# every acknowledged report read back (acknowledged vs found: 0 lost).
#
# Environment: OUT (default docs/perf/bench.md); E2E=0 skips the browser
# benchmarks, GO_BENCH=0 the Go benchmarks, AGENTS=0 the agent queries and
# SOAK=0 the soak, reusing the last results; BENCHTIME (default: go test's
# 1s) for the Go micro-benchmarks; AGENTS_N (default 1000000) reports for
# the agent queries (seeded once into build/perf/agents-N-vK.db for SQLite:
# ~2.7 GB for a million; into a throwaway cluster at every run for
# PostgreSQL). STORES=0 skips the report-store comparison (uploads/s and p99
# on SQLite and on PostgreSQL with one and two replicas), reusing its last
# results. WEBHOOK=0 skips the webhook's cost (uploads/s with the webhook on
# vs off, SQLite and PostgreSQL, same run), reusing its last
# results.
set -euo pipefail
cd "$(dirname "$0")/../.."
GO="${GO:-go}"
OUT="${OUT:-docs/perf/bench.md}"
RAW=build/perf/bench
mkdir -p "$RAW" "$(dirname "$OUT")"

pkgs=()
for p in ./app/diagnosis ./app/qrcode ./server/httpserver; do
  [ -d "$p" ] && pkgs+=("$p")
done
go_cmd=("$GO" test -run '^$' -bench . -skip 'APITimeLoopback|AgentQueries|UploadStores|UploadWebhook' -benchmem -count 1)
[ -n "${BENCHTIME:-}" ] && go_cmd+=(-benchtime "$BENCHTIME")
go_cmd+=("${pkgs[@]}")
# /api/time under load: 64 keep-alive connections, as many as a busy
# reverse proxy keeps open.
load_cmd=("$GO" test -run '^$' -bench APITimeLoopback -benchtime 1x -count 1 ./server/httpserver -args -load.conc 64)
# The agents' lists, stats and CSV export on SQLite and on PostgreSQL, each
# holding AGENTS_N reports.
agents_cmd=("$GO" test -run '^$' -bench AgentQueries -benchtime 1x -count 1 -timeout 90m ./server/httpserver -args -agents.n "${AGENTS_N:-1000000}")
# Report stores under upload load: SQLite, PostgreSQL with one replica and
# with two (a throwaway cluster of the test helper), 32 clients.
store_cmd=("$GO" test -run '^$' -bench UploadStores -benchtime 1x -count 1 ./server/httpserver -args -load.conc 32)
# The webhook's cost: uploads with the outbox and its worker (delivering to
# a verifying receiver in the same process) against uploads without, per
# store, taking turns; 32 clients, 8 s per setup.
hook_cmd=("$GO" test -run '^$' -bench UploadWebhook -benchtime 1x -count 1 ./server/httpserver -args -load.conc 32 -load.time 8s -load.rounds 8)
e2e_cmd=("$GO" test -run '^$' -bench 'OpenToDone|Phone|Console' -benchtime 1x -count 1 -timeout 40m ./server/e2e)
soak_cmd=("$GO" test -run '^$' -bench Soak -benchtime 1x -count 1 -timeout 10m ./server)

load() { cut -d' ' -f1-3 /proc/loadavg; }
load0=$(load)
# A package that fails (or does not build) is reported, and the others still run.
status=0
# step SWITCH FILE WHAT COMMAND...: runs COMMAND into $RAW/FILE, or with
# SWITCH=0 keeps FILE from the last run.
step() {
  local switch=$1 file=$2 what=$3
  shift 3
  if [ "${!switch:-1}" != 0 ]; then
    echo "+ $*" >&2
    "$@" 2>&1 | tee "$RAW/$file" || status=1
  else
    echo "$switch=0: keeping the $what results of the last run ($RAW/$file)" >&2
    touch "$RAW/$file"
  fi
}
step GO_BENCH go.txt "Go benchmark" "${go_cmd[@]}"
if [ "${GO_BENCH:-1}" != 0 ]; then
  echo "+ ${load_cmd[*]}" >&2
  "${load_cmd[@]}" 2>&1 | tee -a "$RAW/go.txt" || status=1
fi
step AGENTS agents.txt "agent query" "${agents_cmd[@]}"
step STORES stores.txt "report-store" "${store_cmd[@]}"
step WEBHOOK webhook.txt "webhook" "${hook_cmd[@]}"
# The browser benchmark times wall clock on two CPUs: let what the store
# benchmarks leave behind (the kernel writing back gigabytes of databases,
# clusters shutting down) finish first. sync, then wait until the 1-minute
# load average is below 1, at most 3 minutes; the report says how long.
settled=""
if [ "${E2E:-1}" != 0 ]; then
  settle_from=$(load)
  sync
  settle_t0=$SECONDS
  while awk '{ exit !($1 >= 1.0) }' /proc/loadavg && [ $((SECONDS - settle_t0)) -lt 180 ]; do
    sleep 5 # polling the load average, bounded above
  done
  settled="waited $((SECONDS - settle_t0)) s after the store benchmarks (sync, then until the 1-minute load average was below 1, at most 180 s; it was $settle_from)"
  echo "$settled" >&2
fi
load1=$(load)
if [ "${E2E:-1}" != 0 ]; then
  # The go-app floor built as the product is (patched go-app, same flags),
  # for the phone benchmark's floor runs.
  FLOOR_DIR=$("$GO" run ./.ci/perf/sizereport -floor-only)
  export FLOOR_DIR PERF_DIR="$PWD/$RAW"
  echo "FLOOR_DIR=$FLOOR_DIR PERF_DIR=$PERF_DIR" >&2
fi
step E2E e2e.txt "browser benchmark" "${e2e_cmd[@]}"
load2=$(load)
step SOAK soak.txt "soak" "${soak_cmd[@]}"

# metric FILE BENCH-REGEX UNIT: the value of UNIT on the first matching line.
metric() {
  [ -f "$1" ] || return 0
  awk -v re="$2" -v unit="$3" '$1 ~ re { for (i = 3; i < NF; i++) if ($(i+1) == unit) { print $i; exit } }' "$1"
}
# verdict VALUE OP TARGET
verdict() {
  [ -z "$1" ] && { echo "not measured"; return; }
  if awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN { exit !((op == "ge" && v >= t) || (op == "le" && v <= t)) }'; then echo PASS; else echo MISS; fi
}
# table FILE: every benchmark line as a markdown row.
table() {
  [ -f "$1" ] || return 0
  awk '/^Benchmark/ && NF >= 4 {
    name = $1; sub(/-[0-9]+$/, "", name); m = ""
    for (i = 3; i < NF; i += 2) m = m (m == "" ? "" : ", ") $i " " $(i+1)
    printf "| `%s` | %s | %s |\n", name, $2, m
  }' "$1"
}

ratio=$(metric "$RAW/go.txt" '^BenchmarkAPITimeLoopback' ratio)
srps=$(metric "$RAW/go.txt" '^BenchmarkAPITimeLoopback' server-req/s)
brps=$(metric "$RAW/go.txt" '^BenchmarkAPITimeLoopback' bare-req/s)
sp99=$(metric "$RAW/go.txt" '^BenchmarkAPITimeLoopback' server-p99-µs)
bp99=$(metric "$RAW/go.txt" '^BenchmarkAPITimeLoopback' bare-p99-µs)
healthy=$(metric "$RAW/e2e.txt" '^BenchmarkOpenToDone/healthy' ms/median)
hole=$(metric "$RAW/e2e.txt" '^BenchmarkOpenToDone/black_hole' ms/median)
repeat=$(metric "$RAW/e2e.txt" '^BenchmarkOpenToDone/repeat_visit-' render-ms/median)
repeat_tab=$(metric "$RAW/e2e.txt" '^BenchmarkOpenToDone/repeat_visit-' newtab-render-ms/median)
repeat_tab_done=$(metric "$RAW/e2e.txt" '^BenchmarkOpenToDone/repeat_visit-' newtab-nav-ms/median)
repeat_tab_boot=$(metric "$RAW/e2e.txt" '^BenchmarkOpenToDone/repeat_visit-' newtab-boot-ms/median)
repeat_tab_main=$(metric "$RAW/e2e.txt" '^BenchmarkOpenToDone/repeat_visit-' newtab-main-ms/median)
floor_repeat_tab_boot=$(metric "$RAW/e2e.txt" '^BenchmarkOpenToDone/repeat_visit_floor-' newtab-boot-ms/median)
floor_repeat=$(metric "$RAW/e2e.txt" '^BenchmarkOpenToDone/repeat_visit_floor-' render-ms/median)
floor_repeat_tab=$(metric "$RAW/e2e.txt" '^BenchmarkOpenToDone/repeat_visit_floor-' newtab-render-ms/median)
blocking=$(metric "$RAW/e2e.txt" '^BenchmarkOpenToDone/healthy' blocking-ms/median)
longest=$(metric "$RAW/e2e.txt" '^BenchmarkOpenToDone/healthy' longest-task-ms/median)
cpu=$(metric "$RAW/e2e.txt" '^BenchmarkOpenToDone/healthy' main-cpu-ms/median)
phone=$(metric "$RAW/e2e.txt" '^BenchmarkPhone/product' nav-ms/median)
phone_mounted=$(metric "$RAW/e2e.txt" '^BenchmarkPhone/product' mounted-ms/median)
phone_wasm=$(metric "$RAW/e2e.txt" '^BenchmarkPhone/product' wasm-fetch-end-ms/median)
phone_transfers=$(metric "$RAW/e2e.txt" '^BenchmarkPhone/product' wasm-transfers/max)
floor_render=$(metric "$RAW/e2e.txt" '^BenchmarkPhone/floor' render-ms/median)
phone_blocking=$(metric "$RAW/e2e.txt" '^BenchmarkPhone/product' blocking-ms/median)
floor_blocking=$(metric "$RAW/e2e.txt" '^BenchmarkPhone/floor' blocking-ms/median)
blocking_ratio=$(awk -v a="$phone_blocking" -v b="$floor_blocking" 'BEGIN { if (a != "" && b != "" && b > 0) printf "%.2f", a / b }')
console_chart=$(metric "$RAW/e2e.txt" '^BenchmarkConsole/desktop' chart-ms/median)
console_nav=$(metric "$RAW/e2e.txt" '^BenchmarkConsole/desktop' nav-ms/median)
console_phone=$(metric "$RAW/e2e.txt" '^BenchmarkConsole/phone' nav-ms/median)
# agents_table: every agent query kind with its p50 and p95 (target p95 ≤ 100
# ms for lists and stats), then the exports' throughput.
agents_table() {
  awk '$1 ~ /^BenchmarkAgentQueries\// {
    name = $1; sub(/^BenchmarkAgentQueries\//, "", name); sub(/-[0-9]+$/, "", name)
    delete v; for (i = 3; i < NF; i++) v[$(i+1)] = $i
    if (name ~ /(^|\/)csv\//) { printf "| `%s` | %s rows | %s rows/s, %s MB/s | |\n", name, v["rows"], v["rows/s"], v["MB/s"]; next }
    verdict = (v["p95-ms"] + 0 <= 100) ? "PASS" : "MISS"
    printf "| `%s` | %s ms | %s ms (max %s) | %s |\n", name, v["p50-ms"], v["p95-ms"], v["max-ms"], verdict
  }' "$1"
}
soak_acked=$(metric "$RAW/soak.txt" '^BenchmarkSoak' acknowledged)
soak_found=$(metric "$RAW/soak.txt" '^BenchmarkSoak' found)
soak_lost=$(metric "$RAW/soak.txt" '^BenchmarkSoak' lost)
soak_sent=$(metric "$RAW/soak.txt" '^BenchmarkSoak' sent)
hook_sqlite=$(metric "$RAW/webhook.txt" '^BenchmarkUploadWebhook' sqlite-on/off)
hook_pg=$(metric "$RAW/webhook.txt" '^BenchmarkUploadWebhook' pg-on/off)
hook_worst=$(awk -v a="$hook_sqlite" -v b="$hook_pg" 'BEGIN { if (a != "" && b != "") print (a < b ? a : b) }')
p99_limit=$(awk -v b="$bp99" 'BEGIN { if (b != "") print 2 * b }')
# BenchmarkOpenToDone logs its black-hole goal (probe timeout + 500 ms).
hole_goal=$(sed -n 's/.*goal: ms\/median ≤ \([0-9][0-9]*\).*/\1/p' "$RAW/e2e.txt" | head -1)
hole_goal=${hole_goal:-8500}

{
  echo "# Benchmarks"
  echo
  echo "Written by \`make bench\` (\`bash .ci/perf/bench.sh\`) on $(date -u '+%Y-%m-%d %H:%M UTC'), $("$GO" env GOVERSION), git \`$(git describe --always --dirty --tags 2>/dev/null || echo unknown)\`,"
  echo "$(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)). 1/5/15-minute load average: $load0 before the Go benchmarks,"
  echo "$load1 before the browser benchmark, $load2 at the end. On a shared two-core machine a load average above 2 means the"
  echo "figures include waiting for a CPU: compare ratios measured in the same run rather than absolute numbers across runs."
  if [ -n "$settled" ]; then echo "Before the browser benchmark the script $settled."; fi
  reused=""
  for sw in GO_BENCH AGENTS STORES WEBHOOK E2E SOAK; do
    [ "${!sw:-1}" = 0 ] && reused="$reused $sw=0"
  done
  if [ -n "$reused" ]; then
    echo "(Reused from the previous run:$reused. The load averages above are of this run.)"
  fi
  echo
  echo "Commands:"
  echo
  echo '```'
  echo "${go_cmd[*]}"
  echo "${load_cmd[*]}"
  echo "${agents_cmd[*]}"
  echo "${store_cmd[*]}"
  echo "${hook_cmd[*]}"
  echo "FLOOR_DIR=\$(go run ./.ci/perf/sizereport -floor-only) PERF_DIR=$RAW ${e2e_cmd[*]}"
  echo "${soak_cmd[*]}"
  echo '```'
  echo
  echo "## Against the targets"
  echo
  echo "| metric | measured | target | |"
  echo "|---|---:|---|---|"
  echo "| \`/api/time\` full server handler ÷ bare \`net/http\` handler, requests/s over loopback | ${ratio:-?}× (${srps:-?} vs ${brps:-?} req/s) | ≥ 0.8× | $(verdict "$ratio" ge 0.8) |"
  echo "| \`/api/time\` p99 latency under load (64 connections), server / bare | ${sp99:-?} µs / ${bp99:-?} µs | server ≤ 2 × bare = ${p99_limit:-?} µs | $(verdict "$sp99" le "${p99_limit:-0}") |"
  echo "| phone profile (CPU 4× slower, 150 ms, 1.6/0.75 Mbit/s), healthy, navigation → done (median of 3 first visits) | ${phone:-?} ms | ≤ 9000 ms | $(verdict "$phone" le 9000) |"
  echo "| phone profile: navigation → the wasm's last byte; → go-app's first render (product) | ${phone_wasm:-?} ms; ${phone_mounted:-?} ms | | |"
  echo "| phone profile: go-app floor (patched, as the product), navigation → first render | ${floor_render:-?} ms | | |"
  echo "| phone profile: blocking time (long tasks' time over 50 ms, FCP → done; the floor: FCP → its first render + 1 s), product; floor; product ÷ floor | ${phone_blocking:-?} ms; ${floor_blocking:-?} ms; ${blocking_ratio:-?}× | ≤ 1.3× (as Lighthouse's mobile TBT target) | $(verdict "$blocking_ratio" le 1.3) |"
  echo "| phone profile: full answers for \`/web/app.wasm\` per first visit (page, preload and service worker together) | ${phone_transfers:-?} | 1 | $(verdict "$phone_transfers" le 1) |"
  echo "| open → done, healthy, wasm start → done (median of 5 first visits) | ${healthy:-?} ms | ≤ 1500 ms | $(verdict "$healthy" le 1500) |"
  echo "| open → done, one endpoint black-holed, wasm start → done | ${hole:-?} ms | ≤ probe timeout + 500 = $hole_goal ms | $(verdict "$hole" le "$hole_goal") |"
  echo "| repeat visit from the service worker, navigation → rendered (same tab: V8 reuses the compiled wasm) | ${repeat:-?} ms | ≤ 500 ms | $(verdict "$repeat" le 500) |"
  echo "| repeat visit from the service worker in a new tab (new renderer process: the wasm compiles again), navigation → rendered; → done | ${repeat_tab:-?} ms; ${repeat_tab_done:-?} ms | ≤ 500 ms | $(verdict "$repeat_tab" le 500) |"
  echo "| the new tab before the page's own code runs, navigation → wasm instance; → Go main (the runtime's start and the packages' init); the floor's instance | ${repeat_tab_boot:-?} ms; ${repeat_tab_main:-?} ms; ${floor_repeat_tab_boot:-?} ms | (where the new tab's time goes) | |"
  echo "| the same two repeat visits of the go-app floor (patched, as the product; a one-component hello), navigation → first render: same tab; new tab | ${floor_repeat:-?} ms; ${floor_repeat_tab:-?} ms | (reference: go-app and the Go runtime alone) | |"
  echo "| main-thread blocking, healthy, wasm start → done (long tasks' time over 50 ms, unthrottled); longest task | ${blocking:-?} ms; ${longest:-?} ms | (Lighthouse: TBT ≤ 300 ms at 4× CPU slowdown) | |"
  echo "| uploads/s with the webhook on ÷ off, same run (SQLite; PostgreSQL): the outbox's cost | ${hook_sqlite:-?}; ${hook_pg:-?} | ≥ 0.9 (≤ 10 % cost) | $(verdict "$hook_worst" ge 0.9) |"
  echo "| soak of the server binary (2,000 uploads over 20 s from 8 loopback addresses, SIGKILL + restart halfway): acknowledged / found, lost | ${soak_acked:-?} of ${soak_sent:-?} / ${soak_found:-?}, ${soak_lost:-?} lost | 0 lost | $(verdict "$soak_lost" le 0) |"
  echo "| main-thread CPU time, healthy, navigation → done (thread ticks: what the device spends; compare builds with it in interleaved rounds) | ${cpu:-?} ms | | |"
  echo "| agents' console, first visit signed in, 24 h chart: wasm start → chart drawn (loopback, median of 5) | ${console_chart:-?} ms (navigation → chart ${console_nav:-?} ms) | ≤ 1500 ms (the check page's wasm start → done) | $(verdict "$console_chart" le 1500) |"
  echo "| agents' console on the phone profile: navigation → chart drawn (median of 3) | ${console_phone:-?} ms | ≤ 9000 ms (the check page's navigation → done) | $(verdict "$console_phone" le 9000) |"
  echo
  echo "The \`/api/time\` comparison (\`BenchmarkAPITimeLoopback\`, server/httpserver/bench_test.go) serves both handlers on"
  echo "127.0.0.1 in the same process with the server binary's \`http.Server\` settings; the full handler is wrapped as"
  echo "server/main.go wraps it (access log → security headers → mux → \`handleTime\`). 64 keep-alive clients load each for"
  echo "3 s in total, in 6 alternating rounds (server, bare, server, …) so that both see the same background load."
  echo "\`BenchmarkAPITime\` is the same pair in process (no network) for ns/op and allocs/op."
  echo
  echo "## Agent queries (SQLite and PostgreSQL, ${AGENTS_N:-1000000} reports each)"
  echo
  echo "\`BenchmarkAgentQueries\` (server/httpserver/agents_bench_test.go): ${AGENTS_N:-1000000} synthetic reports over 30 days"
  echo "(\`storetest.Synthetic\`: a realistic mix of findings, systems and apps), bulk-loaded once into \`build/perf\` for SQLite and at"
  echo "every run into a throwaway PostgreSQL cluster (pgtest, the engine's default settings); each kind is"
  echo "200 requests with random parameters through the whole handler in process (token, parsing, store, JSON or CSV), after"
  echo "10 to warm the cache. Target: p95 ≤ 100 ms for every list and stats kind."
  grep -h '^agent queries:' "$RAW/agents.txt" | sed 's/^/- /' || true
  echo
  echo "| store/kind | p50 | p95 | |"
  echo "|---|---:|---:|---|"
  agents_table "$RAW/agents.txt"
  echo
  echo "## Go benchmarks"
  echo
  if grep -q '^FAIL' "$RAW/go.txt"; then
    echo "**Failed:** $(grep -E '^(FAIL|---.FAIL)' "$RAW/go.txt" | tr '\n' ' ')"
    echo
  fi
  echo "| benchmark | iterations | metrics |"
  echo "|---|---:|---|"
  table "$RAW/go.txt"
  echo
  echo "## Report stores: uploads on SQLite and on PostgreSQL, one and two replicas"
  echo
  if grep -qE '^(FAIL|--- FAIL|--- SKIP)' "$RAW/stores.txt"; then
    echo "**Not measured:** $(grep -E '^(FAIL|--- FAIL|--- SKIP)|SKIPPING|Error' "$RAW/stores.txt" | head -3 | tr '\n' ' ')"
    echo
  fi
  echo "| store | servers | uploads/s | p50 | p99 |"
  echo "|---|---:|---:|---:|---:|"
  for setup in "sqlite-1 SQLite 1" "pg-1 PostgreSQL 1" "pg-2 PostgreSQL 2"; do
    read -r key name n <<<"$setup"
    echo "| $name | $n | $(metric "$RAW/stores.txt" '^BenchmarkUploadStores' "$key-req/s") | $(metric "$RAW/stores.txt" '^BenchmarkUploadStores' "$key-p50-ms") ms | $(metric "$RAW/stores.txt" '^BenchmarkUploadStores' "$key-p99-ms") ms |"
  done
  echo
  echo "\`BenchmarkUploadStores\` (server/httpserver/store_bench_test.go): 32 keep-alive clients POST a 2 KB report to the"
  echo "production handler over loopback; every 201 waited for a durable commit (SQLite: WAL, synchronous=FULL, group commit;"
  echo "PostgreSQL 15 from Debian, a throwaway cluster on this machine, fsync and synchronous_commit on, the pool's default"
  echo "size: max(4, CPUs) connections per server). With two servers the clients are spread over both, each server with its"
  echo "own pool on the same database. The setups take turns in 6 rounds so that they share the background load. Servers,"
  echo "clients and PostgreSQL share this machine's CPUs and disk: the second server shows what sharing one database costs,"
  echo "not how far more machines scale. SQLite has no second server: its file belongs to one host."
  echo
  echo "## Webhook: uploads with the outbox on and off"
  echo
  if grep -qE '^(FAIL|--- FAIL|--- SKIP)' "$RAW/webhook.txt"; then
    echo "**Not measured:** $(grep -E '^(FAIL|--- FAIL|--- SKIP)|SKIPPING|Error' "$RAW/webhook.txt" | head -3 | tr '\n' ' ')"
    echo
  fi
  echo "| store | webhook | uploads/s | p50 | p99 |"
  echo "|---|---|---:|---:|---:|"
  for setup in "sqlite-off SQLite off" "sqlite-on SQLite on" "pg-off PostgreSQL off" "pg-on PostgreSQL on"; do
    read -r key name on <<<"$setup"
    echo "| $name | $on | $(metric "$RAW/webhook.txt" '^BenchmarkUploadWebhook' "$key-req/s") | $(metric "$RAW/webhook.txt" '^BenchmarkUploadWebhook' "$key-p50-ms") ms | $(metric "$RAW/webhook.txt" '^BenchmarkUploadWebhook' "$key-p99-ms") ms |"
  done
  echo
  echo "\`BenchmarkUploadWebhook\` (server/httpserver/webhook_bench_test.go): 32 keep-alive clients POST a 2 KB report to the"
  echo "production handler over loopback, each setup with a database of its own. With the webhook on, every upload's"
  echo "transaction also queues its delivery, and the worker in the same process claims, signs and POSTs it to a light local"
  echo "receiver that verifies the signature, then records the outcome: the worker and the receiver compete with the uploads"
  echo "for this machine's CPUs and the store's writer. The setups take turns (forwards, then backwards) in 8 rounds; every"
  echo "delivery is checked to have arrived: $(metric "$RAW/webhook.txt" '^BenchmarkUploadWebhook' deliveries) deliveries."
  if [ -s "$RAW/e2e.txt" ]; then
    echo
    echo "## Browser: open → done (server/e2e BenchmarkOpenToDone)"
    echo
    echo "| benchmark | iterations | metrics |"
    echo "|---|---:|---|"
    table "$RAW/e2e.txt"
    echo
    echo "Per-run lines:"
    echo
    echo '```'
    grep -E 'first visit:|repeat:|repeat in a new tab:|floor repeat|goal:|phone run|floor run|profile:|FAIL|panic|Error' "$RAW/e2e.txt" | sed 's/^ *//' | cut -c1-700 || true
    echo '```'
  fi
  if [ -s "$RAW/soak.txt" ]; then
    echo
    echo "## Soak: uploads through SIGKILL (server BenchmarkSoak)"
    echo
    echo "| benchmark | iterations | metrics |"
    echo "|---|---:|---|"
    table "$RAW/soak.txt"
    echo
    echo '```'
    grep -E 'soak:|FAIL|panic|Error' "$RAW/soak.txt" | sed 's/^ *//' | cut -c1-700 || true
    echo '```'
  fi
  echo
  echo "The phone runs (\`BenchmarkPhone\`, server/e2e/phone_bench_test.go) emulate the phone on the page target before navigating"
  echo "(CDP \`Network.emulateNetworkConditionsByRule\`: 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up; \`Emulation.setCPUThrottlingRate\` 4),"
  echo "every probe host answering at once, a fresh profile per visit. Each run's phases come from the page's own marks and"
  echo "Resource Timing, its requests from DevTools' Network events (\`build/perf/bench/phone-run-N.txt\`), the wasm's answers"
  echo "from the server. Requests the service worker makes itself are not throttled by the page's emulation."
  echo
  echo "Raw output: \`build/perf/bench/go.txt\`, \`build/perf/bench/stores.txt\`, \`build/perf/bench/webhook.txt\`, \`build/perf/bench/e2e.txt\`, \`build/perf/bench/phone-run-N.txt\`, \`build/perf/bench/soak.txt\`."
} > "$OUT"
echo >&2
cat "$OUT"
echo "written to $OUT" >&2
exit "$status"
