// Package frontpage serves the city's front page: the service catalog by
// topic, each service a link that asks the web chat's widget (served by
// channels/web) about it, the contact office as the departments file
// describes it, and the legally required pages from the configuration. It
// also derives from the catalog the suggestions the widget offers a new
// conversation.
package frontpage

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"amtsbote/catalog"
	"amtsbote/internal/httpx"
	"amtsbote/text"
)

//go:embed assets
var assetFS embed.FS

// Options configure the front page; zero values mean the defaults.
type Options struct {
	// CityName is shown on the page as written ("Stadt Musterstadt",
	// config city); "" means "Stadt Musterstadt".
	CityName string
	// Contact is the department of the departments file whose address,
	// phone, email and opening hours the page shows; "" the file's first.
	// An id the file does not know is an error.
	Contact string
	// Legal are the legally required pages (config site:); the page and the
	// widget link every one that is set.
	Legal Legal
	// Hours, when set, gives a department's opening hours as citizens read
	// them at the moment of the request (staff.Console.HoursText: an
	// admin's change shows at once); nil uses the departments file's.
	Hours func(department, lang string) string
	// FrameAncestors is the CSP frame-ancestors of the page, e.g.
	// "'self' https://www.musterstadt.de"; "" means 'self'.
	FrameAncestors string
	// Texts is the catalog of the page's texts ("front.*"); nil means the
	// built-in catalog.
	Texts *text.Catalog
}

// Legal are the links to the legally required pages.
type Legal struct {
	Imprint       string // Impressum
	Privacy       string // Datenschutzerklärung
	Accessibility string // Erklärung zur Barrierefreiheit
	Feedback      string // its feedback mechanism: mailto: or a form's URL
}

// contactView is the contact office on the page.
type contactView struct {
	ID, Name, Address, Phone, Tel, Email, Hours string
}

// Page is the front page and its files, all rendered or read once.
type Page struct {
	frameAncestors string
	front          map[string][]byte // rendered page by language
	tmpl           *template.Template
	data           map[string]frontData // by language, to render again with current hours
	hours          func(department, lang string) string
	assets         map[string]asset // by URL path
}

// asset is one static file with its validator.
type asset struct {
	body  []byte
	ctype string
	etag  string
}

// frontData is what the page template shows.
type frontData struct {
	Lang, Other, City string
	Categories        []categoryView
	Contact           *contactView
	Legal             Legal
	T                 map[string]string
}

type categoryView struct {
	ID, Title string
	Services  []serviceView
}

type serviceView struct {
	ID, Title, Description, Fee, Ask string
	Online                           bool
}

// New renders the page, German and English, for the services of cat (nil:
// none).
func New(opts Options, cat *catalog.Catalog) (*Page, error) {
	if opts.CityName == "" {
		opts.CityName = "Stadt Musterstadt"
	}
	if opts.FrameAncestors == "" {
		opts.FrameAncestors = "'self'"
	}
	texts := opts.Texts
	if texts == nil {
		var err error
		if texts, err = text.Builtin(); err != nil {
			return nil, fmt.Errorf("frontpage: %w", err)
		}
	}
	p := &Page{frameAncestors: opts.FrameAncestors, front: map[string][]byte{}, assets: map[string]asset{},
		data: map[string]frontData{}, hours: opts.Hours}
	for urlPath, name := range map[string]string{"/assets/page.css": "assets/page.css", "/assets/wappen.svg": "assets/wappen.svg"} {
		body, err := assetFS.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("frontpage: embedded asset %s: %w", name, err)
		}
		sum := sha256.Sum256(body)
		p.assets[urlPath] = asset{body: body, ctype: mime.TypeByExtension(path.Ext(name)),
			etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	}
	tmpl, err := template.ParseFS(assetFS, "assets/front.html")
	if err != nil {
		return nil, fmt.Errorf("frontpage: template: %w", err)
	}
	for _, lang := range []string{"de", "en"} {
		contact, err := contactOf(cat, opts.Contact, lang)
		if err != nil {
			return nil, err
		}
		d := frontData{Lang: lang, Other: map[string]string{"de": "en", "en": "de"}[lang], City: opts.CityName,
			T: texts.Strings(text.Lang(lang), "front."), Categories: categories(cat, lang), Contact: contact, Legal: opts.Legal}
		var b bytes.Buffer
		if err := tmpl.Execute(&b, d); err != nil {
			return nil, fmt.Errorf("frontpage: template: %w", err)
		}
		p.front[lang] = b.Bytes()
		p.data[lang] = d
	}
	p.tmpl = tmpl
	return p, nil
}

