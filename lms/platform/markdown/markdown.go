package markdown

import (
	"bytes"
	"html"
	"regexp"
	"strconv"
	"strings"

	"github.com/gohugoio/hugo-goldmark-extensions/passthrough"
	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// MaxSource is the largest Markdown text rendered; longer text is cut there.
const MaxSource = 1 << 20

// Ref is a reference to a repository resource in a lesson: resource:ID picks the
// newest published version, resource:ID@N version N.
type Ref struct {
	ID      int64
	Version int
}

// String is the reference as written in Markdown.
func (r Ref) String() string {
	if r.Version > 0 {
		return "resource:" + strconv.FormatInt(r.ID, 10) + "@" + strconv.Itoa(r.Version)
	}
	return "resource:" + strconv.FormatInt(r.ID, 10)
}

// Media is one file a reference resolves to for the reader.
type Media struct {
	Kind string // video, audio, image, pdf; anything else is offered as a link
	URL  string // must be a repository file path: /api/v1/resources/{id}/files/{sha256}
	Name string
}

// Resolver returns, for each reference the reader may see, the files to show; a
// reference missing from the result is shown as "not available".
type Resolver func(refs []Ref) map[Ref][]Media

var refRE = regexp.MustCompile(`^resource:([1-9][0-9]{0,17})(?:@([1-9][0-9]{0,8}))?$`)

// ParseRef reads resource:ID or resource:ID@N.
func ParseRef(dest string) (Ref, bool) {
	m := refRE.FindStringSubmatch(strings.TrimSpace(dest))
	if m == nil {
		return Ref{}, false
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	v, _ := strconv.Atoi(m[2])
	return Ref{ID: id, Version: v}, true
}

// fileURL is the only kind of address an embedded player or viewer may load.
var fileURL = regexp.MustCompile(`^/api/v1/resources/[0-9]+/files/[0-9a-f]{64}$`)

var (
	mathDelims = passthrough.Config{
		InlineDelimiters: []passthrough.Delimiters{{Open: "$", Close: "$"}, {Open: `\(`, Close: `\)`}},
		BlockDelimiters:  []passthrough.Delimiters{{Open: "$$", Close: "$$"}, {Open: `\[`, Close: `\]`}},
	}
	md = goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList,
			extension.Footnote, passthrough.New(mathDelims)),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(&nodeRenderer{}, 10))),
	)
	policy = newPolicy()
)

func newPolicy() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^(math inline|math display|embed( embed-[a-z]+)?|footnote-ref|footnote-backref|footnotes|task)$`)).Globally()
	p.AllowAttrs("role").Matching(regexp.MustCompile(`^doc-[a-z]+$`)).Globally()
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^checkbox$`)).OnElements("input")
	p.AllowAttrs("checked", "disabled").Matching(regexp.MustCompile(`^(|checked|disabled)$`)).OnElements("input")
	p.AllowAttrs("loading").Matching(regexp.MustCompile(`^lazy$`)).OnElements("img", "iframe")
	p.AllowAttrs("src").Matching(fileURL).OnElements("video", "audio", "iframe")
	p.AllowAttrs("controls").Matching(regexp.MustCompile(`^(|controls)$`)).OnElements("video", "audio")
	p.AllowAttrs("preload").Matching(regexp.MustCompile(`^(none|metadata)$`)).OnElements("video", "audio")
	p.AllowAttrs("title").OnElements("video", "audio", "iframe")
	p.RequireSandboxOnIFrame()
	p.AddTargetBlankToFullyQualifiedLinks(true)
	return p
}

// Render turns Markdown into safe HTML; references are resolved with resolve (nil:
// every reference shows as not available).
func Render(src string, resolve Resolver) string {
	if len(src) > MaxSource {
		src = src[:MaxSource]
	}
	source := []byte(src)
	doc := md.Parser().Parse(text.NewReader(source))
	embeds := collect(doc)
	var found map[Ref][]Media
	if len(embeds) > 0 && resolve != nil {
		found = resolve(uniqueRefs(embeds))
	}
	for _, e := range embeds {
		e.replace(found[e.ref], found != nil && found[e.ref] != nil)
	}
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, source, doc); err != nil {
		return policy.Sanitize(html.EscapeString(src))
	}
	return policy.Sanitize(buf.String())
}

// Refs lists the resources a Markdown text embeds, each once, in order.
func Refs(src string) []Ref {
	if len(src) > MaxSource {
		src = src[:MaxSource]
	}
	doc := md.Parser().Parse(text.NewReader([]byte(src)))
	return uniqueRefs(collect(doc))
}

// Sanitize passes HTML through the same policy (for HTML made elsewhere).
func Sanitize(h string) string { return policy.Sanitize(h) }

func uniqueRefs(es []*embed) []Ref {
	seen := map[Ref]bool{}
	var out []Ref
	for _, e := range es {
		if !seen[e.ref] {
			seen[e.ref] = true
			out = append(out, e.ref)
		}
	}
	return out
}

// embed is a resource: image or link found in the document.
type embed struct {
	node ast.Node // *ast.Image or *ast.Link
	ref  Ref
}

func collect(doc ast.Node) []*embed {
	var out []*embed
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest []byte
		switch v := n.(type) {
		case *ast.Image:
			dest = v.Destination
		case *ast.Link:
			dest = v.Destination
		default:
			return ast.WalkContinue, nil
		}
		if ref, ok := ParseRef(string(dest)); ok {
			out = append(out, &embed{node: n, ref: ref})
		}
		return ast.WalkContinue, nil
	})
	return out
}

// replace puts the resolved media in place of the reference: an image becomes the
// players, a link points at the first file; an unresolved one says it is missing.
func (e *embed) replace(media []Media, ok bool) {
	parent := e.node.Parent()
	if parent == nil {
		return
	}
	if l, isLink := e.node.(*ast.Link); isLink {
		if ok && len(media) > 0 && fileURL.MatchString(media[0].URL) {
			l.Destination = []byte(media[0].URL)
			return
		}
		ok = false
	}
	node := &Embed{Media: media, Available: ok}
	for c := e.node.FirstChild(); c != nil; {
		next := c.NextSibling()
		node.AppendChild(node, c)
		c = next
	}
	parent.ReplaceChild(parent, e.node, node)
}
