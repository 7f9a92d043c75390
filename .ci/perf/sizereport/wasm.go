package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// `go tool nm` does not read wasm ("unrecognized object file"), so the
// breakdown reads the module itself: the code section gives each function
// body's size and the name section (kept when the build omits -s) its Go
// name. Data (rodata, type descriptors, pclntab…) is one blob of segments
// without names in wasm; it is reported as a whole.

// wasmSection is one section of a wasm module.
type wasmSection struct {
	ID   byte
	Name string // custom sections only
	Data []byte
}

// wasmFunc is one function defined in the module.
type wasmFunc struct {
	Name string
	Size int // body bytes in the code section
	Body []byte
}

var wasmSectionNames = map[byte]string{
	0: "custom", 1: "type", 2: "import", 3: "function", 4: "table", 5: "memory", 6: "global",
	7: "export", 8: "start", 9: "element", 10: "code", 11: "data", 12: "datacount",
}

func uleb(b []byte) (uint64, int, error) {
	v, n := binary.Uvarint(b)
	if n <= 0 {
		return 0, 0, errors.New("bad LEB128")
	}
	return v, n, nil
}

// readName reads a length-prefixed string.
func readName(b []byte) (string, int, error) {
	l, n, err := uleb(b)
	if err != nil || n+int(l) > len(b) {
		return "", 0, errors.New("bad name")
	}
	return string(b[n : n+int(l)]), n + int(l), nil
}

func parseSections(mod []byte) ([]wasmSection, error) {
	if len(mod) < 8 || !bytes.Equal(mod[:4], []byte("\x00asm")) {
		return nil, errors.New("not a wasm module")
	}
	var out []wasmSection
	b := mod[8:]
	for len(b) > 0 {
		id := b[0]
		size, n, err := uleb(b[1:])
		if err != nil || 1+n+int(size) > len(b) {
			return nil, errors.New("truncated section")
		}
		s := wasmSection{ID: id, Data: b[1+n : 1+n+int(size)]}
		if id == 0 {
			name, k, err := readName(s.Data)
			if err != nil {
				return nil, err
			}
			s.Name, s.Data = name, s.Data[k:]
		}
		out = append(out, s)
		b = b[1+n+int(size):]
	}
	return out, nil
}

// importedFuncs counts the function imports (they come first in the index space).
func importedFuncs(imp []byte) (int, error) {
	count, n, err := uleb(imp)
	if err != nil {
		return 0, err
	}
	b := imp[n:]
	funcs := 0
	for range count {
		for range 2 { // module, field
			_, k, err := readName(b)
			if err != nil {
				return 0, err
			}
			b = b[k:]
		}
		kind := b[0]
		b = b[1:]
		switch kind {
		case 0: // func: type index
			_, k, err := uleb(b)
			if err != nil {
				return 0, err
			}
			b = b[k:]
			funcs++
		case 1: // table: reftype, limits
			b = b[1:]
			fallthrough
		case 2: // memory: limits
			flag := b[0]
			b = b[1:]
			_, k, _ := uleb(b)
			b = b[k:]
			if flag&1 != 0 {
				_, k, _ := uleb(b)
				b = b[k:]
			}
		case 3: // global: valtype, mut
			b = b[2:]
		default:
			return 0, fmt.Errorf("unknown import kind %d", kind)
		}
	}
	return funcs, nil
}

// parseFuncs returns every defined function with its body size and name.
func parseFuncs(secs []wasmSection) ([]wasmFunc, error) {
	var code, imp, names []byte
	for _, s := range secs {
		switch {
		case s.ID == 10:
			code = s.Data
		case s.ID == 2:
			imp = s.Data
		case s.ID == 0 && s.Name == "name":
			names = s.Data
		}
	}
	if code == nil {
		return nil, errors.New("no code section")
	}
	nimp := 0
	if imp != nil {
		var err error
		if nimp, err = importedFuncs(imp); err != nil {
			return nil, err
		}
	}
	count, n, err := uleb(code)
	if err != nil {
		return nil, err
	}
	b := code[n:]
	funcs := make([]wasmFunc, 0, count)
	for range count {
		size, k, err := uleb(b)
		if err != nil || k+int(size) > len(b) {
			return nil, errors.New("truncated code section")
		}
		funcs = append(funcs, wasmFunc{Size: k + int(size), Body: b[k : k+int(size)]})
		b = b[k+int(size):]
	}
	// name section: subsections (id, size); id 1 is the function name map.
	for len(names) > 0 {
		id := names[0]
		size, k, err := uleb(names[1:])
		if err != nil {
			break
		}
		sub := names[1+k : 1+k+int(size)]
		names = names[1+k+int(size):]
		if id != 1 {
			continue
		}
		cnt, k, _ := uleb(sub)
		sub = sub[k:]
		for range cnt {
			idx, k, err := uleb(sub)
			if err != nil {
				return nil, err
			}
			sub = sub[k:]
			name, k, err := readName(sub)
			if err != nil {
				return nil, err
			}
			sub = sub[k:]
			if i := int(idx) - nimp; i >= 0 && i < len(funcs) {
				funcs[i].Name = name
			}
		}
	}
	return funcs, nil
}

