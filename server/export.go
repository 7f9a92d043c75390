package main

import (
	"fmt"
	"io/fs"
	"os"

	"wpscheck/app/ui"
	"wpscheck/server/config"
	"wpscheck/server/httpserver"
	"wpscheck/static"
)

// staticFiles returns the static files served (embedded, or StaticDir) and
// the build's version derived from them.
func (m *Main) staticFiles() (fs.FS, string, error) {
	var files fs.FS = static.FS()
	if m.StaticDir != "" {
		files = os.DirFS(m.StaticDir)
	}
	v, err := httpserver.ContentVersion(version, files)
	if err != nil {
		return nil, "", fmt.Errorf("reading static files: %w", err)
	}
	return files, v, nil
}

// Export writes the page for a static host or CDN into ExportDir
// (httpserver.Export): the prerendered pages, go-app's files, the wasm and
// its siblings, the icons and a snapshot of the public config of the
// operator config (ConfigPath). The exported page calls ExportAPIOrigin,
// or no server at all. Nothing is served and no database is opened.
func (m *Main) Export() error {
	cfg, err := config.Load(m.ConfigPath)
	if err != nil {
		return err
	}
	files, v, err := m.staticFiles()
	if err != nil {
		return err
	}
	ui.Routes()
	written, err := httpserver.Export(httpserver.Options{Version: v, Static: files, Config: cfg}, m.ExportDir,
		httpserver.ExportOptions{APIOrigin: m.ExportAPIOrigin})
	if err != nil {
		return err
	}
	api := "no API (clock from the Date of config.json; no upload; no server view)"
	if m.ExportAPIOrigin != "" {
		api = "API at " + m.ExportAPIOrigin + " (list this page's origin in that server's page_origins)"
	}
	fmt.Fprintf(m.Stderr, "exported %d files to %s: a page with %s.\nServe the directory at the root of an https origin with the headers of %s/_headers (docs/cdn.md).\n",
		len(written), m.ExportDir, api, m.ExportDir)
	return nil
}
