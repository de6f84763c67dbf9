package cases

import "testing"

func TestValidTransition(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		ok       bool
	}{
		{Submitted, InReview, true},
		{InReview, Approved, true},
		{InReview, Rejected, true},
		{InReview, NeedsInfo, true},
		{NeedsInfo, InReview, true},
		{NeedsInfo, Closed, true},
		{Approved, Closed, true},
		{Rejected, Closed, true},
		{Submitted, Approved, false},
		{Closed, InReview, false},
		{Approved, Rejected, false},
		{"bogus", Closed, false},
	} {
		if got := ValidTransition(tc.from, tc.to); got != tc.ok {
			t.Errorf("ValidTransition(%s, %s) = %v", tc.from, tc.to, got)
		}
	}
	for _, s := range Statuses() {
		if !Known(s) || StatusText(s, "de") == s || StatusText(s, "en") == "" {
			t.Errorf("status %s", s)
		}
	}
	if Known("bogus") || StatusText("bogus", "de") != "bogus" {
		t.Error("an unknown status is known")
	}
}

func TestBookingHolds(t *testing.T) {
	for s, want := range map[string]bool{BookingBooked: true, BookingMoved: true, BookingSeen: true,
		BookingNoShow: true, BookingCancelled: false, "": false} {
		if BookingHolds(s) != want {
			t.Errorf("BookingHolds(%q) = %v", s, !want)
		}
	}
}
