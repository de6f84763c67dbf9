// Browser test of the widget's language menu, run by TestBrowserLanguage
// (channels/web):
//   node language.mjs PAGE_URL SCREENSHOT_DIR
// The page embeds the widget in German. The menu in the widget's head lists
// the seven languages by their own names; picking one writes the widget in
// it (right to left for Arabic), tells the server with the choice
// "lang:<tag>" (the bot answers) and is kept over a reload. Escape closes
// the list, not the chat; axe-core is clean with the list open, in German
// and in Arabic. Prints "token=<resume token>" for the Go test, which checks
// the conversation's language in the store. Any failure exits non-zero.
import { start, openChat, still, T } from './harness.mjs';

const t = await start('node language.mjs PAGE_URL SCREENSHOT_DIR');
const [url] = t.args;
const { axe, shot } = t;
const check = t.soft; // a failed check is a problem, the script goes on
const NAMES = ['Deutsch', 'English', 'Українська', 'Türkçe', 'العربية', 'Русский', 'Leichte Sprache'];

await t.run(async () => {
  const page = await t.browser.newPage({ viewport: { width: 1200, height: 800 } });
  t.pageErrors(page);
  await openChat(page, url);

  const button = page.getByRole('button', { name: 'Sprache: Deutsch' });
  await button.waitFor({ timeout: T });
  check(await button.getAttribute('aria-expanded') === 'false', 'the menu button is expanded before a click');
  await button.click();
  const list = page.locator('#ab-langs');
  await list.waitFor({ state: 'visible', timeout: T });
  check(await button.getAttribute('aria-expanded') === 'true', 'aria-expanded not true with the list open');
  const options = list.locator('button');
  const names = await options.allTextContents();
  check(JSON.stringify(names) === JSON.stringify(NAMES), `languages listed: ${names}`);
  const langs = await options.evaluateAll((bs) => bs.map((b) => b.lang + '/' + b.dir));
  check(langs.join() === 'de/ltr,en/ltr,uk/ltr,tr/ltr,ar/rtl,ru/ltr,de-x-ls/ltr', `lang/dir of the options: ${langs}`);
  const current = await list.locator('[aria-current="true"]').allTextContents();
  check(current.join() === 'Deutsch', `current language marked: ${current}`);
  const focused = await page.evaluate(() => document.querySelector('#amtsbote-chat').shadowRoot.activeElement?.textContent);
  check(focused === 'Deutsch', `focus in the open list on ${focused}, want the current language`);
  await axe(page, 'language menu de');
  await shot(page, 'widget-language-menu.png', still);

  // Escape closes the list and gives the focus back; the chat stays open.
  await page.keyboard.press('Escape');
  await list.waitFor({ state: 'hidden', timeout: T });
  check(await page.locator('.panel').isVisible(), 'Escape in the list closed the chat');
  const back = await page.evaluate(() => document.querySelector('#amtsbote-chat').shadowRoot.activeElement?.className);
  check(back === 'lang__button', `focus after Escape on ${back}`);

  // Türkçe: the widget speaks Turkish, the server is told, the bot answers in Turkish.
  await button.click();
  await list.getByRole('button', { name: 'Türkçe' }).click();
  await page.getByRole('button', { name: 'Dil: Türkçe' }).waitFor({ timeout: T });
  check(await page.locator('.compose__send').textContent() === 'Gönder', 'send button not in Turkish');
  check(await page.locator('.head__status').textContent() === 'Bağlandı', 'status not in Turkish');
  await page.locator('.msg--citizen', { hasText: 'Türkçe' }).waitFor({ timeout: T });
  await page.locator('.msg--bot .msg__text', { hasText: /Türkçe yazıyorum|Merhaba/ }).first().waitFor({ timeout: T }); // the engine speaks Turkish

  // العربية: right to left.
  await page.getByRole('button', { name: 'Dil: Türkçe' }).click();
  await list.getByRole('button', { name: 'العربية' }).click();
  await page.getByRole('button', { name: 'اللغة: العربية' }).waitFor({ timeout: T });
  const dir = await page.locator('.ab').evaluate((el) => [el.dir, getComputedStyle(el).direction, el.lang].join());
  check(dir === 'rtl,rtl,ar', `wrapper dir/direction/lang after العربية: ${dir}`);
  await page.locator('.msg--citizen', { hasText: 'العربية' }).waitFor({ timeout: T });
  await page.locator('.msg--citizen.is-pending').waitFor({ state: 'detached', timeout: T });
  await page.getByRole('button', { name: 'اللغة: العربية' }).click();
  await axe(page, 'language menu ar');
  await shot(page, 'widget-language-menu-ar.png', still);
  await page.keyboard.press('Escape');

  // A reload keeps the language; the hello names it.
  const hellos = [];
  page.on('websocket', (ws) => ws.on('framesent', (f) => { if (String(f.payload).includes('"hello"')) hellos.push(JSON.parse(f.payload).lang); }));
  await page.reload();
  await page.locator('.head__status', { hasText: 'متصل' }).waitFor({ timeout: T });
  check((await page.locator('.ab').getAttribute('dir')) === 'rtl', 'not right to left after a reload');
  check(hellos.join() === 'ar', `hello after the reload named ${hellos}`);
  const token = await page.evaluate(() => Object.entries(localStorage).map(([, v]) => JSON.parse(v).token).find(Boolean));
  console.log('token=' + token);
  await page.close();
}, 'language: ok');
