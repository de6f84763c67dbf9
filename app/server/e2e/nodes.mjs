// Browser test of two nodes on one PostgreSQL, run by TestBrowserTwoNodes
// (app/server):
//   node nodes.mjs URL_A URL_B SCREENSHOT_DIR PASSWORD
// A citizen in the widget on node A asks for a person. Ben has the console
// of node B open on the conversation; Anna, on node A's console, claims it,
// writes a note and a message, and hands it back. Ben's page shows each at
// once, without a reload: "bei anna", the note, the message, "beim Bot".
// Any page error, dialog or CSP violation fails the test.
//
// playwright-core comes from the web chat's e2e set-up (channels/web/e2e,
// `npm ci` there); this script has no node_modules of its own.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(new URL('../../../channels/web/e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [urlA, urlB, shots, password] = process.argv.slice(2);
if (!urlA || !urlB || !shots || !password) {
  console.error('usage: node nodes.mjs URL_A URL_B SCREENSHOT_DIR PASSWORD');
  process.exit(2);
}
const T = 15000;
const SEEN = 3000; // what Anna does shows on Ben's page within this
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const problems = [];
let step = 'start';
function watch(page, who) {
  page.on('pageerror', (e) => problems.push(`${who} page error: ${e.message}`));
  page.on('dialog', (d) => { problems.push(`${who} dialog opened: ${d.message()}`); d.dismiss(); });
  page.on('console', (m) => {
    if (m.type() !== 'error' || /WebSocket|ERR_CONNECTION/.test(m.text())) return;
    if (/status of 401/.test(m.text()) && m.location().url.endsWith('/staff/api/me')) return;
    problems.push(`${who} console (${step}): ${m.text()} ${m.location().url}`);
  });
}
async function login(url, user) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'de-DE' });
  const page = await ctx.newPage();
  watch(page, user);
  await page.goto(url + '/staff/');
  await page.locator('#login-username').fill(user);
  await page.locator('#login-password').fill(password);
  await page.locator('#login-submit').click();
  await page.locator('#queue-view').waitFor({ state: 'visible', timeout: T });
  await page.locator('#live-state.on').waitFor({ timeout: T });
  return page;
}
// seen waits until locator shows on Ben's page and logs how long after t.
async function seen(what, locator, t) {
  await locator.waitFor({ timeout: SEEN });
  console.log(`${what}: on node B's page ${Date.now() - t} ms after the click on node A`);
}

try {
  step = 'ben logs in on node B';
  const ben = await login(urlB, 'ben'); // someone is there: the bot offers a person

  step = 'citizen on node A asks for a person';
  const cctx = await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'de-DE' });
  const cit = await cctx.newPage();
  watch(cit, 'citizen');
  await cit.goto(urlA);
  await cit.locator('.launcher').click();
  await cit.locator('.head__status', { hasText: 'Verbunden' }).waitFor({ timeout: T });
  const before = await cit.locator('.msg--bot').count();
  await cit.locator('#ab-input').fill('Ich möchte mit einem Menschen sprechen');
  await cit.locator('#ab-input').press('Enter');
  // What the bot says depends on the office hours at the time the test
  // runs; the conversation waits for staff either way.
  await cit.locator('.msg--bot').nth(before).waitFor({ timeout: T });

  step = 'ben opens the conversation on node B';
  await ben.locator('.queue-item').first().waitFor({ timeout: T });
  await ben.locator('.queue-item button.open').first().click();
  await ben.locator('#conv-view').waitFor({ state: 'visible', timeout: T });
  await ben.locator('#conv-status', { hasText: 'wartet' }).waitFor({ timeout: T });

  step = 'anna claims on node A';
  const anna = await login(urlA, 'anna');
  await anna.locator('.queue-item').first().waitFor({ timeout: T });
  await anna.locator('.queue-item button.open').first().click();
  await anna.locator('#conv-view').waitFor({ state: 'visible', timeout: T });
  let t = Date.now();
  await anna.locator('#act-claim').click();
  await seen('the claim', ben.locator('#conv-status', { hasText: 'bei anna' }), t);

  step = 'anna writes a note on node A';
  await anna.locator('#note-text').fill('Rückruf am Nachmittag vereinbart');
  t = Date.now();
  await anna.locator('#note-add').click();
  await seen('the note', ben.locator('#notes .note-text', { hasText: 'Rückruf am Nachmittag' }), t);

  step = 'anna writes to the citizen on node A';
  await anna.locator('#reply-text:enabled').waitFor({ timeout: T });
  await anna.locator('#reply-text').fill('Guten Tag, hier ist Anna von den Stadtwerken.');
  t = Date.now();
  await anna.locator('#reply-send').click();
  await seen('the message', ben.locator('#transcript .from-staff .text', { hasText: 'hier ist Anna' }), t);
  await ben.screenshot({ path: path.join(shots, 'staff-two-nodes.png') });

  step = 'anna hands the conversation back on node A';
  t = Date.now();
  await anna.locator('#act-release').click();
  await seen('the release', ben.locator('#conv-status', { hasText: 'beim Bot' }), t);

  if (problems.length) throw new Error(problems.join('\n'));
  console.log('ok');
} catch (e) {
  console.error(`FAIL at ${step}: ${e.message}`);
  if (problems.length) console.error(problems.join('\n'));
  process.exitCode = 1;
} finally {
  await browser.close();
}
