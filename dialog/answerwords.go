package dialog

// Commands of the knowledge base, picked as options.
const (
	cmdAnswer  = "answer"  // option "answer:<id>": show that answer
	cmdHelpful = "helpful" // option "helpful:yes:<id>" or "helpful:no:<id>": "Hat das geholfen?"
)

// Rating option arguments.
const (
	rateYes = "yes"
	rateNo  = "no"
)
