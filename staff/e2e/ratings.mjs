// Browser test of the citizens' ratings in the staff console, run by
// TestBrowserRatings (staff):
//   node ratings.mjs SERVER_URL SCREENSHOT_DIR PASSWORD
// The Go test has two citizens submit a meter reading and rate the
// conversation: one 👎 with a comment (that carries an HTML payload, which
// must show as text), one 👍. Agent "anna" (Stadtwerke) logs in and sees
// the counts under the queue, opens the case and from it the conversation,
// and reads the rating with its comment; agent "bert" (Schulamt) sees no
// counts. axe in light and dark mode; any page error, dialog or CSP
// violation fails the test.
import { createRequire } from 'node:module';
import path from 'node:path';
import { axe as axeCheck } from '../../channels/web/e2e/axe.mjs';

const require = createRequire(new URL('../../channels/web/e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const axe = (page, name) => axeCheck(page, name, problems);

const [url, shots, password] = process.argv.slice(2);
if (!url || !shots || !password) {
  console.error('usage: node ratings.mjs SERVER_URL SCREENSHOT_DIR PASSWORD');
  process.exit(2);
}
const T = 15000;
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
async function login(user, scheme) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'de-DE', colorScheme: scheme });
  const page = await ctx.newPage();
  watch(page, user);
  await page.goto(url + '/staff/');
  await page.locator('#login-username').fill(user);
  await page.locator('#login-password').fill(password);
  await page.locator('#login-submit').click();
  await page.locator('#queue-view').waitFor({ state: 'visible', timeout: T });
  return page;
}
const cells = (loc) => loc.locator('td').allTextContents();

try {
  step = 'anna: the counts under the queue';
  const ag = await login('anna', 'light');
  const count = ag.locator('.rating-count');
  await count.first().waitFor({ timeout: T });
  check(await count.count() === 1, `want one row of counts, got ${await count.count()}`);
  const row = await cells(count.first());
  check(row[0] === 'Stadtwerke, Kundenservice' && row[1] === 'Zählerstand melden', `department and service: ${row}`);
  check(row[2] === '1' && row[3] === '1' && row[4] === '1' && row[5] !== '', `counts 👍 1, 👎 1, 1 comment: ${row}`);
  check(await ag.locator('#ratings-empty').isHidden(), '"no ratings yet" is shown beside the counts');
  await ag.locator('#ratings').screenshot({ path: path.join(shots, 'staff-ratings.png') });
  await axe(ag, 'ratings overview');

  step = 'anna: the rating on the conversation';
  await ag.locator('#nav-cases').click();
  await ag.locator('.case-item').first().waitFor({ timeout: T });
  const items = ag.locator('.case-item');
  let found = false;
  for (let i = 0; i < await items.count() && !found; i++) {
    await items.nth(i).locator('button.open').click();
    await ag.locator('#case-view').waitFor({ state: 'visible', timeout: T });
    await ag.locator('#case-conversation').click();
    await ag.locator('#conv-view').waitFor({ state: 'visible', timeout: T });
    await ag.locator('#conv-rating', { hasText: /hilfreich/i }).waitFor({ timeout: T });
    if ((await ag.locator('#conv-rating').textContent()).includes('Nicht hilfreich')) {
      found = true;
    } else {
      await ag.locator('#nav-cases').click();
      await ag.locator('.case-item').first().waitFor({ timeout: T });
    }
  }
  check(found, 'no conversation shows the 👎 rating');
  const comment = ag.locator('#conv-rating-comment');
  check(await comment.isVisible(), 'the comment is not shown');
  check((await comment.textContent()) === 'Die Zählernummer war schwer zu finden <img src=x onerror=alert(1)>',
    `comment: ${await comment.textContent()}`);
  check(await ag.locator('#conv-rating-comment img').count() === 0, 'the comment was inserted as HTML');
  await ag.screenshot({ path: path.join(shots, 'staff-conversation-rating.png') });
  await axe(ag, 'conversation with rating');

  step = 'bert: no counts of another department, dark mode';
  const other = await login('bert', 'dark');
  await other.locator('#ratings-empty').waitFor({ state: 'visible', timeout: T });
  check(await other.locator('.rating-count').count() === 0, 'bert sees the Stadtwerke\'s counts');
  await axe(other, 'ratings overview, empty, dark');
} catch (e) {
  problems.push(e.stack || String(e));
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('ratings browser test passed');
