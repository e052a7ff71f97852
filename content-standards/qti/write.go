package qti

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
)

const responseID = "RESPONSE"

// Template URIs of the standard QTI 2.1 response processing.
const (
	matchCorrect = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"
	mapResponse  = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response"
)

type xItem struct {
	XMLName    xml.Name `xml:"assessmentItem"`
	NS         string   `xml:"xmlns,attr"`
	Identifier string   `xml:"identifier,attr"`
	Title      string   `xml:"title,attr"`
	Adaptive   bool     `xml:"adaptive,attr"`
	TimeDep    bool     `xml:"timeDependent,attr"`
	Response   xDecl    `xml:"responseDeclaration"`
	Outcome    xOutcome `xml:"outcomeDeclaration"`
	Body       xBody    `xml:"itemBody"`
	Processing *xProc   `xml:"responseProcessing"`
}

type xDecl struct {
	Identifier  string    `xml:"identifier,attr"`
	Cardinality string    `xml:"cardinality,attr"`
	BaseType    string    `xml:"baseType,attr"`
	Correct     *xValues  `xml:"correctResponse"`
	Mapping     *xMapping `xml:"mapping"`
}

type xValues struct {
	Values []string `xml:"value"`
}

type xMapping struct {
	Default string      `xml:"defaultValue,attr"`
	Entries []xMapEntry `xml:"mapEntry"`
}

type xMapEntry struct {
	Key           string `xml:"mapKey,attr"`
	Value         string `xml:"mappedValue,attr"`
	CaseSensitive bool   `xml:"caseSensitive,attr"`
}

type xOutcome struct {
	Identifier  string `xml:"identifier,attr"`
	Cardinality string `xml:"cardinality,attr"`
	BaseType    string `xml:"baseType,attr"`
}

type xProc struct {
	Template string `xml:"template,attr"`
}

// xBody holds the paragraphs of the prompt, then the interaction, already encoded.
type xBody struct {
	Inner []byte `xml:",innerxml"`
}