// Handler serves the page at / and its files under /assets/; every other
// path is not found.
func (p *Page) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", p.serveFront)
	mux.HandleFunc("GET /assets/{name}", p.serveAsset)
	return httpx.SecurityHeaders(p.frameAncestors, mux)
}

// contactOf is the contact office from the departments file: id, or the
// file's first department; nil without a catalog or departments.
func contactOf(cat *catalog.Catalog, id, lang string) (*contactView, error) {
	if cat == nil || len(cat.Departments()) == 0 {
		if id != "" {
			return nil, fmt.Errorf("frontpage: contact department %q: no departments file", id)
		}
		return nil, nil
	}
	d := cat.Departments()[0]
	if id != "" {
		var ok bool
		if d, ok = cat.Department(id); !ok {
			return nil, fmt.Errorf("frontpage: contact department %q is not in the departments file", id)
		}
	}
	tel := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r == '+' {
			return r
		}
		return -1
	}, d.Phone)
	return &contactView{ID: d.ID, Name: d.Name.In(lang), Address: d.Address, Phone: d.Phone, Tel: tel, Email: d.Email,
		Hours: d.Hours.In(lang)}, nil
}

// categories groups the catalog's services by category, in catalog order.
func categories(cat *catalog.Catalog, lang string) []categoryView {
	if cat == nil {
		return nil
	}
	var out []categoryView
	for _, c := range cat.Categories() {
		v := categoryView{ID: c.ID, Title: c.Title.In(lang)}
		for _, d := range cat.Services() {
			if d.Category != c.ID {
				continue
			}
			title := d.Title.In(lang)
			v.Services = append(v.Services, serviceView{ID: d.ID, Title: title, Description: d.Description.In(lang),
				Fee: d.Fee.In(lang), Online: d.Mode == catalog.ModeOnline, Ask: title})
		}
		out = append(out, v)
	}
	return out
}

// Starters are the catalog's suggestions for a new conversation in the web
// chat, by language ("de", "en"): the first two online services' titles,
// as text the dialog understands (for web.Options.Starters).
func Starters(cat *catalog.Catalog) map[string][]string {
	out := map[string][]string{}
	for _, lang := range []string{"de", "en"} {
		var s []string
		if cat != nil {
			for _, d := range cat.Services() {
				if d.Mode == catalog.ModeOnline && len(s) < 2 {
					s = append(s, d.Title.In(lang))
				}
			}
		}
		out[lang] = s
	}
	return out
}

// serveFront serves the page, German or (?lang=en) English.
func (p *Page) serveFront(w http.ResponseWriter, r *http.Request) {
	lang := "de"
	if r.URL.Query().Get("lang") == "en" {
		lang = "en"
	}
	body := p.front[lang]
	if d := p.data[lang]; p.hours != nil && d.Contact != nil {
		if h := p.hours(d.Contact.ID, lang); h != "" && h != d.Contact.Hours {
			c := *d.Contact
			c.Hours = h
			d.Contact = &c
			var b bytes.Buffer
			if err := p.tmpl.Execute(&b, d); err == nil { // the template rendered at start
				body = b.Bytes()
			}
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(body)
}

// serveAsset serves the page's files; other origins may load them.
func (p *Page) serveAsset(w http.ResponseWriter, r *http.Request) {
	a, ok := p.assets[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("ETag", a.etag)
	h.Set("Cache-Control", "no-cache")
	h.Set("Cross-Origin-Resource-Policy", "cross-origin")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
}
