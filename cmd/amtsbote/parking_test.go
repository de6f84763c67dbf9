package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"amtsbote/config"
)

// The model process end to end: a resident parking permit from the first
// message to the permit PDF and a /verify answer, without any staff step.
func TestResidentParkingPermitEndToEnd(t *testing.T) {
	dir := t.TempDir()
	scan := filepath.Join(t.TempDir(), "fahrzeugschein.pdf")
	os.WriteFile(scan, []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"), 0o600)
	turns := chat(t, dir,
		"Ich brauche einen Bewohnerparkausweis",
		"Neuer Ausweis", "Erika Mustermann", "Westernstraße", "12a", "ja",
		"PBAB 123", // refused: asked again
		"PB-AB 123", "Auf mich", "/file "+scan, "2 Jahre", "Absenden")
	var done strings.Builder
	for _, l := range turns[len(turns)-1] {
		done.WriteString(l.Text + "\n")
	}
	if !strings.Contains(done.String(), "genehmigt") && !strings.Contains(done.String(), "ausgestellt") {
		t.Fatalf("not approved at once: %s", done.String())
	}
	pdfs, _ := filepath.Glob(filepath.Join(dir, "downloads", "*.pdf"))
	if len(pdfs) != 1 {
		t.Fatalf("permit PDFs saved: %v", pdfs)
	}
	pdf, _ := os.ReadFile(pdfs[0])
	if !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatal("the permit is no PDF")
	}
	code := regexp.MustCompile(`Prüfcode: ([A-Z0-9]+)`).FindStringSubmatch(done.String())
	if code == nil {
		t.Fatalf("no verification code in %q", done.String())
	}

	c := config.Default()
	c.Data, c.Addr = dir, "127.0.0.1:0"
	addr, _ := startServe(t, c)
	req, _ := http.NewRequest("GET", "http://"+addr+"/verify/"+code[1], nil)
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v struct {
		Valid  bool   `json:"valid"`
		Plate  string `json:"plate"`
		Zone   string `json:"zone"`
		Status string `json:"status"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil || !v.Valid || v.Plate != "PB-AB 123" || v.Zone != "A" {
		t.Fatalf("verify: %+v %v", v, err)
	}
	resp2, _ := http.Get("http://" + addr + "/verify/UNKNOWN1234")
	resp2.Body.Close()
	if resp2.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown code: %d", resp2.StatusCode)
	}
}
