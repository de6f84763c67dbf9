// harness.mjs: what every browser test script needs, written once; used
// here and by staff/e2e and app/server/e2e, which have no node_modules of
// their own (playwright-core resolves from this folder).
//
//   const t = await start('node x.mjs SERVER_URL SCREENSHOT_DIR');
//   t.args               the arguments; one missing: the usage, exit 2
//   t.browser            headless Chromium ($CHROMIUM or /usr/bin/chromium)
//   t.step               what the script does now: set it, messages name it
//   t.problems           what went wrong; any of them fails the script
//   t.check(ok, what)    unless ok: throws, the script stops
//   t.soft(ok, what)     unless ok: a problem, the script goes on
//   t.watch(page, who, ...ignore)  page errors, dialogs and console errors
//                        (but those matching an ignore) are problems
//   t.pageErrors(page, who)        page errors only
//   t.page(who, options, ...ignore)  a new context and page, watched
//   t.axe(page, name, options)     axe-core on page (axe.mjs)
//   t.shot(page, file, options)    a screenshot into SCREENSHOT_DIR
//   await t.run(body, passed)      runs body, closes the browser, then
//                        prints the problems and exits 1, or prints passed
//   openChat(page, url)  opens the web chat on url (on page as it is
//                        without url) and waits until it is connected
//   T                    how long to wait for anything, in ms
//   dropped              console errors of a dropped connection
//   still                t.shot's options for a still picture of the widget
import path from 'node:path';
import { chromium } from 'playwright-core';
import { axe, axeStyle } from './axe.mjs';

export const T = 15000;
export const dropped = /WebSocket|ERR_CONNECTION/;
export const still = { caret: 'initial', animations: 'disabled' };

export async function start(usage) {
  const names = usage.split(/\s+/).slice(2);
  const args = process.argv.slice(2);
  if (names.some((_, i) => !args[i])) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const problems = [];
  const shots = args[names.indexOf('SCREENSHOT_DIR')];
  // A page's problem reads "who what (step): message".
  const at = (who) => (who ? `${who} ` : '');
  const where = () => (t.step ? ` (${t.step})` : '');
  const t = {
    args, browser, problems, step: '',
    check(ok, what) {
      if (!ok) throw new Error(what);
    },
    soft(ok, what) {
      if (!ok) problems.push(t.step ? `${t.step}: ${what}` : what);
    },
    pageErrors(page, who = '') {
      page.on('pageerror', (e) => problems.push(`${at(who)}page error${where()}: ${e.message}`));
    },
    watch(page, who = '', ...ignore) {
      t.pageErrors(page, who);
      page.on('dialog', (d) => { problems.push(`${at(who)}dialog opened${where()}: ${d.message()}`); d.dismiss(); });
      page.on('console', (m) => {
        if (m.type() !== 'error' || axeStyle(page, m)) return;
        if (ignore.some((i) => (i instanceof RegExp ? i.test(m.text()) : i(m)))) return;
        problems.push(`${at(who)}console${where()}: ${m.text()} ${m.location().url}`);
      });
    },
    async page(who, options, ...ignore) {
      const page = await (await browser.newContext(options)).newPage();
      t.watch(page, who, ...ignore);
      return page;
    },
    axe: (page, name, options) => axe(page, name, problems, options),
    shot: (page, file, options = {}) => page.screenshot({ path: path.join(shots, file), ...options }),
    async run(body, passed) {
      try {
        await body();
      } catch (e) {
        problems.push(t.step ? `${t.step}: ${e.stack || e}` : e.stack || String(e));
      } finally {
        await browser.close();
      }
      if (problems.length) {
        console.error(problems.join('\n'));
        process.exit(1);
      }
      console.log(passed);
    },
  };
  return t;
}

export async function openChat(page, url) {
  if (url) await page.goto(url);
  await page.locator('.launcher').click();
  await page.locator('.head__status', { hasText: 'Verbunden' }).waitFor({ timeout: T });
}
