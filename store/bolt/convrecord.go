package bolt

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"amtsbote/store"
)

// A conversation record is written in a compact binary form, so that the
// writer neither parses nor prints JSON (and base64) for every turn:
//
//	[0]      convBinary, the version (a JSON record starts with '{')
//	[1:9]    LastSeq, big endian: the writer bumps it in place
//	[9:21]   Created: Unix seconds (8 bytes), nanoseconds (4)
//	[21:33]  Updated, the same
//	[33]     flags: 1 = Meta.WaitingForStaff
//	then     Channel, Meta.Language, Meta.Service, Meta.Department, each
//	         a uvarint length and the bytes; the rest is Sealed.
//
// Records written as JSON by earlier versions are read as before and
// rewritten in this form by the next turn of their conversation.
const (
	convBinary     = 1
	convFixed      = 34
	convWaitingBit = 1
)

var errConvShort = errors.New("conversation record is truncated")

// encodeConv writes rec in the binary form.
func encodeConv(rec *convRecord) []byte {
	m := rec.Meta
	n := convFixed + len(rec.Channel) + len(m.Language) + len(m.Service) + len(m.Department) + 4*binary.MaxVarintLen64 + len(rec.Sealed)
	b := make([]byte, convFixed, n)
	b[0] = convBinary
	setConvHeader(b, rec.LastSeq, rec.Created)
	putConvTime(b[21:33], rec.Updated)
	if m.WaitingForStaff {
		b[33] |= convWaitingBit
	}
	for _, s := range []string{rec.Channel, m.Language, m.Service, m.Department} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return append(b, rec.Sealed...)
}

// setConvHeader sets LastSeq and Created of a binary record in place.
func setConvHeader(b []byte, lastSeq uint64, created time.Time) {
	binary.BigEndian.PutUint64(b[1:9], lastSeq)
	putConvTime(b[9:21], created)
}

func putConvTime(b []byte, t time.Time) {
	binary.BigEndian.PutUint64(b, uint64(t.Unix()))
	binary.BigEndian.PutUint32(b[8:], uint32(t.Nanosecond()))
}

func convTime(b []byte) time.Time {
	return time.Unix(int64(binary.BigEndian.Uint64(b)), int64(binary.BigEndian.Uint32(b[8:]))).UTC()
}

// convHeader reads what the writer needs of a stored record, in either form,
// without copying a binary one.
func convHeader(v []byte) (lastSeq uint64, created time.Time, err error) {
	if len(v) > 0 && v[0] == convBinary {
		if len(v) < convFixed {
			return 0, time.Time{}, errConvShort
		}
		return binary.BigEndian.Uint64(v[1:9]), convTime(v[9:21]), nil
	}
	rec, err := decodeConv(v)
	return rec.LastSeq, rec.Created, err
}

// decodeConv reads a record in either form. Sealed is a copy: the result
// may outlive the transaction v comes from.
func decodeConv(v []byte) (convRecord, error) {
	var rec convRecord
	if len(v) == 0 || v[0] != convBinary {
		if err := json.Unmarshal(v, &rec); err != nil {
			return rec, fmt.Errorf("conversation record is corrupt: %w", err)
		}
		return rec, nil
	}
	if len(v) < convFixed {
		return rec, errConvShort
	}
	rec.LastSeq = binary.BigEndian.Uint64(v[1:9])
	rec.Created, rec.Updated = convTime(v[9:21]), convTime(v[21:33])
	rec.Meta.WaitingForStaff = v[33]&convWaitingBit != 0
	rest := v[convFixed:]
	for _, s := range []*string{&rec.Channel, &rec.Meta.Language, &rec.Meta.Service, &rec.Meta.Department} {
		n, k := binary.Uvarint(rest)
		if k <= 0 || uint64(len(rest)-k) < n {
			return rec, errConvShort
		}
		*s = string(rest[k : k+int(n)])
		rest = rest[k+int(n):]
	}
	rec.Sealed = append([]byte(nil), rest...)
	return rec, nil
}

// bumpConv returns a copy of the stored record v with LastSeq raised by
// one, in the binary form, and the new LastSeq.
func bumpConv(v []byte) ([]byte, uint64, error) {
	if len(v) > 0 && v[0] == convBinary {
		if len(v) < convFixed {
			return nil, 0, errConvShort
		}
		nv := append([]byte(nil), v...)
		seq := binary.BigEndian.Uint64(nv[1:9]) + 1
		binary.BigEndian.PutUint64(nv[1:9], seq)
		return nv, seq, nil
	}
	rec, err := decodeConv(v)
	if err != nil {
		return nil, 0, err
	}
	rec.LastSeq++
	return encodeConv(&rec), rec.LastSeq, nil
}

// convInfo is the plaintext part of a record as store.ConversationInfo.
func convInfo(id string, rec convRecord) store.ConversationInfo {
	return store.ConversationInfo{ID: id, Channel: rec.Channel, Meta: rec.Meta, Created: rec.Created, Updated: rec.Updated}
}
