package route

import "strings"

// The router's built-in words of Ukrainian, Turkish, Arabic and Russian:
// words that carry no topic (they count for the language guess) and the
// names of the languages, by which a citizen asks for one. Folded as
// tokens are: lower case; Turkish without its letters (ş → s, ı → i,
// ö → o, ü → u as trFold); Russian е for ё; Arabic with one alef, ه for
// ة and ي for ى; Ukrainian without apostrophes.

// otherStops are, by language, the words that carry no topic.
var otherStops = []struct {
	bit   uint8
	words string
}{{langUk, `і й та в у на з із зі до від для про по що як де коли чи не ні так але а або я ти він вона ми ви вони
мене мені мій моя моє мої мого моєї моїй моєму моїм мою моїх свій своя своє свої свого своєї свою своїх наш наша
наше наші нам нас вам вас ваш ваша це цей ця ці цього цьому цієї той ті тут там є був була було були буде бути
можна треба потрібно хочу хотів хотіла хочемо будь ласка дякую привіт добрий доброго день вітаю вже ще теж також
тому бо якщо щоб лише тільки дуже маю має мати яка який які якій куди скільки зробити робити можу можете
підкажіть скажіть ось ну пане пані мн його її їх йому їй щось хтось чого чому зараз мабуть ок окей`},
	{langRu, `и в во на с со к ко по о об от до для из у за что как где когда ли не нет ни да но а или я ты он она мы
вы они меня мне мой моя мое мои моего моей моему моим мою моих свой своя свое свои своего своей свою своих наш наша
наше наши нам нас вам вас ваш ваша это этот эта эти этого этой тот та те тут там здесь есть был была было были будет
быть можно нужно надо хочу хотел хотела хотим пожалуйста спасибо привет здравствуйте добрый доброго день уже еще
тоже также потому если чтобы только очень какой какая какие каком куда сколько сделать делать могу можете
подскажите скажите вот ну его ее их ему ей что-то кто-то чего почему сейчас наверное ок окей`},
	{langTr, `ve veya ile bir bu o ben sen biz siz onlar beni bana benim bizim bize sizin size onun icin gibi kadar
daha cok az ne nasil nerede nereye nereden neden niye hangi kac mi mu misiniz musunuz miyim miyiz var yok de da ki
ama fakat lazim gerek gerekiyor istiyorum istiyoruz isterim lutfen merhaba selam tesekkurler tesekkur ederim sagol
sagolun tamam abi abla hocam acaba simdi artik hemen olarak olan oldu olur olabilir yapmak yapmam yapabilir
yapabilirim almak almam alabilir alabilirim etmek etmem ediyorum nasil iyi gunler kolay gelsin evet hayir yani
bi bisey birsey dan den tan ten ye ya nin nun in un yi yu`},
	{langAr, `في من الي علي عن مع ان انا انت انتي هو هي نحن هذا هذه ذلك تلك التي الذي ما ماذا كيف اين وين فين متي
هل لا نعم او و ثم لو سمحت ممكن بدي اريد شو هلق هلا عندي لي لك كان يكون بس كمان ايضا شكرا مرحبا السلام عليكم
مساء صباح الخير يا اخي اختي لازم يجب كتير كثير بدنا نريد عم رح حتى اذا ليش لماذا انو انه شي شيء كل منشان مشان
فيني فيه تبعي تبعنا يعطيك العافيه اي ايش ال بال لل`},
}

// langNames are the names of the languages in the router's languages,
// folded (Turkish with trFold, Arabic with its article but without the
// preposition ب); Leichte Sprache is a phrase (see easy).
var langNames = words(map[string]string{
	"de": `deutsch deutsche german almanca німецькою німецьку німецька німецькій немецком немецки немецкий
	الماني الالماني المانيه الالمانيه`,
	"en": `english englisch englische ingilizce англійською англійську англійська английском английски
	английский انجليزي الانجليزي انجليزيه الانجليزيه انكليزي الانكليزي`,
	"uk": `ukrainisch ukrainian ukraynaca ukraince українською українську українська украинском украински
	украинский ukrainskoiu ukrainskoju ukrainskoyu ukrainsku اوكراني الاوكراني الاوكرانيه`,
	"tr": `turkisch turkish turkce турецькою турецьку турецкий турецком турецки تركي التركي التركيه`,
	"ar": `arabisch arabic arapca арабською арабську арабском арабски арабский عربي العربي العربيه 3arabi arabi`,
	"ru": `russisch russian rusca porusski російською російську російськи русском русски русский russki
	روسي الروسي الروسيه`,
})

// words turns lists of words by language into a map word → language.
func words(lists map[string]string) map[string]string {
	m := map[string]string{}
	for l, list := range lists {
		for _, w := range strings.Fields(list) {
			m[w] = l
		}
	}
	return m
}

// langCues are words of asking, in any of the languages, that make a
// language's name a request anywhere in the message (trFold-ed).
var langCues = wordSet(`bitte please pls plz lutfen ласка пожалуйста سمحت ممكن sama7t koennen koennten kannst can
could speak sprechen write schreiben schreib continue weitermachen switch wechseln antworten answer reply
пишіть напишіть пишите напишите можна можно говорите розмовляєте konusabilir konusalim konusur konusun yazar
yazin yazabilir اكتب اكتبلي نحكي احكي تحكي بتحكي`)

// langPreps are prepositions that make the name right after them a
// request: "auf Russisch", "in English", "на русском", "по-русски".
var langPreps = wordSet(`auf in на по po باللغه`)

// langNegations negate a language's name up to three words after them.
var langNegations = wordSet(`nicht kein keine keinen keiner not don dont no never не ні нет ما مش مو لا`)

// langDescribers make a name say what someone speaks or how well.
var langDescribers = wordSet(`nur only spricht speaks my mein meine mein unser our sein seine ihr ihre his her`)

// easyWords and easyNouns make the phrases asking for Leichte Sprache.
var easyWords = wordSet(`leichte leichter leichten einfache einfacher einfachen`)
var easyNouns = wordSet(`woerter woertern worte saetze saetzen sprache`)

// nationalities begin the words for the citizens' other nationalities, in
// the new languages (folded, Turkish with trFold, Arabic without ال).
var nationalities = strings.Fields(`українськ украинск російськ российск русск сирійськ сирийск турецьк турецк
turk suriye irak rus ukrayna سوري عراقي تركي روسي اوكراني`)
