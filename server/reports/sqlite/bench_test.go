package sqlite_test

import (
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"wpscheck/server/reports"
	"wpscheck/server/reports/sqlite"
)

// BenchmarkPut measures durable puts (WAL, synchronous=FULL) of a 2 KB
// report, one at a time and from parallel writers (group commit).
//
//	go test ./server/reports/sqlite -run '^$' -bench Put
func BenchmarkPut(b *testing.B) {
	body := make([]byte, 2048)
	for _, par := range []int{1, 8, 64} {
		b.Run("writers="+strconv.Itoa(par), func(b *testing.B) {
			s, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "reports.db"))
			require.NoError(b, err)
			defer s.Close()
			b.SetParallelism(par) // par × GOMAXPROCS goroutines
			if par == 1 {
				for b.Loop() {
					require.NoError(b, s.Put(b.Context(), reports.Record{ID: reports.NewID(), CreatedAt: time.Now(), JSON: body}))
				}
				return
			}
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := s.Put(b.Context(), reports.Record{ID: reports.NewID(), CreatedAt: time.Now(), JSON: body}); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
