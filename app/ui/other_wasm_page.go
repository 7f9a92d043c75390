package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// otherWasmPage stands, in the console wasm, for the self-check's pages,
// which run in the check wasm: go-app follows a link to one of them inside
// the running binary, so the page reloads the document at the URL go-app
// has just put in the history, and the server (or the service worker)
// answers with the self-check and its own wasm.
type otherWasmPage struct {
	app.Compo
}

func newOtherWasmPage() *otherWasmPage {
	return &otherWasmPage{}
}

// OnNav reloads the document at the new URL.
func (p *otherWasmPage) OnNav(ctx app.Context) {
	app.Window().Get("location").Call("reload")
}

// Render shows what happens while the other page loads.
func (p *otherWasmPage) Render() app.UI {
	return app.Main().ID("main").Class("page").Body(
		app.P().Class("notice").Attr("aria-live", "polite").Text("正在打开… Opening…"),
	)
}
