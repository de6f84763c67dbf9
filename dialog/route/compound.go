package route

// Splitting German compounds into known pieces: "anwohnerparkausweis-
// verlaengerung" is "anwohner|park|ausweis|verlaengerung". The pieces are the
// words of the catalog, their stems without an ending ("parken" → "park"),
// and the built-in morphemes.

// minPiece is the length of the shortest piece ("bau", "amt", "ehe").
const minPiece = 3

// maxSplit is the longest word the splitter looks at.
const maxSplit = 64

// trie holds the pieces; each node has a child per letter a–z.
type trie struct {
	next  [][26]int32 // node → child node per letter, 0 for none
	value []int32     // node → piece index + 1, 0 when no piece ends here
	// joints may follow a piece inside a compound: linking elements
	// ("aufenthalt-s-erlaubnis") and endings ("verlaenger-ung").
	joints []string
}

func newTrie() trie {
	return trie{
		next:   make([][26]int32, 1),
		value:  make([]int32, 1),
		joints: []string{"", "s", "es", "n", "en", "e", "er", "ern", "ung", "ungs", "ungen"},
	}
}

// insert adds word as piece number v (v ≥ 0) unless it holds letters
// other than a–z or it is already there.
func (t *trie) insert(word string, v int32) {
	node := int32(0)
	for i := 0; i < len(word); i++ {
		c := word[i] - 'a'
		if c >= 26 {
			return
		}
		if t.next[node][c] == 0 {
			t.next = append(t.next, [26]int32{})
			t.value = append(t.value, 0)
			t.next[node][c] = int32(len(t.next) - 1)
		}
		node = t.next[node][c]
	}
	if t.value[node] == 0 {
		t.value[node] = v + 1
	}
}

// step is one cell of the splitting table: the best way to cover the word
// up to here.
type step struct {
	segs  int16 // pieces used, 0 = unreachable (except at the start)
	from  int16 // where the last piece started
	to    int16 // where the last piece ended (a joint may follow)
	score int32 // sum of squared piece lengths: longer pieces are better
	piece int32 // the last piece
}

// segment is one piece of a split word: word[from:to] is the piece.
type segment struct {
	piece    int32
	from, to int
}

// split covers all of word with as few pieces as possible (preferring
// long ones), each followed by an optional joint, and appends the pieces
// in order to buf; nil when word cannot be covered. With whole false the
// word itself is no piece, so a known word is split into its parts.
func (t *trie) split(word string, whole bool, buf []segment) []segment {
	n := len(word)
	if n < 2*minPiece || n > maxSplit {
		return nil
	}
	var cells [maxSplit + 1]step
	for j := 0; j < n; j++ {
		if j > 0 && cells[j].segs == 0 {
			continue
		}
		node := int32(0)
		for p := j; p < n; p++ {
			c := word[p] - 'a'
			if c >= 26 {
				break
			}
			node = t.next[node][c]
			if node == 0 {
				break
			}
			v := t.value[node]
			if v == 0 || p+1-j < minPiece {
				continue
			}
			for _, jt := range t.joints {
				e := p + 1 + len(jt)
				if e > n || word[p+1:e] != jt || (!whole && j == 0 && e == n) {
					continue
				}
				l := int32(p + 1 - j)
				cand := step{segs: cells[j].segs + 1, from: int16(j), to: int16(p + 1), score: cells[j].score + l*l, piece: v - 1}
				cur := &cells[e]
				if cur.segs == 0 || cand.segs < cur.segs || (cand.segs == cur.segs && cand.score > cur.score) {
					*cur = cand
				}
			}
		}
	}
	if cells[n].segs == 0 {
		return nil
	}
	k := int(cells[n].segs)
	out := append(buf[:0], make([]segment, k)...)
	for e := n; e > 0; e = int(cells[e].from) {
		k--
		out[k] = segment{piece: cells[e].piece, from: int(cells[e].from), to: int(cells[e].to)}
	}
	return out
}

// separableLook is how many words back a particle looks for its verb.
const separableLook = 6

// separable joins a separable verb particle at the end of a clause with
// the verb it belongs to ("Ich melde mein Gewerbe ab" → "abmelde") and,
// when the catalog knows the joined word, adds its score. It tries the
// words before the particle from the nearest.
func (r *Router) separable(particle string, seen []string, st stemmer, s scratch, strong []bool) {
	for j := len(seen) - 1; j >= max(0, len(seen)-separableLook); j-- {
		verb := particle + seen[j]
		ids, ok := r.v.wordsFor(st)[verb]
		if !ok {
			ids = r.v.lookup(st, verb, nil)
		}
		if len(ids) == 0 {
			continue
		}
		clear(s.c)
		if r.credit(ids, 1, umlautForm(verb), nil, s.c, strong) {
			for i, x := range s.c {
				s.score[i] += x
			}
			return
		}
	}
}

// joinParticles joins a German separable verb particle to the word right
// after it when the catalog knows the joined word, as Leichte Sprache
// and hasty writers part verbs ("weg machen", "ab melden"); toks is
// changed in place.
func (r *Router) joinParticles(toks []string) []string {
	out := toks[:0]
	for i := 0; i < len(toks); i++ {
		if r.particle[toks[i]] && i+1 < len(toks) {
			if w := toks[i] + toks[i+1]; len(r.v.words[w]) > 0 {
				out = append(out, w)
				i++
				continue
			}
		}
		out = append(out, toks[i])
	}
	return out
}
