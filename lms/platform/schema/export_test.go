package schema

// Provider is provider, for the tests of package schema_test (which may use devtest:
// devtest imports schema).
var Provider = provider
