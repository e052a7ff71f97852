package marc

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Namespace is the MARCXML (MARC21 slim) namespace.
const Namespace = "http://www.loc.gov/MARC21/slim"

const (
	maxXMLDepth   = 32
	maxXMLFields  = 10000
	maxXMLValue   = 1 << 20
	defaultLeader = "00000nam a2200000   4500"
)

var errNotUTF8 = errors.New("marc: the XML is not in UTF-8")

// xmlReader is the state of one MARCXML file's token loop.
type xmlReader struct {
	d       *xml.Decoder
	charset string // the declared encoding, when it is not UTF-8
	recs    []Record
	bad     []*Error
	n       int // records seen

	rec       *Record // the record being read, nil outside one
	recErr    *Error  // why it is refused, once known
	recDepth  int
	recOffset int64
	hasLeader bool

	field      *Field // the data field being read
	fieldDepth int

	kind   string // what the text is for: leader, controlfield or subfield
	tag    string // of the control field
	code   byte   // of the subfield
	textAt int    // the depth whose character data is collected, 0 for none
	text   strings.Builder
}

func readXML(data []byte) ([]Record, []*Error, *Error) {
	x := &xmlReader{d: xml.NewDecoder(bytes.NewReader(data))}
	x.d.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "us-ascii", "ascii", "utf8":
			return r, nil
		}
		x.charset = label
		return nil, errNotUTF8
	}
	if e := x.loop(); e != nil {
		return nil, nil, e
	}
	if x.n == 0 {
		return nil, nil, refuse("marc.no_records")
	}
	return x.recs, x.bad, nil
}

func (x *xmlReader) loop() *Error {
	depth, roots := 0, 0
	for {
		offset := x.d.InputOffset()
		tok, err := x.d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return x.malformed(err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return refuse("marc.xml.doctype")
		case xml.StartElement:
			if depth++; depth > maxXMLDepth {
				return refuse("marc.xml.too_deep", maxXMLDepth)
			}
			if depth == 1 {
				if roots++; roots > 1 {
					line, _ := x.d.InputPos()
					return refuse("marc.xml.malformed", line, "a second root element")
				}
				if !inSlim(t.Name) || t.Name.Local != "collection" && t.Name.Local != "record" {
					return refuse("marc.xml.root", excerpt(t.Name.Local))
				}
			}
			if x.rec == nil && depth <= 2 && inSlim(t.Name) && t.Name.Local == "record" {
				if x.n++; x.n > MaxRecords {
					return refuse("marc.too_many_records", MaxRecords)
				}
				x.rec, x.recErr, x.recDepth, x.recOffset, x.hasLeader = &Record{}, nil, depth, offset, false
				continue
			}
			if x.rec != nil && x.recErr == nil && inSlim(t.Name) {
				x.start(t, depth)
			}
		case xml.EndElement:
			if x.rec != nil {
				x.end(depth)
			}
			depth--
		case xml.CharData:
			if x.textAt != 0 && depth == x.textAt {
				x.collect(t)
			}
		}
	}
}

// inSlim says whether n is in the MARCXML namespace, or in none.
func inSlim(n xml.Name) bool { return n.Space == Namespace || n.Space == "" }

func (x *xmlReader) malformed(err error) *Error {
	if x.charset != "" {
		return refuse("marc.xml.encoding", excerpt(x.charset))
	}
	if syn, ok := errors.AsType[*xml.SyntaxError](err); ok {
		return refuse("marc.xml.malformed", syn.Line, syn.Msg)
	}
	line, _ := x.d.InputPos()
	return refuse("marc.xml.malformed", line, strings.TrimPrefix(err.Error(), "xml: "))
}

