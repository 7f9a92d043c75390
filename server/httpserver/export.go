package httpserver

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/andybalholm/brotli"

	"wpscheck/app/i18n"
	"wpscheck/app/ui"
)

// ExportOptions say what page Export writes.
type ExportOptions struct {
	// APIOrigin is the origin of the server the exported page calls for
	// its clock, config, status and uploads (config.ParseOrigin's form),
	// or "" for a page with no API at all.
	APIOrigin string
}

// exportPages are the prerendered pages of an export: the default ("/",
// Chinese) and each language under its own path, so that a static host
// serves every language without content negotiation.
var exportPages = []struct {
	path string
	lang i18n.Lang
	file string
}{
	{ui.PathHome, i18n.ZH, "/index.html"},
	{ui.PathHomeZH, i18n.ZH, "/zh/index.html"},
	{ui.PathHomeEN, i18n.EN, "/en/index.html"},
}

// Export writes into dir, which must be empty or not exist yet, everything
// a static host (object storage, a CDN, any file server) needs to serve
// the self-check with no server of this project behind it:
//
//   - index.html (Chinese), zh/index.html and en/index.html, prerendered,
//     with a <meta http-equiv=Content-Security-Policy> (PagePolicy: a
//     static host does not send this server's headers) and the
//     ui.APIMetaName element that tells the page where its API is;
//   - app.js, app.css, wasm_exec.js, the service worker, the manifest, the
//     icons, the stylesheet and robots.txt;
//   - the self-check's wasm (not the console's), renamed web/app.<hash>.wasm so that it may be cached
//     forever, with .br and .gz siblings (every compressible file has them);
//   - config.json: the public config (GET /api/config) at export time, with
//     upload on only when the page has an API;
//   - _headers: the headers to set, in the format Netlify and Cloudflare
//     Pages read (docs/cdn.md says what to set elsewhere).
//
// opts are the Server's (Version, Static, Config, Now); Export builds its
// own Server with a version of its own, so that a page exported for
// another API origin is a new version to every service worker. It returns
// the paths it wrote, relative to dir.
func Export(opts Options, dir string, x ExportOptions) ([]string, error) {
	if err := emptyDir(dir); err != nil {
		return nil, err
	}
	if opts.Version == "" {
		return nil, errors.New("export: Options.Version is required")
	}
	tag := "static"
	if x.APIOrigin != "" {
		sum := sha256.Sum256([]byte(x.APIOrigin))
		tag = "api-" + hex.EncodeToString(sum[:4])
	}
	opts.Version += "." + tag
	s, err := New(opts)
	if err != nil {
		return nil, err
	}
	wasm, ok := s.assets[checkWasm]
	if !ok {
		return nil, errors.New("export: the static files have no web/app.wasm; run `make build`")
	}
	wasm = withBrotli(wasm)
	raw := wasm.variants[EncIdentity]
	sum := sha256.Sum256(raw)
	hashedWasm := "/web/app." + hex.EncodeToString(sum[:6]) + ".wasm"
	rename := func(what string, b []byte) ([]byte, error) {
		if n := bytes.Count(b, []byte(`"`+checkWasm+`"`)); n != 1 {
			return nil, fmt.Errorf("export: %s names %s %d times, expected once; the export's renaming needs updating", what, checkWasm, n)
		}
		return bytes.Replace(b, []byte(`"`+checkWasm+`"`), []byte(`"`+hashedWasm+`"`), 1), nil
	}

	w := &exportWriter{dir: dir}
	paths := make([]string, 0, len(s.assets))
	for p := range s.assets {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		a := s.assets[p]
		if p == consoleJS || p == consoleWasm {
			continue // the agents' console needs this project's server: not exported
		}
		switch p {
		case checkWasm:
			p, a = hashedWasm, wasm
		case "/app.js", "/app-worker.js":
			body, err := rename(p, a.variants[EncIdentity])
			if err != nil {
				return nil, err
			}
			a = newAsset(a.contentType, body, nil, nil, brotli.BestCompression)
		}
		w.asset(p, a)
	}

	meta := headMeta(x.APIOrigin)
	for _, pg := range exportPages {
		status, body := s.renderPage(pg.path, pg.lang)
		if status != 200 {
			return nil, fmt.Errorf("export: prerendering %s gave status %d", pg.path, status)
		}
		if body, err = rename(pg.file, body); err != nil {
			return nil, err
		}
		if body, err = insertHeadMeta(body, meta); err != nil {
			return nil, err
		}
		w.asset(pg.file, newAsset("text/html; charset=utf-8", body, nil, nil, brotli.BestCompression))
	}

	pub := s.opts.Config.Public(s.now())
	pub.UploadEnabled = pub.UploadEnabled && x.APIOrigin != ""
	snapshot, err := json.Marshal(pub)
	if err != nil {
		return nil, err
	}
	w.file(ui.SnapshotPath, append(snapshot, '\n'))
	w.file("/_headers", headersFile(x.APIOrigin, w.files, hashedWasm, len(raw)))
	return w.files, w.err
}

