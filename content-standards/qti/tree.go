package qti

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Namespaces of the item roots Parse accepts.
const (
	NamespaceV2p1 = "http://www.imsglobal.org/xsd/imsqti_v2p1"
	NamespaceV2p2 = "http://www.imsglobal.org/xsd/imsqti_v2p2"
	NamespaceV3p0 = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
)

const maxDepth = 64

// node is an element (name set) or a run of text (name empty).
type node struct {
	name  string // local name, QTI 3 names mapped to their QTI 2 spelling
	space string
	attrs map[string]string
	kids  []*node
	text  string
}

// decodeTree reads the document into a tree, refusing DOCTYPEs and entities.
func decodeTree(data []byte) (*node, error) {
	if len(data) > MaxItemSize {
		return nil, fmt.Errorf("qti: %w (%d bytes)", ErrTooLarge, len(data))
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true // unknown entities are errors; none are ever defined
	var root *node
	var stack []*node
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("qti: %w: %v", ErrMalformed, err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return nil, fmt.Errorf("qti: %w", ErrDoctype)
		case xml.StartElement:
			if len(stack) >= maxDepth {
				return nil, fmt.Errorf("qti: %w: elements nested deeper than %d", ErrMalformed, maxDepth)
			}
			n := &node{name: qti2Name(t.Name.Local), space: t.Name.Space, attrs: map[string]string{}}
			for _, a := range t.Attr {
				n.attrs[qti2Name(a.Name.Local)] = a.Value
			}
			if len(stack) == 0 {
				if root != nil {
					return nil, fmt.Errorf("qti: %w: more than one root element", ErrMalformed)
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, &node{text: string(t)})
			}
		}
	}
	if root == nil {
		return nil, fmt.Errorf("qti: %w: no root element", ErrNotItem)
	}
	return root, nil
}

// qti2Name maps a QTI 3 name ("qti-choice-interaction", "max-choices") to its
// QTI 2 spelling ("choiceInteraction", "maxChoices"), so one reader serves both.
func qti2Name(s string) string {
	s = strings.TrimPrefix(s, "qti-")
	if !strings.Contains(s, "-") {
		return s
	}
	parts := strings.Split(s, "-")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// child returns the first child element named name, or nil.
func (n *node) child(name string) *node {
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// children returns the child elements named name.
func (n *node) children(name string) []*node {
	var out []*node
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
	}
	return out
}

// find returns every element named by one of names below n, in document order.
func (n *node) find(names ...string) []*node {
	var out []*node
	for _, k := range n.kids {
		if k.name == "" {
			continue
		}
		for _, want := range names {
			if k.name == want {
				out = append(out, k)
			}
		}
		out = append(out, k.find(names...)...)
	}
	return out
}

// values returns the trimmed texts of n's value children.
func (n *node) values() []string {
	if n == nil {
		return nil
	}
	var out []string
	for _, v := range n.children("value") {
		out = append(out, strings.TrimSpace(v.rawText()))
	}
	return out
}

// rawText is all the text below n.
func (n *node) rawText() string {
	if n.name == "" {
		return n.text
	}
	var b strings.Builder
	for _, k := range n.kids {
		b.WriteString(k.rawText())
	}
	return b.String()
}
