package ui

import (
	"strings"
	"testing"
	"text/template"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/kb"
)

func TestMarkupEscapesTextAndAttributes(t *testing.T) {
	var m markup
	writeTips(&m, i18n.EN, []kb.Tip{
		{ID: `x" onclick="alert(1)`, Title: i18n.Text{EN: `<script>alert("t")</script> & co`},
			Points: []i18n.Text{{EN: "a < b"}, {EN: "it's"}}},
		{ID: "plain", Title: i18n.Text{EN: "No points"}},
	})
	assert.Equal(t, `<ul class="tips">`+
		`<li class="tip" data-tip-id="x&#34; onclick=&#34;alert(1)"><span class="b">&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; &amp; co</span>`+
		`<ul><li>a &lt; b</li><li>it&#39;s</li></ul></li>`+
		`<li class="tip" data-tip-id="plain"><span class="b">No points</span></li>`+
		`</ul>`, m.String())
}

// TestHTMLEscaperMatchesTextTemplate keeps the escaper the markup uses
// (text/template is not linked into the wasm) equal to
// template.HTMLEscapeString.
func TestHTMLEscaperMatchesTextTemplate(t *testing.T) {
	for _, in := range []string{"", "plain 中文", `<a href="x">'&'</a>`, "nul\x00byte", "&amp; already", "\xff invalid utf-8 <"} {
		var b strings.Builder
		htmlEscaper.WriteString(&b, in)
		assert.Equal(t, template.HTMLEscapeString(in), b.String(), "%q", in)
	}
}

func TestWriteStepsLikeStepList(t *testing.T) {
	steps := []i18n.Text{{ZH: "第一步", EN: "First"}, {ZH: "第二步", EN: "Second"}}
	var m markup
	writeSteps(&m, i18n.ZH, steps, diagnosis.OSAndroid)
	// The element version, printed by go-app, has the same tags, classes,
	// data attribute and text (go-app orders attributes its own way).
	assert.Equal(t, `<ol class="steps" data-steps-os="android"><li>第一步</li><li>第二步</li></ol>`, m.String())
	el := app.HTMLString(stepList(i18n.ZH, steps, diagnosis.OSAndroid))
	for _, part := range []string{`class="steps"`, `data-steps-os="android"`, `<li>第一步</li>`, `<li>第二步</li>`} {
		assert.Contains(t, el, part)
	}
}

func TestStaticUIBuildsOncePerKey(t *testing.T) {
	calls := 0
	build := func(m *markup) { calls++; m.elem("p", "hello") }
	a := app.HTMLString(staticUI("test/once", build))
	b := app.HTMLString(staticUI("test/once", build))
	assert.Equal(t, 1, calls)
	assert.Equal(t, a, b)
	assert.Contains(t, a, "<p>hello</p>")
}

func TestFill(t *testing.T) {
	for _, c := range []struct {
		l    i18n.Lang
		tmpl string
		args []string
		want string
	}{
		{i18n.ZH, `<p class="x">{你好|Hello}, $1</p>`, []string{"<b>"}, `<p class="x">你好, &lt;b&gt;</p>`},
		{i18n.EN, `<p class="x">{你好|Hello}, $1</p>`, []string{"<b>"}, `<p class="x">Hello, &lt;b&gt;</p>`},
		{i18n.EN, `$2$1{|}$3 costs $`, []string{"a", `"b"`}, `&#34;b&#34;a costs $`},
		{i18n.ZH, `{一|one}{二|two}`, nil, `一二`},
		{i18n.EN, `{有 $1 份|$1 reports}`, []string{"3"}, `3 reports`},
	} {
		var m markup
		m.fill(c.l, c.tmpl, c.args...)
		assert.Equal(t, c.want, m.String(), c.tmpl)
	}
}
