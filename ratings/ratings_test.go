package ratings_test

import (
	"context"
	"log/slog"
	"reflect"
	"sync"
	"testing"
	"time"

	"amtsbote/pgp"
	"amtsbote/ratings"
	"amtsbote/store/bolt"
)

func open(t *testing.T, dir string) *bolt.DB {
	t.Helper()
	quiet := slog.New(slog.DiscardHandler)
	p, err := pgp.LoadOrCreate(pgp.Options{Dir: dir, Passphrase: []byte("t"), Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(dir, p, bolt.Options{Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// TestCountsPerDepartmentAndService: ratings given at once are all counted,
// per department and service, and the counts outlive a restart.
func TestCountsPerDepartmentAndService(t *testing.T) {
	dir := t.TempDir()
	db := open(t, dir)
	c := ratings.New(db)
	at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	for i := range 30 {
		wg.Go(func() {
			score := ratings.Good
			if i%3 == 0 {
				score = ratings.Bad
			}
			if err := c.Add(context.Background(), "stadtwerke", "meter-reading", score, false, at); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	ctx := context.Background()
	for _, err := range []error{
		c.Add(ctx, "stadtwerke", "meter-reading", ratings.Bad, true, at.Add(time.Minute)),
		c.Add(ctx, "", "", ratings.Good, false, at),
		c.Add(ctx, "schulamt", "school-meals", ratings.Bad, false, at),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Add(ctx, "schulamt", "school-meals", "meh", false, at); err == nil {
		t.Error("a score that is neither good nor bad is counted")
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = open(t, dir)
	defer db.Close()
	got, err := ratings.New(db).Counts()
	if err != nil {
		t.Fatal(err)
	}
	want := []ratings.Count{
		{Good: 1, Last: at},
		{Department: "schulamt", Service: "school-meals", Bad: 1, Last: at},
		{Department: "stadtwerke", Service: "meter-reading", Good: 20, Bad: 10, Comments: 1, Last: at.Add(time.Minute)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("counts\n got %+v\nwant %+v", got, want)
	}
}
