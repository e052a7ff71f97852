package markdown

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// unsafeHTML names the first thing in h that could run script or load from outside.
func unsafeHTML(h string) string {
	z := html.NewTokenizer(strings.NewReader(h))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "svg", "object", "embed", "style", "form":
				return "element " + tok.Data
			}
			for _, a := range tok.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				switch {
				case strings.HasPrefix(a.Key, "on"):
					return "attribute " + a.Key
				case (a.Key == "href" || a.Key == "src") && (strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:") || strings.HasPrefix(v, "vbscript:")):
					return a.Key + " " + v
				case a.Key == "src" && tok.Data != "img" && !fileURL.MatchString(a.Val):
					return "src " + a.Val
				}
			}
		}
	}
}

const sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func resolver(_ testing.TB) Resolver {
	return func(refs []Ref) map[Ref][]Media {
		out := map[Ref][]Media{}
		for _, r := range refs {
			switch r.ID {
			case 1:
				out[r] = []Media{{Kind: "video", URL: "/api/v1/resources/1/files/" + sha, Name: "bai-giang.mp4"}}
			case 2:
				out[r] = []Media{{Kind: "pdf", URL: "/api/v1/resources/2/files/" + sha, Name: "de.pdf"}}
			case 3:
				out[r] = []Media{{Kind: "image", URL: "https://evil.example/x.png", Name: "x.png"}}
			}
		}
		return out
	}
}

func TestRender(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string
		not       []string
	}{
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |", []string{"<table>", "<td>1</td>"}, nil},
		{"footnote", "Định lý[^1].\n\n[^1]: Pythagoras.", []string{`class="footnote-ref"`, `id="fn:1"`, "Pythagoras"}, nil},
		{"task list", "- [x] đọc bài\n- [ ] làm bài", []string{`type="checkbox"`, `checked`, "đọc bài"}, nil},
		{"inline math kept", `Ta có $a_1*b_1* < c$ nên`, []string{`<span class="math inline">$a_1*b_1* &lt; c$</span>`}, []string{"<em>"}},
		{"paren math", `\(x^2\)`, []string{`<span class="math inline">\(x^2\)</span>`}, nil},
		{"display math", "$$\n\\frac{a}{b}\n$$", []string{`class="math display"`, `\frac{a}{b}`}, nil},
		{"video", "![Bài giảng](resource:1@2)", []string{`<video class="embed embed-video" controls="" preload="none" title="Bài giảng" src="/api/v1/resources/1/files/` + sha + `">`}, nil},
		{"pdf", "![Đề](resource:2)", []string{`<iframe class="embed embed-pdf" loading="lazy" title="Đề" src="/api/v1/resources/2/files/` + sha + `" sandbox=""`}, nil},
		{"link to file", "[tải về](resource:2)", []string{`href="/api/v1/resources/2/files/` + sha + `"`}, nil},
		{"not available", "![Bí mật](resource:9)", []string{`<span class="embed embed-missing">Bí mật</span>`}, []string{"<video", "resource:9"}},
		{"outside address refused", "![x](resource:3)", nil, []string{"evil.example"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Render(tc.src, resolver(t))
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("Render(%q) = %s\nwant it to contain %s", tc.src, got, w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(got, w) {
					t.Errorf("Render(%q) = %s\nmust not contain %s", tc.src, got, w)
				}
			}
		})
	}
}

// TestRenderRemovesScript feeds the ways a lesson could try to run script.
func TestRenderRemovesScript(t *testing.T) {
	attacks := []string{
		"<script>alert(1)</script>",
		"<img src=x onerror=alert(1)>",
		"[bấm](javascript:alert(1))",
		"![x](javascript:alert(1))",
		"<iframe src=\"https://evil.example\"></iframe>",
		"$<script>alert(1)</script>$",
		"$$\n</div><script>alert(1)</script>\n$$",
		"<a href=\"#\" onclick=\"alert(1)\">x</a>",
		"![\"><script>alert(1)</script>](resource:1)",
		"<svg onload=alert(1)>",
		"[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
		"<video src=\"https://evil.example/a.mp4\" onplay=\"alert(1)\"></video>",
	}
	for _, src := range attacks {
		got := Render(src, resolver(t))
		if bad := unsafeHTML(got); bad != "" || strings.Contains(got, "evil.example") {
			t.Errorf("Render(%q) = %s: %s", src, got, bad)
		}
	}
}

func TestRefs(t *testing.T) {
	got := Refs("![a](resource:5) [b](resource:5) ![c](resource:7@3) ![d](resource:x) ![e](/img.png)")
	want := []Ref{{ID: 5}, {ID: 7, Version: 3}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("Refs = %v, want %v", got, want)
	}
	if want[1].String() != "resource:7@3" {
		t.Errorf("String = %s", want[1].String())
	}
}

// FuzzRender checks that no input makes the renderer panic or let script through.
func FuzzRender(f *testing.F) {
	for _, s := range []string{"# Bài 1\n\n| a |\n|---|\n| b |", "$x$ \\(y\\) $$z$$", "![v](resource:1@2)", "[^1]\n\n[^1]: x", "- [ ] a",
		"<script>x</script>", "![<img src=x onerror=y>](resource:2)", "[x](javascript:y)", "$$\n<b>\n$$"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		got := Render(src, resolver(t))
		if bad := unsafeHTML(got); bad != "" {
			t.Fatalf("Render(%q) = %s: %s", src, got, bad)
		}
		_ = Refs(src)
	})
}
