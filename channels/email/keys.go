package email

import (
	"context"
	"errors"
	"time"

	"github.com/ProtonMail/gopenpgp/v2/crypto"

	"amtsbote/channels/email/wkd"
)

// wkdRetry is how long a directory without a key is not asked again.
const wkdRetry = 24 * time.Hour

// wkdMiss records when the sender's directory last had no key.
type wkdMiss struct {
	At time.Time `json:"at"`
}

// offeredKey is a key a mail brought along.
type offeredKey struct {
	key    *crypto.Key
	source string // autocrypt, attachment
}

// citizenKeyFor returns the key kept for addr, or nil.
func (c *Channel) citizenKeyFor(addr string) (*crypto.Key, error) {
	var ck citizenKey
	found, err := c.load(stateKey, addr, &ck)
	if err != nil || !found {
		return nil, err
	}
	k, err := crypto.NewKey(ck.Key)
	if err != nil {
		return nil, nil // unreadable: as if unknown, a new one replaces it
	}
	return k, nil
}

// usableKey parses a binary public key and returns it when it can encrypt.
func usableKey(b []byte) *crypto.Key {
	k, err := crypto.NewKey(b)
	if err != nil || !k.CanEncrypt() || k.IsRevoked() || k.IsExpired() {
		return nil
	}
	return k
}

// autocryptKey returns the key of the first Autocrypt header for from.
func autocryptKey(values []string, from string) *offeredKey {
	for _, v := range values {
		a, ok := parseAutocrypt(v)
		if !ok || a.addr != from {
			continue
		}
		if k := usableKey(a.key); k != nil {
			return &offeredKey{key: k, source: "autocrypt"}
		}
	}
	return nil
}

// attachedKeys returns the attached keys that carry the sender's address.
func attachedKeys(keys [][]byte, from string) []offeredKey {
	var out []offeredKey
	for _, b := range keys {
		pub, err := wkd.Filter(b, from)
		if err != nil {
			continue
		}
		if k := usableKey(pub); k != nil {
			out = append(out, offeredKey{key: k, source: "attachment"})
		}
	}
	return out
}

// learnKey keeps the key a mail offers (Autocrypt Level 1: the newest
// offer wins; a key the mail was signed with is preferred), or looks the
// sender up in the Web Key Directory when no key is known.
func (c *Channel) learnKey(ctx context.Context, addr string, known *crypto.Key, offered []offeredKey, signer string) {
	var pick *offeredKey
	for i := range offered {
		if pick == nil || offered[i].key.GetFingerprint() == signer {
			pick = &offered[i]
		}
	}
	if pick != nil {
		if known != nil && known.GetFingerprint() == pick.key.GetFingerprint() {
			return
		}
		c.storeKey(ctx, addr, pick.key, pick.source)
		return
	}
	if known != nil || c.opts.NoWKD {
		return
	}
	var miss wkdMiss
	if found, err := c.load(stateWKD, addr, &miss); err == nil && found && c.opts.Now().Sub(miss.At) < wkdRetry {
		return
	}
	lctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	b, err := c.wkd.Lookup(lctx, addr)
	if errors.Is(err, wkd.ErrRateLimited) {
		c.log.Debug("web key directory lookup skipped", "reason", "rate_limit")
		return // nothing was asked, so no miss is recorded; the next mail may ask
	}
	if err != nil {
		if !errors.Is(err, wkd.ErrNotFound) {
			c.log.Info("web key directory lookup failed", "err_kind", "wkd")
		}
		if err := c.save(ctx, stateWKD, addr, wkdMiss{At: c.opts.Now()}); err != nil {
			c.log.Warn("recording a key lookup failed", "err", err)
		}
		return
	}
	if k := usableKey(b); k != nil {
		c.storeKey(ctx, addr, k, "wkd")
	}
}

func (c *Channel) storeKey(ctx context.Context, addr string, k *crypto.Key, source string) {
	pub, err := k.GetPublicKey()
	if err != nil {
		return
	}
	if err := c.save(ctx, stateKey, addr, citizenKey{Key: pub, Source: source, Updated: c.opts.Now()}); err != nil {
		c.log.Warn("keeping a citizen's key failed", "err", err)
		return
	}
	c.log.Info("learned a citizen's OpenPGP key", "source", source)
}
