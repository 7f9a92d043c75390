package sqlite

// Migrations exposes the schema steps to the external tests.
var Migrations = migrations

// DeliveriesQuery exposes the query of Deliveries, for its plans.
var DeliveriesQuery = deliveriesQuery
