package httpserver

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
)

// handleConfig answers GET /api/config with the public configuration
// (config.Public: catalog, thresholds, the active banner, whether upload is
// on), read by the page with wire.ParseConfig. It is "no-cache" with an
// ETag: the service worker keeps a copy for offline use and revalidates it.
func (a *api) handleConfig(w http.ResponseWriter, r *http.Request) {
	if !a.s.allowGet(w, r) {
		return
	}
	pub := a.cfg.Public(a.now())
	pub.UploadEnabled = pub.UploadEnabled && a.store != nil
	body, err := json.Marshal(pub)
	if err != nil {
		a.s.writeError(w, r, err)
		return
	}
	sum := sha256.Sum256(body)
	h := w.Header()
	h.Set("Cache-Control", "no-cache")
	if a.s.notModified(w, r, `"`+hex.EncodeToString(sum[:8])+`"`) {
		return
	}
	h.Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(append(body, '\n'))
	}
}