// start opens an element of the record: a field at the record's depth, a
// subfield in a data field. Anything else is ignored.
func (x *xmlReader) start(t xml.StartElement, depth int) {
	if x.field != nil {
		if depth == x.fieldDepth+1 && t.Name.Local == "subfield" {
			code := attr(t, "code")
			if len(code) != 1 || !validCode(code[0]) {
				x.fail(refuse("marc.subfield_code", x.field.Tag, excerpt(code)))
				return
			}
			x.collectAt(depth, "subfield", code[0])
		}
		return
	}
	if depth != x.recDepth+1 {
		return
	}
	switch t.Name.Local {
	case "leader":
		if !x.hasLeader {
			x.collectAt(depth, "leader", 0)
		}
	case "controlfield", "datafield":
		tag := attr(t, "tag")
		if !validTag(tag) {
			x.fail(refuse("marc.tag", excerpt(tag)))
			return
		}
		if isControlTag(tag) != (t.Name.Local == "controlfield") {
			return // a field its tag cannot hold: left out
		}
		if t.Name.Local == "controlfield" {
			x.tag = tag
			x.collectAt(depth, "controlfield", 0)
			return
		}
		f := Field{Tag: tag}
		var ok1, ok2 bool
		f.Ind1, ok1 = indicator(attr(t, "ind1"))
		f.Ind2, ok2 = indicator(attr(t, "ind2"))
		if !ok1 || !ok2 {
			bad := attr(t, "ind1")
			if ok1 {
				bad = attr(t, "ind2")
			}
			x.fail(refuse("marc.indicator", tag, excerpt(bad)))
			return
		}
		x.field, x.fieldDepth = &f, depth
	}
}

// end closes the element at depth, and with it what it held.
func (x *xmlReader) end(depth int) {
	switch {
	case x.textAt != 0 && depth == x.textAt:
		x.textAt = 0
		v := norm.NFC.String(x.text.String())
		switch x.kind {
		case "leader":
			x.setLeader(v)
		case "controlfield":
			x.addField(Field{Tag: x.tag, Value: v})
		case "subfield":
			x.field.Subfields = append(x.field.Subfields, Subfield{Code: x.code, Value: v})
		}
	case x.field != nil && depth == x.fieldDepth:
		f := x.field
		x.field = nil
		x.addField(*f)
	case depth == x.recDepth:
		x.endRecord()
	}
}

func (x *xmlReader) endRecord() {
	rec, e := x.rec, x.recErr
	x.rec, x.recErr, x.field, x.textAt = nil, nil, nil, 0
	if e == nil && len(rec.Fields) == 0 {
		e = refuse("marc.no_fields")
	}
	if e != nil {
		x.bad = append(x.bad, e.at(x.n, x.recOffset))
		return
	}
	if !x.hasLeader {
		rec.Leader = defaultLeader
	}
	x.recs = append(x.recs, *rec)
}

func (x *xmlReader) setLeader(v string) {
	if len(v) != leaderLen {
		v = strings.TrimSpace(v) // pretty-printed
	}
	if !validLeaderText(v) {
		x.fail(refuse("marc.leader.text", excerpt(v)))
		return
	}
	x.rec.Leader, x.hasLeader = v, true
}

func (x *xmlReader) addField(f Field) {
	if len(x.rec.Fields) >= maxXMLFields {
		x.fail(refuse("marc.xml.too_many_fields", maxXMLFields))
		return
	}
	x.rec.Fields = append(x.rec.Fields, f)
}

// collectAt starts collecting the character data of the element at depth.
func (x *xmlReader) collectAt(depth int, kind string, code byte) {
	x.textAt, x.kind, x.code = depth, kind, code
	x.text.Reset()
}

func (x *xmlReader) collect(t xml.CharData) {
	if x.text.Len()+len(t) > maxXMLValue {
		x.fail(refuse("marc.xml.value_too_long", maxXMLValue))
		return
	}
	x.text.Write(t)
}

// fail refuses the record being read; the rest of it is skipped.
func (x *xmlReader) fail(e *Error) {
	if x.recErr == nil {
		x.recErr = e
	}
	x.field, x.textAt = nil, 0
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Space == "" && a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// indicator reads an ind1 or ind2 attribute: missing or empty is a blank.
func indicator(v string) (byte, bool) {
	switch {
	case v == "":
		return ' ', true
	case len(v) == 1 && validIndicator(v[0]):
		return v[0], true
	}
	return 0, false
}

// excerpt is s for a message argument: at most 40 bytes of it.
func excerpt(s string) string {
	if len(s) <= 40 {
		return s
	}
	cut := 40
	for cut > 0 && !utf8RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
