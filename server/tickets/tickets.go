// Package tickets signs support tickets. Anyone can put any ticket into a
// link to the self-check and upload reports under it, so the server cannot
// tell a ticket that support gave out from one made up, and a ticket's
// list of reports can be filled with fakes. A support link that carries a
// signature of its ticket (…/?ticket=T-123&sig=…), made with a secret only
// the operator holds, lets the server mark the reports uploaded from it as
// verified. Unsigned links keep working; their reports are unverified.
//
// The signature is an HMAC-SHA256 of the ticket under the secret, cut to
// 128 bits and written in unpadded base64url (22 characters). The server
// checks it (Verify); the command that prints a signed link and the agent
// console make it (Sign, Link).
package tickets

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"

	"wpscheck/app/report"
	"wpscheck/app/wire"
)

// MinSecretBytes is the shortest secret accepted: 256 bits, as
// `head -c 32 /dev/urandom | base64` gives (44 characters).
const MinSecretBytes = 32

// MaxSecretBytes bounds a secret (a file given by mistake is refused).
const MaxSecretBytes = 4096

// domain separates these signatures from any other use of the secret.
const domain = "wpscheck ticket signature v1\x00"

// Signer signs and verifies tickets with one secret. It is safe for
// concurrent use.
type Signer struct {
	key []byte
}

// ErrShortSecret is returned by NewSigner for a secret under MinSecretBytes.
var ErrShortSecret = fmt.Errorf("tickets: the secret must be at least %d bytes (e.g. head -c 32 /dev/urandom | base64)", MinSecretBytes)

// NewSigner returns a Signer for secret (MinSecretBytes to MaxSecretBytes
// bytes, used as given).
func NewSigner(secret []byte) (*Signer, error) {
	switch {
	case len(secret) < MinSecretBytes:
		return nil, ErrShortSecret
	case len(secret) > MaxSecretBytes:
		return nil, fmt.Errorf("tickets: the secret must be at most %d bytes", MaxSecretBytes)
	}
	return &Signer{key: append([]byte(nil), secret...)}, nil
}

// Sign returns the signature of ticket (wire.TicketSigLen characters).
func (s *Signer) Sign(ticket string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(domain))
	m.Write([]byte(ticket))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}

// Verify reports whether sig is the signature of ticket, comparing in
// constant time. An empty ticket or a malformed signature is never valid.
func (s *Signer) Verify(ticket, sig string) bool {
	if ticket == "" || !wire.ValidTicketSig(sig) {
		return false
	}
	return hmac.Equal([]byte(s.Sign(ticket)), []byte(sig))
}

// Link returns base (the self-check's address, http or https, e.g.
// https://check.example.com/ or …/?lang=en) with the ticket and its
// signature added to the query; other query parameters are kept.
func (s *Signer) Link(base, ticket string) (string, error) {
	if !report.ValidTicket(ticket) {
		return "", errors.New("tickets: a ticket is 1-64 characters of A-Z, a-z, 0-9, _ and -")
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || u.Fragment != "" {
		return "", errors.New("tickets: the base URL must be an absolute http(s) address such as https://check.example.com/")
	}
	if u.Path == "" {
		u.Path = "/"
	}
	q := u.Query()
	q.Set("ticket", ticket)
	q.Set(wire.TicketSigParam, s.Sign(ticket))
	u.RawQuery = q.Encode()
	return u.String(), nil
}
