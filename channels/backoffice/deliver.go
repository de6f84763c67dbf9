package backoffice

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"amtsbote/cases"
	"amtsbote/channels"
)

// post sends the armored record to a department's webhook. A 2xx is
// success; 408, 429, 5xx and network errors are temporary (a 429's
// Retry-After is kept); any other status, a redirect included, is
// permanent. The errors never carry the URL, which may hold a token.
func (s *Sender) post(ctx context.Context, webhook, ref, deliveryID string, armored []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, webhook, bytes.NewReader(armored))
	if err != nil {
		return channels.Permanent(errors.New("webhook: bad request URL"))
	}
	req.Header.Set("Content-Type", "application/pgp-encrypted")
	req.Header.Set("X-Amtsbote-Case", ref)
	if deliveryID != "" {
		req.Header.Set("X-Amtsbote-Delivery", deliveryID)
		req.Header.Set("Idempotency-Key", deliveryID)
	}
	req.Header.Set("User-Agent", "Amtsbote")
	resp, err := s.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("webhook: %w", err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	code := resp.StatusCode
	err = fmt.Errorf("webhook answered %d %s", code, http.StatusText(code))
	switch {
	case code >= 200 && code < 300:
		return nil
	case code == http.StatusTooManyRequests:
		if after, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return &channels.RetryAfterError{After: after, Err: err}
		}
		return err
	case code == http.StatusRequestTimeout || code >= 500:
		return err
	default:
		return channels.Permanent(err)
	}
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, t.Sub(now)), true
	}
	return 0, false
}

// dropName is the file name (without ".json.asc") of a hand-off: the case
// reference, and for an amendment also the outbox item, so that every
// amendment gets a file of its own next to the original.
func dropName(c cases.Case, deliveryID string) string {
	if len(c.Amended) == 0 {
		return c.Ref
	}
	return c.Ref + ".amended-" + safeName.ReplaceAllString(deliveryID, "_")
}

// safeName matches what may not be in a file name's part.
var safeName = regexp.MustCompile(`[^A-Za-z0-9_-]`)

// writeDrop writes the armored record to dir/<name>.json.asc atomically: a
// hidden temporary file in dir (".<name>.*.tmp", which the department's
// software must ignore), mode 0600, synced, renamed into place, and the
// directory synced. A file already there is success when it is the same
// hand-off (same bytes, or the same outbox item in its armor header) and a
// permanent error when it is another: what was handed off is never
// overwritten.
func writeDrop(dir, name, deliveryID string, armored []byte) error {
	final := filepath.Join(dir, name+".json.asc")
	old, err := os.ReadFile(final)
	switch {
	case err == nil:
		if bytes.Equal(old, armored) || (deliveryID != "" && deliveryOf(old) == deliveryID) {
			return nil
		}
		return channels.Permanent(fmt.Errorf("drop directory %s already holds another hand-off of this case", dir))
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("drop directory: %w", err)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("drop directory %s is missing (not mounted?)", dir)
	}
	tmp, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return fmt.Errorf("drop directory: %w", err)
	}
	done := false
	defer func() {
		if !done {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("drop directory: %w", err)
	}
	if _, err := tmp.Write(armored); err != nil {
		return fmt.Errorf("drop directory: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("drop directory: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("drop directory: %w", err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return fmt.Errorf("drop directory: %w", err)
	}
	done = true
	return syncDir(dir)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("drop directory: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("drop directory: sync: %w", err)
	}
	return nil
}
