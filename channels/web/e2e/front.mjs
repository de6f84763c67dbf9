// Browser test of the city's data on the front page and in the widget, run
// by TestBrowserCityData (channels/web):  node front.mjs SERVER_URL SCREENSHOT_DIR
// The page must show the departments file's Bürgerbüro (address, phone,
// opening hours) and the configured Impressum, Datenschutzerklärung,
// Erklärung zur Barrierefreiheit and its feedback address, never the old
// hard-coded sample; the widget links the legal pages as well. Page and
// open widget pass axe in the light and the dark scheme, desktop and phone.
import { start, openChat } from './harness.mjs';

const t = await start('node front.mjs SERVER_URL SCREENSHOT_DIR');
const [url] = t.args;
const { check, axe, shot } = t;
await t.run(async () => {
  for (const [scheme, width, height] of [['light', 1200, 900], ['dark', 1200, 900], ['dark', 390, 844]]) {
    const name = `${scheme} ${width}px`;
    t.step = name;
    const page = await t.page('', { viewport: { width, height }, locale: 'de-DE', colorScheme: scheme });
    await page.goto(url);
    const contact = await page.locator('.contact').textContent();
    for (const want of ['Bürgerbüro', 'Am Rathausplatz 1, 33098 Musterstadt', '01234 5678-100', 'Mo–Fr 8–13 Uhr, Do 14–18 Uhr']) {
      check(contact.includes(want), `the contact box lacks "${want}": ${contact}`);
    }
    const body = await page.locator('body').textContent();
    check(!body.includes('Marktplatz 1') && !body.includes('Mo–Fr 8–16'), 'the old hard-coded address is still there');
    const legal = {
      Impressum: 'https://www.paderborn.de/impressum', 'Datenschutzerklärung': url + '/datenschutz',
      'Erklärung zur Barrierefreiheit': 'https://www.paderborn.de/barrierefreiheit', 'Barriere melden': 'mailto:barrierefrei@paderborn.de',
    };
    for (const [text, href] of Object.entries(legal)) {
      const a = page.locator('.foot a', { hasText: text });
      check(await a.count() === 1, `no footer link "${text}"`);
      check(await a.evaluate((e) => e.href) === href, `footer link "${text}" goes to ${await a.evaluate((e) => e.href)}`);
    }
    await axe(page, `front page, ${name}`);
    await shot(page, `front-page-${scheme}-${width}.png`, { fullPage: width > 400 });

    t.step = `${name}: widget`;
    const host = page.locator('#amtsbote-chat');
    await openChat(page);
    for (const [cls, href] of [['privacy', url + '/datenschutz'], ['accessibility', 'https://www.paderborn.de/barrierefreiheit'],
      ['feedback', 'mailto:barrierefrei@paderborn.de']]) {
      const a = host.locator('.legal__' + cls);
      check(await a.count() === 1 && await a.evaluate((e) => e.href) === href, `the widget's ${cls} link`);
    }
    const bg = await host.locator('.panel').evaluate((e) => getComputedStyle(e).backgroundColor);
    check((scheme === 'dark') === (bg !== 'rgb(255, 255, 255)'), `the widget's background in the ${scheme} scheme is ${bg}`);
    await axe(page, `widget, ${name}`);
    await shot(page, `widget-${scheme}-${width}.png`);
    await page.context().close();
  }
}, 'front.mjs: all checks passed');
