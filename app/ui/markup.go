package ui

import (
	"strings"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/kb"
)

// markup writes the HTML of the static views (lists of tips and steps) for
// app.Raw: one node to mount instead of hundreds of elements. go-app's own
// printer (app.HTMLString) would do it too, but linking it into the wasm
// costs ~17 KB brotli; these views need three calls. Every text and attribute
// value is escaped; tags and attribute names are constants of this package.
type markup struct{ b strings.Builder }

// htmlEscaper escapes text and attribute values as text/template's
// HTMLEscapeString does (text/template itself would cost the wasm ~20 KB
// brotli for this one function).
var htmlEscaper = strings.NewReplacer(
	"\x00", "\uFFFD",
	`"`, "&#34;",
	"'", "&#39;",
	"&", "&amp;",
	"<", "&lt;",
	">", "&gt;",
)

// open writes a start tag with attributes given as name, value pairs.
func (m *markup) open(tag string, attrs ...string) {
	m.b.WriteByte('<')
	m.b.WriteString(tag)
	for i := 0; i+1 < len(attrs); i += 2 {
		m.b.WriteByte(' ')
		m.b.WriteString(attrs[i])
		m.b.WriteString(`="`)
		htmlEscaper.WriteString(&m.b, attrs[i+1])
		m.b.WriteByte('"')
	}
	m.b.WriteByte('>')
}

// text writes escaped text.
func (m *markup) text(s string) { htmlEscaper.WriteString(&m.b, s) }

// close writes an end tag.
func (m *markup) close(tag string) {
	m.b.WriteString("</")
	m.b.WriteString(tag)
	m.b.WriteByte('>')
}

// elem writes a whole element holding only text.
func (m *markup) elem(tag, text string, attrs ...string) {
	m.open(tag, attrs...)
	m.text(text)
	m.close(tag)
}

func (m *markup) String() string { return m.b.String() }

// fill writes the template t in language l: "{中文|English}" keeps the
// part of l, "$1"…"$9" insert args[0]…args[8] escaped, and everything
// else is copied as it is. Templates are constants of this package (their
// markup trusted, their texts free of "|" and "}"); one template costs the
// wasm far less code than the element calls it stands for.
func (m *markup) fill(l i18n.Lang, t string, args ...string) {
	for i := 0; i < len(t); i++ {
		switch c := t[i]; {
		case c == '{':
			end := strings.IndexByte(t[i:], '}')
			bar := strings.IndexByte(t[i:i+end], '|')
			if l == i18n.EN {
				m.fill(l, t[i+bar+1:i+end], args...)
			} else {
				m.fill(l, t[i+1:i+bar], args...)
			}
			i += end
		case c == '$' && i+1 < len(t) && t[i+1] >= '1' && t[i+1] <= '9':
			if k := int(t[i+1] - '1'); k < len(args) {
				m.text(args[k])
			}
			i++
		default:
			m.b.WriteByte(c)
		}
	}
}

// option is one choice of a select.
type option struct{ value, label string }

// selectOf writes a select with id and name, its options opts with cur
// selected, and closes the field (div) the caller opened for it.
func (m *markup) selectOf(id, name, cur string, opts []option) {
	m.open("select", "id", id, "name", name)
	for _, o := range opts {
		if o.value == cur {
			m.elem("option", o.label, "value", o.value, "selected", "")
		} else {
			m.elem("option", o.label, "value", o.value)
		}
	}
	m.close("select")
	m.close("div")
}

// staticCache holds the HTML of static views by key; the server may
// prerender pages concurrently.
var staticCache struct {
	sync.Mutex
	html map[string]string
}

// staticUI returns the markup build writes as one raw HTML node, built once
// per key. The key must name everything the markup depends on (the language
// included); raw HTML has no event handlers.
func staticUI(key string, build func(m *markup)) app.UI {
	staticCache.Lock()
	defer staticCache.Unlock()
	h, ok := staticCache.html[key]
	if !ok {
		var m markup
		build(&m)
		h = m.String()
		if staticCache.html == nil {
			staticCache.html = map[string]string{}
		}
		staticCache.html[key] = h
	}
	return app.Raw(h)
}

// writeTips writes a group of general tips: a list of titles, each with its
// points.
func writeTips(m *markup, l i18n.Lang, tips []kb.Tip) {
	m.open("ul", "class", "tips")
	for _, t := range tips {
		m.open("li", "class", "tip", "data-tip-id", t.ID)
		m.elem("span", t.Title.In(l), "class", "b")
		if len(t.Points) > 0 {
			m.open("ul")
			for _, p := range t.Points {
				m.elem("li", p.In(l))
			}
			m.close("ul")
		}
		m.close("li")
	}
	m.close("ul")
}

// writeSteps writes the numbered steps for one system, as stepList renders
// them.
func writeSteps(m *markup, l i18n.Lang, steps []i18n.Text, os diagnosis.OS) {
	m.open("ol", "class", "steps", "data-steps-os", string(os))
	for _, s := range steps {
		m.elem("li", s.In(l))
	}
	m.close("ol")
}
