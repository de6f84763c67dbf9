// Browser test of three services in Arabic, run by TestBrowserArabicServices
// (app/server):
//   node arabic.mjs SERVER_URL SCREENSHOT_DIR
// The front page of a real server embeds the widget in German. The citizen
// picks العربية in the widget's language menu (the widget turns right to
// left) and completes, typing and clicking: a meter reading (Arabic-Indic
// digits for the reading and today's date), a resident parking permit (a
// PDF through the widget's file input) and an appointment a week ahead.
// Each ends with the reference card (AB-YYYY-NNNNNN). Every message of the
// bot must be Arabic: written in Arabic script and without a German
// sentence (German function words outside brackets and quotes, where the
// German names of offices and documents stand). Optional questions (the
// email address for a confirmation, a phone number) are skipped with the
// offered option. axe-core finds no
// violation with a question of a form open and on each confirmation; no
// page error, console error or dialog. Any failure exits non-zero.
//
// playwright-core and axe-core come from the web chat's e2e set-up
// (channels/web/e2e, `npm ci` there), through its harness.mjs; this script
// has no node_modules of its own.
import { start, openChat, still, T } from '../../../channels/web/e2e/harness.mjs';

const t = await start('node arabic.mjs SERVER_URL SCREENSHOT_DIR');
const [url] = t.args;
const { check, shot, problems } = t;
// axe runs axe-core: any violation is a problem.
const axe = (page, name) => t.axe(page, name, { all: true });

// German function words: a bot message with one of them outside brackets
// and quotes has a German sentence in it.
const GERMAN = /(?<!\p{L})(Sie|Ihre|Ihr|Ihnen|bitte|und|nicht|für|oder|wir|Schritt|Antrag|Angaben|Absenden|Abbrechen)(?!\p{L})/iu;
const ARABIC = /\p{Script=Arabic}/u;
// unquoted is s without what stands in brackets or quotes.
function unquoted(s) {
  let prev;
  do {
    prev = s;
    s = s.replace(/\([^()]*\)|\[[^[\]]*\]|«[^«»]*»|„[^„“”]*[“”]|“[^“”]*”|"[^"]*"|‚[^‚‘’]*[‘’]|‹[^‹›]*›/g, ' ');
  } while (s !== prev);
  return s;
}

// Arabic-Indic digits for the ASCII ones of s.
const indic = (s) => String(s).replace(/[0-9]/g, (d) => '٠١٢٣٤٥٦٧٨٩'[d]);
// A date of the city (Europe/Berlin) days from today, as [y, m, d, weekday].
function cityDate(days) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date()).split('-').map(Number);
  const d = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2] + days));
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCDay()];
}
// onDay says whether a slot's label names day d of the month (ASCII or
// Arabic-Indic digits, not part of a longer number such as a time).
const onDay = (label, d) => new RegExp(`(^|[^0-9٠-٩:])(0?${d}|٠?${indic(d)})(?![0-9٠-٩:])`).test(label);
const dmy = ([y, m, d]) => indic(`${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`);

// The bot's messages: their text and the labels of their options.
async function botMessages(page) {
  return page.locator('.msg--bot').evaluateAll((lis) => lis.map((li) => {
    const t = li.querySelector('.msg__bubble');
    return [t ? t.innerText : '', ...[...li.querySelectorAll('.option')].map((b) => b.textContent)]
      .filter((s) => s.trim() !== '').join('\n');
  }));
}

// checked counts the bot messages of a page already checked for their language.
const checked = new WeakMap();
async function checkLanguage(page) {
  const msgs = await botMessages(page);
  for (let i = checked.get(page) || 0; i < msgs.length; i++) {
    const m = msgs[i];
    if (m.trim() === '') continue;
    const g = unquoted(m).match(GERMAN);
    if (g) problems.push(`${t.step}: German ("${g[0]}") in the bot's message: ${JSON.stringify(m)}`);
    if (!ARABIC.test(m)) problems.push(`${t.step}: the bot's message is not in Arabic: ${JSON.stringify(m)}`);
  }
  checked.set(page, msgs.length);
}

