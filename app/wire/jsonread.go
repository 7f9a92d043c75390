package wire

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
)

// The page reads its config and its server's status before the verdict.
// Through encoding/json that read was the page's largest piece of work
// between two pauses (reflection and the decoder, compiled on first call in
// a visit) and made V8 recompile the decoder in the background while the
// page drew. readJSON and the decode functions below read the same two
// answers with no reflection, into the same values encoding/json gives for
// every input: jsonread_test.go holds the encoding/json reading as a reference
// and a fuzz test compares the two.

// jsonKind is the kind of a JSON value.
type jsonKind uint8

const (
	jsonNull jsonKind = iota
	jsonBool
	jsonNumber
	jsonString
	jsonArray
	jsonObject
)

// jsonValue is a JSON value as readJSON found it.
type jsonValue struct {
	kind jsonKind
	b    bool        // a bool's value
	s    string      // a string's text (as encoding/json unquotes it), or a number's literal
	keys []string    // an object's member names, in order
	vals []jsonValue // an array's elements, or the values of an object's members (same index as keys)
}

// maxJSONDepth is encoding/json's nesting limit: deeper input is an error.
const maxJSONDepth = 10000

// readJSON reads data as one JSON value (RFC 8259, with surrounding white
// space); ok is false for anything encoding/json would call a syntax error.
func readJSON(data []byte) (v jsonValue, ok bool) {
	r := jsonReader{data: data}
	r.space()
	if v, ok = r.value(0); !ok {
		return jsonValue{}, false
	}
	r.space()
	return v, r.i == len(r.data)
}

// jsonReader is readJSON's position in its input.
type jsonReader struct {
	data []byte
	i    int
}

