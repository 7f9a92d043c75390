package ui

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
)

func TestParseAPIPlace(t *testing.T) {
	tests := []struct {
		content string
		present bool
		want    apiPlace
		has     bool
	}{
		{"", false, apiPlace{}, true}, // served by the server: its own origin
		{APINone, true, apiPlace{exported: true}, false},
		{"https://api.example", true, apiPlace{exported: true, origin: "https://api.example"}, true},
		{"https://api.example/", true, apiPlace{exported: true, origin: "https://api.example"}, true},
		{"http://127.0.0.1:8080", true, apiPlace{exported: true, origin: "http://127.0.0.1:8080"}, true},
		// Anything that is not an origin means no API, never a guess.
		{"https://api.example/v1", true, apiPlace{exported: true}, false},
		{"https://u:p@api.example", true, apiPlace{exported: true}, false},
		{"javascript:alert(1)", true, apiPlace{exported: true}, false},
		{"//api.example", true, apiPlace{exported: true}, false},
		{"https://api.example?x=1", true, apiPlace{exported: true}, false},
	}
	for _, tt := range tests {
		got := parseAPIPlace(tt.content, tt.present)
		assert.Equal(t, tt.want, got, "%q", tt.content)
		assert.Equal(t, tt.has, got.has(), "%q", tt.content)
	}
	assert.Equal(t, "/api/time", apiPlace{}.url("/api/time"))
	assert.Equal(t, "https://api.example/api/reports", apiPlace{exported: true, origin: "https://api.example"}.url("/api/reports"))
}

// TestLocalizeControl: on a static host the control probe asks the page's
// own host for the snapshot beside the page (a same-origin /api path does
// not exist there); WPS endpoints and a page served by the server are left
// as they are.
func TestLocalizeControl(t *testing.T) {
	cat := diagnosis.DefaultCatalog()
	assert.Equal(t, cat, apiPlace{}.localize(cat))
	for _, a := range []apiPlace{{exported: true}, {exported: true, origin: "https://api.example"}} {
		got := a.localize(cat)
		assert.Len(t, got, len(cat))
		for i, e := range got {
			if e.Role == diagnosis.RoleControl {
				assert.Equal(t, SnapshotPath, e.URL)
			} else {
				assert.Equal(t, cat[i], e)
			}
		}
	}
	assert.Equal(t, diagnosis.TimePath, cat[0].URL, "the catalog given is not changed")
}

func TestHomeLang(t *testing.T) {
	for path, want := range map[string]i18n.Lang{"/zh/": i18n.ZH, "/en/": i18n.EN} {
		l, ok := HomeLang(path)
		assert.True(t, ok, path)
		assert.Equal(t, want, l, path)
		assert.True(t, IsHome(path), path)
	}
	for _, path := range []string{"/", "/en", "/EN/", "/support", ""} {
		_, ok := HomeLang(path)
		assert.False(t, ok, path)
	}
	assert.True(t, IsHome("/"))
	assert.False(t, IsHome("/en"))
}
