package postgres

import (
	"context"
	"io/fs"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Migrations returns the embedded migration files' names, in order.
func Migrations() []string {
	ms, err := loadMigrations(migrationFiles)
	if err != nil {
		panic(err)
	}
	var names []string
	for _, m := range ms {
		names = append(names, m.name)
	}
	return names
}

// LoadMigrations checks the migration files of fsys.
func LoadMigrations(fsys fs.FS) (int, error) {
	ms, err := loadMigrations(fsys)
	return len(ms), err
}

// Pool exposes the store's pool to the tests.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Classify exposes the error classification of a store with the given
// operation timeout.
func Classify(ctx context.Context, opTimeout time.Duration, err error) error {
	s := &Store{redacted: "postgres://u@h:5432/d", opTimeout: opTimeout}
	return s.classify(ctx, "put report", err)
}

// MigrateTo applies the first n embedded migrations to the database at
// connURL, as a server of that schema version would have.
func MigrateTo(ctx context.Context, connURL string, n int) error {
	cfg, err := ParseURL(connURL)
	if err != nil {
		return err
	}
	ms, err := loadMigrations(migrationFiles)
	if err != nil {
		return err
	}
	s := &Store{redacted: Redact(cfg.ConnConfig.Config.Copy()), log: slog.New(slog.DiscardHandler)}
	return s.migrate(ctx, cfg.ConnConfig, ms[:n])
}
