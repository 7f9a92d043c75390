// Command wasm is the browser side of the self-check: it registers the shared
// routes and hands control to go-app. Build it with GOOS=js GOARCH=wasm.
package main

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/ui"
)

func main() {
	ui.Routes()
	ui.StartEarly() // the checks run while go-app mounts the page
	app.RunWhenOnBrowser()
}
