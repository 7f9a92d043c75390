package kb

import (
	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
)

// SeedRef points at the part of the support article (the seed) a piece of
// guidance comes from: its id (e.g. "fix_1_reset_password", "basic_2",
// "faq_3", "cause_6") and a short name.
type SeedRef struct {
	ID   string    `json:"id"`
	Name i18n.Text `json:"name"`
}

// Entry is the knowledge-base entry of one finding: its title, why it
// matters, the fix steps per operating system (OSDefault is the fallback)
// and the article parts it draws on.
type Entry struct {
	ID      diagnosis.FindingID          `json:"id"`
	Title   i18n.Text                    `json:"title"`
	Why     i18n.Text                    `json:"why"`
	Steps   map[diagnosis.OS][]i18n.Text `json:"steps"`
	SeedFix []SeedRef                    `json:"seed_fix"`
}

// StepsFor returns the steps for os: its own if the entry has them, the
// iOS ones for iPadOS when only those exist, else the default steps.
func (e Entry) StepsFor(os diagnosis.OS) []i18n.Text {
	if s, ok := e.Steps[os]; ok {
		return s
	}
	if os == diagnosis.OSIPadOS {
		if s, ok := e.Steps[diagnosis.OSIOS]; ok {
			return s
		}
	}
	return e.Steps[diagnosis.OSDefault]
}

// Guide returns the knowledge-base entry of a finding id. An unknown id
// gets an entry whose title is the id itself and whose steps are the
// general ones of no_issue_found, so the UI never shows a blank card. The
// entry's slices and map are shared: do not modify them.
func Guide(id diagnosis.FindingID) Entry {
	m := kb()
	if e, ok := m[id]; ok {
		return e
	}
	g := m[diagnosis.FindingNoIssueFound]
	return Entry{ID: id, Title: i18n.Text{ZH: string(id), EN: string(id)}, Why: g.Why, Steps: g.Steps}
}

// Tip is one item of the article's general guidance: a cause, a basic
// check, a fix method, an advanced tip, a FAQ entry (Title is the question)
// or a prevention tip. Related names the findings it belongs to.
type Tip struct {
	ID      string                `json:"id"`
	Title   i18n.Text             `json:"title"`
	Points  []i18n.Text           `json:"points"`
	Related []diagnosis.FindingID `json:"related,omitempty"`
}

// TipSet is the general guidance: the article's, grouped as the article
// groups it (7 causes, 4 basic checks, 7 fix methods, 5 advanced tips, 4
// FAQ, 5 prevention tips), then 7 sign-in problems the article does not
// cover but support meets daily (Beyond).
type TipSet struct {
	Causes      []Tip `json:"causes"`
	BasicChecks []Tip `json:"basic_checks"`
	Fixes       []Tip `json:"fixes"`
	Advanced    []Tip `json:"advanced"`
	FAQ         []Tip `json:"faq"`
	Prevention  []Tip `json:"prevention"`
	Beyond      []Tip `json:"beyond"`
}

// Tips returns the general guidance (shared, do not modify the slices).
func Tips() TipSet { return tips }

// All returns every tip of the set in article order, Beyond last.
func (s TipSet) All() []Tip {
	var out []Tip
	for _, g := range s.groups() {
		out = append(out, g...)
	}
	return out
}

// groups returns the set's groups in article order, Beyond last.
func (s TipSet) groups() [7][]Tip {
	return [7][]Tip{s.Causes, s.BasicChecks, s.Fixes, s.Advanced, s.FAQ, s.Prevention, s.Beyond}
}
