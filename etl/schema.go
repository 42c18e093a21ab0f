package etl

import _ "embed"

// Schema is application.schema.json: the JSON Schema (draft 2020-12) of the
// documents ReadJSON reads and EncodeJSON writes, one application or
// follow-up report each. It is generated from the catalog by the package's
// tests (go test ./etl -run TestSchema -update) and checked against it.
//
//go:embed application.schema.json
var Schema string
