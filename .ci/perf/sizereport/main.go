// Command sizereport measures what a first visit to the self-check costs.
//
// It builds the server's handler in this process from the static directory
// (as the server binary does with -static-dir), fetches the page "/" and
// everything a browser then loads — the files the page references, what
// app.js loads (the wasm, the service worker), the manifest's icons and every
// file the service worker precaches — once per content coding (identity,
// gzip, brotli), exactly as served. Beside it, it builds the go-app floor: a
// one-component go-app hello built and compressed the same way as the
// product's wasm (against the same patched go-app, through the same
// -modfile), put in the same page, and for reference the same hello built
// against the genuine go-app. It then breaks the product's wasm down by Go
// package and by function (code bytes from the wasm's code section, names
// from its name section), writes the report as markdown and prints it.
//
// Usage (from the module root; `make size` does this):
//
//	go run ./.ci/perf/sizereport -static static -out docs/perf/size.md
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"wpscheck/app/ui"
	"wpscheck/server/httpserver"
)

// BudgetBytes is the first-visit budget: all assets, brotli, 1.25 MB
// (decimal): at 1.6 Mbit/s, about 6.3 s of download.
const BudgetBytes = 1_250_000

// DefaultGCFlags is the compiler flags of the shipped wasm when the
// environment does not name them: the Makefile's WASM_GCFLAGS (which make
// exports to this program), so that the floor and the wasm with names are
// built exactly as app.wasm is.
const DefaultGCFlags = "all=-l"

// DefaultModFile and DefaultGoappDir are where the Makefile (WASM_MODFILE,
// GOAPP_DIR, exported to this program) puts the module file of the wasm
// build and the patched go-app it replaces go-app with (wasm/patch-goapp.sh).
const (
	DefaultModFile  = "build/goapp/wasm.mod"
	DefaultGoappDir = "build/goapp/go-app"
)

// goappPatch is the patch the wasm build applies to go-app; the floor's
// cache is keyed by its content.
const goappPatch = "wasm/goapp-v9.8.0-wasm.patch"

func main() {
	m := &Main{Stdout: os.Stdout, Stderr: os.Stderr}
	if err := m.ParseFlags(os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if err := m.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "sizereport:", err)
		os.Exit(1)
	}
}

// Main is the program: its fields are the settings from flags.
type Main struct {
	StaticDir  string // holds web/app.wasm and the other static files
	Out        string // markdown report path; empty: print only
	WorkDir    string // cache for the floor build and the named wasm
	Floor      bool   // build and report the go-app floor
	Breakdown  bool   // report the per-package wasm breakdown
	Strict     bool   // exit non-zero when the first visit is over budget
	FloorOnly  bool   // only build the floor and print its directory
	GCFlags    string // -gcflags of the wasm builds, as the Makefile builds app.wasm
	ModFile    string // -modfile of the product's wasm build (go-app patched)
	GoappDir   string // the patched go-app the floor is built against
	FloorGoapp string // which floor -floor-only builds: patched or genuine

	Stdout, Stderr io.Writer
}

