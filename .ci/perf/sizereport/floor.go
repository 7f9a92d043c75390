package main

import (
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

type floorSize struct{ Raw, Gzip, Brotli int }

// The floors: built against the patched go-app (as the product's wasm is)
// or against the genuine module.
const (
	floorPatched = "patched"
	floorGenuine = "genuine"
)

// floorDir is the cache directory of a floor build.
func (m *Main) floorDir(goapp string) (string, error) {
	name := "floor"
	if goapp == floorGenuine {
		name = "floor-genuine"
	}
	return filepath.Abs(filepath.Join(m.WorkDir, name))
}

// floor builds (or reuses from WorkDir) the go-app hello wasm and its
// compressed copies, against the patched go-app (goapp "patched": the same
// replace as the product's -modfile) or the genuine module. The cache is
// keyed by the Go version, the flags, go.mod's go-app requirement and the
// patch; brotli -q 11 of a 7 MB wasm takes ~25 s.
func (m *Main) floor(goapp string) (floorSize, error) {
	dir, err := m.floorDir(goapp)
	if err != nil {
		return floorSize{}, err
	}
	goVersion, err := output("go", "env", "GOVERSION")
	if err != nil {
		return floorSize{}, err
	}
	gomod := "module floor\n\ngo 1.26.0\n\nrequire github.com/maxence-charriere/go-app/v9 v9.8.0\n"
	key := strings.TrimSpace(goVersion) + " go-app v9.8.0 -trimpath -gcflags=" + m.GCFlags + " -ldflags=-s -w; brotli -q 11; gzip -9 -n\n" + floorMain
	if goapp == floorPatched {
		patched, err := filepath.Abs(m.GoappDir)
		if err != nil {
			return floorSize{}, err
		}
		if _, err := os.Stat(filepath.Join(patched, "pkg", "app", "http_wasm.go")); err != nil {
			return floorSize{}, fmt.Errorf("no patched go-app in %s: run `make build` first (wasm/patch-goapp.sh makes it)", m.GoappDir)
		}
		gomod += "\nreplace github.com/maxence-charriere/go-app/v9 v9.8.0 => " + patched + "\n"
		patch, err := os.ReadFile(goappPatch)
		if err != nil {
			return floorSize{}, fmt.Errorf("run from the module root (reading %s): %w", goappPatch, err)
		}
		key += "\n" + gomod + "\n" + string(patch)
	}
	wasm := filepath.Join(dir, "app.wasm")
	if stamp, err := os.ReadFile(filepath.Join(dir, "stamp")); err != nil || string(stamp) != key {
		fmt.Fprintf(m.Stderr, "sizereport: building the go-app floor (%s go-app) in %s (brotli -q 11 takes ~25 s)…\n", goapp, dir)
		if err := os.RemoveAll(dir); err != nil {
			return floorSize{}, err
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return floorSize{}, err
		}
		src, err := format.Source([]byte("package main\n\nimport (\n\t\"syscall/js\"\n\n\t\"github.com/maxence-charriere/go-app/v9/pkg/app\"\n)\n\n" +
			strings.ReplaceAll(floorMain, "; ", "\n\n") + "\n"))
		if err != nil {
			return floorSize{}, err
		}
		gosum, err := os.ReadFile("go.sum")
		if err != nil {
			return floorSize{}, fmt.Errorf("run from the module root (reading go.sum): %w", err)
		}
		for name, body := range map[string][]byte{"go.mod": []byte(gomod), "main.go": src, "go.sum": gosum} {
			if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
				return floorSize{}, err
			}
		}
		build := exec.Command("go", "build", "-trimpath", "-gcflags="+m.GCFlags, "-ldflags=-s -w", "-o", wasm, ".")
		build.Dir = dir
		build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOFLAGS=-mod=mod", "GOWORK=off")
		if out, err := build.CombinedOutput(); err != nil {
			return floorSize{}, fmt.Errorf("go build: %v\n%s", err, out)
		}
		if out, err := exec.Command("brotli", "-q", "11", "-f", "-o", wasm+".br", wasm).CombinedOutput(); err != nil {
			return floorSize{}, fmt.Errorf("brotli: %v\n%s", err, out)
		}
		gz, err := exec.Command("gzip", "-9", "-n", "-c", wasm).Output()
		if err != nil {
			return floorSize{}, fmt.Errorf("gzip: %w", err)
		}
		if err := os.WriteFile(wasm+".gz", gz, 0o644); err != nil {
			return floorSize{}, err
		}
		if err := os.WriteFile(filepath.Join(dir, "stamp"), []byte(key), 0o644); err != nil {
			return floorSize{}, err
		}
	}
	var s floorSize
	for _, f := range []struct {
		name string
		n    *int
	}{{wasm, &s.Raw}, {wasm + ".gz", &s.Gzip}, {wasm + ".br", &s.Brotli}} {
		st, err := os.Stat(f.name)
		if err != nil {
			return s, err
		}
		*f.n = int(st.Size())
	}
	return s, nil
}
