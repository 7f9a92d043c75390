// Package promtest reads gathered metrics back for tests: the value of
// each series of a counter or gauge, keyed by the labels a test cares about.
package promtest

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
)

// Values gathers g and returns the values of the series of metric name
// (a counter or a gauge), keyed by the values of labels joined with a space
// (in the order given); series that share those values are summed.
func Values(t testing.TB, g prometheus.Gatherer, name string, labels ...string) map[string]float64 {
	t.Helper()
	mfs, err := g.Gather()
	require.NoError(t, err)
	out := map[string]float64{}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			have := map[string]string{}
			for _, l := range m.GetLabel() {
				have[l.GetName()] = l.GetValue()
			}
			key := make([]string, len(labels))
			for i, l := range labels {
				key[i] = have[l]
			}
			v := m.GetCounter().GetValue()
			if m.GetGauge() != nil {
				v = m.GetGauge().GetValue()
			}
			out[strings.Join(key, " ")] += v
		}
	}
	return out
}
