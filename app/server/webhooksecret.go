package server

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"amtsbote/config"
)

// WebhookSecretFile holds the Telegram webhook secret serve generated when
// none was configured: in the data directory, mode 0600.
const WebhookSecretFile = "telegram-webhook.secret"

// webhookSecret returns the configured Telegram webhook secret or, when
// none is configured, the one generated into dataDir before; the first time
// it generates one (256 random bits, 43 characters Telegram accepts) and
// logs the file it is in, never the secret.
func webhookSecret(configured config.Secret, dataDir string, log *slog.Logger) (string, error) {
	if configured != "" {
		return string(configured), nil
	}
	path := filepath.Join(dataDir, WebhookSecretFile)
	raw, err := os.ReadFile(path)
	if err == nil {
		return strings.TrimSpace(string(raw)), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("telegram webhook secret: %w", err)
	}
	buf := make([]byte, 32)
	_, _ = rand.Read(buf) // never fails (Go 1.24+)
	secret := base64.RawURLEncoding.EncodeToString(buf)
	if err := writeSecretFile(path, secret); err != nil {
		return "", fmt.Errorf("telegram webhook secret: %w", err)
	}
	log.Warn("generated a Telegram webhook secret; give it to setWebhook as secret_token unless telegram.webhook_url registers it",
		"component", "telegram", "file", path)
	return secret, nil
}

// writeSecretFile creates path (it must not exist) with mode 0600 and the
// secret in it, durably; a half-written file is removed.
func writeSecretFile(path, secret string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = f.WriteString(secret + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path)
	}
	return err
}