// emptyDir makes sure dir exists and holds nothing: an export never mixes
// with the files of an older one (a stale file would be served).
func emptyDir(dir string) error {
	if dir == "" {
		return errors.New("export: no directory given")
	}
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		return nil
	case err != nil:
		return fmt.Errorf("export: %w", err)
	case len(entries) > 0:
		return fmt.Errorf("export: %s is not empty; export into a new or empty directory", dir)
	}
	return nil
}

// withBrotli returns a with a brotli variant, compressing it now (quality
// 11: tens of seconds for the wasm) when the build left no .br sibling.
func withBrotli(a *asset) *asset {
	if _, ok := a.variants[EncBrotli]; ok || !compressible(a.contentType) {
		return a
	}
	body := a.variants[EncIdentity]
	out := &asset{contentType: a.contentType, variants: map[Encoding][]byte{}}
	for k, v := range a.variants {
		out.variants[k] = v
	}
	if br := compressBrotliNow(body, brotli.BestCompression); len(br) < len(body) {
		out.variants[EncBrotli] = br
	}
	return out
}

// headMeta is what an exported page's head gets: the CSP a static host
// will not send, and where the page's API is.
func headMeta(apiOrigin string) []byte {
	api := ui.APINone
	if apiOrigin != "" {
		api = apiOrigin
	}
	return []byte("\n" + `<meta http-equiv="Content-Security-Policy" content="` + attrEscaper.Replace(PagePolicy(apiOrigin, true)) + `">` +
		"\n" + `<meta name="` + ui.APIMetaName + `" content="` + attrEscaper.Replace(api) + `">`)
}

// attrEscaper escapes a double-quoted attribute value (and leaves the
// policy's single quotes readable).
var attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// charsetMeta is the first element of go-app's head; the policy must come
// before any element it governs, so it goes right after it.
var charsetMeta = []byte(`<meta charset="UTF-8">`)

func insertHeadMeta(page, meta []byte) ([]byte, error) {
	i := bytes.Index(page, charsetMeta)
	if i < 0 {
		return nil, errors.New(`export: the prerendered page has no <meta charset="UTF-8"> to put the policy after`)
	}
	i += len(charsetMeta)
	out := make([]byte, 0, len(page)+len(meta))
	out = append(out, page[:i]...)
	out = append(out, meta...)
	return append(out, page[i:]...), nil
}

// headersFile writes the headers of the export in the _headers format
// (a path, then indented "Name: value" lines). Security headers go on every
// path; each file gets exactly one Cache-Control (both hosts merge a header
// that several matching rules set): the hashed wasm forever, config.json
// never stored, everything else revalidated on every use.
func headersFile(apiOrigin string, files []string, hashedWasm string, wasmLen int) []byte {
	var b strings.Builder
	b.WriteString("# Headers of the WPS login self-check for static hosts that read _headers\n# (Netlify, Cloudflare Pages). Other hosts: see docs/cdn.md.\n/*\n")
	fmt.Fprintf(&b, "  Content-Security-Policy: %s\n", PagePolicy(apiOrigin, false))
	for _, kv := range fixedHeaders {
		fmt.Fprintf(&b, "  %s: %s\n", kv[0], kv[1])
	}
	fmt.Fprintf(&b, "%s\n  Cache-Control: public, max-age=31536000, immutable\n  %s: %d\n", hashedWasm, UncompressedLengthHeader, wasmLen)
	fmt.Fprintf(&b, "%s\n  Cache-Control: no-store\n", ui.SnapshotPath)
	for _, f := range files {
		if f == hashedWasm || f == ui.SnapshotPath || f == "/_headers" || strings.HasSuffix(f, ".br") || strings.HasSuffix(f, ".gz") {
			continue
		}
		fmt.Fprintf(&b, "%s\n  Cache-Control: no-cache\n", f)
		if dir, ok := strings.CutSuffix(f, "index.html"); ok {
			fmt.Fprintf(&b, "%s\n  Cache-Control: no-cache\n", dir)
		}
	}
	return []byte(b.String())
}

// exportWriter writes files under dir and remembers the first error.
type exportWriter struct {
	dir   string
	files []string
	err   error
}

// asset writes an asset and its compressed siblings.
func (w *exportWriter) asset(p string, a *asset) {
	w.file(p, a.variants[EncIdentity])
	if br, ok := a.variants[EncBrotli]; ok {
		w.file(p+".br", br)
	}
	if gz, ok := a.variants[EncGzip]; ok {
		w.file(p+".gz", gz)
	}
}

func (w *exportWriter) file(p string, body []byte) {
	if w.err != nil {
		return
	}
	full := filepath.Join(w.dir, filepath.FromSlash(strings.TrimPrefix(p, "/")))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		w.err = fmt.Errorf("export: %w", err)
		return
	}
	if err := os.WriteFile(full, body, 0o644); err != nil {
		w.err = fmt.Errorf("export: %w", err)
		return
	}
	w.files = append(w.files, p)
}
