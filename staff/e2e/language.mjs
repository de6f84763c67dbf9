// Browser test of languages in the staff console, run by TestBrowserLanguage
// (staff):
//   node language.mjs SERVER_URL SCREENSHOT_DIR PASSWORD
// Two citizens wait: one who picked Türkçe, one in German. Agent "anna"
// logs in with a browser set to English: the console speaks English (its
// texts come from the catalog, GET /staff/texts). The queue shows each
// citizen's language as a badge with its own name, marked up in that
// language; the conversation shows it too and offers the canned replies in
// the citizen's language first, then those for every language, then the
// others. Choosing German in the header switches the console and is kept
// over a reload. An API error (a transfer to an unknown department) shows
// in English, in Turkish and in German, as the console is switched, with
// the valid departments filled in. axe-core on queue and conversation.
// Any failure exits non-zero.
import { start, T } from '../../channels/web/e2e/harness.mjs';
import { signIn } from './lib.mjs';

const t = await start('node language.mjs SERVER_URL SCREENSHOT_DIR PASSWORD');
const [url, , password] = t.args;
const { axe, shot } = t;
const check = t.soft; // a failed check is a problem, the script goes on

// apiError transfers the open conversation to "nirgendwo" (an option
// added for the test, as the console offers only real departments) and
// checks the error the console shows: want, then the valid departments.
async function apiError(page, want, lang) {
  await page.evaluate(() => {
    const s = document.getElementById('transfer-dept');
    s.append(new Option('nirgendwo', 'nirgendwo'));
    s.value = 'nirgendwo';
    document.getElementById('act-transfer').click();
  });
  await page.waitForFunction((w) => document.getElementById('conv-error').textContent.startsWith(w), want, { timeout: T })
    .catch(() => {});
  const got = await page.locator('#conv-error').textContent();
  check(got.startsWith(want) && got.includes('stadtwerke'), `the error in ${lang}: ${got}`);
}

await t.run(async () => {
  const ctx = await t.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  const ag = await ctx.newPage();
  t.pageErrors(ag);
  await ag.goto(url + '/staff/');
  await ag.locator('#login-submit', { hasText: 'Sign in' }).waitFor({ timeout: T });
  check(await ag.evaluate(() => document.documentElement.lang) === 'en', 'the page is not marked English');
  check(await ag.title() === 'Amtsbote – staff console', `title ${await ag.title()}`);
  await signIn(ag, 'anna', password);
  await ag.locator('#queue-view h2', { hasText: 'Waiting conversations' }).waitFor({ timeout: T });
  await ag.locator('.queue-item').nth(1).waitFor({ timeout: T });

  const badges = await ag.locator('.queue-item .lang-badge').evaluateAll((bs) => bs.map((b) => b.textContent + '/' + b.lang));
  check(badges.includes('Türkçe/tr') && badges.includes('Deutsch/de'), `queue language badges: ${badges}`);
  const head = await ag.locator('#queue-table thead th').allTextContents();
  check(head.includes('Language') && head.includes('Channel'), `queue heads: ${head}`);
  await axe(ag, 'console queue en');

  // the other screens speak English too
  await ag.locator('#nav-cases').click();
  await ag.locator('#cases-view h2', { hasText: 'Cases' }).waitFor({ timeout: T });
  const states = await ag.locator('#cases-status option').allTextContents();
  check(await ag.locator('#cases-go').textContent() === 'Search' && states.includes('In review'), `cases screen: ${states}`);
  await ag.locator('#nav-queue').click();
  await ag.locator('.queue-item').nth(1).waitFor({ timeout: T });

  await ag.locator('.queue-item', { hasText: 'Türkçe' }).locator('button.open').click();
  await ag.locator('#conv-view').waitFor({ state: 'visible', timeout: T });
  const badge = ag.locator('#conv-lang .lang-badge');
  await badge.waitFor({ timeout: T });
  check(await badge.textContent() === 'Türkçe' && await badge.getAttribute('lang') === 'tr', `conversation badge ${await badge.textContent()}`);
  check((await ag.locator('#conv-lang').textContent()).startsWith("The citizen's language"), 'the badge has no label for screen readers');
  const groups = await ag.locator('#canned optgroup').evaluateAll((gs) => gs.map((g) => g.label + ': ' + [...g.children].map((o) => o.textContent).join(' | ')));
  check(groups.length === 3 && groups[0] === 'Türkçe: Sayaç numarası' && groups[1] === 'Every language: Opening hours'
    && groups[2] === 'Other languages: Meter number (English)', `canned replies offered: ${groups}`);
  await axe(ag, 'console conversation en');
  await shot(ag, 'console-language.png');

  // An API error (a transfer to a department that does not exist: 400
  // bad_department) in the console's language, the valid departments
  // filled in from the answer's args; in Turkish after a switch.
  await apiError(ag, 'There is no department “nirgendwo”. Valid are: ', 'English');
  await ag.locator('#console-lang').selectOption('tr');
  await ag.locator('#conv-back', { hasText: '← Bekleme listesi' }).waitFor({ timeout: T });
  await apiError(ag, '“nirgendwo” adlı bir birim yok. Geçerli olanlar: ', 'Turkish');
  await axe(ag, 'console conversation tr with an error');

  // German from the header: the console switches, and keeps it.
  await ag.locator('#console-lang').selectOption('de');
  await ag.locator('#conv-back', { hasText: '← Warteschlange' }).waitFor({ timeout: T });
  check(await ag.evaluate(() => document.documentElement.lang) === 'de', 'the page is not marked German after the switch');
  const de = await ag.locator('#canned optgroup').evaluateAll((gs) => gs.map((g) => g.label));
  check(de.join() === 'Türkçe,Alle Sprachen,Andere Sprachen', `canned groups in German: ${de}`);
  await apiError(ag, 'Die Abteilung „nirgendwo“ gibt es nicht. Gültig sind: ', 'German');
  await ag.reload();
  await ag.locator('#queue-view h2', { hasText: 'Wartende Gespräche' }).waitFor({ timeout: T });
  await ctx.close();
}, 'console language: ok');
