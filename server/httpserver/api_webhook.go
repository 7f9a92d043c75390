package httpserver

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"wpscheck/app/strict"
	"wpscheck/app/wire"
	"wpscheck/server/reports"
)

// The bounds of GET /api/webhook/deliveries?limit=N.
const (
	defaultDeliveryLimit = 50
	maxDeliveryLimit     = 500
)

// handleDeliveries answers GET /api/webhook/deliveries for agents: the
// webhook deliveries, newest first, optionally only those in one state
// (?state=dead) or of one report (?report_id=R-…), at most ?limit=N.
func (a *api) handleDeliveries(w http.ResponseWriter, r *http.Request) {
	if !a.s.allowGet(w, r) || !a.authorize(w, r) {
		return
	}
	if a.store == nil {
		a.s.writeError(w, r, Errorf(wire.CodeUnavailable, "report storage is not available"))
		return
	}
	q := r.URL.Query()
	f := reports.DeliveryFilter{State: reports.DeliveryState(q.Get("state")), Limit: defaultDeliveryLimit}
	if f.State != "" && !f.State.Valid() {
		a.s.writeError(w, r, strict.Errorf("state", "must be pending, delivered or dead"))
		return
	}
	if s := q.Get("report_id"); s != "" {
		id, err := reports.ParseID(s)
		if err != nil {
			a.s.writeError(w, r, strict.Errorf("report_id", "not a report id (expected R-XXXX-XXXX-XXXX-X)"))
			return
		}
		f.ReportID = id
	}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxDeliveryLimit {
			a.s.writeError(w, r, strict.Errorf("limit", "must be a whole number from 1 to %d", maxDeliveryLimit))
			return
		}
		f.Limit = n
	}
	ds, err := a.store.Deliveries(r.Context(), f)
	if err != nil {
		a.s.writeError(w, r, err)
		return
	}
	out := wire.WebhookDeliveries{Enabled: a.webhook != nil, Deliveries: make([]wire.WebhookDelivery, 0, len(ds))}
	for _, d := range ds {
		out.Deliveries = append(out.Deliveries, toWireDelivery(d))
	}
	writeJSON(w, http.StatusOK, out)
}

// handleRetryDelivery answers POST /api/webhook/deliveries/{id}/retry for
// agents: a dead (or delivered) delivery is queued again, due at once, with
// a new retry window; a pending one is left as it is. The answer is the
// delivery as it now stands.
func (a *api) handleRetryDelivery(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		a.s.writeError(w, r, Errorf(wire.CodeMethod, "method not allowed"))
		return
	}
	if !a.authorize(w, r) {
		return
	}
	if a.store == nil || a.webhook == nil {
		a.s.writeError(w, r, Errorf(wire.CodeUnavailable, "this server sends no webhook (webhook.url is not configured)"))
		return
	}
	id := r.PathValue("id")
	if !validDeliveryID(id) {
		a.s.writeError(w, r, strict.Errorf("id", "not a delivery id (expected D- and 26 letters and digits)"))
		return
	}
	d, err := a.store.RetryDelivery(r.Context(), id, a.now().UTC())
	if errors.Is(err, reports.ErrNotFound) {
		a.s.writeError(w, r, Errorf(wire.CodeNotFound, "no delivery with this id (it may have expired)"))
		return
	}
	if err != nil {
		a.s.writeError(w, r, err)
		return
	}
	a.log.InfoContext(r.Context(), "webhook delivery queued again by an agent", "delivery", d.ID, "report", d.ReportID)
	a.webhook.Notify()
	writeJSON(w, http.StatusOK, toWireDelivery(d))
}

// validDeliveryID reports whether s has the form of reports.NewDeliveryID.
func validDeliveryID(s string) bool {
	rest, ok := strings.CutPrefix(s, reports.DeliveryIDPrefix)
	if !ok || len(rest) != 26 {
		return false
	}
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if (c < '0' || c > '9') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}

// toWireDelivery is a delivery as agents read it.
func toWireDelivery(d reports.Delivery) wire.WebhookDelivery {
	opt := func(t time.Time) *time.Time {
		if t.IsZero() {
			return nil
		}
		t = t.UTC()
		return &t
	}
	out := wire.WebhookDelivery{
		ID: d.ID, Event: d.Event, ReportID: d.ReportID, CreatedAt: d.CreatedAt.UTC(), State: string(d.State),
		Attempts: d.Attempts, LastAttemptAt: opt(d.LastAttemptAt), LastStatus: d.LastStatus, LastError: d.LastError,
		DeliveredAt: opt(d.DeliveredAt),
	}
	if d.State == reports.DeliveryPending {
		out.NextAttemptAt = opt(d.NextAt)
	}
	return out
}
