// Package webhooktest is a webhook receiver for tests: it verifies every
// delivery as docs/webhook.md tells receivers to (Verify is the document's
// Go example, word for word), deduplicates by delivery id, and can be
// taken down, brought back, made to answer errors or to hold requests.
package webhooktest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// BEGIN docs/webhook.md

// Verify checks one delivery: the signature over "<timestamp>.<body>" and a
// timestamp at most five minutes from now (older ones may be replays).
func Verify(secret []byte, timestamp, signature string, body []byte, now time.Time) error {
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil || now.Unix()-ts > 300 || ts-now.Unix() > 300 {
		return errors.New("missing, old or future timestamp")
	}
	mac := hmac.New(sha256.New, secret)
	fmt.Fprintf(mac, "%s.%s", timestamp, body)
	want := "sha256=" + hex.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(want), []byte(signature)) {
		return errors.New("bad signature")
	}
	return nil
}

// END docs/webhook.md
