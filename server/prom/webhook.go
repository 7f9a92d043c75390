package prom

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"wpscheck/server/webhook"
)

// webhookMetrics are the webhook worker's series.
type webhookMetrics struct {
	sent, failed, dead prometheus.Counter
	pending, age       prometheus.Gauge
}

// newWebhookMetrics registers the webhook's series with reg, every outcome
// at 0 so that a rate() sees the first one.
func newWebhookMetrics(reg *prometheus.Registry) *webhookMetrics {
	deliveries := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "wpscheck_webhook_deliveries_total",
		Help: "Webhook attempts by outcome: sent (the receiver answered 2xx), failed (no 2xx; the delivery is tried again after a backoff), dead (failed for the whole retry window; an agent may retry it).",
	}, []string{"outcome"})
	pending := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "wpscheck_webhook_queue_pending",
		Help: "Webhook deliveries waiting in the outbox (due, in flight or backing off), as this server last looked; replicas on one database share the outbox and report the same queue.",
	})
	age := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "wpscheck_webhook_queue_age_seconds",
		Help: "Age of the oldest webhook delivery still waiting in the outbox (0 when none is), as this server last looked.",
	})
	reg.MustRegister(deliveries, pending, age)
	return &webhookMetrics{
		sent:    deliveries.WithLabelValues("sent"),
		failed:  deliveries.WithLabelValues("failed"),
		dead:    deliveries.WithLabelValues("dead"),
		pending: pending,
		age:     age,
	}
}

// Webhook returns what the webhook worker counts through
// (webhook.Options.Metrics); nil for a nil *Metrics.
func (m *Metrics) Webhook() webhook.Metrics {
	if m == nil {
		return nil
	}
	return m.hook
}

// Sent counts an accepted delivery.
func (w *webhookMetrics) Sent() { w.sent.Inc() }

// Failed counts a failed attempt that will be retried.
func (w *webhookMetrics) Failed() { w.failed.Inc() }

// Dead counts a delivery given up.
func (w *webhookMetrics) Dead() { w.dead.Inc() }

// Queue sets the outbox's size and age.
func (w *webhookMetrics) Queue(pending int, oldest time.Duration) {
	w.pending.Set(float64(pending))
	w.age.Set(oldest.Seconds())
}
