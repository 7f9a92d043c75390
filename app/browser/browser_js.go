package browser

import "syscall/js"

// Languages returns navigator.languages, or navigator.language, or nil.
func Languages() []string {
	nav := js.Global().Get("navigator")
	if !nav.Truthy() {
		return nil
	}
	if ls := nav.Get("languages"); ls.Truthy() && ls.Length() > 0 {
		out := make([]string, 0, ls.Length())
		for i := 0; i < ls.Length(); i++ {
			if v := ls.Index(i); v.Type() == js.TypeString {
				out = append(out, v.String())
			}
		}
		return out
	}
	if l := nav.Get("language"); l.Type() == js.TypeString {
		return []string{l.String()}
	}
	return nil
}

// SetRootAttr sets an attribute on <html>, the contract tests and support
// tooling read (data-check-state, data-app).
func SetRootAttr(name, value string) {
	doc := js.Global().Get("document")
	if !doc.Truthy() {
		return
	}
	if root := doc.Get("documentElement"); root.Truthy() {
		root.Call("setAttribute", name, value)
	}
}
