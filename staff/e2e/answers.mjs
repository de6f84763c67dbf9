// Browser test of the knowledge base, run by TestBrowserAnswers (staff):
//   node answers.mjs SERVER_URL SCREENSHOT_DIR PASSWORD
// A citizen asks the web chat widget about a lost ID card and gets the
// answer with its link (https, its host shown) and "Hat das geholfen?";
// editor "erika" of the citizens' office logs in to the console, finds the
// answer, changes its text, previews, saves the draft and publishes it;
// the next citizen gets the new text. axe checks widget and console; any
// page error, dialog or CSP violation fails the test.
import { createRequire } from 'node:module';
import path from 'node:path';
import { axe as axeCheck } from '../../channels/web/e2e/axe.mjs';

const require = createRequire(new URL('../../channels/web/e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const axe = (page, name) => axeCheck(page, name, problems);

const [url, shots, password] = process.argv.slice(2);
if (!url || !shots || !password) {
  console.error('usage: node answers.mjs SERVER_URL SCREENSHOT_DIR PASSWORD');
  process.exit(2);
}
const T = 15000;
const NEW = 'Melden Sie den Verlust bitte sofort im Bürgerbüro – neu geprüfter Text.';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const problems = [];
let step = 'start';
function check(ok, what) {
  if (!ok) throw new Error(`${step}: ${what}`);
}
function watch(page, who) {
  page.on('pageerror', (e) => problems.push(`${who} page error: ${e.message}`));
  page.on('dialog', (d) => { problems.push(`${who} dialog opened: ${d.message()}`); d.dismiss(); });
  page.on('console', (m) => {
    if (m.type() !== 'error' || /WebSocket|ERR_CONNECTION/.test(m.text())) return;
    if (/status of 401/.test(m.text()) && m.location().url.endsWith('/staff/api/me')) return;
    if (m.location().url === '' && m.text().startsWith('Applying inline style')) return;
    problems.push(`${who} console (${step}): ${m.text()} ${m.location().url}`);
  });
}
async function citizen(name) {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'de-DE' });
  const page = await ctx.newPage();
  watch(page, name);
  await page.goto(url);
  await page.locator('.launcher').click();
  await page.locator('.head__status', { hasText: 'Verbunden' }).waitFor({ timeout: T });
  await page.locator('#ab-input').fill('Ich habe meinen Personalausweis verloren');
  await page.locator('#ab-input').press('Enter');
  await page.locator('.msg--bot .msg__text', { hasText: 'Hat das geholfen?' }).last().waitFor({ timeout: T });
  return page;
}

try {
  step = 'citizen: asks and gets the answer with its link';
  const cit = await citizen('citizen 1');
  const answer = cit.locator('.msg--bot', { hasText: 'verloren' }).last();
  const link = answer.locator('.msg__link a').first();
  const href = await link.getAttribute('href');
  check(/^https:\/\/www\.musterstadt\.example\//.test(href || ''), `link ${href}`);
  check((await answer.locator('.msg__host').first().textContent()).includes('www.musterstadt.example'), 'the host is not shown');
  check((await link.getAttribute('rel') || '').includes('noopener'), 'the link lacks rel=noopener');
  const before = await answer.textContent();
  check(!before.includes(NEW), 'the new text is there before it was written');
  await cit.locator('.option', { hasText: 'Ja' }).last().click();
  await cit.locator('.msg--bot .msg__text', { hasText: 'Danke für Ihre Rückmeldung' }).waitFor({ timeout: T });
  await cit.screenshot({ path: path.join(shots, 'answers-citizen.png') });
  await axe(cit, 'widget answer');

  step = 'editor: login';
  const ectx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'de-DE' });
  const ed = await ectx.newPage();
  watch(ed, 'editor');
  await ed.goto(url + '/staff/');
  await ed.locator('#login-username').waitFor({ timeout: T });
  await ed.locator('#login-username').fill('erika');
  await ed.locator('#login-password').fill(password);
  await ed.locator('#login-submit').click();
  await ed.locator('#nav-answers').waitFor({ state: 'visible', timeout: T });

  step = 'editor: finds and edits the answer';
  await ed.locator('#nav-answers').click();
  await ed.locator('#ans-list tr').first().waitFor({ timeout: T });
  await ed.locator('#ans-q').fill('Personalausweis verloren');
  await ed.locator('#ans-search button[type="submit"]').click();
  await ed.locator('#ans-list tr[data-id="lost-id"] button').click();
  await ed.locator('#ans-edit-title', { hasText: 'verloren' }).waitFor({ timeout: T });
  await axe(ed, 'console answers');
  await ed.locator('#ans-text').fill(NEW);
  await ed.locator('#ans-preview').click();
  await ed.locator('#ans-preview-box', { hasText: NEW }).waitFor({ timeout: T });
  await ed.locator('#ans-save').click();
  await ed.locator('#ans-error-ok', { hasText: 'Entwurf gespeichert' }).waitFor({ timeout: T });

  step = 'a draft is not what citizens get';
  const cit2 = await citizen('citizen 2');
  check(!(await cit2.locator('.msg--bot', { hasText: 'verloren' }).last().textContent()).includes(NEW), 'a draft reached a citizen');

  step = 'editor: publishes';
  await ed.locator('#ans-publish').click();
  await ed.locator('#ans-error-ok', { hasText: 'Veröffentlicht' }).waitFor({ timeout: T });
  await ed.locator('#ans-versions li', { hasText: 'erika' }).waitFor({ timeout: T });
  await ed.screenshot({ path: path.join(shots, 'answers-console.png') });
  await axe(ed, 'console answer published');

  step = 'the next citizen gets the new text';
  const cit3 = await citizen('citizen 3');
  await cit3.locator('.msg--bot .msg__text', { hasText: NEW }).waitFor({ timeout: T });
  await cit3.screenshot({ path: path.join(shots, 'answers-citizen-new.png') });
} catch (e) {
  problems.push(e.stack || String(e));
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('knowledge base browser test passed');
