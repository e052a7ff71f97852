package markdown

import (
	"html"
	"strings"

	"github.com/gohugoio/hugo-goldmark-extensions/passthrough"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// KindEmbed is the node kind of a resolved (or missing) resource reference.
var KindEmbed = ast.NewNodeKind("Embed")

// Embed is a resource reference after resolution; its children are the caption.
type Embed struct {
	ast.BaseInline
	Media     []Media
	Available bool
}

// Kind implements ast.Node.
func (n *Embed) Kind() ast.NodeKind { return KindEmbed }

// Dump implements ast.Node.
func (n *Embed) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// nodeRenderer renders embeds as players and math as escaped text in KaTeX
// delimiters (the passthrough extension's own renderer writes it unescaped).
type nodeRenderer struct{}

func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindEmbed, r.embed)
	reg.Register(passthrough.KindPassthroughInline, r.mathInline)
	reg.Register(passthrough.KindPassthroughBlock, r.mathBlock)
}

func (r *nodeRenderer) mathInline(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	p, ok := n.(*passthrough.PassthroughInline)
	if !entering || !ok {
		return ast.WalkContinue, nil
	}
	class := "math inline"
	if p.Delimiters != nil && (p.Delimiters.Open == "$$" || p.Delimiters.Open == `\[`) {
		class = "math display"
	}
	_, _ = w.WriteString(`<span class="` + class + `">` + html.EscapeString(string(p.Segment.Value(source))) + `</span>`)
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) mathBlock(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	var b strings.Builder
	for i := 0; i < n.Lines().Len(); i++ {
		line := n.Lines().At(i)
		b.Write(line.Value(source))
	}
	_, _ = w.WriteString(`<div class="math display">` + html.EscapeString(b.String()) + "</div>\n")
	return ast.WalkSkipChildren, nil
}

// embed writes the players: video and audio load nothing before the reader presses
// play, images and PDFs load lazily, so a lesson stays light on a phone.
func (r *nodeRenderer) embed(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	e := n.(*Embed)
	caption := html.EscapeString(plainText(n, source))
	if !e.Available || len(e.Media) == 0 {
		if caption == "" {
			caption = "…"
		}
		_, _ = w.WriteString(`<span class="embed embed-missing">` + caption + `</span>`)
		return ast.WalkSkipChildren, nil
	}
	for _, m := range e.Media {
		if !fileURL.MatchString(m.URL) {
			continue
		}
		u, name := html.EscapeString(m.URL), html.EscapeString(m.Name)
		title := caption
		if title == "" {
			title = name
		}
		switch m.Kind {
		case "video":
			_, _ = w.WriteString(`<video class="embed embed-video" controls preload="none" title="` + title + `" src="` + u + `"></video>`)
		case "audio":
			_, _ = w.WriteString(`<audio class="embed embed-audio" controls preload="none" title="` + title + `" src="` + u + `"></audio>`)
		case "image":
			_, _ = w.WriteString(`<img class="embed embed-image" loading="lazy" alt="` + title + `" src="` + u + `">`)
		case "pdf":
			_, _ = w.WriteString(`<iframe class="embed embed-pdf" loading="lazy" title="` + title + `" src="` + u + `"></iframe>`)
		}
		_, _ = w.WriteString(`<a class="embed embed-file" href="` + u + `">` + name + `</a>`)
	}
	return ast.WalkSkipChildren, nil
}

// plainText is the text of a node's inline children (a caption).
func plainText(n ast.Node, source []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(source))
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}