// wasmNameRe is what Go's wasm linker replaces with "_" in the name section
// (cmd/link/internal/wasm: nameRegexp), so "a/b-c.(*T).M" becomes "a_b_c.__T_.M".
var wasmNameRe = regexp.MustCompile(`[^\w.]`)

// pkgResolver maps a name-section function name back to its Go package path,
// using the packages the wasm is built from (go list -deps), sanitized the
// way the linker sanitizes names; the longest match wins.
type pkgResolver struct {
	bySanitized map[string]string
	maxLen      int
}

func newPkgResolver(pkgs []string) *pkgResolver {
	r := &pkgResolver{bySanitized: map[string]string{}}
	for _, p := range pkgs {
		s := wasmNameRe.ReplaceAllString(p, "_")
		r.bySanitized[s] = p
		r.maxLen = max(r.maxLen, len(s))
	}
	return r
}

// pkgOf returns the package path of a function name, or a bracketed bucket
// for linker- and compiler-generated functions.
func (r *pkgResolver) pkgOf(name string) string {
	if name == "" {
		return "(unnamed)"
	}
	n := strings.TrimPrefix(name, "type_.eq.") // generated equality of a type
	// Try every "." in the name as the end of the package path, longest first.
	for i := min(len(n), r.maxLen+1) - 1; i > 0; i-- {
		if n[i] != '.' {
			continue
		}
		if p, ok := r.bySanitized[n[:i]]; ok {
			return p
		}
	}
	if n != name {
		return "(type equality functions)"
	}
	return "(linker-generated: " + name + ")"
}

// groupOf puts a package into a coarse origin group.
func groupOf(pkg string) string {
	switch {
	case strings.HasPrefix(pkg, "wpscheck/"):
		return "wpscheck (this product)"
	case strings.HasPrefix(pkg, "github.com/maxence-charriere/go-app/"):
		return "go-app v9"
	case strings.HasPrefix(pkg, "("):
		return "linker/compiler-generated"
	case strings.HasPrefix(pkg, "crypto/"), strings.HasPrefix(pkg, "vendor/golang.org/x/crypto"):
		return "Go standard library: crypto/*"
	case strings.HasPrefix(pkg, "net/") || pkg == "net" || strings.HasPrefix(pkg, "vendor/golang.org/x/net"):
		return "Go standard library: net, net/http and friends"
	case strings.HasPrefix(pkg, "runtime") || strings.HasPrefix(pkg, "internal/") || pkg == "sync" || pkg == "sync/atomic":
		return "Go runtime and internal"
	case strings.HasPrefix(pkg, "syscall"):
		return "syscall (incl. syscall/js)"
	case !strings.Contains(strings.SplitN(pkg, "/", 2)[0], "."):
		return "Go standard library"
	}
	parts := strings.SplitN(pkg, "/", 4)
	return "third-party: " + strings.Join(parts[:min(3, len(parts))], "/")
}

func gzipLen(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Len()
}

