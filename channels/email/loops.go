package email

import (
	"strings"

	"github.com/emersion/go-message"
)

// automatic returns why a mail was sent by a machine and must not be
// answered (RFC 3834 section 2 and common practice), or "" for a person's
// mail. The reason is a fixed word, safe to log.
func automatic(h message.Header, from, self string) string {
	if from == self {
		return "own"
	}
	if v := strings.ToLower(strings.TrimSpace(h.Get("Auto-Submitted"))); v != "" && v != "no" {
		return "auto-submitted"
	}
	switch strings.ToLower(strings.TrimSpace(h.Get("Precedence"))) {
	case "bulk", "junk", "list", "auto_reply":
		return "precedence"
	}
	if h.Has("List-Id") || h.Has("List-Unsubscribe") || h.Has("List-Post") {
		return "list"
	}
	if h.Has("X-Autoreply") || h.Has("X-Autorespond") || strings.EqualFold(h.Get("X-Auto-Response-Suppress"), "All") ||
		strings.Contains(strings.ToLower(h.Get("X-Auto-Response-Suppress")), "autoreply") {
		return "auto-submitted"
	}
	local, _, _ := strings.Cut(from, "@")
	switch local {
	case "mailer-daemon", "postmaster", "noreply", "no-reply", "do-not-reply", "donotreply", "bounce", "bounces":
		return "bounce"
	}
	if strings.HasPrefix(local, "owner-") || strings.HasSuffix(local, "-request") || strings.HasSuffix(local, "-bounces") {
		return "list"
	}
	if rp := strings.TrimSpace(h.Get("Return-Path")); rp == "<>" {
		return "bounce"
	}
	if mt, _, _ := h.ContentType(); mt == "multipart/report" {
		return "report" // delivery status or read receipt
	}
	return ""
}
