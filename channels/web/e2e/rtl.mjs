// Browser test of the widget in Arabic, run by TestBrowserRTL (channels/web):
//   node rtl.mjs PAGE_URL SCREENSHOT_DIR
// The page embeds the widget with data-lang="ar". The widget must speak
// Arabic (its texts come from the server's text catalog), be laid out right
// to left (dir="rtl", launcher and panel on the left, the citizen's
// messages on the left), connect, pass axe-core, and is photographed at
// desktop and phone width. Any failure exits non-zero.
import { start, still, T } from './harness.mjs';

const t = await start('node rtl.mjs PAGE_URL SCREENSHOT_DIR');
const [url] = t.args;
const { axe, shot } = t;
const check = t.soft; // a failed check is a problem, the script goes on

await t.run(async () => {
  for (const [width, height, file] of [[1200, 800, 'web-chat-ar-desktop.png'], [390, 780, 'web-chat-ar-phone.png']]) {
    const page = await t.browser.newPage({ viewport: { width, height } });
    t.pageErrors(page);
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
    await axe(page, `widget ar ${width}`);
    await shot(page, file, still);
    await page.close();
  }
}, 'rtl: ok');