func (r *jsonReader) space() {
	for r.i < len(r.data) {
		switch r.data[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// literal consumes word (true, false, null) if it comes next.
func (r *jsonReader) literal(word string) bool {
	if string(r.data[r.i:min(len(r.data), r.i+len(word))]) != word {
		return false
	}
	r.i += len(word)
	return true
}

func (r *jsonReader) value(depth int) (jsonValue, bool) {
	if r.i >= len(r.data) {
		return jsonValue{}, false
	}
	switch c := r.data[r.i]; {
	case c == '{':
		if depth+1 > maxJSONDepth {
			return jsonValue{}, false
		}
		return r.object(depth + 1)
	case c == '[':
		if depth+1 > maxJSONDepth {
			return jsonValue{}, false
		}
		return r.array(depth + 1)
	case c == '"':
		s, ok := r.str()
		return jsonValue{kind: jsonString, s: s}, ok
	case c == '-' || c >= '0' && c <= '9':
		s, ok := r.number()
		return jsonValue{kind: jsonNumber, s: s}, ok
	case r.literal("true"):
		return jsonValue{kind: jsonBool, b: true}, true
	case r.literal("false"):
		return jsonValue{kind: jsonBool}, true
	case r.literal("null"):
		return jsonValue{}, true
	}
	return jsonValue{}, false
}

func (r *jsonReader) object(depth int) (jsonValue, bool) {
	v := jsonValue{kind: jsonObject}
	if r.open('}') {
		return v, true
	}
	for {
		if r.i >= len(r.data) || r.data[r.i] != '"' {
			return jsonValue{}, false
		}
		k, ok := r.str()
		if !ok {
			return jsonValue{}, false
		}
		r.space()
		if r.i >= len(r.data) || r.data[r.i] != ':' {
			return jsonValue{}, false
		}
		r.i++
		r.space()
		x, ok := r.value(depth)
		if !ok {
			return jsonValue{}, false
		}
		v.keys, v.vals = append(v.keys, k), append(v.vals, x)
		if more, ok := r.next('}'); !ok {
			return jsonValue{}, false
		} else if !more {
			return v, true
		}
	}
}

func (r *jsonReader) array(depth int) (jsonValue, bool) {
	v := jsonValue{kind: jsonArray}
	if r.open(']') {
		return v, true
	}
	for {
		x, ok := r.value(depth)
		if !ok {
			return jsonValue{}, false
		}
		v.vals = append(v.vals, x)
		if more, ok := r.next(']'); !ok {
			return jsonValue{}, false
		} else if !more {
			return v, true
		}
	}
}

// open consumes an object's or array's opening bracket and the space after
// it, and reports whether end (the closing bracket) follows at once, which
// it then consumes too.
func (r *jsonReader) open(end byte) (empty bool) {
	r.i++
	r.space()
	if r.i < len(r.data) && r.data[r.i] == end {
		r.i++
		return true
	}
	return false
}

// next consumes what follows a member or an element: a comma (more is true)
// or end, the closing bracket. ok is false for anything else.
func (r *jsonReader) next(end byte) (more, ok bool) {
	r.space()
	if r.i >= len(r.data) {
		return false, false
	}
	switch r.data[r.i] {
	case ',':
		r.i++
		r.space()
		return true, true
	case end:
		r.i++
		return false, true
	}
	return false, false
}

// number consumes -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? and
// returns it as written.
func (r *jsonReader) number() (string, bool) {
	start := r.i
	digits := func() int {
		n := 0
		for r.i < len(r.data) && r.data[r.i] >= '0' && r.data[r.i] <= '9' {
			r.i++
			n++
		}
		return n
	}
	if r.data[r.i] == '-' {
		r.i++
	}
	switch {
	case r.i < len(r.data) && r.data[r.i] == '0':
		r.i++
	case digits() == 0:
		return "", false
	}
	if r.i < len(r.data) && r.data[r.i] == '.' {
		r.i++
		if digits() == 0 {
			return "", false
		}
	}
	if r.i < len(r.data) && (r.data[r.i] == 'e' || r.data[r.i] == 'E') {
		r.i++
		if r.i < len(r.data) && (r.data[r.i] == '+' || r.data[r.i] == '-') {
			r.i++
		}
		if digits() == 0 {
			return "", false
		}
	}
	return string(r.data[start:r.i]), true
}

// str consumes a string and returns its text as encoding/json unquotes it:
// invalid UTF-8 and unpaired surrogates become U+FFFD. Most strings have no
// escapes and are valid UTF-8: they are sliced as they are.
func (r *jsonReader) str() (string, bool) {
	r.i++ // "
	start := r.i
	for r.i < len(r.data) {
		switch c := r.data[r.i]; {
		case c == '"':
			s := r.data[start:r.i]
			r.i++
			if utf8.Valid(s) {
				return string(s), true
			}
			return string(coerceUTF8(nil, s)), true
		case c == '\\':
			return r.unescape(coerceUTF8(nil, r.data[start:r.i]))
		case c < ' ':
			return "", false
		}
		r.i++
	}
	return "", false
}

// unescape reads the rest of a string that has escapes, after b.
func (r *jsonReader) unescape(b []byte) (string, bool) {
	for r.i < len(r.data) {
		c := r.data[r.i]
		switch {
		case c == '"':
			r.i++
			return string(b), true
		case c < ' ':
			return "", false
		case c < utf8.RuneSelf && c != '\\':
			b = append(b, c)
			r.i++
			continue
		case c >= utf8.RuneSelf:
			rr, size := utf8.DecodeRune(r.data[r.i:])
			r.i += size
			b = utf8.AppendRune(b, rr)
			continue
		}
		// A backslash.
		if r.i+1 >= len(r.data) {
			return "", false
		}
		r.i += 2
		switch e := r.data[r.i-1]; e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			rr := hex4(r.data[r.i:])
			if rr < 0 {
				return "", false
			}
			r.i += 4
			if utf16.IsSurrogate(rr) {
				rr1 := rune(-1)
				if r.i+1 < len(r.data) && r.data[r.i] == '\\' && r.data[r.i+1] == 'u' {
					rr1 = hex4(r.data[r.i+2:])
				}
				if dec := utf16.DecodeRune(rr, rr1); dec != unicode.ReplacementChar {
					r.i += 6
					rr = dec
				} else {
					rr = unicode.ReplacementChar
				}
			}
			b = utf8.AppendRune(b, rr)
		default:
			return "", false
		}
	}
	return "", false
}

// coerceUTF8 appends s to b with every invalid byte as U+FFFD.
func coerceUTF8(b, s []byte) []byte {
	for len(s) > 0 {
		rr, size := utf8.DecodeRune(s)
		if rr == utf8.RuneError && size == 1 {
			b = utf8.AppendRune(b, rr)
		} else {
			b = append(b, s[:size]...)
		}
		s = s[size:]
	}
	return b
}

// hex4 reads four hex digits, or returns -1.
func hex4(s []byte) rune {
	if len(s) < 4 {
		return -1
	}
	var r rune
	for _, c := range s[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// The decode functions below store a value into a Go value the way
// encoding/json.Unmarshal does for these types: null leaves a string,
// number, bool or struct as it is and sets a slice or pointer to nil; an
// object sets the fields whose names match its members (exactly, else
// ignoring case), later members over earlier ones, into what is already
// there; an array reuses the slice's elements. ok is false where Unmarshal
// returns an error (a value of the wrong type, an integer out of range).

// The JSON names of the fields the decode functions set, in their order.
// A test holds them to the types' json tags: a field added to one of these
// types must be read here too.
var (
	configNames    = []string{"catalog", "thresholds", "banner", "upload_enabled"}
	endpointNames  = []string{"id", "url", "role", "label"}
	textNames      = []string{"zh", "en"}
	thresholdNames = []string{"slow_ms", "timeout_ms", "clock_warn_ms", "clock_fail_ms"}
	bannerNames    = []string{"text", "level", "expires_unix_ms"}
)

func decodeString(v jsonValue, dst *string) bool {
	switch v.kind {
	case jsonNull:
		return true
	case jsonString:
		*dst = v.s
		return true
	}
	return false
}

func decodeInt64(v jsonValue, dst *int64) bool {
	switch v.kind {
	case jsonNull:
		return true
	case jsonNumber:
		n, err := strconv.ParseInt(v.s, 10, 64)
		if err != nil {
			return false
		}
		*dst = n
		return true
	}
	return false
}

func decodeBool(v jsonValue, dst *bool) bool {
	switch v.kind {
	case jsonNull:
		return true
	case jsonBool:
		*dst = v.b
		return true
	}
	return false
}

// decodeFields decodes an object into a struct whose JSON names are names:
// field(i, value) stores the member that matched names[i]. Members that
// match no name are skipped.
func decodeFields(v jsonValue, names []string, field func(i int, v jsonValue) bool) bool {
	switch v.kind {
	case jsonNull:
		return true
	case jsonObject:
	default:
		return false
	}
	ok := true
	for k, key := range v.keys {
		i := slices.Index(names, key)
		if i < 0 {
			i = slices.IndexFunc(names, func(n string) bool { return strings.EqualFold(n, key) })
		}
		if i >= 0 && !field(i, v.vals[k]) {
			ok = false // Unmarshal goes on and reports the first error
		}
	}
	return ok
}

func decodeText(v jsonValue, t *i18n.Text) bool {
	return decodeFields(v, textNames, func(i int, v jsonValue) bool {
		if i == 0 {
			return decodeString(v, &t.ZH)
		}
		return decodeString(v, &t.EN)
	})
}

func decodeEndpoint(v jsonValue, e *diagnosis.Endpoint) bool {
	return decodeFields(v, endpointNames, func(i int, v jsonValue) bool {
		switch i {
		case 0:
			return decodeString(v, &e.ID)
		case 1:
			return decodeString(v, &e.URL)
		case 2:
			return decodeString(v, (*string)(&e.Role))
		}
		return decodeText(v, &e.Label)
	})
}

// decodeCatalog decodes an array into the slice as Unmarshal does: elements
// it had (even past its length, within its capacity) are decoded into, not
// replaced.
func decodeCatalog(v jsonValue, dst *[]diagnosis.Endpoint) bool {
	switch v.kind {
	case jsonNull:
		*dst = nil
		return true
	case jsonArray:
	default:
		return false
	}
	s, ok := *dst, true
	for i, x := range v.vals {
		if i >= cap(s) {
			s = slices.Grow(s, 1)
		}
		if i >= len(s) {
			s = s[:i+1]
		}
		if !decodeEndpoint(x, &s[i]) {
			ok = false
		}
	}
	if len(v.vals) < len(s) {
		s = s[:len(v.vals)]
	}
	if len(v.vals) == 0 {
		s = []diagnosis.Endpoint{}
	}
	*dst = s
	return ok
}

func decodeThresholds(v jsonValue, t *diagnosis.Thresholds) bool {
	return decodeFields(v, thresholdNames, func(i int, v jsonValue) bool {
		return decodeInt64(v, [...]*int64{&t.SlowMS, &t.TimeoutMS, &t.ClockWarnMS, &t.ClockFailMS}[i])
	})
}

func decodeBanner(v jsonValue, dst **Banner) bool {
	if v.kind == jsonNull {
		*dst = nil
		return true
	}
	if *dst == nil {
		*dst = new(Banner)
	}
	b := *dst
	return decodeFields(v, bannerNames, func(i int, v jsonValue) bool {
		switch i {
		case 0:
			return decodeText(v, &b.Text)
		case 1:
			return decodeString(v, &b.Level)
		}
		return decodeInt64(v, &b.ExpiresUnixMS)
	})
}

// decodeConfig decodes the /api/config answer as json.Unmarshal into a
// zero Config would.
func decodeConfig(data []byte) (Config, bool) {
	v, ok := readJSON(data)
	if !ok {
		return Config{}, false
	}
	var c Config
	ok = decodeFields(v, configNames, func(i int, v jsonValue) bool {
		switch i {
		case 0:
			return decodeCatalog(v, &c.Catalog)
		case 1:
			return decodeThresholds(v, &c.Thresholds)
		case 2:
			return decodeBanner(v, &c.Banner)
		}
		return decodeBool(v, &c.UploadEnabled)
	})
	return c, ok
}

// statusMember is one member of the status answer's endpoints object.
type statusMember struct {
	id string
	v  jsonValue
}

// decodeStatus decodes the /api/status answer as json.Unmarshal would into
// {known bool, age_seconds int64, endpoints map[string]json.RawMessage}:
// the endpoints come in the order of their last occurrence, one per id.
func decodeStatus(data []byte) (known bool, age int64, endpoints []statusMember, ok bool) {
	v, ok := readJSON(data)
	if !ok {
		return false, 0, nil, false
	}
	ok = decodeFields(v, []string{"known", "age_seconds", "endpoints"}, func(i int, v jsonValue) bool {
		switch i {
		case 0:
			return decodeBool(v, &known)
		case 1:
			return decodeInt64(v, &age)
		}
		switch v.kind {
		case jsonNull:
			endpoints = nil
			return true
		case jsonObject:
		default:
			return false
		}
		for k, id := range v.keys {
			// Later members replace earlier ones, as in a map.
			kept := endpoints[:0]
			for _, m := range endpoints {
				if m.id != id {
					kept = append(kept, m)
				}
			}
			endpoints = append(kept, statusMember{id: id, v: v.vals[k]})
		}
		return true
	})
	return known, age, endpoints, ok
}

// memberStatus reads one endpoint's status as ParseStatus always has: an
// object's "status" if it is a non-empty string, else the value itself if
// it is a string. ok is false when neither reading works.
func memberStatus(v jsonValue) (diagnosis.ProbeStatus, bool) {
	var obj string
	if decodeFields(v, []string{"status"}, func(_ int, v jsonValue) bool { return decodeString(v, &obj) }) && obj != "" {
		return diagnosis.ProbeStatus(obj), true
	}
	var st string
	if !decodeString(v, &st) {
		return "", false
	}
	return diagnosis.ProbeStatus(st), true
}