// breakdown reports the sections of the shipped wasm and, from a build of the
// same code that keeps the name section, code bytes per package and per function.
func (m *Main) breakdown(r *report, shipped string) error {
	mod, err := os.ReadFile(shipped)
	if err != nil {
		return err
	}
	secs, err := parseSections(mod)
	if err != nil {
		return err
	}
	r.printf("## What in the wasm costs what\n\n")
	r.printf("`go tool nm` does not read wasm (`unrecognized object file`), so this reads the module: sections of the\n")
	r.printf("shipped `static/web/app.wasm`, then code bytes per Go package and per function from a build of the same\n")
	r.printf("code without `-s` (`GOOS=js GOARCH=wasm go build -modfile=%s -trimpath -gcflags='%s' -ldflags=-w ./wasm`), which keeps the wasm\n", m.ModFile, m.GCFlags)
	r.printf("name section. Data (read-only data, type descriptors, pclntab) is one unnamed blob in wasm.\n\n")
	r.printf("| section | bytes | share | gzip -9 of the section alone |\n|---|---:|---:|---:|\n")
	total := len(mod)
	for _, s := range secs {
		name := wasmSectionNames[s.ID]
		if s.ID == 0 {
			name = "custom `" + s.Name + "`"
		}
		gz := ""
		if len(s.Data) > 4096 {
			gz = num(gzipLen(s.Data))
		}
		r.printf("| %s | %s | %.1f %% | %s |\n", name, num(len(s.Data)), 100*float64(len(s.Data))/float64(total), gz)
	}
	r.printf("| **file** | **%s** | | |\n\n", num(total))

	named := filepath.Join(m.WorkDir, "app-names.wasm")
	if err := os.MkdirAll(m.WorkDir, 0o755); err != nil {
		return err
	}
	build := exec.Command("go", "build", "-modfile="+m.ModFile, "-trimpath", "-gcflags="+m.GCFlags, "-ldflags=-w", "-o", named, "./wasm")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("building the wasm with names: %v\n%s", err, out)
	}
	nmod, err := os.ReadFile(named)
	if err != nil {
		return err
	}
	nsecs, err := parseSections(nmod)
	if err != nil {
		return err
	}
	funcs, err := parseFuncs(nsecs)
	if err != nil {
		return err
	}
	list := exec.Command("go", "list", "-modfile="+m.ModFile, "-deps", "./wasm")
	list.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := list.Output()
	if err != nil {
		return fmt.Errorf("go list -modfile=%s -deps ./wasm: %w", m.ModFile, err)
	}
	resolve := newPkgResolver(strings.Fields(string(out)))
	codeTotal := 0
	type agg struct {
		name  string
		size  int
		funcs int
		body  bytes.Buffer
	}
	pkgs := map[string]*agg{}
	groups := map[string]*agg{}
	for _, f := range funcs {
		codeTotal += f.Size
		p := resolve.pkgOf(f.Name)
		if pkgs[p] == nil {
			pkgs[p] = &agg{name: p}
		}
		pkgs[p].size += f.Size
		pkgs[p].funcs++
		pkgs[p].body.Write(f.Body)
		g := groupOf(p)
		if groups[g] == nil {
			groups[g] = &agg{name: g}
		}
		groups[g].size += f.Size
		groups[g].funcs++
	}
	sorted := func(m map[string]*agg) []*agg {
		var out []*agg
		for _, a := range m {
			out = append(out, a)
		}
		sort.Slice(out, func(i, j int) bool {
			return out[i].size > out[j].size || out[i].size == out[j].size && out[i].name < out[j].name
		})
		return out
	}
	r.printf("Code section of the named build: %s bytes in %d functions (shipped build: see the table above).\n\n", num(codeTotal), len(funcs))
	// The linked code, not only the import graph: go-app's server half must
	// not be in it (make lint checks the import graph).
	serverHalf := map[string]int{}
	for p, a := range pkgs {
		for _, root := range []string{"net/http", "crypto/tls"} {
			if p == root || strings.HasPrefix(p, root+"/") {
				serverHalf[root] += a.funcs
			}
		}
	}
	r.printf("Functions linked from `net/http`: %d; from `crypto/tls`: %d.\n\n", serverHalf["net/http"], serverHalf["crypto/tls"])
	r.printf("### Code by origin\n\n| origin | functions | code bytes | share |\n|---|---:|---:|---:|\n")
	for _, g := range sorted(groups) {
		r.printf("| %s | %d | %s | %.1f %% |\n", g.name, g.funcs, num(g.size), 100*float64(g.size)/float64(codeTotal))
	}
	r.printf("\n### Top 25 packages by code bytes\n\n")
	r.printf("The gzip column compresses that package's function bodies alone: an estimate of what it adds on the wire.\n\n")
	r.printf("| # | package | functions | code bytes | share | gzip -9 alone |\n|---:|---|---:|---:|---:|---:|\n")
	for i, p := range sorted(pkgs) {
		if i == 25 {
			break
		}
		r.printf("| %d | `%s` | %d | %s | %.1f %% | %s |\n", i+1, p.name, p.funcs, num(p.size), 100*float64(p.size)/float64(codeTotal), num(gzipLen(p.body.Bytes())))
	}
	r.printf("| | %d packages in all | %d | %s | | |\n\n", len(pkgs), len(funcs), num(codeTotal))

	sort.Slice(funcs, func(i, j int) bool { return funcs[i].Size > funcs[j].Size })
	r.printf("### Top 25 functions by code bytes\n\n| # | function | code bytes |\n|---:|---|---:|\n")
	for i, f := range funcs {
		if i == 25 {
			break
		}
		r.printf("| %d | `%s` | %s |\n", i+1, strings.ReplaceAll(f.Name, "|", `\|`), num(f.Size))
	}
	r.printf("\n")
	return nil
}