// reply runs act (the citizen writes or clicks) and waits until a new
// message of the bot contains expect and the bot has stopped writing; it
// returns the new messages.
async function reply(page, act, expect) {
  const before = (await botMessages(page)).length;
  await act();
  const end = Date.now() + T;
  let news = [];
  for (;;) {
    news = (await botMessages(page)).slice(before);
    if (news.some((m) => (typeof expect === 'string' ? m.includes(expect) : expect.test(m)))) break;
    if (Date.now() > end) {
      throw new Error(`${t.step}: no reply with ${expect}; the bot said: ${JSON.stringify(news)}`);
    }
    await page.waitForTimeout(100);
  }
  // Let the rest of the turn arrive.
  let n = news.length;
  for (let quiet = 0; quiet < 5; quiet++) {
    await page.waitForTimeout(100);
    const m = (await botMessages(page)).length - before;
    if (m !== n) { n = m; quiet = 0; }
  }
  check(await page.locator('.msg--citizen.is-failed').count() === 0, 'a message of the citizen failed');
  await checkLanguage(page);
  return (await botMessages(page)).slice(before);
}
async function say(page, text, expect) {
  return reply(page, async () => {
    await page.locator('#ab-input').fill(text);
    await page.locator('#ab-input').press('Enter');
  }, expect);
}
async function click(page, label, expect) {
  return reply(page, () => page.locator('.msg--bot .option', { hasText: label }).last().click(), expect);
}
async function clickFirst(page, expect) {
  const first = page.locator('.msg--bot .options').last().locator('.option').first();
  const label = await first.textContent();
  await reply(page, () => first.click(), expect);
  return label;
}
async function upload(page, name, data, expect) {
  return reply(page, async () => {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: T }),
      page.locator('.compose__attach').click()]);
    await chooser.setFiles({ name, mimeType: 'application/pdf', buffer: data });
  }, expect);
}

// open starts a conversation on the front page and picks العربية.
async function open() {
  const page = await t.page('', { viewport: { width: 1200, height: 860 }, locale: 'de-DE', reducedMotion: 'reduce' });
  await openChat(page, url);
  await page.getByRole('button', { name: 'Sprache: Deutsch' }).click();
  await reply(page, () => page.locator('#ab-langs').getByRole('button', { name: 'العربية' }).click(), /./);
  await page.getByRole('button', { name: 'اللغة: العربية' }).waitFor({ timeout: T });
  const dir = await page.locator('.ab').evaluate((el) => [el.dir, getComputedStyle(el).direction, el.lang].join());
  check(dir === 'rtl,rtl,ar', `widget dir/direction/lang after العربية: ${dir}`);
  // The page's German heading for the chat gives way to the widget's Arabic one.
  const title = await page.locator('.head__title').textContent();
  check(ARABIC.test(title) && !GERMAN.test(unquoted(title)) && !/Bürgerservice/.test(title), `the widget's heading in Arabic: "${title}"`);
  return page;
}

// confirmed waits for the reference card of a new case and returns its reference.
let lastRef = '';
async function confirmed(page, file) {
  const dd = page.locator('.refcard dd').first();
  await page.locator('.refcard').waitFor({ timeout: T });
  const end = Date.now() + T;
  let ref = '';
  while (Date.now() < end) {
    ref = (await dd.textContent()) || '';
    if (/^AB-\d{4}-\d{6}$/.test(ref) && ref !== lastRef) break;
    await page.waitForTimeout(100);
  }
  check(/^AB-\d{4}-\d{6}$/.test(ref) && ref !== lastRef, `the reference card shows "${ref}", not a new reference`);
  // Files the bot sent (the permit, the calendar entry) are labelled with
  // their kind and size: "(PDF, 4 KB)".
  for (const f of await page.locator('.msg--bot .msg__file a').evaluateAll((as) => as.map((a) => a.firstChild.textContent))) {
    check(/ \([A-Z0-9]{2,5}, [\d.]+ [KM]B\)$/.test(f), `a file of the bot is labelled "${f}"`);
  }
  lastRef = ref;
  const dir = await page.locator('.refcard').evaluate((el) => getComputedStyle(el).direction);
  check(dir === 'rtl', `the reference card is ${dir}`);
  await checkLanguage(page);
  await axe(page, `${t.step} confirmation`);
  await shot(page, file, still);
  console.log(`${t.step}: ${ref}`);
  return ref;
}

// service runs one service on page; after a failure the next one starts
// in a new conversation.
let page = null;
async function service(name, run) {
  t.step = name;
  try {
    if (!page) page = await open();
    await run(page);
  } catch (e) {
    problems.push(`${name}: ${e.message}`);
    await checkLanguage(page).catch(() => {});
    page = null;
  }
}

