package sqlite

// Migrations exposes the schema steps to the external tests.
var Migrations = migrations
