// Package devstack supervises the embedded defaults of Hoclieu's real parts: a private
// PostgreSQL cluster started from the machine's PostgreSQL binaries and a MinIO server,
// both kept under one data directory. `hoclieu dev` and the test harness (package
// devtest) use it.
//
// It must never be used in production: there the services are run by their own
// operators and Hoclieu only receives their addresses.
package devstack
