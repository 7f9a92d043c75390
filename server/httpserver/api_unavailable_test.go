package httpserver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/server/reports"
)

// faultyStore is a real store with a fault switched in: while fault holds
// an error, writes and readiness fail with it (reads go on), as they do on
// a full disk.
type faultyStore struct {
	reports.Store
	fault atomic.Pointer[error]
}

func (f *faultyStore) err() error {
	if p := f.fault.Load(); p != nil {
		return *p
	}
	return nil
}

func (f *faultyStore) Put(ctx context.Context, r reports.Record) error {
	if err := f.err(); err != nil {
		return err
	}
	return f.Store.Put(ctx, r)
}

func (f *faultyStore) Ready(ctx context.Context) error {
	if err := f.err(); err != nil {
		return err
	}
	return f.Store.Ready(ctx)
}

func (f *faultyStore) set(err error) { f.fault.Store(&err) }

var errFull = fmt.Errorf("%w: sqlite: commit reports: database or disk is full (13) in /var/lib/secret", reports.ErrUnavailable)

// TestStoreUnavailableIs503 injects a full-disk failure into a real store:
// the upload answers 503 with Retry-After (never 500 and never 201), a
// JSON error without the store's details, /readyz says not ready while
// /healthz stays 200, and both recover when the fault clears; the report
// acknowledged before is still there.
func TestStoreUnavailableIs503(t *testing.T) {
	var fs *faultyStore
	env := newAPIEnv(t, testConfig(""), func(o *Options) {
		fs = &faultyStore{Store: o.Reports}
		o.Reports = fs
	})
	body := validReport(t, "T-9")
	ok := env.upload(body, "")
	require.Equal(t, http.StatusCreated, ok.Code)
	var first struct{ ID string }
	require.NoError(t, json.Unmarshal(ok.Body.Bytes(), &first))
	ready := env.do(req{method: http.MethodGet, target: "/readyz"})
	require.Equal(t, http.StatusOK, ready.Code, ready.Body.String())
	assert.JSONEq(t, `{"status":"ready","version":"test-1"}`, ready.Body.String())

	fs.set(errFull)
	rec := env.upload(body, "")
	require.Equal(t, http.StatusServiceUnavailable, rec.Code, rec.Body.String())
	assert.Equal(t, "60", rec.Header().Get("Retry-After"))
	e := decodeError(t, rec)
	assert.Equal(t, "unavailable", e.Error.Code)
	assert.NotContains(t, rec.Body.String(), "/var/lib/secret")
	assert.NotContains(t, rec.Body.String(), "sqlite")

	nr := env.do(req{method: http.MethodGet, target: "/readyz"})
	require.Equal(t, http.StatusServiceUnavailable, nr.Code, nr.Body.String())
	assert.Equal(t, "unavailable", decodeError(t, nr).Error.Code)
	assert.NotEmpty(t, nr.Header().Get("Retry-After"))
	assert.Equal(t, "no-store", nr.Header().Get("Cache-Control"))
	assert.Equal(t, http.StatusOK, env.do(req{method: http.MethodGet, target: "/healthz"}).Code, "liveness is not readiness")
	head := env.do(req{method: http.MethodHead, target: "/readyz"})
	assert.Equal(t, http.StatusServiceUnavailable, head.Code)

	// A reason the store gives is shown, with its own retry hint.
	fs.set(&reports.UnavailableError{Reason: "the server has taken as many reports as it may today", RetryAfter: 90*time.Minute + time.Second})
	rec = env.upload(body, "")
	require.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.Equal(t, "5401", rec.Header().Get("Retry-After"))
	assert.Contains(t, decodeError(t, rec).Error.Message, "as many reports as it may today")

	// A failure that is not marked unavailable is still a 500 with no details.
	fs.set(errors.New("disk I/O error: /var/lib/secret"))
	rec = env.upload(body, "")
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.Empty(t, rec.Header().Get("Retry-After"))

	fs.set(nil)
	assert.Equal(t, http.StatusOK, env.do(req{method: http.MethodGet, target: "/readyz"}).Code)
	assert.Equal(t, http.StatusCreated, env.upload(body, "").Code)
	got := env.do(req{method: http.MethodGet, target: "/api/reports/" + first.ID, header: bearer(agentToken)})
	assert.Equal(t, http.StatusOK, got.Code)

	// Reads that fail through no fault of the request are 503 as well.
	env2 := newAPIEnv(t, testConfig(""), func(o *Options) { o.Reports = unreadableStore{o.Reports} })
	rec = env2.do(req{method: http.MethodGet, target: "/api/reports/R-0000-0000-0000-0", header: bearer(agentToken)})
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.Equal(t, "60", rec.Header().Get("Retry-After"))
}

type unreadableStore struct{ reports.Store }

func (unreadableStore) Get(context.Context, string) (reports.Record, error) {
	return reports.Record{}, errFull
}

// TestReadyWithoutStore: a server without report storage has nothing to
// wait for.
func TestReadyWithoutStore(t *testing.T) {
	s := newTestServer(t)
	rec := do(s, http.MethodGet, "/readyz", nil)
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, http.StatusMethodNotAllowed, do(s, http.MethodPost, "/readyz", nil).Code)
}
