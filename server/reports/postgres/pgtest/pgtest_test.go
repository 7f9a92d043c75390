package pgtest_test

import (
	"os"
	"strconv"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/server/reports/postgres/pgtest"
)

// TestClusterLifecycle: a fresh cluster answers with the password over
// loopback, refuses a wrong one, runs as a non-root user, stops and comes
// back with its data.
func TestClusterLifecycle(t *testing.T) {
	c := pgtest.Start(t)
	url := c.NewDatabase(t)
	conn, err := pgx.Connect(t.Context(), url)
	require.NoError(t, err)
	var user string
	require.NoError(t, conn.QueryRow(t.Context(), "SELECT current_user").Scan(&user))
	assert.Equal(t, "postgres", user)
	_, err = conn.Exec(t.Context(), "CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)")
	require.NoError(t, err)
	// The server runs as a user that is not root (PostgreSQL refuses root).
	var pid int
	require.NoError(t, conn.QueryRow(t.Context(), "SELECT pg_backend_pid()").Scan(&pid))
	fi, err := os.Stat("/proc/" + strconv.Itoa(pid))
	require.NoError(t, err)
	assert.NotZero(t, fi.Sys().(*syscall.Stat_t).Uid, "the server process's owner")
	conn.Close(t.Context())

	wrong := "postgres://postgres:wrong@127.0.0.1:" + strconv.Itoa(c.Port()) + "/postgres"
	_, err = pgx.Connect(t.Context(), wrong)
	assert.ErrorContains(t, err, "password authentication failed")

	c.Stop(t)
	_, err = pgx.Connect(t.Context(), url)
	assert.Error(t, err, "stopped")
	c.Resume(t)
	conn, err = pgx.Connect(t.Context(), url)
	require.NoError(t, err)
	defer conn.Close(t.Context())
	var v int
	require.NoError(t, conn.QueryRow(t.Context(), "SELECT v FROM kept").Scan(&v))
	assert.Equal(t, 42, v)
}
