package vantage

// ErrorClass exposes errorClass to the tests.
var ErrorClass = errorClass
