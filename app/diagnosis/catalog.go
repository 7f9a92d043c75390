package diagnosis

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"wpscheck/app/i18n"
	"wpscheck/app/strict"
)

// Role says what a probed endpoint tells us when it answers or not.
type Role string

// The endpoint roles. Control is the page's own server (same origin),
// baseline are big sites that are almost always up, the others are WPS.
const (
	RoleControl  Role = "control"
	RoleBaseline Role = "baseline"
	RoleLogin    Role = "login"
	RoleWeb      Role = "web"
	RoleCloud    Role = "cloud"
	RoleAPI      Role = "api"
	RoleIntl     Role = "intl"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleControl, RoleBaseline, RoleLogin, RoleWeb, RoleCloud, RoleAPI, RoleIntl:
		return true
	}
	return false
}

// IsWPS reports whether endpoints of role r belong to WPS (login, web, cloud,
// api or international) rather than to this page or a baseline site.
func (r Role) IsWPS() bool {
	switch r {
	case RoleLogin, RoleWeb, RoleCloud, RoleAPI, RoleIntl:
		return true
	}
	return false
}

// Endpoint is one URL the browser probes. ID is stable (reports, support
// codes and the server's vantage results refer to it); URL is absolute
// (https) or, for the control endpoint, a same-origin path such as /api/time.
type Endpoint struct {
	ID    string    `json:"id"`
	URL   string    `json:"url"`
	Role  Role      `json:"role"`
	Label i18n.Text `json:"label"`
}

// The ids of the endpoints of DefaultCatalog.
const (
	EndpointControl       = "control"
	EndpointBaiduBaseline = "baseline_cn"
	EndpointMSBaseline    = "baseline_intl"
	EndpointAccountCN     = "login_cn"
	EndpointAccountIntl   = "login_intl"
	EndpointWebWPS        = "web_wps"
	EndpointWebKdocs      = "web_kdocs"
	EndpointDrive         = "cloud_drive"
	EndpointQing          = "cloud_qing"
	EndpointAPI           = "api"
	EndpointIntlWeb       = "intl_web"
)

// TimePath is the same-origin path of the page server's time endpoint; it
// answers JSON {"unix_ms": …} and doubles as the control probe.
const TimePath = "/api/time"

// defaultCatalog is the compiled-in list. The host names are real: the
// login, cloud, api and kdocs hosts appear in the WPS clients and in
// published firewall allow-lists; the order is the order of the support code.
var defaultCatalog = []Endpoint{
	{EndpointControl, TimePath, RoleControl, i18n.Text{ZH: "本检测页的服务器", EN: "This page's own server"}},
	{EndpointBaiduBaseline, "https://www.baidu.com/favicon.ico", RoleBaseline, i18n.Text{ZH: "百度（国内常用网站）", EN: "Baidu (major site in China)"}},
	{EndpointMSBaseline, "https://www.microsoft.com/favicon.ico", RoleBaseline, i18n.Text{ZH: "微软（国际常用网站）", EN: "Microsoft (major international site)"}},
	{EndpointAccountCN, "https://account.wps.cn/", RoleLogin, i18n.Text{ZH: "WPS 账号登录（国内）", EN: "WPS account login (China)"}},
	{EndpointAccountIntl, "https://account.wps.com/", RoleLogin, i18n.Text{ZH: "WPS 账号登录（国际）", EN: "WPS account login (international)"}},
	{EndpointWebWPS, "https://www.wps.cn/", RoleWeb, i18n.Text{ZH: "WPS 官网", EN: "WPS website"}},
	{EndpointWebKdocs, "https://www.kdocs.cn/", RoleWeb, i18n.Text{ZH: "金山文档网页版", EN: "Kdocs (WPS web documents)"}},
	{EndpointDrive, "https://drive.wps.cn/", RoleCloud, i18n.Text{ZH: "WPS 云盘", EN: "WPS cloud drive"}},
	{EndpointQing, "https://qing.wps.cn/", RoleCloud, i18n.Text{ZH: "WPS 云文档服务", EN: "WPS cloud documents service"}},
	{EndpointAPI, "https://api.wps.cn/", RoleAPI, i18n.Text{ZH: "WPS 接口服务", EN: "WPS API service"}},
	{EndpointIntlWeb, "https://www.wps.com/", RoleIntl, i18n.Text{ZH: "WPS 国际版官网", EN: "WPS international website"}},
}

