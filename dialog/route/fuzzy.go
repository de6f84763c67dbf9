package route

import (
	"cmp"
	"slices"
)

// Typos: a word the vocabulary does not know is compared with the words it
// does know by Damerau-Levenshtein distance (optimal string alignment),
// found fast through an index of the words with letters deleted (SymSpell):
// two words within distance d share a variant with at most d letters
// deleted from each.

// minFuzzy is the shortest word compared for typos: shorter ones have too
// many neighbours ("pass" – "pasta").
const minFuzzy = 5

// maxDistance is the number of typos tolerated in a word of n letters.
func maxDistance(n int) int {
	switch {
	case n < minFuzzy:
		return 0
	case n < 8:
		return 1
	}
	return 2
}

// symspell finds the known words near a word. Variants are kept as
// 64-bit hashes in a sorted table: a collision only adds a candidate, which
// the distance check then drops.
type symspell struct {
	words   []string
	entries []variant // sorted by hash after build
}

// variant says that deleting letters from a known word gives a string with
// this hash.
type variant struct {
	hash uint64
	word int32
}

// add indexes a word; build must be called after the last one.
func (s *symspell) add(word string) {
	d := maxDistance(len(word))
	if d == 0 {
		return
	}
	id := int32(len(s.words))
	s.words = append(s.words, word)
	variants(word, d, func(h uint64) { s.entries = append(s.entries, variant{h, id}) })
}

// build sorts the table and drops repeated entries.
func (s *symspell) build() {
	slices.SortFunc(s.entries, func(a, b variant) int {
		if c := cmp.Compare(a.hash, b.hash); c != 0 {
			return c
		}
		return cmp.Compare(a.word, b.word)
	})
	s.entries = slices.Compact(s.entries)
}

// variants calls f with the hash of word and of every string made from it
// by deleting up to d (at most 2) letters.
func variants(word string, d int, f func(uint64)) {
	const none = -1
	f(hashWithout(word, none, none))
	if d == 0 {
		return
	}
	for i := range len(word) {
		f(hashWithout(word, i, none))
		if d < 2 {
			continue
		}
		for j := i + 1; j < len(word); j++ {
			f(hashWithout(word, i, j))
		}
	}
}

// hashWithout is the FNV-1a hash of word without the bytes at i and j.
func hashWithout(word string, i, j int) uint64 {
	h := uint64(14695981039346656037)
	for k := 0; k < len(word); k++ {
		if k != i && k != j {
			h ^= uint64(word[k])
			h *= 1099511628211
		}
	}
	return h
}

// near returns the indexes of the known words closest to word, and their
// distance; nil when none is within the distance the lengths of both allow.
func (s *symspell) near(word string) ([]int32, int) {
	d := maxDistance(len(word))
	if d == 0 || len(word) > maxSplit {
		return nil, 0
	}
	if len(word) == 7 {
		d = 2 // a known word of eight letters may be two typos away
	}
	var best, tried []int32
	bestD := d + 1
	variants(word, d, func(h uint64) {
		k, _ := slices.BinarySearchFunc(s.entries, h, func(e variant, h uint64) int { return cmp.Compare(e.hash, h) })
		for ; k < len(s.entries) && s.entries[k].hash == h; k++ {
			id := s.entries[k].word
			if containsID(tried, id) {
				continue
			}
			tried = append(tried, id)
			w := s.words[id]
			if w[0] != word[0] && (w[0] != word[1] || w[1] != word[0]) {
				continue // typos rarely hit the first letter: "Garten" is no "warten"
			}
			limit := min(maxDistance(len(w)), d)
			dist := osa(word, w, limit)
			switch {
			case dist > limit || dist > bestD:
			case dist < bestD:
				best, bestD = append(best[:0], id), dist
			default:
				best = append(best, id)
			}
		}
	})
	if best == nil {
		return nil, 0
	}
	return best, bestD
}

func containsID(ids []int32, id int32) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// osa is the optimal string alignment distance between a and b (edits:
// insert, delete, substitute, swap two neighbours), or limit+1 when it is
// more than limit.
func osa(a, b string, limit int) int {
	if abs(len(a)-len(b)) > limit {
		return limit + 1
	}
	var rows [3][maxSplit + 1]int
	if len(b) > maxSplit {
		return limit + 1
	}
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
