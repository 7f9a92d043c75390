package httpserver

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFailedAuthIsThrottledPerAddress: with the default limit (5 failed
// authentications a minute per address, burst 5) a sixth guess answers 429
// with Retry-After, and so does the right token from that address until a
// failure has expired, so guessing cannot go on; another address is not
// affected.
func TestFailedAuthIsThrottledPerAddress(t *testing.T) {
	env := newAPIEnv(t, testConfig(`{"agents": {"token_sha256": ["`+tokenHash(agentToken)+`"]}}`))
	const guesser, agent = "203.0.113.5:1000", "198.51.100.7:2000"
	get := func(remote, token string) *httpResponse {
		rec := env.do(req{method: http.MethodGet, target: "/api/reports/R-0000-0000-0000-0", header: bearer(token), remote: remote})
		return &httpResponse{code: rec.Code, retry: rec.Header().Get("Retry-After"), body: rec.Body.String()}
	}
	for i := range 5 {
		r := get(guesser, "guess-"+strings.Repeat("x", i))
		require.Equal(t, http.StatusUnauthorized, r.code, "guess %d", i)
	}
	r := get(guesser, "guess-6")
	require.Equal(t, http.StatusTooManyRequests, r.code, r.body)
	assert.Equal(t, "12", r.retry, "5 a minute: one failure expires every 12 s")
	assert.Contains(t, r.body, `"code":"rate_limited"`)
	r = get(guesser, agentToken)
	assert.Equal(t, http.StatusTooManyRequests, r.code, "a right token from a throttled address is refused too: no answer tells a guess apart")

	assert.Equal(t, http.StatusNotFound, get(agent, agentToken).code, "another address goes on")
	assert.Equal(t, http.StatusUnauthorized, get(agent, "typo").code)

	list := env.do(req{method: http.MethodGet, target: "/api/reports?ticket=T-1", header: bearer(agentToken), remote: guesser})
	assert.Equal(t, http.StatusTooManyRequests, list.Code, "the list is throttled alike")

	env.now = env.now.Add(12 * time.Second)
	assert.Equal(t, http.StatusNotFound, get(guesser, agentToken).code, "after 12 s the right token works again")
	assert.Equal(t, http.StatusUnauthorized, get(guesser, "guess-7").code, "and one more guess is allowed")
	assert.Equal(t, http.StatusTooManyRequests, get(guesser, "guess-8").code)
}

type httpResponse struct {
	code        int
	retry, body string
}

// TestRefusalLogsAreAggregated: a thousand refused agent requests within a
// minute log one full line and, once the minute is over, one summary with
// the count; a token is never logged.
func TestRefusalLogsAreAggregated(t *testing.T) {
	env := newAPIEnv(t, testConfig(`{"agents": {"token_sha256": ["`+tokenHash(agentToken)+`"], "failed_auth": {"per_minute": 1000, "burst": 1000}}}`))
	for i := range 1000 {
		remote := "203.0.113.5:1000"
		if i%10 == 0 {
			remote = "203.0.113.6:1000"
		}
		env.do(req{method: http.MethodGet, target: "/api/reports/R-0000-0000-0000-0", header: bearer("s3cret-guess-" + strings.Repeat("y", i%7)), remote: remote})
	}
	logs := env.logs.String()
	assert.Equal(t, 1, strings.Count(logs, `"msg":"agent request refused"`), "one full line for the first refusal")
	assert.NotContains(t, logs, "agent requests refused", "the summary waits for the end of the minute")

	env.now = env.now.Add(time.Minute)
	env.do(req{method: http.MethodGet, target: "/api/reports/R-0000-0000-0000-0", header: bearer("s3cret-late"), remote: "203.0.113.7:1"})
	logs = env.logs.String()
	assert.Equal(t, 1, strings.Count(logs, `"msg":"agent requests refused"`), logs)
	assert.Contains(t, logs, `"count":999`)
	assert.Contains(t, logs, `"clients":2`)
	assert.Contains(t, logs, `"top_client":"203.0.113.5"`)
	assert.Equal(t, 2, strings.Count(logs, `"msg":"agent request refused"`), "the next minute starts with a full line again")
	assert.NotContains(t, logs, "s3cret")
	assert.Less(t, strings.Count(logs, "\n"), 10, "bounded, whatever the number of guesses")
}
