package ui

import (
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"

	"wpscheck/app/diagnosis"
	"wpscheck/app/wire"
)

// applyNow is a sink that applies every event to p at once, as go-app's UI
// goroutine would, in order.
func applyNow(p *checkPage) func(checkEvent) {
	return func(ev checkEvent) { ev(nil, p) }
}

func TestChecksReplayThenForward(t *testing.T) {
	c := &checks{}
	var got []int
	ev := func(i int) checkEvent { return func(app.Context, *checkPage) { got = append(got, i) } }
	c.emit(ev(1))
	c.emit(ev(2))
	assert.Empty(t, got, "nothing is applied before a page attaches")
	c.attach(applyNow(nil))
	c.emit(ev(3))
	assert.Equal(t, []int{1, 2, 3}, got, "what came before the page is replayed first, in order")
	assert.Empty(t, c.events, "nothing is kept once forwarded")
}

func TestEmitConfigKeepsResults(t *testing.T) {
	def := diagnosis.DefaultCatalog()
	ok := diagnosis.ProbeObservation{EndpointID: def[1].ID, Started: true, Resolved: true, ElapsedMS: 30}
	p := &checkPage{obs: map[string]diagnosis.ProbeObservation{def[1].ID: ok, "dropped": {EndpointID: "dropped", Resolved: true}}}
	fresh := append(diagnosis.DefaultCatalog()[:3], diagnosis.Endpoint{ID: "sso", URL: "https://sso.example.cn/", Role: diagnosis.RoleLogin})
	c := &checks{}
	c.attach(applyNow(p))
	c.emitConfig(wire.Config{Catalog: fresh})

	assert.Equal(t, fresh, p.catalog)
	assert.Equal(t, ok, p.obs[def[1].ID], "a result that came in first is kept")
	assert.Equal(t, diagnosis.ProbeObservation{EndpointID: "sso", Started: true}, p.obs["sso"], "a new endpoint is pending")
	assert.NotContains(t, p.obs, "dropped", "an endpoint the catalog no longer has is not counted")
	assert.Len(t, p.obs, len(fresh))

	c.emitConfig(wire.Config{})
	assert.Equal(t, diagnosis.DefaultCatalog(), p.catalog, "no catalog in the config: the compiled-in one")
	assert.Equal(t, diagnosis.DefaultThresholds(), p.th)
}

func TestProbesOnlyTheCurrentURL(t *testing.T) {
	p := &checkPage{catalog: diagnosis.DefaultCatalog()}
	e := p.catalog[3]
	assert.True(t, p.probes(e))
	moved := e
	moved.URL = "https://account.example.cn/"
	assert.False(t, p.probes(moved), "a result for the URL the catalog moved away from is not shown")
	assert.False(t, p.probes(diagnosis.Endpoint{ID: "sso", URL: "https://sso.example.cn/", Role: diagnosis.RoleLogin}))
}