const NAME = 'ليلى حداد';
const MINIMAL_PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n'
  + 'trailer<</Root 1 0 R>>\n%%EOF\n');

await t.run(async () => {
  await service('meter reading', async (p) => {
    await say(p, 'أريد إرسال قراءة عداد المياه', 'Kundennummer');
    await axe(p, 'meter reading question');
    await shot(p, 'web-chat-ar-question.png', still);
    await say(p, '1234567', 'Zählernummer');
    await say(p, 'Z-4711', 'يُظهرها العداد');
    await say(p, '١٢٣٫٥', 'قرأتم العداد');
    await say(p, dmy(cityDate(0)), 'اسمكم الأول');
    await say(p, NAME, 'بريد إلكتروني'); // the server has an email channel
    const news = await click(p, 'تخطي', 'إرسال');
    const summary = news.join('\n');
    check(summary.includes('١٢٣٫٥'), `the summary does not show the reading as ١٢٣٫٥: ${JSON.stringify(news)}`);
    check(summary.includes(dmy(cityDate(0))), `the summary does not show today, ${dmy(cityDate(0))}: ${JSON.stringify(news)}`);
    await click(p, 'إرسال', /AB-\d{4}-\d{6}/);
    await confirmed(p, 'web-chat-ar-meter-reading.png');
  });

  await service('resident parking', async (p) => {
    await say(p, 'أريد تصريح وقوف السيارات للسكان', 'تصريح وقوف جديدًا');
    await click(p, 'تصريح جديد', 'اسمكم الأول');
    await say(p, NAME, 'في أي شارع');
    await say(p, 'Westernstraße', 'رقم المبنى');
    await say(p, '12a', 'سكن رئيسي');
    await click(p, 'نعم', 'رقم لوحة السيارة');
    await say(p, 'PB-AB 123', 'سُجِّلت السيارة');
    await click(p, 'باسمي', 'شهادة تسجيل المركبة');
    await upload(p, 'fahrzeugschein.pdf', MINIMAL_PDF, 'مدة');
    const news = await click(p, 'سنة واحدة', 'إرسال');
    for (const want of ['Westernstraße', '12a', 'PB-AB 123', 'fahrzeugschein.pdf']) {
      check(news.join('\n').includes(want), `the summary does not show ${want}: ${JSON.stringify(news)}`);
    }
    await click(p, 'إرسال', /AB-\d{4}-\d{6}/);
    await confirmed(p, 'web-chat-ar-resident-parking.png');
    // Every check passed: the permit comes at once, as a PDF.
    await p.locator('.msg--bot .msg__file a', { hasText: /\.pdf \(PDF, / }).last().waitFor({ timeout: T });
  });

  await service('appointment', async (p) => {
    await say(p, 'أريد حجز موعد', 'لأي غرض تحتاجون الموعد');
    await clickFirst(p, 'متى تريدون الحضور');
    // A weekday a week ahead; when the office is closed that day (a public
    // holiday: the first slot offered is on another day) the next weekday.
    let offset = 7, slot = '', day;
    for (let tries = 0; tries < 4; tries++, offset++) {
      while ([0, 6].includes(cityDate(offset)[3])) offset++;
      day = cityDate(offset);
      // The slots of the day, or (office closed) the question again.
      await say(p, dmy(day), /أي موعد يناسبكم|متى تريدون الحضور/);
      const first = p.locator('.msg--bot .options').last().locator('.option').first();
      await first.waitFor({ timeout: T });
      slot = await first.textContent();
      if (onDay(slot, day[2])) break;
      console.log(`appointment: ${day.slice(0, 3).join('-')} offers "${slot}" first; the next weekday`);
    }
    check(onDay(slot, day[2]), `the first slot "${slot}" is not on the day asked for (${day.slice(0, 3).join('-')})`);
    await clickFirst(p, 'باسم مَن');
    await say(p, NAME, 'رقم هاتف');
    await click(p, 'تخطي', 'إرسال');
    await click(p, 'إرسال', /AB-\d{4}-\d{6}/);
    await confirmed(p, 'web-chat-ar-appointment.png');
    await p.locator('.msg--bot .msg__file a', { hasText: /\.ics \(ICS, / }).last().waitFor({ timeout: T });
  });
}, 'arabic services: ok');
