// Package markdown turns an author's Markdown (lessons, question stems) into HTML that
// is safe to show to anyone: goldmark with tables, footnotes, task lists and
// strikethrough, math kept as text between KaTeX delimiters for the browser, and
// repository files embedded by reference (![caption](resource:12@3)) as the player or
// viewer their kind calls for. Raw HTML is never passed through, and the output goes
// through a bluemonday policy as a second wall, so no script reaches a reader.
//
// The package is pure: it knows nothing of who reads or what a resource is; the caller
// resolves references (checking access) through a Resolver. It must never fetch
// anything itself.
package markdown
