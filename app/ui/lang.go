package ui

import "strings"

// Lang is a display language of the page.
type Lang string

// The languages the page is written in; zh-CN comes first.
const (
	LangZH Lang = "zh"
	LangEN Lang = "en"
)

// ParseLang reads a ?lang= value; anything but a known language gives ok=false.
func ParseLang(s string) (l Lang, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "zh", "zh-cn", "zh-hans", "cn":
		return LangZH, true
	case "en", "en-us", "en-gb":
		return LangEN, true
	}
	return "", false
}

// PreferredLang picks zh for browsers whose first Chinese or English language
// preference is Chinese, English otherwise.
func PreferredLang(languages []string) Lang {
	for _, l := range languages {
		l = strings.ToLower(strings.TrimSpace(l))
		switch {
		case strings.HasPrefix(l, "zh"):
			return LangZH
		case strings.HasPrefix(l, "en"):
			return LangEN
		}
	}
	if len(languages) == 0 {
		return LangZH
	}
	return LangEN
}

// T picks the text of the language.
func (l Lang) T(zh, en string) string {
	if l == LangEN {
		return en
	}
	return zh
}

// Tag returns the BCP 47 tag for the page's lang attribute.
func (l Lang) Tag() string {
	if l == LangEN {
		return "en"
	}
	return "zh-CN"
}
