// Package strict decodes JSON documents strictly and names what is wrong:
// every error is a *FieldError carrying the path of the offending member
// ("catalog[2].url") and, for documents people write by hand, the line.
//
// encoding/json alone accepts "Upload" for "upload", reports a nested
// unknown key without its path, keeps the last of two equal keys and says
// nothing of data after the value. Decode checks the document's shape
// against the destination's type token by token first (member names
// matched exactly against the json tags, duplicates, types, trailing data),
// then lets encoding/json fill in the values. Ranges and enumerations stay
// with the caller's own validation, which reports with the same FieldError.
//
// The package is stdlib-only and used by the server (operator config,
// uploaded reports) and by the pure report package.
package strict

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
)

// FieldError is a problem with one member of a JSON document, or with the
// document as a whole when Field is empty.
type FieldError struct {
	// Field is the path of the member, e.g. "checks[2].status".
	Field string
	// Reason says what is wrong, e.g. "must be a whole number (line 3)".
	Reason string
}

// Error returns "<field>: <reason>", or the reason alone.
func (e *FieldError) Error() string {
	if e.Field == "" {
		return e.Reason
	}
	return e.Field + ": " + e.Reason
}

// Errorf returns a *FieldError for field with a formatted reason.
func Errorf(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// Options change how Decode reads a document.
type Options struct {
	// Comments allows members whose name starts with CommentPrefix in any
	// object; they are skipped.
	Comments bool
	// Lines adds "(line N)" to the reasons, for files people edit.
	Lines bool
	// MaxBytes refuses larger documents; 0 means no limit.
	MaxBytes int
}

// CommentPrefix starts a member name that is a comment when
// Options.Comments is set: {"// note": "..."}.
const CommentPrefix = "//"

// Decode decodes the JSON document data into dst, a non-nil pointer to a
// struct, and fails with a *FieldError on the first member whose name is
// not one of the struct's json names (with a "did you mean" hint when one
// is close), is given twice, or holds a value of the wrong type; on a
// syntax error; on an empty document; and on data after the value. A JSON
// null is accepted anywhere and keeps the zero value.
func Decode(data []byte, dst any, o Options) error {
	if o.MaxBytes > 0 && len(data) > o.MaxBytes {
		return &FieldError{Reason: fmt.Sprintf("the document is larger than %d bytes", o.MaxBytes)}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return &FieldError{Reason: "the document is empty (expected a JSON object)"}
	}
	t := reflect.TypeOf(dst)
	if t == nil || t.Kind() != reflect.Pointer {
		return errors.New("strict: Decode needs a pointer")
	}
	w := &walker{data: data, dec: json.NewDecoder(bytes.NewReader(data)), o: o}
	w.dec.UseNumber()
	tok, err := w.token()
	if err != nil {
		return err
	}
	if err := w.value(tok, t.Elem(), ""); err != nil {
		return err
	}
	if _, err := w.dec.Token(); err != io.EOF {
		return &FieldError{Reason: "the document has data after the JSON value" + w.at()}
	}
	if o.Comments && bytes.Contains(data, []byte(`"`+CommentPrefix)) {
		// The shape is right; drop the comment members first.
		var tree any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&tree); err != nil {
			return &FieldError{Reason: err.Error()}
		}
		if data, err = json.Marshal(stripComments(tree)); err != nil {
			return &FieldError{Reason: err.Error()}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return &FieldError{Reason: err.Error()}
	}
	return nil
}

type walker struct {
	data []byte
	dec  *json.Decoder
	o    Options
}

// at returns " (line N)" for the decoder's offset when lines are wanted.
func (w *walker) at() string {
	if !w.o.Lines {
		return ""
	}
	off := min(int(w.dec.InputOffset()), len(w.data))
	return " (line " + strconv.Itoa(1+bytes.Count(w.data[:off], []byte{'\n'})) + ")"
}

func (w *walker) token() (json.Token, error) {
	tok, err := w.dec.Token()
	if err == nil {
		return tok, nil
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, &FieldError{Reason: "the document ends too early (unbalanced braces or brackets?)"}
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		msg := strings.TrimPrefix(se.Error(), "json: ")
		if !w.o.Lines {
			return nil, &FieldError{Reason: fmt.Sprintf("the document is not valid JSON at offset %d: %s", se.Offset, msg)}
		}
		off := min(int(se.Offset), len(w.data))
		line := 1 + bytes.Count(w.data[:off], []byte{'\n'})
		col := off - bytes.LastIndexByte(w.data[:off], '\n')
		return nil, &FieldError{Reason: fmt.Sprintf("line %d, column %d: %s", line, col, msg)}
	}
	return nil, &FieldError{Reason: err.Error()}
}

func (w *walker) typeErr(path, want string) error {
	return &FieldError{Field: path, Reason: "must be " + want + w.at()}
}

// value checks the JSON value that starts with tok against type t.
func (w *walker) value(tok json.Token, t reflect.Type, path string) error {
	if tok == nil {
		return nil
	}
	if t.Kind() == reflect.Pointer {
		return w.value(tok, t.Elem(), path)
	}
	if t.Implements(unmarshalerType) || reflect.PointerTo(t).Implements(unmarshalerType) {
		// A type that decodes itself (json.RawMessage, time.Time, …)
		// takes any value; encoding/json reports what it refuses.
		return w.skipFrom(tok)
	}
	switch t.Kind() {
	case reflect.Struct:
		fields := jsonFields(t)
		return w.members(tok, path, func(key, fpath string) (reflect.Type, error) {
			if w.o.Comments && strings.HasPrefix(key, CommentPrefix) {
				return nil, nil
			}
			ft, ok := fields[key]
			if !ok {
				reason := "unknown field" + w.at()
				if name := closest(key, fields); name != "" {
					reason += fmt.Sprintf("; did you mean %q?", name)
				}
				return nil, &FieldError{Field: fpath, Reason: reason}
			}
			return ft, nil
		})
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return &FieldError{Field: path, Reason: "has an unsupported type"}
		}
		return w.members(tok, path, func(string, string) (reflect.Type, error) { return t.Elem(), nil })
	case reflect.Slice, reflect.Array:
		if d, ok := tok.(json.Delim); !ok || d != '[' {
			return w.typeErr(path, "a list")
		}
		for i := 0; w.dec.More(); i++ {
			vt, err := w.token()
			if err != nil {
				return err
			}
			if err := w.value(vt, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		_, err := w.token() // ']'
		return err
	case reflect.String:
		if _, ok := tok.(string); !ok {
			return w.typeErr(path, "a string")
		}
	case reflect.Bool:
		if _, ok := tok.(bool); !ok {
			return w.typeErr(path, "true or false")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := tok.(json.Number)
		if !ok {
			return w.typeErr(path, "a whole number")
		}
		v, err := strconv.ParseInt(string(n), 10, 64)
		if err != nil || reflect.Zero(t).OverflowInt(v) {
			return w.typeErr(path, "a whole number")
		}
	case reflect.Float32, reflect.Float64:
		if _, ok := tok.(json.Number); !ok {
			return w.typeErr(path, "a number")
		}
	case reflect.Interface:
		return w.skipFrom(tok)
	default:
		return &FieldError{Field: path, Reason: "has an unsupported type"}
	}
	return nil
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// members checks the object that starts with tok: each member once, its
// value of the type typeOf gives (a nil type skips the member).
func (w *walker) members(tok json.Token, path string, typeOf func(key, fpath string) (reflect.Type, error)) error {
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return w.typeErr(path, "an object")
	}
	seen := map[string]bool{}
	for w.dec.More() {
		kt, err := w.token()
		if err != nil {
			return err
		}
		key, _ := kt.(string)
		fpath := join(path, key)
		vt, err := typeOf(key, fpath)
		if seen[key] {
			return &FieldError{Field: fpath, Reason: "appears twice" + w.at()}
		}
		if err != nil {
			return err
		}
		if vt == nil { // a comment, however often
			if err := w.skip(); err != nil {
				return err
			}
			continue
		}
		seen[key] = true
		tok, err := w.token()
		if err != nil {
			return err
		}
		if err := w.value(tok, vt, fpath); err != nil {
			return err
		}
	}
	_, err := w.token() // '}'
	return err
}

// skip consumes one whole value.
func (w *walker) skip() error {
	tok, err := w.token()
	if err != nil {
		return err
	}
	return w.skipFrom(tok)
}

// skipFrom consumes the rest of the value that starts with tok.
func (w *walker) skipFrom(tok json.Token) error {
	d, ok := tok.(json.Delim)
	if !ok || d == '}' || d == ']' {
		return nil
	}
	for depth := 1; depth > 0; {
		tok, err := w.token()
		if err != nil {
			return err
		}
		if d, ok := tok.(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
	}
	return nil
}

// stripComments removes comment members from every object of a decoded tree.
func stripComments(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if strings.HasPrefix(k, CommentPrefix) {
				delete(v, k)
				continue
			}
			v[k] = stripComments(x)
		}
	case []any:
		for i, x := range v {
			v[i] = stripComments(x)
		}
	}
	return v
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// jsonFields maps the JSON names of t's exported fields to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := make(map[string]reflect.Type, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

// closest returns the known field name key was most likely meant to be: the
// same name but for case and underscores, or one at most two edits away.
func closest(key string, fields map[string]reflect.Type) string {
	norm := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, "_", "")) }
	best, bestDist := "", 3
	for name := range fields {
		d := editDistance(norm(key), norm(name))
		if d < bestDist || d == bestDist && name < best {
			best, bestDist = name, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b (bytes).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
