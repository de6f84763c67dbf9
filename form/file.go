package form

import (
	"math"
	"mime"
	"strconv"
	"strings"

	"amtsbote/text"
)

// DefaultMaxBytes is the size limit of a file field without MaxBytes.
const DefaultMaxBytes = 10 << 20

// docTypes maps file name extensions to the media type they must come with.
var docTypes = map[string]string{
	"pdf": "application/pdf", "png": "image/png",
	"jpg": "image/jpeg", "jpeg": "image/jpeg", "jpe": "image/jpeg", "jfif": "image/jpeg",
}

// programExts are extensions no PDF or picture has.
var programExts = setOf("exe com bat cmd scr msi ps1 vbs js jar sh html htm svg")

// setOf makes a set of the space-separated words in s.
func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// typeNames are friendly names of common media types for messages.
var typeNames = map[string]string{"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}

// checkFile checks an uploaded file against the rules of a file field: not
// empty, not larger than r.MaxBytes (DefaultMaxBytes when 0), a media type
// from r.MediaTypes when given ("image/*" allows all images), and a name
// extension that fits a PDF, JPEG or PNG media type.
func checkFile(name, mediaType string, size int, r Rules) *Problem {
	if size <= 0 {
		return problem("form.problem.file.empty")
	}
	limit := r.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	if size > limit {
		return problem("form.problem.file.too_large", "size", sizeArg(size), "limit", sizeArg(limit))
	}
	mt := baseType(mediaType)
	ext := ""
	if i := strings.LastIndexByte(name, '.'); i >= 0 && !strings.ContainsAny(name[i:], `/\`) {
		ext = strings.ToLower(name[i+1:])
	}
	want, doc := docTypes[ext]
	if doc && mt != "" && mt != "application/octet-stream" && mt != want ||
		typeNames[mt] != "" && programExts[ext] {
		return problem("form.problem.file.mismatch", "ext", ext, "type", typeName(mt))
	}
	if len(r.MediaTypes) > 0 && !allowedType(mt, r.MediaTypes) {
		names := make([]string, len(r.MediaTypes))
		for i, a := range r.MediaTypes {
			names[i] = baseType(a)
			if n := typeNames[names[i]]; n != "" {
				names[i] = n
			}
		}
		list := strings.Join(names, ", ")
		return problem("form.problem.file.type", "type", typeName(mt), "list", list)
	}
	return nil
}

// baseType lower-cases a media type and drops its parameters; the
// non-standard "image/jpg" and "image/pjpeg" become "image/jpeg".
func baseType(mt string) string {
	base, _, err := mime.ParseMediaType(mt)
	if err != nil {
		base, _, _ = strings.Cut(mt, ";")
		base = strings.ToLower(strings.TrimSpace(base))
	}
	if base == "image/jpg" || base == "image/pjpeg" {
		base = "image/jpeg"
	}
	return base
}

// allowedType reports whether mt is one of allowed, which may hold
// wildcards like "image/*".
func allowedType(mt string, allowed []string) bool {
	if mt == "" {
		return false
	}
	for _, a := range allowed {
		a = baseType(a)
		if a == mt || strings.HasSuffix(a, "/*") && strings.HasPrefix(mt, a[:len(a)-1]) {
			return true
		}
	}
	return false
}

// typeName is a friendly name for a media type: a text of the catalog
// when the type is unknown.
func typeName(mt string) any {
	switch {
	case typeNames[mt] != "":
		return typeNames[mt]
	case mt != "":
		return mt
	}
	return textArg("form.problem.file.unknown_type")
}

// sizeArg is a size in MB (MiB) with one decimal at most, or in KB below
// 1 MB, with the language's decimal separator.
func sizeArg(n int) arg {
	return func(l text.Lang, _ *text.Catalog) string {
		if n < 1<<20 {
			return formatNumber(strconv.Itoa(int(math.Ceil(float64(n)/1024))), string(l), -1) + " KB"
		}
		return formatNumber(strconv.FormatFloat(math.Round(float64(n)/(1<<20)*10)/10, 'f', -1, 64), string(l), -1) + " MB"
	}
}
