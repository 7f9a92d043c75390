package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// phaseWindow is one phase of a visit and what filled the main thread in
// it: ms in all, and by name (a Go package, a trace event).
type phaseWindow struct {
	name     string
	from, to float64 // ms since navigation
	ms       float64
	by       map[string]float64
}

// windows returns the phases of the visit p timed.
func (p phases) windows() []*phaseWindow {
	ws := []*phaseWindow{
		{name: "navigation → wasm downloaded", from: 0, to: p.WasmEnd},
		{name: "wasm downloaded → instance ready (compile tail, instantiate)", from: p.WasmEnd, to: p.Instance},
		{name: "instance → Go main (runtime and package init)", from: p.Instance, to: p.Main},
		{name: "Go main → go-app mounted", from: p.Main, to: p.Mounted},
		{name: "mounted → done", from: p.Mounted, to: p.Done},
	}
	for _, w := range ws {
		w.by = map[string]float64{}
	}
	return ws
}

// startProfile starts V8's sampling profiler on b's page (every 500 µs).
func startProfile(tb testing.TB, b *testBrowser) {
	tb.Helper()
	_, err := chromedp.Call(b.ctx, profiler.Enable, cdp.Empty{})
	require.NoError(tb, err)
	_, err = chromedp.Call(b.ctx, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 500})
	require.NoError(tb, err)
	_, err = chromedp.Call(b.ctx, profiler.Start, cdp.Empty{})
	require.NoError(tb, err)
}

// stopProfile stops the profiler and returns where the main thread's
// samples went, per phase of the visit (t0: the document request's
// timestamp in seconds, the zero of p's times) and per Go package and
// function over the whole visit. The profile itself goes to PERF_DIR/raw
// (a .cpuprofile opens in DevTools' Performance panel).
func stopProfile(tb testing.TB, b *testBrowser, t0 float64, p phases, raw string) string {
	tb.Helper()
	res, err := chromedp.Call(b.ctx, profiler.Stop, cdp.Empty{})
	require.NoError(tb, err)
	prof := res.Profile
	if js, err := json.Marshal(prof); err == nil {
		keepPerf(tb, raw, string(js))
	}
	byID := map[int64]*profiler.ProfileNode{}
	for _, n := range prof.Nodes {
		byID[n.ID] = n
	}
	windows := p.windows()
	funcs := map[string]float64{}
	t := prof.StartTime // µs
	for i, id := range prof.Samples {
		if i < len(prof.TimeDeltas) {
			t += float64(prof.TimeDeltas[i])
		}
		dt := 0.5 // ms per sample (the interval); deltas vary, the count is what matters
		if i+1 < len(prof.TimeDeltas) {
			dt = float64(prof.TimeDeltas[i+1]) / 1000
		}
		n := byID[id]
		if n == nil || n.CallFrame == nil {
			continue
		}
		name := n.CallFrame.FunctionName
		if name == "" {
			name = "(anonymous " + n.CallFrame.URL + ")"
		}
		if name == "(idle)" {
			continue
		}
		at := (t/1e6 - t0) * 1000
		funcs[name] += dt
		for _, w := range windows {
			if at >= w.from && at < w.to {
				w.ms += dt
				w.by[goPackage(name)] += dt
			}
		}
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "CPU profile of the page's main thread (V8 sampling profiler, 500 µs), idle excluded; ms of samples.\n%s\n\n", p)
	for _, w := range windows {
		fmt.Fprintf(&sb, "%s (%.0f → %.0f ms): %.0f ms busy\n%s\n", w.name, w.from, w.to, w.ms, topN(w.by, 12))
	}
	fmt.Fprintf(&sb, "Top functions over the whole visit (self time):\n%s", topN(funcs, 60))
	return sb.String()
}

// goPackage returns the Go package of a wasm function name as the linker
// wrote it ("wpscheck_app_ui.__checkPage_.Render" → "wpscheck_app_ui";
// "github.com_maxence_charriere_go_app_v9_pkg_app.mount" → the part before
// ".mount": the linker keeps the dot of a module path's host), or the name
// itself for JS and the profiler's own entries.
func goPackage(name string) string {
	if strings.HasPrefix(name, "(") {
		return name
	}
	i := strings.Index(name, ".")
	if i <= 0 || strings.ContainsAny(name[:i], " /") {
		return "js: " + name
	}
	for _, tld := range []string{"com_", "org_", "in_", "io_", "net_"} {
		if strings.HasPrefix(name[i+1:], tld) {
			if j := strings.Index(name[i+1:], "."); j > 0 {
				return name[:i+1+j]
			}
		}
	}
	return name[:i]
}

