package queries

// ArgsForTest exposes a filter's bound arguments to the tests.
func (f Filter) ArgsForTest() []any { return f.args() }
