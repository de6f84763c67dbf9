package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"amtsbote/channels"
)

// decodeFrame decodes one text frame of the widget: exactly one JSON
// object, in UTF-8. Invalid UTF-8 is refused rather than replaced, so that
// nothing stored differs from what was sent; so is anything after the
// object but white space.
func decodeFrame(data []byte) (clientFrame, bool) {
	var f clientFrame
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if !utf8.Valid(data) || len(trimmed) == 0 || trimmed[0] != '{' {
		return f, false
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	if err := dec.Decode(&f); err != nil {
		return clientFrame{}, false
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return clientFrame{}, false
	}
	return f, true
}

// checkMessage turns a message or choice frame into the core's inbound
// message (without address, message id and time); code is the error code
// of what is wrong with it, "" when nothing is.
func checkMessage(f clientFrame, maxChars int) (in channels.Inbound, code string) {
	if !clientIDPattern.MatchString(f.ID) {
		return in, errBadID
	}
	in.Channel = Name
	if f.Type == "choice" {
		in.Choice = strings.TrimSpace(f.Value)
		in.Text = strings.TrimSpace(f.Label)
		if in.Choice == "" {
			return in, errEmpty
		}
		if len(in.Choice) > maxChoiceLen || len(in.Text) > maxChoiceLen {
			return in, errTextTooLong
		}
		return in, ""
	}
	in.Text = strings.TrimSpace(f.Text)
	if in.Text == "" {
		return in, errEmpty
	}
	if utf8.RuneCountInString(in.Text) > maxChars {
		return in, errTextTooLong
	}
	return in, ""
}