// traceCategories are the trace categories of a profiling run: the
// main-thread tasks as DevTools' Performance panel shows them, and V8's
// wasm compilation.
var traceCategories = []string{
	"devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "v8.wasm",
	"disabled-by-default-v8.wasm.detailed", "disabled-by-default-v8.wasm.turbofan", "blink.user_timing", "loading",
}

// trace is a Chrome trace being recorded on a page (Tracing domain).
type trace struct {
	mu     sync.Mutex
	events []json.RawMessage
	done   chan struct{}
}

// startTrace starts recording; events arrive as Tracing.dataCollected.
func startTrace(tb testing.TB, b *testBrowser) *trace {
	tb.Helper()
	tr := &trace{done: make(chan struct{})}
	require.NoError(tb, chromedp.Listen(b.ctx, func(ev any) {
		switch e := ev.(type) {
		case *tracing.EventDataCollected:
			tr.mu.Lock()
			for _, v := range e.Value {
				tr.events = append(tr.events, json.RawMessage(v))
			}
			tr.mu.Unlock()
		case *tracing.EventTracingComplete:
			close(tr.done)
		}
	}))
	_, err := chromedp.Call(b.ctx, tracing.Start, tracing.StartParams{
		TransferMode: tracing.StartTransferModeReportEvents,
		TraceConfig:  &tracing.TraceConfig{IncludedCategories: traceCategories},
	})
	require.NoError(tb, err)
	return tr
}

// traceEvent is one event of the trace (JSON trace event format).
type traceEvent struct {
	Name string          `json:"name"`
	Cat  string          `json:"cat"`
	Ph   string          `json:"ph"`
	Ts   float64         `json:"ts"`   // µs
	Dur  float64         `json:"dur"`  // µs, complete events
	Tdur float64         `json:"tdur"` // µs of the thread's CPU time, complete events
	Pid  int             `json:"pid"`
	Tid  int             `json:"tid"`
	Args json.RawMessage `json:"args"`
}

// stop ends the recording, keeps the raw trace (load it in DevTools'
// Performance panel) and returns a summary: the page's main-thread tasks per
// phase of the visit, what filled them, and V8's wasm compilation (the lazy
// compilation by Go package, named from wasmFile, the module served).
func (tr *trace) stop(tb testing.TB, b *testBrowser, name string, t0 float64, p phases, wasmFile string) string {
	tb.Helper()
	_, err := chromedp.Call(b.ctx, tracing.End, cdp.Empty{})
	require.NoError(tb, err)
	select {
	case <-tr.done:
	case <-time.After(60 * time.Second):
		tb.Fatal("the trace never completed")
	}
	tr.mu.Lock()
	raw := tr.events
	tr.mu.Unlock()
	all, err := json.Marshal(map[string]any{"traceEvents": raw})
	require.NoError(tb, err)
	keepPerf(tb, name, string(all))

	var evs []traceEvent
	for _, r := range raw {
		var e traceEvent
		if json.Unmarshal(r, &e) == nil {
			evs = append(evs, e)
		}
	}
	// The page's main thread: the thread named CrRendererMain that ran
	// the wasm (the process with the wasm's compile events).
	threadNames := map[[2]int]string{}
	for _, e := range evs {
		if e.Ph == "M" && e.Name == "thread_name" {
			var a struct {
				Name string `json:"name"`
			}
			_ = json.Unmarshal(e.Args, &a)
			threadNames[[2]int{e.Pid, e.Tid}] = a.Name
		}
	}
	pagePid := 0
	for _, e := range evs {
		if strings.Contains(e.Name, "wasm") && strings.HasPrefix(e.Cat, "v8") {
			pagePid = e.Pid
			break
		}
	}
	ms := func(ts float64) float64 { return ts/1000 - t0*1000 }
	windows := p.windows()
	wasm := map[string][4]float64{} // name → total ms, first start, last end, the thread's CPU ms
	for _, e := range evs {
		if e.Pid != pagePid || e.Ph != "X" {
			continue
		}
		start, end := ms(e.Ts), ms(e.Ts+e.Dur)
		if strings.Contains(strings.ToLower(e.Name), "wasm") {
			w := wasm[threadNames[[2]int{e.Pid, e.Tid}]+": "+e.Name]
			if w[1] == 0 || start < w[1] {
				w[1] = start
			}
			w[0] += e.Dur / 1000
			w[2] = max(w[2], end)
			w[3] += e.Tdur / 1000
			wasm[threadNames[[2]int{e.Pid, e.Tid}]+": "+e.Name] = w
		}
		if threadNames[[2]int{e.Pid, e.Tid}] != "CrRendererMain" {
			continue
		}
		for _, w := range windows {
			s, f := max(start, w.from), min(end, w.to)
			if f <= s {
				continue
			}
			if e.Name == "RunTask" || e.Name == "ThreadControllerImpl::RunTask" {
				w.ms += f - s
			} else {
				w.by[e.Name] += f - s
			}
		}
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "Chrome trace of the page (categories %s), ms since the document request.\n%s\n\n", strings.Join(traceCategories, ","), p)
	sb.WriteString(simulatedBlocking(evs, pagePid, threadNames, ms, p.Main) + "\n")
	for _, w := range windows {
		fmt.Fprintf(&sb, "%s (%.0f → %.0f ms, %.0f ms): main thread in tasks %.0f ms; events inside (nested, so they overlap):\n%s\n",
			w.name, w.from, w.to, w.to-w.from, w.ms, topN(w.by, 14))
	}
	// A worker's wasm.TopTierCompilation is V8 recompiling the functions
	// that ran hot with TurboFan: CPU time taken beside the main thread.
	sb.WriteString("V8 wasm events of the page's process (thread: name — total ms (of it the thread's CPU), first start → last end):\n")
	var names []string
	for k := range wasm {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		w := wasm[k]
		fmt.Fprintf(&sb, "    %s — %.0f ms (CPU %.0f), %.0f → %.0f\n", k, w[0], w[3], w[1], w[2])
	}
	sb.WriteString("\n" + lazyCompiles(evs, pagePid, wasmFile))
	return sb.String()
}

