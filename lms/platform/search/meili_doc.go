package search

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// meiliDoc is a document as Meilisearch stores it. The text is stored twice for
// searching, so the Vietnamese rules hold whatever Meilisearch's own normalization
// does: *_fold has the marks removed by Fold (an unmarked query word matches every
// marked form), *_exact has every marked word spelled in VNI digits ("má" -> "ma1",
// "phương" -> "phu7o7ng", "đ" -> "d9") and unmarked words as they are, so a marked
// query word, sent in the same spelling, matches only that exact word, and an
// unmarked one ranks documents with its exact (unmarked) form first. Title,
// description and body as written are only displayed.
type meiliDoc struct {
	Key          string   `json:"key"`
	Type         Type     `json:"type"`
	ID           int64    `json:"id"`
	OrgID        int64    `json:"org_id"`
	OrgName      string   `json:"org_name"`
	Org          string   `json:"org"` // "id|name": the organization facet with its label
	OrgPath      []int64  `json:"org_path"`
	OwnerID      int64    `json:"owner_id"`
	Scope        string   `json:"scope"`
	ScopeRoot    int64    `json:"scope_root"` // 0: none
	PanelKeys    []string `json:"panel_keys"` // "org/subject" for each org on the path (PanelTypes only)
	Title        string   `json:"title"`
	Description  string   `json:"description"`
	Body         string   `json:"body"`
	TitleFold    string   `json:"title_fold"`
	TitleExact   string   `json:"title_exact"`
	DescFold     string   `json:"description_fold"`
	DescExact    string   `json:"description_exact"`
	BodyFold     string   `json:"body_fold"`
	BodyExact    string   `json:"body_exact"`
	Kind         string   `json:"kind"`
	Subject      string   `json:"subject"`
	Grades       []int    `json:"grades"`
	Licence      string   `json:"licence"`
	Language     string   `json:"language"`
	ReviewStatus string   `json:"review_status"`
	Published    bool     `json:"published"`
	// PublishedRank and UpdatedAt (Unix milliseconds) are ranking rules after the
	// text's: published before drafts, then newer first.
	PublishedRank int     `json:"published_rank"`
	UpdatedAt     int64   `json:"updated_at"`
	Score         float64 `json:"_rankingScore,omitempty"`
}

// meiliKey is a document's primary key in Meilisearch.
func meiliKey(t Type, id int64) string { return string(t) + "-" + strconv.FormatInt(id, 10) }

func toMeili(d Document) meiliDoc {
	title, desc, body := NFC(strings.TrimSpace(d.Title)), NFC(strings.TrimSpace(d.Description)), NFC(strings.TrimSpace(d.Body))
	if len(body) > maxBody {
		body = strings.ToValidUTF8(body[:maxBody], "")
	}
	m := meiliDoc{Key: meiliKey(d.Type, d.ID), Type: d.Type, ID: d.ID, OrgID: d.OrgID, OrgName: d.OrgName,
		Org: fmt.Sprintf("%d|%s", d.OrgID, d.OrgName), OrgPath: d.OrgPath, OwnerID: d.OwnerID, Scope: d.Scope,
		PanelKeys: []string{}, Title: title, Description: desc, Body: body,
		TitleFold: foldText(title), TitleExact: exactText(title), DescFold: foldText(desc), DescExact: exactText(desc),
		BodyFold: foldText(body), BodyExact: exactText(body), Kind: d.Kind, Subject: d.Subject, Grades: d.Grades,
		Licence: d.Licence, Language: d.Language, ReviewStatus: d.ReviewStatus, Published: d.Published,
		UpdatedAt: d.UpdatedAt.UnixMilli()}
	if d.ScopeRoot != nil {
		m.ScopeRoot = *d.ScopeRoot
	}
	if m.Grades == nil {
		m.Grades = []int{}
	}
	if d.Published {
		m.PublishedRank = 1
	}
	if PanelTypes[d.Type] && d.Subject != "" {
		for _, org := range d.OrgPath {
			m.PanelKeys = append(m.PanelKeys, panelKey(org, d.Subject))
		}
	}
	return m
}

func panelKey(org int64, subject string) string { return strconv.FormatInt(org, 10) + "/" + subject }

func (m meiliDoc) hit() Hit {
	return Hit{Type: m.Type, ID: m.ID, Title: m.Title, Kind: m.Kind, Subject: m.Subject, Grades: m.Grades, OrgID: m.OrgID,
		OrgName: m.OrgName, Published: m.Published, ReviewStatus: m.ReviewStatus, UpdatedAt: time.UnixMilli(m.UpdatedAt).UTC(),
		Score: m.Score}
}

// foldText is the text's words without marks, separated by spaces.
func foldText(s string) string { return Fold(strings.Join(Words(s), " ")) }

// exactText is the text's words, marked ones in VNI spelling.
func exactText(s string) string {
	ws := Words(s)
	for i, w := range ws {
		ws[i] = vni(w)
	}
	return strings.Join(ws, " ")
}

// VNI digits for the tone marks (1-5) and the letter marks (6 circumflex, 7 horn,
// 8 breve, 9 the stroke of đ). A tone comes before the letter mark of its vowel, so
// a marked prefix matches like PostgreSQL's exact prefix: "kiê" ("kie6") is not a
// prefix of "kiều" ("kie26u"), "phươ" ("phu7o7") is one of "phương".
var vniMarks = map[rune]byte{
	'\u0301': '1', '\u0300': '2', '\u0309': '3', '\u0303': '4', '\u0323': '5',
	'\u0302': '6', '\u031B': '7', '\u0306': '8',
}

// vni spells a lower-case NFC word with its marks as digits after each letter; a
// word without marks is returned as it is. Vietnamese words hold no digits, so a
// spelled word never equals a written one.
func vni(word string) string {
	if !Marked(word) {
		return word
	}
	var b strings.Builder
	var tone, shape []byte
	flush := func() {
		b.Write(tone)
		b.Write(shape)
		tone, shape = tone[:0], shape[:0]
	}
	for _, r := range norm.NFD.String(word) {
		if unicode.Is(unicode.Mn, r) {
			switch c := vniMarks[r]; {
			case c == 0: // a mark Vietnamese does not use: keep it apart
				shape = append(shape, '0')
			case c <= '5':
				tone = append(tone, c)
			default:
				shape = append(shape, c)
			}
			continue
		}
		flush()
		if r == 'đ' {
			b.WriteString("d")
			shape = append(shape, '9')
			continue
		}
		b.WriteRune(r)
	}
	flush()
	return b.String()
}
