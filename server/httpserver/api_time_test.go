package httpserver

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
	"wpscheck/app/wire"
	"wpscheck/server/internal/clock/clocktest"
	"wpscheck/server/refclock"
	"wpscheck/server/vantage"
)

// wpsHosts are the WPS hosts the fake answers as.
var wpsHosts = []string{"account.wps.cn", "account.wps.com", "www.wps.cn", "www.kdocs.cn", "drive.wps.cn", "qing.wps.cn", "api.wps.cn"}

// clockWorld is this server with its clock serverAhead fast, checking it
// against fake WPS hosts (correct clocks: net/http stamps their Date) with
// its vantage probe, as server/main.go wires it.
func clockWorld(t *testing.T, serverAhead time.Duration, hosts []string) *Server {
	t.Helper()
	wps := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	wps.Config.ErrorLog = log.New(io.Discard, "", 0)
	wps.StartTLS()
	t.Cleanup(wps.Close)
	var catalog []diagnosis.Endpoint
	for _, h := range hosts {
		catalog = append(catalog, diagnosis.Endpoint{ID: "e_" + h, URL: "https://" + h + "/", Role: diagnosis.RoleWeb})
	}
	serverClock := clocktest.Shifted(serverAhead)
	quiet := slog.New(slog.DiscardHandler)
	checker := refclock.New(refclock.Options{Clock: serverClock, Kernel: refclock.NoKernel, Logger: quiet})
	dialer := &net.Dialer{}
	first := make(chan struct{})
	var once sync.Once
	p := vantage.New(vantage.Options{
		Catalog: catalog, Clock: serverClock, Logger: quiet,
		OnResult: func(r vantage.Result) {
			checker.Observe(r) // as server/main.go wires it
			once.Do(func() { close(first) })
		},
		Transport: &http.Transport{
			DisableKeepAlives: true,
			TLSClientConfig:   &tls.Config{InsecureSkipVerify: true}, // httptest's certificate under WPS's names
			DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
				return dialer.DialContext(ctx, network, wps.Listener.Addr().String())
			},
		},
	})
	ctx, cancel := context.WithCancel(t.Context())
	t.Cleanup(cancel)
	go p.Run(ctx)
	select {
	case <-first:
	case <-time.After(20 * time.Second): // a guard against a hang, not a wait
		t.Fatal("no vantage round")
	}
	return newTestServer(t, func(o *Options) {
		o.Now = serverClock.Now
		o.ServerClock = checker
		o.Vantage = p
	})
}

// deviceClock samples /api/time as the page does, from a device whose
// clock is deviceAhead fast, and returns the page's estimate.
func deviceClock(t *testing.T, s *Server, deviceAhead time.Duration) diagnosis.ClockEstimate {
	t.Helper()
	now := func() int64 { return time.Now().Add(deviceAhead).UnixMilli() }
	var samples []diagnosis.ClockSample
	var ref diagnosis.ServerClock
	for range diagnosis.DefaultClockSamples {
		send := now()
		rec := do(s, http.MethodGet, "/api/time", nil)
		recv := now()
		var ans struct {
			UnixMS      int64                 `json:"unix_ms"`
			ServerClock diagnosis.ServerClock `json:"server_clock"`
		}
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &ans))
		samples = append(samples, diagnosis.ClockSample{SendMS: send, ReceiveMS: recv, ServerMS: ans.UnixMS})
		ref = ans.ServerClock
	}
	est := diagnosis.EstimateClock(samples)
	est.Reference = ref.Normalized()
	return est
}

func findingIDs(fs []diagnosis.Finding) []diagnosis.FindingID {
	var out []diagnosis.FindingID
	for _, f := range fs {
		out = append(out, f.ID)
	}
	return out
}

// TestServerClockThroughAPITime runs the whole chain: fake WPS answers →
// vantage → refclock → GET /api/time → the page's estimate → Diagnose.
func TestServerClockThroughAPITime(t *testing.T) {
	t.Run("server 3 min fast: suspect, a correct device is not blamed", func(t *testing.T) {
		t.Parallel()
		s := clockWorld(t, 3*time.Minute, wpsHosts)
		est := deviceClock(t, s, 0)
		assert.Equal(t, diagnosis.ServerClockSuspect, est.Reference.State)
		assert.Equal(t, len(wpsHosts), est.Reference.Sources)
		assert.InDelta(t, -180_000, est.Reference.OffsetMS, 1500, "WPS − server")
		assert.InDelta(t, 180_000, est.OffsetMS, 1000, "the device looks 3 min slow against the server")
		fs := findingIDs(diagnosis.Diagnose(diagnosis.Input{Clock: est}).Findings)
		assert.NotContains(t, fs, diagnosis.FindingClockSkew)
		assert.NotContains(t, fs, diagnosis.FindingTimezoneWrong)
		assert.Equal(t, diagnosis.ClockUnknown, est.Verdict(diagnosis.Thresholds{}))
		assert.Contains(t, diagnosis.ReferenceNote(est, diagnosis.Thresholds{}).EN, "your clock is right")

		var st struct {
			ServerClock wire.ServerClockStatus `json:"server_clock"`
		}
		require.NoError(t, json.Unmarshal(do(s, http.MethodGet, "/api/status", nil).Body.Bytes(), &st))
		assert.Equal(t, diagnosis.ServerClockSuspect, st.ServerClock.State, "operators see it in /api/status")
		assert.Equal(t, refclock.ReasonDatesDisagree, st.ServerClock.Reason)
		assert.Equal(t, "unknown", st.ServerClock.Kernel.State)
	})
	t.Run("server right: synced, a device 3 min off is told", func(t *testing.T) {
		t.Parallel()
		s := clockWorld(t, 0, wpsHosts)
		est := deviceClock(t, s, -3*time.Minute)
		assert.Equal(t, diagnosis.ServerClockSynced, est.Reference.State)
		assert.InDelta(t, 0, est.Reference.OffsetMS, 1500)
		assert.Contains(t, findingIDs(diagnosis.Diagnose(diagnosis.Input{Clock: est}).Findings), diagnosis.FindingClockSkew)
		assert.Equal(t, diagnosis.ClockFail, est.Verdict(diagnosis.Thresholds{}))
	})
	t.Run("too few sources: unknown, today's behaviour", func(t *testing.T) {
		t.Parallel()
		s := clockWorld(t, 3*time.Minute, wpsHosts[:2])
		est := deviceClock(t, s, 0)
		assert.Equal(t, diagnosis.ServerClock{State: diagnosis.ServerClockUnknown, Sources: 2}, est.Reference)
		today := est
		today.Reference = diagnosis.ServerClock{}
		assert.Equal(t, diagnosis.Diagnose(diagnosis.Input{Clock: today}).Findings, diagnosis.Diagnose(diagnosis.Input{Clock: est}).Findings)
		assert.Contains(t, findingIDs(diagnosis.Diagnose(diagnosis.Input{Clock: est}).Findings), diagnosis.FindingClockSkew,
			"with nothing to go on, the page judges against the server as it always did")
	})
}

// TestAPITimeBenchAnswersAlike keeps the benchmark honest: the full server
// and the bare handler answer the same bytes (up to the time's digits).
func TestAPITimeBenchAnswersAlike(t *testing.T) {
	srv := do(productionHandler(t), http.MethodGet, "/api/time", nil).Body.Bytes()
	rec := httptest.NewRecorder()
	bareTime(rec, httptest.NewRequest(http.MethodGet, "/api/time", nil))
	assert.True(t, bytes.HasSuffix(srv, bareServerClock), "%s", srv)
	assert.Equal(t, len(rec.Body.Bytes()), len(srv))
}