// simulatedBlocking sums, over the page's main-thread tasks from Go's main
// on, what Lighthouse's simulated mobile run would count as blocking: each
// task's time beyond 50 ms once multiplied by four (its CPU slowdown), from
// the tasks' wall time as Lighthouse does and from the main thread's own
// CPU time. Where the two differ, the main thread was waiting for a CPU
// (V8's background compilation, other threads, other processes): that is
// part of Lighthouse's figure but not work the page did.
func simulatedBlocking(evs []traceEvent, pagePid int, threadNames map[[2]int]string, ms func(float64) float64, from float64) string {
	var tasks []traceEvent
	for _, e := range evs {
		if e.Pid == pagePid && e.Ph == "X" && threadNames[[2]int{e.Pid, e.Tid}] == "CrRendererMain" &&
			(e.Name == "RunTask" || e.Name == "ThreadControllerImpl::RunTask") && ms(e.Ts) >= from {
			tasks = append(tasks, e)
		}
	}
	sort.Slice(tasks, func(i, j int) bool { return tasks[i].Ts < tasks[j].Ts })
	var n, over int
	var wall, cpu, wallMS, cpuMS float64
	end := 0.0
	for _, e := range tasks {
		if e.Ts < end { // nested in the task before
			continue
		}
		end = e.Ts + e.Dur
		n++
		if e.Dur > 12500 {
			over++
		}
		wall += max(0, 4*e.Dur/1000-50)
		cpu += max(0, 4*e.Tdur/1000-50)
		wallMS += e.Dur / 1000
		cpuMS += e.Tdur / 1000
	}
	return fmt.Sprintf("Main-thread tasks from Go's main on: %d (%d over 12.5 ms), %.0f ms in them, %.0f ms of it the thread's CPU time. "+
		"Lighthouse-style blocking (each task ×4, beyond 50 ms): %.0f ms from wall time, %.0f ms from CPU time.\n", n, over, wallMS, cpuMS, wall, cpu)
}

// topN lists the n largest entries of m, largest first.
func topN(m map[string]float64, n int) string {
	type kv struct {
		k string
		v float64
	}
	var xs []kv
	for k, v := range m {
		xs = append(xs, kv{k, v})
	}
	sort.Slice(xs, func(i, j int) bool { return xs[i].v > xs[j].v })
	var out strings.Builder
	for i, x := range xs {
		if i == n {
			break
		}
		fmt.Fprintf(&out, "    %7.1f  %s\n", x.v, x.k)
	}
	return out.String()
}

