package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"amtsbote/app/server"
	"amtsbote/config"
)

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

// A text changed in the override directory (config texts:) is what the
// server says after a restart, with no build: the widget's and the front
// page's texts here, from the same catalog the channels' notices use.
func TestTextsOverrideAfterRestart(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "de.po"), "msgid \"widget.launcher\"\nmsgstr \"Schreiben Sie uns\"\n")
	c := config.Default()
	c.Data, c.Addr, c.Texts = t.TempDir(), "127.0.0.1:0", dir
	addr, stop := startServe(t, c)
	if js := get(t, "http://"+addr+"/widget.js"); !strings.Contains(js, `"launcher":"Schreiben Sie uns"`) {
		t.Fatal("widget.js lacks the overriding text")
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}

	writeFile(t, filepath.Join(dir, "de.po"), "msgid \"widget.launcher\"\nmsgstr \"Fragen? Hier!\"\n")
	writeFile(t, filepath.Join(dir, "en.po"), "msgid \"front.cta\"\nmsgstr \"Chat with the city\"\n")
	addr, _ = startServe(t, c)
	js := get(t, "http://"+addr+"/widget.js")
	if !strings.Contains(js, `"launcher":"Fragen? Hier!"`) || strings.Contains(js, "Schreiben Sie uns") {
		t.Error("widget.js after the restart does not say the changed text")
	}
	if page := get(t, "http://"+addr+"/?lang=en"); !strings.Contains(page, "Chat with the city") {
		t.Error("the English front page does not say the changed text")
	}
}

// A broken override stops the start with the file and line.
func TestTextsOverrideCheckedAtStart(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "tr.po"), "\nmsgid \"staff.closed\"\nmsgstr \"{isim} sohbeti kapattı.\"\n")
	c := config.Default()
	c.Data, c.Addr, c.Texts = t.TempDir(), "127.0.0.1:0", dir
	c.MetricsAddr = "127.0.0.1:0"
	err := runServeConfig(t, c)
	want := filepath.Join(dir, "tr.po") + `:2: "staff.closed": placeholder {isim} is not in the German text (it has {name})`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("serve: %v, want an error containing %q", err, want)
	}
}

func TestTextsCommands(t *testing.T) {
	var out, errb bytes.Buffer
	t.Setenv("AMTSBOTE_TEXTS", "")
	if code := run(context.Background(), []string{"texts", "check"}, nil, &out, &errb); code != 0 {
		t.Fatalf("check of the built-in catalog: %d\n%s%s", code, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "de-x-ls") || !strings.Contains(out.String(), "0 missing, 0 stale") {
		t.Errorf("check output:\n%s", out.String())
	}

	out.Reset()
	if code := run(context.Background(), []string{"texts", "export", "ar"}, nil, &out, &errb); code != 0 {
		t.Fatalf("export: %d %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "\"Language: ar\\n\"") || !strings.Contains(out.String(), "msgstr \"اسألنا\"") ||
		!strings.Contains(out.String(), "#. de: Fragen Sie uns") || !strings.Contains(out.String(), "msgstr[5]") {
		t.Errorf("export ar:\n%.600s", out.String())
	}

	// The city rewords a German text: its translations are stale now.
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "de.po"), "msgid \"widget.send\"\nmsgstr \"Abschicken\"\n")
	t.Setenv("AMTSBOTE_TEXTS", dir)
	out.Reset()
	if code := run(context.Background(), []string{"texts", "check"}, nil, &out, &errb); code != 1 {
		t.Fatalf("check with a reworded German text: exit %d, want 1", code)
	}
	if !strings.Contains(out.String(), " texts: 0 missing, 1 stale, 0 fuzzy\n  ru: stale widget.send (built-in po/ru.po:") {
		t.Errorf("check output:\n%s", out.String())
	}
	errb.Reset()
	if code := run(context.Background(), []string{"texts", "export", "fr"}, nil, &out, &errb); code != 2 || !strings.Contains(errb.String(), `unknown language "fr"`) {
		t.Errorf("export fr: %d %q", code, errb.String())
	}
}

// runServeConfig runs serve on c and returns its error; a server that
// starts is stopped at once (nil).
func runServeConfig(t *testing.T, c config.Config) error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan server.Addrs, 1)
	done := make(chan error, 1)
	go func() { done <- server.Run(ctx, c, quietLog(), ready) }()
	select {
	case <-ready:
		cancel()
		<-done
		return nil
	case err := <-done:
		return err
	}
}

// What the bot says comes from the catalog: a text changed in the override
// directory is what the bot says at the next start, with no build (issue
// 18), in German and in the other languages.
func TestTextsOverrideChangesWhatTheBotSays(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	t.Setenv("AMTSBOTE_TEXTS", dir)
	said := func(input ...string) string {
		var b strings.Builder
		for _, turn := range chat(t, data, input...) {
			for _, l := range turn {
				b.WriteString(l.Text + "\n")
			}
		}
		return b.String()
	}
	if s := said("hallo"); !strings.Contains(s, "Ich bin der digitale Assistent der Stadtverwaltung") {
		t.Fatalf("the built-in greeting is not said:\n%s", s)
	}
	writeFile(t, filepath.Join(dir, "de.po"), "msgid \"dialog.menu.welcome\"\nmsgstr \"Moin! Was kann die Stadt für Sie tun?\"\n")
	writeFile(t, filepath.Join(dir, "tr.po"), "msgid \"dialog.lang.switched\"\nmsgstr \"Elbette, artık Türkçe konuşuyoruz.\"\n")
	data = t.TempDir() // a new conversation, so that it is greeted
	s := said("hallo", "/lang tr")
	if !strings.Contains(s, "Moin! Was kann die Stadt für Sie tun?") || strings.Contains(s, "Ich bin der digitale Assistent") {
		t.Errorf("the greeting is not the changed text:\n%s", s)
	}
	if !strings.Contains(s, "Elbette, artık Türkçe konuşuyoruz.") {
		t.Errorf("the Turkish text is not the changed one:\n%s", s)
	}
}
