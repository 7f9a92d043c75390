package config

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

// CommentPrefix starts a member name that is a comment: {"// note": "..."}
// is allowed in any object of the file and ignored.
const CommentPrefix = "//"

// decodeStrict decodes data into dst after checking its shape against dst's
// type token by token, so that an unknown field, a duplicated field or a
// value of the wrong type is reported with its full path (catalog[2].url)
// and line, which encoding/json's own errors do not give. Member names match
// exactly (encoding/json alone would accept "Upload" for "upload").
func decodeStrict(data []byte, dst any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return &FieldError{Problem: "the file is empty (expected a JSON object)"}
	}
	w := &walker{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	w.dec.UseNumber()
	tok, err := w.token()
	if err != nil {
		return err
	}
	if err := w.value(tok, reflect.TypeOf(dst).Elem(), ""); err != nil {
		return err
	}
	if _, err := w.dec.Token(); err != io.EOF {
		return &FieldError{Problem: fmt.Sprintf("line %d: unexpected data after the top-level object", w.line())}
	}
	// The shape is right; drop the comments and let encoding/json fill in
	// the values, still refusing unknown fields.
	var tree any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&tree); err != nil {
		return &FieldError{Problem: err.Error()}
	}
	clean, err := json.Marshal(stripComments(tree))
	if err != nil {
		return &FieldError{Problem: err.Error()}
	}
	dec = json.NewDecoder(bytes.NewReader(clean))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return &FieldError{Problem: err.Error()}
	}
	return nil
}

type walker struct {
	data []byte
	dec  *json.Decoder
}

// line returns the 1-based line of the decoder's current offset.
func (w *walker) line() int {
	off := min(int(w.dec.InputOffset()), len(w.data))
	return 1 + bytes.Count(w.data[:off], []byte{'\n'})
}

func (w *walker) token() (json.Token, error) {
	tok, err := w.dec.Token()
	if err == nil {
		return tok, nil
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, &FieldError{Problem: "unexpected end of file (unbalanced braces or brackets?)"}
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off := min(int(se.Offset), len(w.data))
		line := 1 + bytes.Count(w.data[:off], []byte{'\n'})
		col := off - bytes.LastIndexByte(w.data[:off], '\n')
		msg := strings.TrimPrefix(se.Error(), "json: ")
		return nil, &FieldError{Problem: fmt.Sprintf("line %d, column %d: %s", line, col, msg)}
	}
	return nil, &FieldError{Problem: err.Error()}
}

func (w *walker) typeErr(path, want string) error {
	return &FieldError{Field: path, Problem: fmt.Sprintf("must be %s (line %d)", want, w.line())}
}

// value checks the JSON value that starts with tok against type t. A JSON
// null is accepted everywhere and keeps the default.
func (w *walker) value(tok json.Token, t reflect.Type, path string) error {
	if tok == nil {
		return nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		return w.value(tok, t.Elem(), path)
	case reflect.Struct:
		if d, ok := tok.(json.Delim); !ok || d != '{' {
			return w.typeErr(path, "an object")
		}
		fields := jsonFields(t)
		seen := map[string]bool{}
		for w.dec.More() {
			kt, err := w.token()
			if err != nil {
				return err
			}
			key, _ := kt.(string)
			if strings.HasPrefix(key, CommentPrefix) {
				if err := w.skipValue(); err != nil {
					return err
				}
				continue
			}
			fpath := join(path, key)
			if seen[key] {
				return &FieldError{Field: fpath, Problem: fmt.Sprintf("appears twice (line %d)", w.line())}
			}
			seen[key] = true
			ft, ok := fields[key]
			if !ok {
				problem := fmt.Sprintf("unknown field (line %d)", w.line())
				if name := closest(key, fields); name != "" {
					problem = fmt.Sprintf("unknown field (line %d); did you mean %q?", w.line(), name)
				}
				return &FieldError{Field: fpath, Problem: problem}
			}
			vt, err := w.token()
			if err != nil {
				return err
			}
			if err := w.value(vt, ft, fpath); err != nil {
				return err
			}
		}
		_, err := w.token() // '}'
		return err
	case reflect.Slice:
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
	default:
		return &FieldError{Field: path, Problem: "has an unsupported type"}
	}
	return nil
}

// skipValue consumes one whole value.
func (w *walker) skipValue() error {
	depth := 0
	for {
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
		if depth == 0 {
			return nil
		}
	}
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