// Write serializes the item as a QTI 2.1 assessmentItem document that Parse reads
// back to the same item.
func Write(it *Item) ([]byte, error) {
	x := xItem{NS: NamespaceV2p1, Identifier: it.Identifier, Title: it.Title,
		Response: xDecl{Identifier: responseID, Cardinality: "single", BaseType: "identifier"},
		Outcome:  xOutcome{Identifier: "SCORE", Cardinality: "single", BaseType: "float"}}
	var body bytes.Buffer
	if it.Kind == ExtendedText && it.Rubric != "" {
		body.WriteString(`<rubricBlock view="scorer">` + paragraphs(it.Rubric) + `</rubricBlock>`)
	}
	if err := writeInteraction(it, &x, &body); err != nil {
		return nil, err
	}
	x.Body.Inner = body.Bytes()
	out, err := xml.MarshalIndent(x, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("qti: write item %q: %w", it.Identifier, err)
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

func writeInteraction(it *Item, x *xItem, body *bytes.Buffer) error {
	body.WriteString(paragraphs(it.Prompt)) // QTI 2.1 prompts hold inline text only
	prompt := ""
	switch it.Kind {
	case SingleChoice, MultipleChoice:
		max, card := "1", "single"
		if it.Kind == MultipleChoice {
			max, card = "0", "multiple"
		}
		x.Response.Cardinality = card
		x.Response.Correct = &xValues{}
		body.WriteString(`<choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="` + max + `">` + prompt)
		for _, c := range it.Choices {
			if c.Correct {
				x.Response.Correct.Values = append(x.Response.Correct.Values, c.Identifier)
			}
			body.WriteString(`<simpleChoice identifier="` + esc(c.Identifier) + `">` + lines(c.Text) + `</simpleChoice>`)
		}
		body.WriteString(`</choiceInteraction>`)
		x.Processing = &xProc{matchCorrect}
	case Order:
		x.Response.Cardinality = "ordered"
		x.Response.Correct = &xValues{}
		body.WriteString(`<orderInteraction responseIdentifier="RESPONSE" shuffle="true">` + prompt)
		for _, c := range it.Choices {
			x.Response.Correct.Values = append(x.Response.Correct.Values, c.Identifier)
			body.WriteString(`<simpleChoice identifier="` + esc(c.Identifier) + `">` + lines(c.Text) + `</simpleChoice>`)
		}
		body.WriteString(`</orderInteraction>`)
		x.Processing = &xProc{matchCorrect}
	case Match:
		writeMatch(it, x, body, prompt)
	case TextEntry:
		return writeTextEntry(it, x, body)
	case ExtendedText:
		x.Response.BaseType = "string"
		body.WriteString(`<extendedTextInteraction responseIdentifier="RESPONSE">` + prompt + `</extendedTextInteraction>`)
	default:
		return fmt.Errorf("qti: write item %q: %w: kind %q", it.Identifier, ErrUnsupported, it.Kind)
	}
	return nil
}

// writeMatch numbers the distinct left and right texts L1.., R1.. .
func writeMatch(it *Item, x *xItem, body *bytes.Buffer, prompt string) {
	x.Response.Cardinality, x.Response.BaseType = "multiple", "directedPair"
	x.Response.Correct = &xValues{}
	left, right := map[string]string{}, map[string]string{}
	var ls, rs strings.Builder
	for _, p := range it.Pairs {
		if left[p.Left] == "" {
			left[p.Left] = "L" + strconv.Itoa(len(left)+1)
			ls.WriteString(`<simpleAssociableChoice identifier="` + left[p.Left] + `" matchMax="1">` + lines(p.Left) + `</simpleAssociableChoice>`)
		}
		if right[p.Right] == "" {
			right[p.Right] = "R" + strconv.Itoa(len(right)+1)
			rs.WriteString(`<simpleAssociableChoice identifier="` + right[p.Right] + `" matchMax="0">` + lines(p.Right) + `</simpleAssociableChoice>`)
		}
		x.Response.Correct.Values = append(x.Response.Correct.Values, left[p.Left]+" "+right[p.Right])
	}
	body.WriteString(`<matchInteraction responseIdentifier="RESPONSE" shuffle="true" maxAssociations="` + strconv.Itoa(len(it.Pairs)) + `">` + prompt)
	body.WriteString(`<simpleMatchSet>` + ls.String() + `</simpleMatchSet><simpleMatchSet>` + rs.String() + `</simpleMatchSet></matchInteraction>`)
	x.Processing = &xProc{mapResponse}
}

// writeTextEntry puts the gap in a paragraph of its own after the prompt, where
// Parse drops it again.
func writeTextEntry(it *Item, x *xItem, body *bytes.Buffer) error {
	if len(it.Accepted) == 0 {
		return fmt.Errorf("qti: write item %q: %w: no accepted answer", it.Identifier, ErrNoCorrect)
	}
	x.Response.BaseType = "string"
	x.Response.Correct = &xValues{Values: it.Accepted[:1]}
	m := &xMapping{Default: "0"}
	for _, a := range it.Accepted {
		m.Entries = append(m.Entries, xMapEntry{Key: a, Value: "1", CaseSensitive: it.CaseSensitive})
	}
	x.Response.Mapping = m
	body.WriteString(`<p><textEntryInteraction responseIdentifier="RESPONSE" expectedLength="15"/></p>`)
	x.Processing = &xProc{mapResponse}
	return nil
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // writes to a Builder never fail
	return b.String()
}

// lines escapes the text and writes its line breaks as <br/>.
func lines(s string) string {
	var parts []string
	for _, l := range strings.Split(s, "\n") {
		parts = append(parts, esc(l))
	}
	return strings.Join(parts, "<br/>")
}

// paragraphs writes each blank-line-separated paragraph as a <p>.
func paragraphs(s string) string {
	var b strings.Builder
	for _, p := range strings.Split(s, "\n\n") {
		b.WriteString("<p>" + lines(p) + "</p>")
	}
	return b.String()
}
