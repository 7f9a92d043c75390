package diagnosis

// Lang is a display language of texts and reports.
type Lang string

// The languages the knowledge base is written in; zh-CN comes first.
const (
	LangZH Lang = "zh"
	LangEN Lang = "en"
)

// Valid reports whether l is one of the known languages.
func (l Lang) Valid() bool { return l == LangZH || l == LangEN }

// Text is one sentence or phrase in both languages.
type Text struct {
	ZH string `json:"zh"`
	EN string `json:"en"`
}

// In returns the text in language l: English for LangEN, Chinese otherwise.
func (t Text) In(l Lang) string {
	if l == LangEN {
		return t.EN
	}
	return t.ZH
}

// tx builds a Text; it keeps the knowledge base short to read.
func tx(zh, en string) Text { return Text{ZH: zh, EN: en} }
