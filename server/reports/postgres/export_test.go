package postgres

import (
	"io/fs"

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