// DefaultCatalog returns a fresh copy of the compiled-in endpoint list:
// control, two baselines, then the WPS login, web, cloud, api and
// international endpoints. The operator's config may replace it; the
// support code encodes check results only for these ids.
func DefaultCatalog() []Endpoint {
	out := make([]Endpoint, len(defaultCatalog))
	copy(out, defaultCatalog)
	return out
}

// MaxEndpoints bounds the size of a catalog (and of a report's check list).
const MaxEndpoints = 64

// ValidateCatalog checks an operator-supplied catalog: 1 to MaxEndpoints
// entries, unique ids made of [a-z0-9_.-] (at most 64 bytes), known roles,
// and URLs that are https:// for every role but control, whose URL must be
// a same-origin path starting with a single "/". It returns a *FieldError
// naming the first bad entry.
func ValidateCatalog(c []Endpoint) error {
	if len(c) == 0 {
		return &strict.FieldError{Field: "catalog", Reason: "is empty"}
	}
	if len(c) > MaxEndpoints {
		return &strict.FieldError{Field: "catalog", Reason: fmt.Sprintf("has more than %d endpoints", MaxEndpoints)}
	}
	seen := make(map[string]bool, len(c))
	for i, e := range c {
		field := "catalog[" + strconv.Itoa(i) + "]"
		if !ValidCheckID(e.ID) {
			return &strict.FieldError{Field: field + ".id", Reason: "must be 1-64 characters of a-z, 0-9, _ . -"}
		}
		if seen[e.ID] {
			return &strict.FieldError{Field: field + ".id", Reason: "duplicates " + e.ID}
		}
		seen[e.ID] = true
		if !e.Role.Valid() {
			return &strict.FieldError{Field: field + ".role", Reason: "unknown role"}
		}
		if err := validateEndpointURL(e); err != nil {
			return &strict.FieldError{Field: field + ".url", Reason: err.Error()}
		}
	}
	return nil
}

func validateEndpointURL(e Endpoint) error {
	u := e.URL
	if len(u) > 512 {
		return errors.New("is longer than 512 bytes")
	}
	for i := 0; i < len(u); i++ {
		if u[i] <= ' ' || u[i] >= 0x7f || u[i] == '"' || u[i] == '\\' {
			return errors.New("has a space, control, quote or non-ASCII character")
		}
	}
	if e.Role == RoleControl {
		if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
			return errors.New("of the control endpoint must be a same-origin path like /api/time")
		}
		return nil
	}
	rest, ok := strings.CutPrefix(u, "https://")
	if !ok {
		return errors.New("must start with https://")
	}
	host := rest
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		host = host[:i]
	}
	if host == "" || strings.Contains(host, "@") {
		return errors.New("has no host or has credentials")
	}
	return nil
}

// ValidCheckID reports whether s is a usable endpoint (check) id: 1-64
// characters of a-z, 0-9, _ . -.
func ValidCheckID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// ChangedEndpoints returns the endpoints of fresh that cur does not probe
// the same way (a new id, or the same id with another URL or role), in
// fresh's order: what a run that began with cur must still probe once a
// fresher catalog arrives.
func ChangedEndpoints(cur, fresh []Endpoint) []Endpoint {
	var out []Endpoint
	for _, e := range fresh {
		if c, ok := catalogIndex(cur, e.ID); !ok || c.URL != e.URL || c.Role != e.Role {
			out = append(out, e)
		}
	}
	return out
}

// catalogIndex finds the endpoint with the id in c.
func catalogIndex(c []Endpoint, id string) (Endpoint, bool) {
	for _, e := range c {
		if e.ID == id {
			return e, true
		}
	}
	return Endpoint{}, false
}

// Label is the one rule for naming a check to people: the label the
// catalog in use gives the endpoint, else the compiled-in catalog's label
// for its id, else the id itself. A nil catalog means the compiled-in one.
func Label(catalog []Endpoint, id string) i18n.Text {
	if e, ok := catalogIndex(catalog, id); ok && (e.Label.ZH != "" || e.Label.EN != "") {
		return e.Label
	}
	if e, ok := catalogIndex(defaultCatalog, id); ok {
		return e.Label
	}
	return i18n.Text{ZH: id, EN: id}
}
