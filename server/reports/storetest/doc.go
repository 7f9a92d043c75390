// Package storetest is the contract every reports.Store adapter must meet,
// as test suites that each adapter's tests run against a real engine:
//
//	func TestQueries(t *testing.T) {
//		storetest.RunQueries(t, func(t *testing.T) reports.Store { return openEmptyStore(t) })
//	}
package storetest
