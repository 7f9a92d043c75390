// Package i18n holds the one language type of the self-check and the
// two-language text every person-facing sentence is written as: zh-CN first,
// English second. The page, the knowledge base, the reports and the server
// all speak through it.
package i18n

import "strings"

// Lang is a display language of the page, its texts and its reports.
type Lang string

// The languages; zh-CN comes first.
const (
	ZH Lang = "zh"
	EN Lang = "en"
)

// Valid reports whether l is one of the languages.
func (l Lang) Valid() bool { return l == ZH || l == EN }

// T picks the text of the language: English for EN, Chinese otherwise.
func (l Lang) T(zh, en string) string {
	if l == EN {
		return en
	}
	return zh
}

// Tag returns the BCP 47 tag for an HTML lang attribute.
func (l Lang) Tag() string {
	if l == EN {
		return "en"
	}
	return "zh-CN"
}

// Parse reads a ?lang= value or a kept choice; anything but a known
// language gives ok=false.
func Parse(s string) (l Lang, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "zh", "zh-cn", "zh-hans", "cn":
		return ZH, true
	case "en", "en-us", "en-gb":
		return EN, true
	}
	return "", false
}

// Preferred picks ZH for browsers whose first Chinese or English language
// preference is Chinese (and for a browser that names none), EN otherwise.
func Preferred(languages []string) Lang {
	for _, l := range languages {
		l = strings.ToLower(strings.TrimSpace(l))
		switch {
		case strings.HasPrefix(l, "zh"):
			return ZH
		case strings.HasPrefix(l, "en"):
			return EN
		}
	}
	if len(languages) == 0 {
		return ZH
	}
	return EN
}

// Text is one sentence or phrase in both languages.
type Text struct {
	ZH string `json:"zh"`
	EN string `json:"en"`
}

// In returns the text in language l: English for EN, Chinese otherwise.
func (t Text) In(l Lang) string { return l.T(t.ZH, t.EN) }
