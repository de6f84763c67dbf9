package email

import (
	"fmt"
	"slices"
	"strings"

	"github.com/emersion/go-imap"
	"github.com/emersion/go-imap/client"
)

// takenSet is the mails this process has marked TakenKeyword, by UID within
// one UIDVALIDITY of the mailbox. A taken mail not in it was being handled
// by a process that died. Only the goroutine of Run uses it.
type takenSet struct {
	validity uint32
	uids     map[uint32]struct{}
}

// reset forgets every UID when the mailbox's UIDVALIDITY changed.
func (s *takenSet) reset(validity uint32) {
	if s.uids == nil || s.validity != validity {
		s.validity, s.uids = validity, map[uint32]struct{}{}
	}
}

func (s *takenSet) has(uid uint32) bool { _, ok := s.uids[uid]; return ok }

// crashed reports whether a mail with these flags was taken by an earlier
// process and never finished: its handling crashed.
func (c *Channel) crashed(uid uint32, flags []string, mb mailbox) bool {
	return mb.keywords && hasKeyword(flags, TakenKeyword) && !c.taken.has(uid)
}

// take marks a mail as being handled, before it is parsed, so that a crash
// while handling it does not repeat after a restart.
func (c *Channel) take(cl *client.Client, uid uint32, mb mailbox) error {
	if !mb.keywords {
		return nil
	}
	if err := storeFlag(cl, uid, imap.AddFlags, TakenKeyword); err != nil {
		return err
	}
	c.taken.uids[uid] = struct{}{}
	return nil
}

// release takes the mark off a mail left to be read again later, so that a
// restart in between does not take it for a crash.
func (c *Channel) release(cl *client.Client, uid uint32, mb mailbox) error {
	if !mb.keywords {
		return nil
	}
	if err := storeFlag(cl, uid, imap.RemoveFlags, TakenKeyword); err != nil {
		return err
	}
	delete(c.taken.uids, uid)
	return nil
}

func storeFlag(cl *client.Client, uid uint32, op imap.FlagsOp, flag string) error {
	set := new(imap.SeqSet)
	set.AddNum(uid)
	if err := cl.UidStore(set, imap.FormatFlagsOp(op, true), []interface{}{flag}, nil); err != nil {
		return fmt.Errorf("email: IMAP store flags: %w", err)
	}
	return nil
}

// hasKeyword reports whether flags hold kw; keywords are case-insensitive.
func hasKeyword(flags []string, kw string) bool {
	return slices.ContainsFunc(flags, func(f string) bool { return strings.EqualFold(f, kw) })
}
