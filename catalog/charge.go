package catalog

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Cents computes the fee in euro cents from the answers; ok is false when
// the answer it counts is missing or no whole number.
func (c *Charge) Cents(answers map[string]string) (cents int64, ok bool) {
	if c == nil {
		return 0, false
	}
	total := toCents(c.Base)
	if c.Field != "" {
		n, err := strconv.Atoi(answers[c.Field])
		if err != nil {
			return 0, false
		}
		total += toCents(c.Each) * int64(max(0, n-c.Free))
	}
	return total, true
}

func toCents(euros float64) int64 { return int64(math.Round(euros * 100)) }

// FormatCents writes an amount of cents as the canonical answer "42.00".
func FormatCents(cents int64) string { return fmt.Sprintf("%d.%02d", cents/100, cents%100) }

// DisplayEuros shows a canonical amount like "42.00" to a citizen:
// "42,00 €" in German, "€42.00" in English.
func DisplayEuros(amount, lang string) string {
	if lang == "en" {
		return "€" + amount
	}
	return strings.Replace(amount, ".", ",", 1) + " €"
}
