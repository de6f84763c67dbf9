// Browser test of the widget in Arabic, run by TestBrowserRTL (channels/web):
//   node rtl.mjs PAGE_URL SCREENSHOT_DIR
// The page embeds the widget with data-lang="ar". The widget must speak
// Arabic (its texts come from the server's text catalog), be laid out right
// to left (dir="rtl", launcher and panel on the left, the citizen's
// messages on the left), connect, pass axe-core, and is photographed at
// desktop and phone width. Any failure exits non-zero.
import { chromium } from 'playwright-core';
import path from 'node:path';
import { axe as axeCheck } from './axe.mjs';

const [url, shots] = process.argv.slice(2);
const T = 15000;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const problems = [];
function check(ok, what) { if (!ok) problems.push(what); }

try {
  for (const [width, height, shot] of [[1200, 800, 'web-chat-ar-desktop.png'], [390, 780, 'web-chat-ar-phone.png']]) {
    const page = await browser.newPage({ viewport: { width, height } });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(url);
    const launcher = page.locator('.launcher');
    await launcher.waitFor({ timeout: T });
    check((await launcher.textContent()).includes('اسألنا'), `launcher says ${await launcher.textContent()}`);
    const dir = await page.locator('.ab').evaluate((el) => [el.dir, getComputedStyle(el).direction, el.lang]);
    check(dir[0] === 'rtl' && dir[1] === 'rtl' && dir[2] === 'ar', `wrapper dir/direction/lang ${dir}`);
    const lb = await launcher.boundingBox();
    check(lb.x + lb.width / 2 < width / 2, `launcher at x=${lb.x}, not on the left`);
    await launcher.click();
    await page.locator('.head__status', { hasText: 'متصل' }).waitFor({ timeout: T });
    const panel = await page.locator('.panel').boundingBox();
    check(panel.x < 30, `panel at x=${panel.x}, not on the left`);
    const ph = await page.locator('#ab-input').getAttribute('placeholder');
    check(ph === 'رسالتك …', `placeholder ${ph}`);
    await page.locator('#ab-input').fill('مرحبا');
    await page.keyboard.press('Enter');
    const mine = page.locator('.msg--citizen .msg__bubble').last();
    await mine.waitFor({ timeout: T });
    const mb = await mine.boundingBox();
    check(mb.x - panel.x < panel.width / 2, `the citizen's message at x=${mb.x}: not on the left (mirrored)`);
    await page.locator('.msg--bot').last().waitFor({ timeout: T });
    await axeCheck(page, `widget ar ${width}`, problems);
    await page.screenshot({ path: path.join(shots, shot), caret: 'initial', animations: 'disabled' });
    await page.close();
  }
} catch (e) {
  problems.push(`error: ${e.message}`);
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('rtl: ok');
