// Command wasm is the browser side of the self-check, the binary every
// person who opens a support link downloads: it registers the self-check's
// routes and hands control to go-app. The agents' console is a binary of
// its own (wasm/console). Build it with GOOS=js GOARCH=wasm.
package main

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/ui"
)

func main() {
	ui.CheckRoutes()
	ui.StartEarly() // the checks run while go-app mounts the page
	app.RunWhenOnBrowser()
}
