package route

// How the terms of a word and the pairs of words count for the intents.

// credit sets c[i] to at least f times the weight of each term for intent
// i, less where the word's umlaut form is not the catalog's and where only
// its stem is in the intent's texts while others have the word as it is
// (exact; nil when none has); it marks in strong (unless nil) the intents
// the terms are strong evidence for, and reports whether any weight was
// positive.
func (r *Router) credit(ids []int32, f float64, form uint8, exact bitset, c []float64, strong []bool) bool {
	hit := false
	for _, id := range ids {
		lo, hi := int(id)*r.v.n, int(id+1)*r.v.n
		flags := r.v.flags[lo:hi]
		for i, x := range r.v.weight[lo:hi] {
			if x <= 0 {
				continue
			}
			g := f
			mismatch := flags[i]&formMask != 0 && flags[i]&formMask != form
			if mismatch {
				g *= factorUmlaut
			}
			if !exact.has(i) {
				g *= factorStemOnly
			}
			c[i] = max(c[i], g*float64(x))
			if strong != nil && flags[i]&flagStrong != 0 && !mismatch {
				strong[i] = true
			}
			hit = true
		}
	}
	return hit
}

// pairs adds to score, for each intent, the bonuses of the bigrams made of
// a term of a and a term of b that are not in used yet, marks the intents
// for which such a bigram comes from a keyword or title strong, and returns
// used with the bigrams it counted.
func (r *Router) pairs(a, b []int32, used []int32, score []float64, strong []bool) []int32 {
	for _, x := range a {
		for _, y := range b {
			bid, ok := r.v.bigrams[pairKey(x, y)]
			if !ok || containsID(used, bid) {
				continue
			}
			used = append(used, bid)
			lo, hi := int(bid)*r.v.n, int(bid+1)*r.v.n
			for i, v := range r.v.bweight[lo:hi] {
				if v > 0 {
					score[i] += float64(v)
					strong[i] = strong[i] || r.v.bstrong[lo+i]
				}
			}
		}
	}
	return used
}
