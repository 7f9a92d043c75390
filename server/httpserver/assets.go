package httpserver

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// Encoding is a content coding the server can send.
type Encoding string

// The content codings, best first.
const (
	EncBrotli   Encoding = "br"
	EncGzip     Encoding = "gzip"
	EncIdentity Encoding = ""
)

// asset is one file held in memory in every coding it is sent in.
type asset struct {
	contentType string
	variants    map[Encoding][]byte // always has EncIdentity
}

// compressible reports whether a content type is worth compressing.
func compressible(contentType string) bool {
	ct := strings.ToLower(contentType)
	switch {
	case strings.HasPrefix(ct, "text/"),
		strings.HasPrefix(ct, "application/javascript"),
		strings.HasPrefix(ct, "application/json"),
		strings.HasPrefix(ct, "application/manifest+json"),
		strings.HasPrefix(ct, "application/wasm"),
		strings.HasPrefix(ct, "image/svg+xml"):
		return true
	}
	return false
}

// contentTypeOf returns the Content-Type for a file name.
func contentTypeOf(name string) string {
	switch path.Ext(name) {
	case ".wasm":
		return "application/wasm"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".webmanifest":
		return "application/manifest+json"
	case ".svg":
		return "image/svg+xml"
	case ".json":
		return "application/json"
	case ".css":
		return "text/css; charset=utf-8"
	case ".png":
		return "image/png"
	case ".txt":
		return "text/plain; charset=utf-8"
	}
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		return ct
	}
	return "application/octet-stream"
}

// newAsset keeps body and its compressed codings. Precompressed siblings
// (from the build) are used when given; small text bodies without them are
// compressed here once, at start. Large bodies without a sibling are only
// gzipped (brotli at quality 11 of the wasm takes tens of seconds: that is
// the build's job). quality is the brotli quality (0–11) for what is
// compressed here.
func newAsset(contentType string, body, br, gz []byte, quality int) *asset {
	a := &asset{contentType: contentType, variants: map[Encoding][]byte{EncIdentity: body}}
	if !compressible(contentType) || len(body) < 256 {
		return a
	}
	if br == nil && len(body) <= 1<<20 {
		br = compressBrotli(body, quality)
	}
	if gz == nil {
		gz = compressGzip(body)
	}
	if br != nil && len(br) < len(body) {
		a.variants[EncBrotli] = br
	}
	if gz != nil && len(gz) < len(body) {
		a.variants[EncGzip] = gz
	}
	return a
}

// brotliMemo keeps what compressBrotli made, by content and quality: go-app's
// generated files are the same for every Server of a build, and quality 11
// costs ~0.5 s for them, which tests that build many Servers feel.
var brotliMemo sync.Map // brotliKey -> []byte

type brotliKey struct {
	sum     [sha256.Size]byte
	quality int
}

func compressBrotli(b []byte, quality int) []byte {
	key := brotliKey{sha256.Sum256(b), quality}
	if v, ok := brotliMemo.Load(key); ok {
		return v.([]byte)
	}
	out := compressBrotliNow(b, quality)
	if quality >= brotli.BestCompression {
		brotliMemo.Store(key, out)
	}
	return out
}

func compressBrotliNow(b []byte, quality int) []byte {
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, quality)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Bytes()
}

func compressGzip(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Bytes()
}

// negotiate picks the coding to send for an Accept-Encoding header among the
// codings available. It honours q-values (q=0 refuses a coding) and "*"; a
// header it cannot read gives identity, which every client accepts.
func negotiate(acceptEncoding string, available map[Encoding][]byte) Encoding {
	if acceptEncoding == "" {
		return EncIdentity
	}
	q := map[string]float64{}
	star := -1.0
	for _, part := range strings.Split(acceptEncoding, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		weight := 1.0
		if p := strings.TrimSpace(params); p != "" {
			k, v, ok := strings.Cut(p, "=")
			if !ok || strings.TrimSpace(strings.ToLower(k)) != "q" {
				continue
			}
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || f < 0 || f > 1 {
				continue
			}
			weight = f
		}
		if name == "*" {
			star = weight
			continue
		}
		q[name] = weight
	}
	weightOf := func(name string) float64 {
		if w, ok := q[name]; ok {
			return w
		}
		if name == "x-gzip" {
			return -1
		}
		return star
	}
	gz := weightOf("gzip")
	if w, ok := q["x-gzip"]; ok && w > gz {
		gz = w
	}
	br := weightOf("br")
	best, bestW := EncIdentity, 0.0
	if _, ok := available[EncGzip]; ok && gz > bestW {
		best, bestW = EncGzip, gz
	}
	if _, ok := available[EncBrotli]; ok && br > 0 && br >= bestW {
		best = EncBrotli
	}
	return best
}

// serveAsset writes the asset in the best coding the client accepts, with
// Vary, Content-Encoding, Content-Length and the uncompressed length in
// uncompressedHeader (go-app's loader reads it for the wasm progress bar).
// HEAD gets the headers only.
func serveAsset(w http.ResponseWriter, r *http.Request, a *asset) {
	enc := negotiate(r.Header.Get("Accept-Encoding"), a.variants)
	body := a.variants[enc]
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	if len(a.variants) > 1 {
		h.Add("Vary", "Accept-Encoding")
	}
	if enc != EncIdentity {
		h.Set("Content-Encoding", string(enc))
	}
	h.Set(UncompressedLengthHeader, strconv.Itoa(len(a.variants[EncIdentity])))
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// UncompressedLengthHeader carries the identity length of a compressed asset;
// go-app's WasmContentLengthHeader points at it.
const UncompressedLengthHeader = "X-Uncompressed-Content-Length"

// loadStatic reads every file under web/ of fsys into memory with its
// precompressed siblings (name.br, name.gz). The siblings are not served
// under their own names.
func loadStatic(fsys fs.FS) (map[string]*asset, error) {
	out := map[string]*asset{}
	err := fs.WalkDir(fsys, "web", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasSuffix(p, ".br") || strings.HasSuffix(p, ".gz") || strings.HasSuffix(p, ".go") {
			return nil
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		br, _ := fs.ReadFile(fsys, p+".br")
		gz, _ := fs.ReadFile(fsys, p+".gz")
		if br != nil && !sameContent(body, brotli.NewReader(bytes.NewReader(br))) {
			br = nil // stale: built from an older file; never serve it
		}
		if gz != nil {
			if zr, err := gzip.NewReader(bytes.NewReader(gz)); err != nil || !sameContent(body, zr) {
				gz = nil
			}
		}
		out["/"+p] = newAsset(contentTypeOf(p), body, br, gz, brotli.BestCompression)
		return nil
	})
	return out, err
}

// sameContent reports whether r decodes to exactly want: a precompressed
// sibling left over from an older build must not be served for a newer file.
func sameContent(want []byte, r io.Reader) bool {
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(r, int64(len(want))+1))
	if err != nil || n != int64(len(want)) {
		return false
	}
	return bytes.Equal(h.Sum(nil), sha256Of(want))
}

func sha256Of(b []byte) []byte {
	sum := sha256.Sum256(b)
	return sum[:]
}
