package diagnosis

import (
	"encoding/json"
	"errors"
	"fmt"
)

// keyNode describes the allowed keys of one level of the report JSON:
// fields for an object, elem for the elements of an array, neither for a
// scalar.
type keyNode struct {
	fields map[string]*keyNode
	elem   *keyNode
}

var leaf = &keyNode{}

func object(keys ...string) map[string]*keyNode {
	m := make(map[string]*keyNode, len(keys))
	for _, k := range keys {
		m[k] = leaf
	}
	return m
}

// reportKeys is the exact key tree of schema 1.
var reportKeys = func() *keyNode {
	top := object("schema", "app_version", "client_time_ms", "ticket", "lang", "symptoms", "findings")
	top["platform"] = &keyNode{fields: object("os", "os_version", "browser", "browser_major", "in_app", "mobile", "engine", "engine_major")}
	top["checks"] = &keyNode{elem: &keyNode{fields: object("id", "role", "status", "latency_ms", "detail")}}
	top["clock"] = &keyNode{fields: object("offset_ms", "uncertainty_ms", "source", "verdict", "time_zone", "tz_offset_minutes")}
	top["clock"].fields["server_clock"] = &keyNode{fields: object("state", "offset_ms", "bound_ms", "sources")} // optional
	top["env"] = &keyNode{fields: object("online", "cookies", "storage", "secure", "languages")}
	return &keyNode{fields: top}
}()

// checkKeys walks the JSON tokens and rejects, with the full path, any key
// that is not exactly one of the schema's (encoding/json alone would accept
// "Schema" for "schema" and report nested unknown keys without their path)
// and any key given twice. Type mismatches are left to the decoder.
func checkKeys(data []byte) error {
	dec := json.NewDecoder(bytesReader(data))
	dec.UseNumber()
	if err := walkKeys(dec, reportKeys, ""); err != errStopWalk {
		return err
	}
	return nil
}

// errStopWalk ends the walk at a syntax error; the decoder then reports it.
var errStopWalk = errors.New("stop")

func walkKeys(dec *json.Decoder, n *keyNode, path string) error {
	tok, err := dec.Token()
	if err != nil {
		return errStopWalk
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return nil
	}
	switch {
	case d == '{' && n != nil && n.fields != nil:
		seen := map[string]bool{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return errStopWalk
			}
			key, _ := kt.(string)
			field := key
			if path != "" {
				field = path + "." + key
			}
			child, ok := n.fields[key]
			if !ok {
				return &FieldError{Field: field, Reason: "is not a known field"}
			}
			if seen[key] {
				return &FieldError{Field: field, Reason: "is given twice"}
			}
			seen[key] = true
			if err := walkKeys(dec, child, field); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil {
			return errStopWalk
		}
	case d == '[' && n != nil && n.elem != nil:
		for i := 0; dec.More(); i++ {
			if err := walkKeys(dec, n.elem, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil {
			return errStopWalk
		}
	default:
		// A container where the schema wants something else: skip it and
		// let the decoder name the type error.
		for depth := 1; depth > 0; {
			t, err := dec.Token()
			if err != nil {
				return errStopWalk
			}
			if d, ok := t.(json.Delim); ok {
				if d == '{' || d == '[' {
					depth++
				} else {
					depth--
				}
			}
		}
	}
	return nil
}
