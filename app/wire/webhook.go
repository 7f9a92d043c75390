package wire

import (
	"time"

	"wpscheck/app/diagnosis"
)

// EventReportCreated is the event of a webhook sent for every stored report.
const EventReportCreated = "report.created"

// WebhookEvent is the body of a webhook delivery: a small notice that a
// report was stored, for a helpdesk to attach to its ticket. It does not
// carry the report; the helpdesk fetches that from AgentURL's API
// (GET /api/reports/{id}) with an agent token if it wants it. docs/webhook.md
// shows an example.
type WebhookEvent struct {
	// ID is the delivery id (also in the X-Wpscheck-Delivery header): the
	// same for every attempt, so a receiver deduplicates by it.
	ID string `json:"id"`
	// Event is "report.created".
	Event string `json:"event"`
	// CreatedAt is when the server stored the report.
	CreatedAt time.Time `json:"created_at"`
	// ReportID is the report's id (R-XXXX-XXXX-XXXX-X).
	ReportID string `json:"report_id"`
	// Ticket is the ticket reference the support link carried, or "".
	Ticket string `json:"ticket"`
	// TicketVerified is true when the link's ticket was signed by the
	// helpdesk; an unverified ticket may have been typed by anyone.
	TicketVerified bool `json:"ticket_verified"`
	// SupportCode is the report's support code.
	SupportCode string `json:"support_code"`
	// TopFinding is the most likely cause found, or "" when none was.
	TopFinding diagnosis.FindingID `json:"top_finding"`
	// Findings are every cause found, most likely first.
	Findings []diagnosis.FindingID `json:"findings"`
	// Platform is the person's system and browser.
	Platform diagnosis.Platform `json:"platform"`
	// AgentURL is the support page that opens the report (/support/{id}).
	AgentURL string `json:"agent_url"`
}

// WebhookDelivery is one webhook delivery as agents see it in
// GET /api/webhook/deliveries.
type WebhookDelivery struct {
	// ID is the delivery id.
	ID string `json:"id"`
	// Event is the event name.
	Event string `json:"event"`
	// ReportID is the report the delivery announces.
	ReportID string `json:"report_id"`
	// CreatedAt is when the report was stored.
	CreatedAt time.Time `json:"created_at"`
	// State is pending, delivered or dead.
	State string `json:"state"`
	// Attempts counts the attempts made.
	Attempts int `json:"attempts"`
	// NextAttemptAt is when a pending delivery is tried next.
	NextAttemptAt *time.Time `json:"next_attempt_at,omitempty"`
	// LastAttemptAt is when the last attempt started.
	LastAttemptAt *time.Time `json:"last_attempt_at,omitempty"`
	// LastStatus is the HTTP status the receiver last answered (absent: no answer).
	LastStatus int `json:"last_status,omitempty"`
	// LastError says why the last attempt failed.
	LastError string `json:"last_error,omitempty"`
	// DeliveredAt is when the receiver accepted it.
	DeliveredAt *time.Time `json:"delivered_at,omitempty"`
}

// WebhookDeliveries is the answer of GET /api/webhook/deliveries.
type WebhookDeliveries struct {
	// Enabled says whether this server sends webhooks (its config has a
	// webhook.url); deliveries queued before it was turned off are still listed.
	Enabled bool `json:"enabled"`
	// Deliveries are the matching deliveries, newest first.
	Deliveries []WebhookDelivery `json:"deliveries"`
}
