// Package static holds the files served as they are under /web/: icons, the
// stylesheet and the build output app.wasm with its precompressed siblings.
// They are embedded so that the server binary deploys alone.
package static

import (
	"embed"
	"io/fs"
)

//go:embed web
var embedded embed.FS

// FS returns the embedded files rooted so that "web/app.wasm" is the wasm
// binary, matching the URL path "/web/app.wasm".
func FS() fs.FS { return embedded }
