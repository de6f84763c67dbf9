package dialog

// Commands of the knowledge base, picked as options.
const (
	cmdAnswer = "answer" // option "answer:<id>": show that answer
	cmdRate   = "rate"   // option "rate:yes:<id>" or "rate:no:<id>": "Hat das geholfen?"
)

// Rating option arguments.
const (
	rateYes = "yes"
	rateNo  = "no"
)