// ParseFlags reads the command line.
func (m *Main) ParseFlags(args []string) error {
	fs := flag.NewFlagSet("sizereport", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.StringVar(&m.StaticDir, "static", "static", "static directory (holding web/app.wasm)")
	fs.StringVar(&m.Out, "out", "", "write the markdown report here too")
	fs.StringVar(&m.WorkDir, "work", "build/perf", "cache directory for the floor build and the wasm with names")
	fs.BoolVar(&m.Floor, "floor", true, "build and report the go-app floor")
	fs.BoolVar(&m.Breakdown, "breakdown", true, "report what in the wasm costs what")
	fs.BoolVar(&m.Strict, "strict", false, "exit 1 when the first visit is over budget")
	gcflags := os.Getenv("WASM_GCFLAGS")
	if gcflags == "" {
		gcflags = DefaultGCFlags
	}
	fs.StringVar(&m.GCFlags, "gcflags", gcflags, "-gcflags for the floor and the wasm with names (default: $WASM_GCFLAGS, as make builds app.wasm)")
	fs.StringVar(&m.ModFile, "modfile", envOr("WASM_MODFILE", DefaultModFile), "module file of the wasm build, with go-app replaced by the patched copy (default: $WASM_MODFILE, as make builds app.wasm)")
	fs.StringVar(&m.GoappDir, "goapp", envOr("GOAPP_DIR", DefaultGoappDir), "the patched go-app the floor is built against (default: $GOAPP_DIR)")
	fs.BoolVar(&m.FloorOnly, "floor-only", false, "only build (or reuse) the go-app floor and print the directory of its app.wasm, .br and .gz (make lighthouse and make bench measure it)")
	fs.StringVar(&m.FloorGoapp, "floor-goapp", floorPatched, "with -floor-only: the floor built against the patched go-app, as the product is (\""+floorPatched+"\"), or against the genuine module (\""+floorGenuine+"\")")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if m.FloorGoapp != floorPatched && m.FloorGoapp != floorGenuine {
		return fmt.Errorf("-floor-goapp must be %q or %q", floorPatched, floorGenuine)
	}
	return nil
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// Run measures, writes and prints the report.
func (m *Main) Run() error {
	if m.FloorOnly {
		if _, err := m.floor(m.FloorGoapp); err != nil {
			return fmt.Errorf("go-app floor: %w", err)
		}
		dir, err := m.floorDir(m.FloorGoapp)
		if err != nil {
			return err
		}
		fmt.Fprintln(m.Stdout, dir)
		return nil
	}
	static, err := filepath.Abs(m.StaticDir)
	if err != nil {
		return err
	}
	files := os.DirFS(static)
	if _, err := fs.Stat(files, "web/app.wasm"); err != nil {
		return fmt.Errorf("%s/web/app.wasm is missing: run `make build` first", static)
	}
	version, err := httpserver.ContentVersion("sizereport", files)
	if err != nil {
		return err
	}
	ui.Routes()
	h, err := httpserver.New(httpserver.Options{Version: version, Static: files})
	if err != nil {
		return err
	}
	visit, err := FirstVisit(h, "/")
	if err != nil {
		return err
	}
	console, err := FirstVisit(h, "/support")
	if err != nil {
		return err
	}

	var r report
	r.printf("# Size report — first visit\n\n")
	r.printf("Written by `make size` (`go run ./.ci/perf/sizereport -static static -out docs/perf/size.md`) on %s, %s, %s/%s.\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	r.printf("Git: `%s`. Every byte count is what the server's handler answers (in process, same code as the binary)\n", gitDescribe())
	r.printf("for a GET with `Accept-Encoding: identity`, `gzip` or `br`. The first visit is the page and every URL a\n")
	r.printf("browser then fetches: what the page references, what `app.js` loads (wasm, service worker), the manifest's\n")
	r.printf("icons and the service worker's `resourcesToCache` — each URL counted once.\n\n")
	r.printf("## First visit: every asset\n\n")
	r.printf("| path | found in | type | raw | gzip | brotli |\n|---|---|---|---:|---:|---:|\n")
	for _, a := range visit.Assets {
		r.printf("| `%s` | %s | %s | %s | %s | %s |\n", a.Path, strings.Join(a.Via, ", "), shortType(a.ContentType),
			num(a.Raw), encCell(a.Gzip, a.GzipEncoded), encCell(a.Brotli, a.BrotliEncoded))
	}
	raw, gz, br := visit.Totals()
	r.printf("| **total** (%d files) | | | **%s** | **%s** | **%s** |\n\n", len(visit.Assets), num(raw), num(gz), num(br))
	r.printf("A cell marked `=` was served as is (not compressible, or too small to compress). Chromium asks for\n")
	r.printf("`br` only from secure origins: HTTPS, and loopback (Lighthouse on http://127.0.0.1 got the brotli wasm);\n")
	r.printf("a deployment on plain HTTP would send the gzip column.\n\n")

	wasm := visit.Find("/web/app.wasm")
	verdict := "PASS"
	if br > BudgetBytes {
		verdict = "OVER"
	}
	r.printf("## Budget\n\n")
	r.printf("| metric | measured | budget | |\n|---|---:|---:|---|\n")
	r.printf("| first visit, all assets, brotli | %s (%s) | %s | **%s** |\n", num(br), mb(br), num(BudgetBytes), verdict)
	if wasm != nil {
		r.printf("| of which `app.wasm`, brotli | %s (%.0f %%) | | |\n", num(wasm.Brotli), 100*float64(wasm.Brotli)/float64(br))
		r.printf("| everything but the wasm, brotli | %s | | |\n", num(br-wasm.Brotli))
	}
	r.printf("\n")

	// The agents' console is a wasm of its own: not in the first visit above.
	if cw := console.Find("/web/console.wasm"); cw != nil {
		_, _, cbr := console.Totals()
		r.printf("## The agents' console\n\n")
		r.printf("The console (`/support`) runs a wasm of its own (`wasm/console`), so that none of it is in the first visit\n")
		r.printf("above; its loader registers no service worker. Its first visit, counted the same way:\n\n")
		r.printf("| metric | brotli |\n|---|---:|\n")
		r.printf("| console first visit, all assets (%d files) | %s (%s) |\n", len(console.Assets), num(cbr), mb(cbr))
		r.printf("| of which `console.wasm` | %s |\n", num(cw.Brotli))
		if w := console.Find("/web/app.wasm"); w != nil {
			r.printf("| of which the self-check's `app.wasm` | %s |\n", num(w.Brotli))
		}
		r.printf("\n")
	}

	if m.Floor && wasm != nil {
		fl, err := m.floor(floorPatched)
		if err != nil {
			return fmt.Errorf("go-app floor: %w", err)
		}
		gen, err := m.floor(floorGenuine)
		if err != nil {
			return fmt.Errorf("go-app floor (genuine go-app): %w", err)
		}
		r.printf("## The go-app floor\n\n")
		r.printf("A one-component go-app v9.8.0 hello (`%s`), built the same way\n", floorMain)
		r.printf("as the product's wasm (`GOOS=js GOARCH=wasm go build -modfile=%s -trimpath -gcflags='%s' -ldflags='-s -w'`: go-app with\n", m.ModFile, m.GCFlags)
		r.printf("its server half left out by `%s`; `brotli -q 11`, `gzip -9 -n`), put in the same page (the same HTML,\n", goappPatch)
		r.printf("go-app files, CSS, manifest and icons as above, its wasm in place of ours). For reference, the same hello built\n")
		r.printf("against the genuine go-app module (which links `net/http` and `crypto/tls` into every wasm).\n\n")
		r.printf("| | raw | gzip | brotli |\n|---|---:|---:|---:|\n")
		r.printf("| floor `app.wasm` (patched go-app, as the product) | %s | %s | %s |\n", num(fl.Raw), num(fl.Gzip), num(fl.Brotli))
		r.printf("| floor `app.wasm`, genuine go-app (reference) | %s | %s | %s |\n", num(gen.Raw), num(gen.Gzip), num(gen.Brotli))
		r.printf("| product `app.wasm` | %s | %s | %s |\n", num(wasm.Raw), num(wasm.Gzip), num(wasm.Brotli))
		r.printf("| wasm ratio product / floor | %.2f× | %.2f× | %.2f× |\n", ratio(wasm.Raw, fl.Raw), ratio(wasm.Gzip, fl.Gzip), ratio(wasm.Brotli, fl.Brotli))
		fr, fg, fb := raw-wasm.Raw+fl.Raw, gz-wasm.Gzip+fl.Gzip, br-wasm.Brotli+fl.Brotli
		r.printf("| floor first visit | %s | %s | %s |\n", num(fr), num(fg), num(fb))
		r.printf("| floor first visit, genuine go-app | %s | %s | %s |\n", num(raw-wasm.Raw+gen.Raw), num(gz-wasm.Gzip+gen.Gzip), num(br-wasm.Brotli+gen.Brotli))
		r.printf("| product first visit | %s | %s | %s |\n", num(raw), num(gz), num(br))
		r.printf("| **first-visit ratio product / floor** | **%.2f×** | **%.2f×** | **%.2f×** |\n", ratio(raw, fr), ratio(gz, fg), ratio(br, fb))
		r.printf("| what the product adds over the floor | %s | %s | %s |\n", signed(raw-fr), signed(gz-fg), signed(br-fb))
		r.printf("| what the patch saves on the floor | %s | %s | %s |\n\n", signed(fl.Raw-gen.Raw), signed(fl.Gzip-gen.Gzip), signed(fl.Brotli-gen.Brotli))
		if fb > BudgetBytes {
			r.printf("The floor alone is over the budget by %s brotli.\n\n", num(fb-BudgetBytes))
		} else {
			r.printf("The floor alone leaves %s brotli of the budget for the product.\n\n", num(BudgetBytes-fb))
		}
	}

	if m.Breakdown {
		if err := m.breakdown(&r, filepath.Join(static, "web", "app.wasm")); err != nil {
			// The tree may not build while someone edits it: say so in the
			// report rather than lose the sizes measured above.
			r.printf("\n**Breakdown unavailable:** %s\n\n", strings.ReplaceAll(err.Error(), "\n", " "))
			fmt.Fprintln(m.Stderr, "sizereport: wasm breakdown:", err)
		}
	}

	fmt.Fprint(m.Stdout, r.String())
	fmt.Fprintf(m.Stdout, "\nfirst visit brotli total: %s bytes (%s), budget %s: %s\n", num(br), mb(br), num(BudgetBytes), verdict)
	if m.Out != "" {
		if err := os.MkdirAll(filepath.Dir(m.Out), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(m.Out, []byte(r.String()), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "written to %s\n", m.Out)
	}
	if m.Strict && verdict != "PASS" {
		return fmt.Errorf("first visit is %s bytes brotli, over the budget of %s", num(br), num(BudgetBytes))
	}
	return nil
}

func output(name string, args ...string) (string, error) {
	out, err := exec.Command(name, args...).Output()
	return string(out), err
}

func gitDescribe() string {
	out, err := output("git", "describe", "--always", "--dirty", "--tags")
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(out)
}

// report accumulates markdown.
type report struct{ bytes.Buffer }

func (r *report) printf(format string, args ...any) { fmt.Fprintf(&r.Buffer, format, args...) }

// num formats n with thousands separators.
func num(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func signed(n int) string {
	if n >= 0 {
		return "+" + num(n)
	}
	return num(n)
}

func mb(n int) string { return fmt.Sprintf("%.3f MB", float64(n)/1e6) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func encCell(n int, encoded bool) string {
	if encoded {
		return num(n)
	}
	return "= " + num(n)
}

func shortType(ct string) string {
	ct, _, _ = strings.Cut(ct, ";")
	return strings.TrimSpace(ct)
}
