package route

import "amtsbote/dialog"

// The router's built-in knowledge of German and English: words that carry
// no topic, words too general to decide a topic alone, groups of words
// that mean the same, pieces German compounds are built from, and the
// vocabulary of the two intents that are no catalog service. Everything
// about the city's services comes from the catalog. All words are folded
// (see tokens): lower case, ä → ae, ö → oe, ü → ue, ß → ss.

// germanStop are German words that carry no topic; they count as German
// for the language guess.
const germanStop = `aber alle allem allen aller alles als also am an andere anderen anderer anderes auch auf aus bei beim bin bis
bist bitte bittesehr da dabei dafuer dann dar darf darum das dass davon dazu dein deine deinem deinen deiner
dem den denn der des dich die dies diese diesem diesen dieser dieses dir doch dort du durch ein eine einem
einen einer eines einfach einmal einige er es etwas euch euer fuer ganz gar gegen gehabt gerade gern gerne
geht gibt gib habe haben hab hat hatte hallo heute hier hin ich ihm ihn ihnen ihr ihre ihrem ihren ihrer im in
ins ist ja jetzt kann kannst koennen koennte koennten kein keine keinem keinen keiner leider mach mache machen
macht man mal mein meine meinem meinen meiner meines mich mir mit moechte moechten muss muessen musste nach
nicht nichts noch nun nur ob oder ohne schon sehr sein seine seinem seinen seiner selbst sich sie sind so soll
sollen sollte sonst ueber um und uns unser unsere unserem unseren unter viel vielen vom von vor waere war
warum was weil welche welchen welcher welches wenn wer werde werden wie wieso wieder will willst wir wird wo
woher wohin wollen wollte wuerde wuerden zu zum zur zwar guten tag morgen abend danke dank servus moin
tschuess ok okay bzw ab usw etc brauche brauchen braeuchte benoetige benoetigen brauch nen ne ner gehts
bekommen bekomme kriege kriegen tun erledigen hilfe helfen sagen weiss wissen bitten frage fragen gut genau
dringend eigentlich vielleicht bereits ueberhaupt irgendwie hallihallo neu neue neuen neuer neues lieber liebe
geehrte geehrter damen herren eure euren sowie wegen weg suche suchen sucht lange dauert dauern wurde wurden
worden zurueck`

// englishStop are English words that carry no topic; they count as
// English for the language guess.
const englishStop = `a about above after again all also am an and any anything are as at be because been before being both but by
can cannot could did do does doing done down during each few for from further get gets getting got had has
have having he her here hers him his how i if in into is it its just let lets like me more most my myself no
nor not now of off on once only or other our out over own please same she should so some something such than
thank thanks that the their them then there these they this those through to too under until up very want
wanted wants was we were what when where which while who whom why will with would you your yours hello hi hey
dear ok okay yes need needs needed don doesn didn isn aren wasn won couldn wouldn shouldn ve ll re help know
tell say ask asked new make made give good morning evening afternoon really still already hereby kindly sir
madam much many`

// genericWords are words too general to point to one service alone: they
// count, but only a little, so "Hund anmelden" is no business registration.
const genericWords = `antrag antraege beantragen beantrage beantragt melden meldung formular online stadt stadtverwaltung verwaltung
amt behoerde rathaus verlaengern verlaengerung bestellen kosten kostet gebuehr gebuehren unterlagen dokument
dokumente nachweis bescheinigung abgelaufen ablaufen laeuft gueltig ungueltig verloren beantragung apply
application applications register registration form city office authority renew renewal extend extension order
request cost costs fee fees document documents expired expire expires expiring lost valid kaufen buy`

// pairWords are the stop words that change what the words next to them
// mean ("kein Geld", "neue Adresse", "shut down"): in a keyword or title
// they pair with its other words.
const pairWords = `kein keine keinen keiner nicht nichts nie mehr neu neue neuen neuer neues
no not never more new up down out off away back hilfe help`

// particles are German separable verb particles: "Ich melde mein Gewerbe ab"
// is "abmelden".
const particles = `ab an auf aus ein um zu mit nach vor weg zurueck`

