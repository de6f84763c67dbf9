package staff_test

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"amtsbote/catalog"
	"amtsbote/channels/web"
	"amtsbote/dialog"
	"amtsbote/dialog/route"
	"amtsbote/gateway"
	"amtsbote/pgp"
	"amtsbote/staff"
	"amtsbote/store/bolt"
)

// Example_wiring shows how the composition root wires the console: its
// Feed is a gateway observer and the web chat's typing callback, its
// handler serves /staff, and Run runs with the server. (Compiled, not run.)
func Example_wiring() {
	ctx := context.Background()
	log := slog.Default()
	portal, _ := pgp.LoadOrCreate(pgp.Options{Dir: "data"})
	db, _ := bolt.Open("data", portal, bolt.Options{Log: log})
	cat, _ := catalog.Builtin()
	engine := dialog.New(cat, route.New(cat), gateway.NewCaseRefs("AB", db, time.UTC, log), nil, dialog.Options{})

	feed := staff.NewFeed()
	gw := gateway.New(gateway.Config{Log: log, Observers: []gateway.Observer{feed}}, db, db, engine)
	history := gateway.NewHistory(db)
	chat := web.New(web.Options{OnTyping: feed.CitizenTyping}, history, log)
	gw.AddSender(chat)

	console := staff.New(staff.Options{Location: time.UTC, Log: log}, staff.Deps{
		Store: db, Forms: dialogForms{}, Deliverer: gw, History: history, Catalog: cat, Feed: feed,
		Typers: map[string]staff.Typer{web.Name: chat},
	})
	mux := http.NewServeMux()
	mux.Handle("/staff", console.Handler())
	mux.Handle("/staff/", console.Handler())
	for _, p := range web.Paths() {
		mux.Handle(p, chat.Handler())
	}
	go func() { _ = console.Run(ctx) }() // stops with ctx
	go func() { _ = chat.Run(ctx, gw) }()
	go func() { _ = gw.Run(ctx) }()

	// Accounts are added with `amtsbote staff add NAME --department D` (cmd/amtsbote).
}

// dialogForms is the composition root's FormReader: the engine's view of a
// conversation's state.
type dialogForms struct{}

func (dialogForms) FormView(state []byte) (staff.FormView, error) {
	v, err := dialog.ReadView(state)
	if err != nil {
		return staff.FormView{}, err
	}
	f := staff.FormView{Form: v.Form, Field: v.Field, Paused: v.Paused, Answers: v.Answers}
	for _, c := range v.Cases {
		f.Cases = append(f.Cases, staff.SubmittedCase{Ref: c.Ref, Service: c.Service})
	}
	return f, nil
}
