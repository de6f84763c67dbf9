package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"amtsbote/channels"
)

// fetchTimeout bounds getFile and the download of one file.
const fetchTimeout = 2 * time.Minute

var (
	errTooLarge   = errors.New("telegram: file too large")
	errUnreadable = errors.New("telegram: file cannot be read")
)

// fileRef is a file a message points to.
type fileRef struct {
	id        string
	size      int // as the update says; 0 when unknown
	name      string
	mediaType string
}

// attachments downloads the photo or document of a message. ok is false
// when the citizen was told that the file cannot be taken (too large,
// unreadable): the message is then not passed on.
func (c *Channel) attachments(ctx context.Context, m *tgbotapi.Message) (atts []channels.Attachment, ok bool, err error) {
	var ref fileRef
	switch {
	case len(m.Photo) > 0:
		p := bestPhoto(m.Photo, c.opts.MaxFileBytes)
		ref = fileRef{id: p.FileID, size: p.FileSize, name: "foto.jpg", mediaType: "image/jpeg"}
	case m.Document != nil:
		ref = fileRef{id: m.Document.FileID, size: m.Document.FileSize, name: m.Document.FileName, mediaType: m.Document.MimeType}
	default:
		return nil, true, nil
	}
	a, err := c.fetch(ctx, ref)
	switch {
	case errors.Is(err, errTooLarge):
		c.tell(ctx, m.Chat.ID, c.tooLarge(m.From, c.opts.MaxFileBytes))
		return nil, false, nil
	case errors.Is(err, errUnreadable):
		c.tell(ctx, m.Chat.ID, c.say(m.From, "unreadable"))
		return nil, false, nil
	case err != nil:
		return nil, false, err
	}
	return []channels.Attachment{a}, true, nil
}

// bestPhoto is the largest size of a photo within the limit (Telegram lists
// the sizes from small to large), or the smallest when none fits.
func bestPhoto(sizes []tgbotapi.PhotoSize, limit int64) tgbotapi.PhotoSize {
	best := sizes[0]
	for _, p := range sizes {
		if int64(p.FileSize) <= limit {
			best = p
		}
	}
	return best
}

// fetch asks getFile for a file's path and downloads it, never reading
// more than MaxFileBytes.
func (c *Channel) fetch(ctx context.Context, f fileRef) (channels.Attachment, error) {
	limit := c.opts.MaxFileBytes
	if int64(f.size) > limit {
		return channels.Attachment{}, errTooLarge
	}
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	res, err := c.call(ctx, "getFile", tgbotapi.FileConfig{FileID: f.id})
	if err != nil {
		var ae *apiError
		if errors.As(err, &ae) && ae.code == http.StatusBadRequest {
			if strings.Contains(strings.ToLower(ae.desc), "too big") {
				return channels.Attachment{}, errTooLarge
			}
			return channels.Attachment{}, errUnreadable
		}
		return channels.Attachment{}, err
	}
	var file tgbotapi.File
	if err := json.Unmarshal(res, &file); err != nil {
		return channels.Attachment{}, fmt.Errorf("telegram: getFile: %w", err)
	}
	if int64(file.FileSize) > limit {
		return channels.Attachment{}, errTooLarge
	}
	if file.FilePath == "" {
		return channels.Attachment{}, errUnreadable
	}
	data, err := c.download(ctx, file.FilePath, limit)
	if err != nil {
		return channels.Attachment{}, err
	}
	mt, _, _ := mime.ParseMediaType(f.mediaType)
	if mt == "" || mt == "application/octet-stream" {
		mt, _, _ = mime.ParseMediaType(http.DetectContentType(data))
	}
	name := channels.CleanFileName(f.name)
	if name == "" {
		name = "dokument"
		if exts, _ := mime.ExtensionsByType(mt); len(exts) > 0 {
			name += exts[0]
		}
	}
	return channels.Attachment{Name: name, MediaType: mt, Data: data}, nil
}

// download reads a file from the Bot API's file endpoint.
func (c *Channel) download(ctx context.Context, filePath string, limit int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf(c.fileEndpoint, c.opts.Token, filePath), nil)
	if err != nil {
		return nil, errUnreadable
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, c.wrap(ctx, "file download", nil, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusOK:
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusBadRequest:
		return nil, errUnreadable
	default:
		return nil, &netError{method: "file download", msg: resp.Status}
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, c.wrap(ctx, "file download", nil, err)
	}
	if int64(len(data)) > limit {
		return nil, errTooLarge
	}
	return data, nil
}