// lazyCompiles sums V8's lazy compilation of wasm functions on the page's
// main thread (wasm.CompileLazy, with the Liftoff part and body bytes from
// wasm.CompileBaseline) by Go package, naming the functions from the name
// section of wasmFile (the build with names the runs served).
func lazyCompiles(evs []traceEvent, pagePid int, wasmFile string) string {
	names, err := wasmFuncNames(wasmFile)
	if err != nil {
		return "lazy compilation by package: " + err.Error() + "\n"
	}
	type agg struct {
		funcs      int
		lazy, base float64
		bytes      int
	}
	byPkg := map[string]*agg{}
	base := map[int]float64{}
	size := map[int]int{}
	for _, e := range evs {
		if e.Pid != pagePid || e.Name != "wasm.CompileBaseline" {
			continue
		}
		var a struct {
			FuncIndex int `json:"funcIndex"`
			BodySize  int `json:"bodySize"`
		}
		if json.Unmarshal(e.Args, &a) == nil {
			base[a.FuncIndex] += e.Dur / 1000
			size[a.FuncIndex] = a.BodySize
		}
	}
	var total agg
	for _, e := range evs {
		if e.Pid != pagePid || e.Name != "wasm.CompileLazy" {
			continue
		}
		var a struct {
			FuncIndex int `json:"func_index"`
		}
		if json.Unmarshal(e.Args, &a) != nil {
			continue
		}
		pkg := goPackage(names[a.FuncIndex])
		if byPkg[pkg] == nil {
			byPkg[pkg] = &agg{}
		}
		for _, x := range []*agg{byPkg[pkg], &total} {
			x.funcs++
			x.lazy += e.Dur / 1000
			x.base += base[a.FuncIndex]
			x.bytes += size[a.FuncIndex]
		}
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "Lazy compilation on the main thread (functions compiled on their first call): %d functions, %.0f ms in wasm.CompileLazy, %.0f ms of it in Liftoff, %d body bytes. By package:\n",
		total.funcs, total.lazy, total.base, total.bytes)
	pkgs := make([]string, 0, len(byPkg))
	for p := range byPkg {
		pkgs = append(pkgs, p)
	}
	sort.Slice(pkgs, func(i, j int) bool { return byPkg[pkgs[i]].lazy > byPkg[pkgs[j]].lazy })
	for i, p := range pkgs {
		if i == 15 {
			break
		}
		a := byPkg[p]
		fmt.Fprintf(&sb, "    %6.0f ms (Liftoff %4.0f ms) %5d functions %8d B  %s\n", a.lazy, a.base, a.funcs, a.bytes, p)
	}
	return sb.String()
}

// wasmFuncNames reads the function names of a wasm module's name section,
// by function index (imports first, as V8 counts them).
func wasmFuncNames(file string) (map[int]string, error) {
	mod, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	if len(mod) < 8 || string(mod[:4]) != "\x00asm" {
		return nil, fmt.Errorf("%s is not a wasm module", file)
	}
	uleb := func(b []byte, i *int) int {
		v, s := 0, 0
		for *i < len(b) {
			c := b[*i]
			*i++
			v |= int(c&0x7f) << s
			s += 7
			if c < 0x80 {
				break
			}
		}
		return v
	}
	names := map[int]string{}
	for i := 8; i < len(mod); {
		id := mod[i]
		i++
		n := uleb(mod, &i)
		body := mod[i:min(len(mod), i+n)]
		i += n
		if id != 0 {
			continue
		}
		j := 0
		l := uleb(body, &j)
		if j+l > len(body) || string(body[j:j+l]) != "name" {
			continue
		}
		j += l
		for j < len(body) {
			sub := body[j]
			j++
			sz := uleb(body, &j)
			end := min(len(body), j+sz)
			if sub == 1 {
				k := j
				for cnt := uleb(body, &k); cnt > 0 && k < end; cnt-- {
					idx := uleb(body, &k)
					nl := uleb(body, &k)
					names[idx] = string(body[k:min(end, k+nl)])
					k += nl
				}
			}
			j = end
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s has no name section (build it without -s)", file)
	}
	return names, nil
}
