// Command console is the browser side of the support agents' console
// (/support, /support/{id}). It is a binary of its own so that the people
// who open a support link never download it; the server gives the console's
// pages its loader. Build it with GOOS=js GOARCH=wasm.
package main

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/ui"
)

func main() {
	ui.ConsoleRoutes()
	app.RunWhenOnBrowser()
}
