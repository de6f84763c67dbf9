// Package services is the home of the service handlers: the Go code a few
// services need beyond their definition files (package catalog), plugged
// into the dialog engine. Each handler is its own package: appointments,
// business, parking and handlers (the registry that wires them). The tests
// here run whole services through the engine with their handlers.
package services
