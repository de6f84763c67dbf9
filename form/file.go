package form

import (
	"fmt"
	"math"
	"mime"
	"strconv"
	"strings"
)

// DefaultMaxBytes is the size limit of a file field without MaxBytes.
const DefaultMaxBytes = 10 << 20

// docTypes maps file name extensions to the media type they must come with.
var docTypes = map[string]string{
	"pdf": "application/pdf", "png": "image/png",
	"jpg": "image/jpeg", "jpeg": "image/jpeg", "jpe": "image/jpeg", "jfif": "image/jpeg",
}

// programExts are extensions no PDF or picture has.
var programExts = words("exe com bat cmd scr msi ps1 vbs js jar sh html htm svg")

// typeNames are friendly names of common media types for messages.
var typeNames = map[string]string{"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}

// CheckFile checks an uploaded file against the rules of a file field: not
// empty, not larger than r.MaxBytes (DefaultMaxBytes when 0), a media type
// from r.MediaTypes when given ("image/*" allows all images), and a name
// extension that fits a PDF, JPEG or PNG media type. The error is a *Problem.
func CheckFile(name, mediaType string, size int, r Rules) error {
	if size <= 0 {
		return &Problem{
			De: "Die Datei ist leer. Bitte laden Sie sie noch einmal hoch.",
			En: "The file is empty. Please upload it again.",
		}
	}
	limit := r.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	if size > limit {
		return &Problem{
			De: fmt.Sprintf("Die Datei ist zu groß (%s). Erlaubt sind höchstens %s.", megabytes(size, "de"), megabytes(limit, "de")),
			En: fmt.Sprintf("The file is too large (%s). The limit is %s.", megabytes(size, "en"), megabytes(limit, "en")),
		}
	}
	mt := baseType(mediaType)
	ext := ""
	if i := strings.LastIndexByte(name, '.'); i >= 0 && !strings.ContainsAny(name[i:], `/\`) {
		ext = strings.ToLower(name[i+1:])
	}
	want, doc := docTypes[ext]
	if doc && mt != "" && mt != "application/octet-stream" && mt != want ||
		typeNames[mt] != "" && programExts[ext] {
		return &Problem{
			De: fmt.Sprintf("Der Dateiname (.%s) passt nicht zum Dateityp (%s). Bitte laden Sie die richtige Datei hoch.", ext, typeName(mt, "de")),
			En: fmt.Sprintf("The file name (.%s) does not match the file type (%s). Please upload the right file.", ext, typeName(mt, "en")),
		}
	}
	if len(r.MediaTypes) > 0 && !allowedType(mt, r.MediaTypes) {
		names := make([]string, len(r.MediaTypes))
		for i, a := range r.MediaTypes {
			names[i] = typeName(baseType(a), "en")
		}
		list := strings.Join(names, ", ")
		return &Problem{
			De: fmt.Sprintf("Dieser Dateityp (%s) ist hier nicht erlaubt. Bitte laden Sie eine Datei dieser Art hoch: %s.", typeName(mt, "de"), list),
			En: fmt.Sprintf("This file type (%s) is not allowed here. Please upload one of: %s.", typeName(mt, "en"), list),
		}
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

// typeName is a friendly name for a media type in lang.
func typeName(mt, lang string) string {
	switch {
	case typeNames[mt] != "":
		return typeNames[mt]
	case mt != "":
		return mt
	case lang == "en":
		return "unknown"
	}
	return "unbekannt"
}

// megabytes formats a size in MB (MiB) with one decimal at most, or in KB
// below 1 MB.
func megabytes(n int, lang string) string {
	if n < 1<<20 {
		return strconv.Itoa(int(math.Ceil(float64(n)/1024))) + " KB"
	}
	v := strconv.FormatFloat(math.Round(float64(n)/(1<<20)*10)/10, 'f', -1, 64)
	if lang != "en" {
		v = strings.Replace(v, ".", ",", 1)
	}
	return v + " MB"
}