// synonymGroups are words that mean the same in the language of a city's
// services, one group a line; a catalog word lends its weight (a little
// less) to the others of its group.
const synonymGroups = `anwohner bewohner anlieger resident residents
firma gewerbe betrieb unternehmen geschaeft business company trade
selbststaendig selbstaendig selbststaendigkeit selbstaendigkeit freiberuflich freelancer selfemployed
eroeffnen eroeffnung gruenden gruendung existenzgruendung aufmachen
aufgeben aufgabe schliessen schliessung beenden aufhoeren stilllegen dichtmachen zumachen close closing shut
umzug umziehen umgezogen verlegen verlegt verlegung move moved moving relocate relocated
adresse anschrift address standort
aendern aenderung umschreiben wechseln wechsel change update
heirat heiraten geheiratet hochzeit ehe eheschliessung marriage married wedding
geburt geboren birth born
tod gestorben verstorben sterbefall death died deceased
urkunde certificate
schule school
mittagessen mittag essen mahlzeit verpflegung mensa lunch meal meals dinner food
kind kinder sohn tochter child children kid kids son daughter
grundstueck bauplatz baugrundstueck bauland plot
haus eigenheim einfamilienhaus house home
visum visa
auslaender foreigner foreigners
termin appointment vorsprache
buergerbuero buergeramt buergerservice
personalausweis perso
reisepass passport
auto fahrzeug pkw wagen car vehicle
parken parkplatz parking
wasser water`

// morphemes are pieces German compounds of the public administration are
// made of, besides the words of the catalog itself: "anwohnerparkausweis-
// verlaengerung" splits into "anwohner|park|ausweis|verlaengerung".
const morphemes = `anwohner bewohner anlieger park parken ausweis platz plakette zone strasse auto wagen fahrzeug
gewerbe betrieb firma anmeldung abmeldung ummeldung aenderung aufgabe schein klein neben haupt wasser zaehler stand
uhr strom gas ablesung meldung nummer geburt heirat ehe sterbe tod urkunde register standesamt kopie abschrift schule
schul essen mittag mensa verpflegung ganztag kind kinder bau grund stueck land gebiet neubau haus vergabe bewerbung
aufenthalt titel erlaubnis niederlassung visum arbeit karte termin vereinbarung buchung buerger buero amt person
personal reise pass verlaengerung antrag status bearbeitung mitarbeiter sach bearbeiter hilfe wohn geld lebens
unterhalt sozial leistung miete zuschuss existenz gruendung adresse sitz stelle staette woche monat jahr stadt
online formular gebuehr nachweis bescheinigung familie eltern`

// special is the built-in vocabulary of an intent that is not a service.
type special struct {
	id       string
	keywords [2][]string // German, English
	phrases  [2][]string // short phrases for bigrams, German, English
}

// specials returns the intents besides the catalog's services.
func specials() []special {
	return []special{{
		id: dialog.IntentStaff,
		keywords: [2][]string{
			{"mensch", "menschen", "mitarbeiter", "mitarbeiterin", "mitarbeitende", "sachbearbeiter", "sachbearbeiterin",
				"ansprechpartner", "ansprechpartnerin", "person", "jemand", "jemandem", "jemanden", "berater", "beraterin",
				"persoenlich", "echt", "echten", "echter", "bot", "roboter", "maschine"},
			{"human", "person", "someone", "somebody", "staff", "agent", "employee", "representative", "operator",
				"clerk", "real", "bot", "robot", "machine"},
		},
		phrases: [2][]string{
			{"mit menschen sprechen", "mit jemandem sprechen", "mit jemandem reden", "echte person", "mitarbeiter verbinden",
				"sachbearbeiter sprechen", "mensch sprechen", "person sprechen"},
			{"talk human", "speak human", "talk someone", "speak someone", "talk person", "speak person", "real person",
				"staff member", "connect staff", "talk agent", "speak agent"},
		},
	}, {
		id: dialog.IntentStatus,
		keywords: [2][]string{
			{"status", "stand", "bearbeitungsstand", "antragsstatus", "bearbeitet", "bearbeitung", "neuigkeiten",
				"warte", "warten", "wartet", "vorgang", "aktenzeichen", "referenznummer", "eingereicht", "weit", "erledigt",
				"sachstand", "antrag", "antrags", "gestellt", "genehmigt", "bewilligt", "entschieden"},
			{"status", "progress", "processed", "processing", "news", "pending", "waiting", "reference",
				"submitted", "case", "application", "approved", "decision", "decided"},
		},
		phrases: [2][]string{
			{"stand antrag", "status antrag", "antrag bearbeitet", "weit antrag", "warte antrag", "neuigkeiten antrag",
				"stand antrags"},
			{"application status", "status application", "application processed", "update application", "news application",
				"update case", "status case"},
		},
	}}
}
