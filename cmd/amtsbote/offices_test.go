package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestOfficesPreview(t *testing.T) {
	t.Setenv("AMTSBOTE_DATA", t.TempDir())
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"offices", "--from", "2026-12-22", "--days", "4", "--lang", "de"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	got := out.String()
	for _, want := range []string{
		"Ausländerbehörde (auslaenderbehoerde)",
		"Tue 2026-12-22  08:00–12:00  at most (each concern alone): residence-permit 8", // 4 h, 60-min visits, 2 counters
		"Thu 2026-12-24  closed: an diesem Tag geschlossen",
		"Fri 2026-12-25  closed: Feiertag (Weihnachtstag)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the preview lacks %q:\n%s", want, got)
		}
	}
	for _, bad := range [][]string{{"offices", "--from", "24.12."}, {"offices", "--days", "0"}} {
		if code := run(context.Background(), bad, nil, &out, &errOut); code != 2 {
			t.Errorf("%v: exit %d, want 2", bad, code)
		}
	}
}
