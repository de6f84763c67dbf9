package privacy

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
)

// DecodeRequest reads a Request as JSON from r and checks it; the actor
// is kept a short printable name.
func DecodeRequest(r io.Reader) (Request, error) {
	var req Request
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	err := dec.Decode(&req)
	switch {
	case err != nil:
		return Request{}, fmt.Errorf("bad request: %w", err)
	case req.Channel == "" || req.Address == "":
		return Request{}, errors.New("bad request: channel and address are needed")
	}
	req.Actor = cleanActor(req.Actor)
	return req, nil
}

// cleanActor keeps the audit log's actor a short printable name.
func cleanActor(s string) string {
	if s == "" || len(s) > 64 || strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 {
		return "unknown"
	}
	return s
}
