package web

import (
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"amtsbote/channels"
)

// pendingFile is a file whose header frame was read; its bytes come in the
// next (binary) frame. A refused file's bytes are read and discarded.
type pendingFile struct {
	id, name, mediaType string
	size                int64
	refused             bool
	slot                bool // holds one of the channel's upload slots
}

// fileHeader reads a {"type":"file"} frame announcing a binary frame.
// Whatever is wrong with it is answered at once; the binary frame that
// follows is then discarded.
func (cn *conn) fileHeader(f clientFrame) {
	opts := cn.ch.opts
	p := &pendingFile{id: f.ID, name: cleanName(f.Name), mediaType: baseType(f.MediaType), size: f.Size, refused: true}
	cn.file = p
	// The binary frame must come within UploadTimeout of this header: pongs
	// meanwhile do not count, so an announced file cannot hold its upload
	// slot for longer by a client that only answers pings.
	cn.awaitingFile.Store(true)
	cn.setReadWait(opts.UploadTimeout)
	switch {
	case !clientIDPattern.MatchString(f.ID):
		p.id = ""
		cn.bad(errBadID, "")
	case f.Size <= 0:
		cn.bad(errFileData, f.ID)
		p.size = opts.MaxUploadBytes
	case f.Size > opts.MaxUploadBytes:
		cn.sendError(errFileTooLarge, f.ID, megabytes(opts.MaxUploadBytes, cn.lang), 0)
		p.size = opts.MaxUploadBytes // a larger frame closes the connection (1009)
	case !slices.Contains(opts.UploadTypes, p.mediaType):
		cn.sendError(errFileType, f.ID, "", 0)
	case !cn.allow(f.ID): // answered with rate_limited
	default:
		select {
		case cn.ch.uploads <- struct{}{}:
			p.refused, p.slot = false, true
		default:
			cn.sendError(errBusy, f.ID, "", time.Second)
		}
	}
}

// fileData reads the binary frame of the announced file and submits it;
// false means the frame could not be read and the connection is over.
func (cn *conn) fileData(r io.Reader) bool {
	p := cn.takeFile()
	if p == nil || p.refused {
		if _, err := io.Copy(io.Discard, r); err != nil {
			return false
		}
		if p == nil {
			cn.bad(errFileData, "")
		}
		return true
	}
	data, err := io.ReadAll(r)
	if err != nil {
		cn.releaseUpload(p)
		return false // the frame was over the announced size: the connection closes
	}
	problem := ""
	if int64(len(data)) != p.size {
		problem = errFileData
	} else if baseType(http.DetectContentType(data)) != p.mediaType {
		problem = errFileMismatch
	}
	if problem != "" {
		cn.releaseUpload(p)
		cn.sendError(problem, p.id, "", 0)
		return true
	}
	in := channels.Inbound{Channel: Name, Received: time.Now(),
		Attachments: []channels.Attachment{{Name: p.name, MediaType: p.mediaType, Data: data}}}
	cn.submitFile(in, p)
	return true
}

// fileAbort forgets an announced file whose binary frame did not come.
func (cn *conn) fileAbort(code string) {
	p := cn.takeFile()
	cn.releaseUpload(p)
	if p.id != "" && !p.refused {
		cn.sendError(code, p.id, "", 0)
	}
}

// takeFile ends the wait for the announced file's binary frame and returns
// the file (nil when none was announced); the caller releases its slot or
// hands it on. The reader calls it holding rmu.
func (cn *conn) takeFile() *pendingFile {
	p := cn.file
	cn.file = nil
	cn.awaitingFile.Store(false)
	cn.setReadWait(cn.ch.opts.PingInterval * 5 / 2)
	return p
}

// dropFile gives back the upload slot of a file announced on a connection
// that ends before its binary frame came (a disconnect, a timeout, a read
// error). finish calls it once the read bursts are over.
func (cn *conn) dropFile() {
	cn.rmu.Lock()
	defer cn.rmu.Unlock()
	p := cn.file
	cn.file = nil
	cn.releaseUpload(p)
}

// releaseUpload gives back p's upload slot if it holds one; at most once.
func (cn *conn) releaseUpload(p *pendingFile) {
	if p != nil && p.slot {
		p.slot = false
		<-cn.ch.uploads
	}
}

// submitFile queues a file message; its upload slot is given back once the
// core has it, which bounds the memory of files in flight.
func (cn *conn) submitFile(in channels.Inbound, p *pendingFile) {
	p.slot = false
	cn.submitWith(in, p.id, func() { <-cn.ch.uploads })
}

// cleanName is a file name as channels.CleanFileName leaves it; "datei"
// when nothing is left.
func cleanName(name string) string {
	if name = channels.CleanFileName(name); name == "" {
		return "datei"
	}
	return name
}

// baseType is a media type without parameters, lower case.
func baseType(mt string) string {
	if base, _, err := mime.ParseMediaType(mt); err == nil {
		return base
	}
	return strings.ToLower(strings.TrimSpace(mt))
}

// downloadTypes are served with their own media type; others as octet-stream.
var downloadTypes = []string{"application/pdf", "text/calendar", "image/png", "image/jpeg", "text/plain"}

// fileURL is the download link of attachment i of message, for token. It
// is relative to the widget's base URL (where widget.js is), so it works
// behind a path prefix and from any embedding page.
func (c *Channel) fileURL(token, message string, i int) string {
	k := c.keys.sealLink(link{token: token, message: message, index: i, expires: time.Now().Add(c.opts.FileLinkTTL)})
	return "chat/files/" + url.PathEscape(message) + "/" + strconv.Itoa(i) + "?k=" + k
}

// serveFile serves one attachment of a reply. The link's key names the
// token, message and index and expires; anything wrong is a plain 404.
func (c *Channel) serveFile(w http.ResponseWriter, r *http.Request) {
	l, err := c.keys.openLink(r.URL.Query().Get("k"), time.Now())
	if err != nil || l.message != r.PathValue("message") || strconv.Itoa(l.index) != r.PathValue("index") {
		http.NotFound(w, r)
		return
	}
	_, entries, err := c.history.History(r.Context(), Name, l.token, 0)
	if err != nil {
		c.log.Error("reading the history for a download failed", "err", err)
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	var att *channels.Attachment
	for _, e := range entries {
		if e.Outbound != nil && e.Outbound.ID == l.message && l.index < len(e.Outbound.Attachments) {
			att = &e.Outbound.Attachments[l.index]
		}
	}
	if att == nil {
		http.NotFound(w, r)
		return
	}
	mt := baseType(att.MediaType)
	if !slices.Contains(downloadTypes, mt) {
		mt = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Content-Type", mt)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": cleanName(att.Name)}))
	h.Set("Content-Length", strconv.Itoa(len(att.Data)))
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	_, _ = w.Write(att.Data)
}
