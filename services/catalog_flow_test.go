package services_test

import (
	"os"
	"path/filepath"
	"testing"

	"amtsbote/catalog"
	"amtsbote/dialog"
	"amtsbote/dialog/route"
)

// writeDefs writes definition files into a temporary directory.
func writeDefs(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const bulkyWaste = `
id: bulky-waste
category: living
title: {de: "Sperrmüll anmelden", en: "Book a bulky waste collection"}
description: {de: "Wir holen Ihren Sperrmüll ab.", en: "We collect your bulky waste."}
keywords: {de: [sperrmüll, sperrmuell, möbel abholen], en: [bulky waste]}
examples: {de: ["Ich möchte Sperrmüll anmelden"], en: ["I want to get rid of an old sofa"]}
fee: {de: "kostenlos", en: "free"}
department: stadtwerke
mode: online
fields:
  - name: items
    type: text
    label: {de: "Gegenstände", en: "Items"}
    prompt: {de: "Was sollen wir abholen?", en: "What should we collect?"}
`

func TestAddedDefinitionInMenuAndRouting(t *testing.T) {
	cat, err := catalog.Load(writeDefs(t, map[string]string{"bulky-waste.yaml": bulkyWaste}))
	if err != nil {
		t.Fatal(err)
	}
	if d, _ := cat.Service("bulky-waste"); d == nil || d.Rank != catalog.DefaultRank {
		t.Fatalf("added service: %+v", d)
	}
	// Routing: the router knows it.
	m := route.New(cat).Route("Sperrmüll")
	if m.Intent != "bulky-waste" || m.Confidence < dialog.RouteThreshold {
		t.Errorf("route = %+v", m)
	}
	// Menu: in its category, and first once it is used most.
	f := newFlow(t)
	f.e = dialog.New(cat, route.New(cat), &refs{}, usage{"bulky-waste"}, dialog.Options{Location: f.now.Location()})
	f.say("Hallo")
	if !f.hasOption("service:bulky-waste") {
		t.Errorf("not on the menu:\n%s", f.text())
	}
	f.pick("category:living")
	if !f.hasOption("service:bulky-waste") {
		t.Errorf("not in its category")
	}
	f.say("Ich möchte Sperrmüll anmelden")
	f.answer("items", "ein altes Sofa und zwei Stühle")
	c := f.submit()
	if c.Service != "bulky-waste" || c.Department != "stadtwerke" {
		t.Errorf("case = %+v", c)
	}
}

// usage is a fixed "frequently used" list.
type usage []string

func (u usage) Top(n int) []string { return u[:min(n, len(u))] }
