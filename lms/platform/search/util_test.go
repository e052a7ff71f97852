package search

import "strings"

func stringsRepeat(s string, n int) string { return strings.Repeat(s, n) }
func stringsContains(s, sub string) bool   { return strings.Contains(s, sub) }
