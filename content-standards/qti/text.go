package qti

import (
	"regexp"
	"strings"
)

// Gap is how a text entry gap inside the prompt is written.
const Gap = "____"

var blockNames = map[string]bool{
	"p": true, "div": true, "blockquote": true, "li": true, "ul": true, "ol": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"table": true, "tr": true, "pre": true, "prompt": true, "dl": true, "dd": true, "dt": true,
}

// skipNames are elements whose text is never part of a prompt: the interaction
// options, feedback shown after answering, rubrics for graders, and scripts.
var skipNames = map[string]bool{
	"choiceInteraction": true, "extendedTextInteraction": true, "orderInteraction": true,
	"matchInteraction": true, "feedbackInline": true, "feedbackBlock": true,
	"modalFeedback": true, "rubricBlock": true, "script": true, "style": true,
	"templateBlock": true, "templateInline": true, "object": true,
}

// plainText renders the element's content as plain text: blocks become paragraphs,
// <br/> a line break, a textEntryInteraction the Gap, an image its alt text. Tags
// are dropped, never interpreted, so no markup of the source survives.
func plainText(n *node) string {
	var b strings.Builder
	writeText(&b, n)
	return tidy(b.String())
}

func writeText(b *strings.Builder, n *node) {
	for _, k := range n.kids {
		switch {
		case k.name == "":
			b.WriteString(k.text)
		case skipNames[k.name]:
		case k.name == "textEntryInteraction":
			b.WriteString(" " + Gap + " ")
		case k.name == "br":
			b.WriteString("\x00")
		case k.name == "img":
			if alt := k.attrs["alt"]; alt != "" {
				b.WriteString(" " + alt + " ")
			}
		case blockNames[k.name]:
			b.WriteString("\x01")
			writeText(b, k)
			b.WriteString("\x01")
		default:
			writeText(b, k)
		}
	}
}

var spaces = regexp.MustCompile(`[ \t\r\n\f\v\x{a0}]+`)

// tidy turns the marked text (\x01 paragraph edge, \x00 line break) into
// paragraphs separated by one blank line, lines trimmed, spaces collapsed.
func tidy(s string) string {
	var paras []string
	for _, p := range strings.Split(s, "\x01") {
		var lines []string
		for _, l := range strings.Split(p, "\x00") {
			if l = strings.TrimSpace(spaces.ReplaceAllString(l, " ")); l != "" {
				lines = append(lines, l)
			}
		}
		if len(lines) > 0 {
			paras = append(paras, strings.Join(lines, "\n"))
		}
	}
	return strings.Join(paras, "\n\n")
}
