// Browser test of the console's admin screens, case search, notifications,
// the city's time zone and the phone layout, run by TestBrowserAdminAndPhone:
//   node admin.mjs SERVER_URL SCREENSHOT_DIR PASSWORD
// The browser runs in UTC; the city is in Europe/Berlin, where a visit is
// booked at 08:00 today. Admin "root" (desktop, light) adds, disables,
// re-passwords and moves an account, adds a canned reply for one department
// and language, records office hours, and searches cases. Agent "anna"
// (390 px, dark scheme) opts in to notifications, prints ESCALATE (the Go
// test then puts a new conversation in the queue), and must get a sound
// and a desktop notification; her day plan shows 08:00, not 07:00; no page
// is wider than the phone. axe checks every screen.
import { start, dropped, T } from '../../channels/web/e2e/harness.mjs';
import { staff } from './lib.mjs';

const t = await start('node admin.mjs SERVER_URL SCREENSHOT_DIR PASSWORD');
const [url, , password] = t.args;
const { check, axe, shot } = t;
const s = staff(t, url, password);
// Console errors but those of a dropped connection, of asking who is
// logged in before login (401) and of a refused form the test provokes
// (400), are problems.
const noise = [dropped, /status of (401|400)/];
async function fitsWidth(page, what) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  if (w > 390) {
    console.log(await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 391)
      .slice(0, 8).map((e) => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('\n')));
  }
  check(w <= 390, `${what} is ${w} px wide on a 390 px screen`);
}

await t.run(async () => {
  t.step = 'admin: accounts';
  const adm = await t.page('admin', { viewport: { width: 1200, height: 900 }, locale: 'de-DE', timezoneId: 'UTC' }, ...noise);
  // What the login loads answers late (a slow network): the admin goes on
  // to the admin screens meanwhile, must stay there and find every
  // department to choose.
  await adm.route(/\/staff\/api\/(offices|departments)$/, async (route) => {
    const res = await route.fetch();
    await new Promise((r) => setTimeout(r, 1500));
    await route.fulfill({ response: res });
  });
  await s.login(adm, 'root', { ready: '#whoami' });
  await adm.locator('#nav-admin').click();
  await adm.waitForTimeout(2000);
  check(await adm.locator('#admin-view').isVisible(), 'the late login took the admin away from the admin screens');
  await adm.locator('.acct-item[data-username="anna"]').waitFor({ timeout: T });
  check(await adm.locator('.acct-item[data-username="anna"] .acct-dept').inputValue() === 'buergerbuero', 'anna\'s department');
  await adm.locator('#acct-new-username').fill('Carla!');
  await adm.locator('#acct-new-password').fill(password);
  await adm.locator('#acct-add').click();
  await adm.locator('#acct-error', { hasText: 'Das Konto ist so nicht gültig. Bitte prüfen Sie Benutzername' }).waitFor({ timeout: T });
  await adm.locator('#acct-new-username').fill('carla');
  await adm.locator('#acct-new-name').fill('Carla');
  await adm.locator('#acct-new-dept').selectOption({ label: 'Stadtwerke, Kundenservice' });
  await adm.locator('#acct-new-password').fill(password);
  await adm.locator('#acct-add').click();
  const carla = adm.locator('.acct-item[data-username="carla"]');
  await carla.waitFor({ timeout: T });
  await carla.locator('.acct-toggle').click();
  await adm.locator('.acct-item[data-username="carla"] td', { hasText: 'gesperrt' }).waitFor({ timeout: T });
  await carla.locator('.acct-pw').fill('ein-neues-langes-Passwort-2026');
  await carla.locator('.acct-reset').click();
  await adm.locator('#acct-error-ok', { hasText: 'Passwort zurückgesetzt' }).waitFor({ timeout: T });
  await carla.locator('.acct-dept').selectOption('buergerbuero');
  await carla.locator('.acct-save-dept').click();
  await adm.locator('#acct-error-ok', { hasText: 'Abteilung geändert' }).waitFor({ timeout: T });
  check(await carla.locator('.acct-dept').inputValue() === 'buergerbuero', 'carla moved');

  t.step = 'admin: canned replies';
  await adm.locator('#canned-new-dept').selectOption('stadtwerke');
  await adm.locator('#canned-new-lang').selectOption('en');
  await adm.locator('#canned-new-title').fill('Meter number');
  await adm.locator('#canned-new-text').fill('The meter number is on the meter, above the bar code.');
  await adm.locator('#canned-add').click();
  const canned = adm.locator('.canned-item', { hasText: 'Meter number' });
  await canned.waitFor({ timeout: T });
  const cannedText = await canned.textContent();
  check(cannedText.includes('Stadtwerke, Kundenservice') && cannedText.includes('English'), `canned row: ${cannedText}`);

  t.step = 'admin: office hours';
  await adm.locator('#hours-dept').selectOption('buergerbuero');
  await adm.locator('#hours-source', { hasText: 'Aus der Abteilungsdatei' }).waitFor({ timeout: T });
  await adm.locator('#hours-add').click();
  await adm.locator('.hours-row .hours-to').last().fill('13:00');
  await adm.locator('#hours-save').click();
  await adm.locator('#hours-error-ok', { hasText: 'Sprechzeiten gespeichert' }).waitFor({ timeout: T });
  await adm.reload();
  await adm.locator('#nav-admin').click();
  await adm.locator('#hours-dept').selectOption('buergerbuero');
  check(await adm.locator('.hours-row .hours-to').last().inputValue() === '13:00', 'stored hours shown again');
  check((await adm.locator('#hours-source').textContent()).includes('In der Konsole festgelegt'), 'the hours\' source');
  await adm.locator('#hours-rr').check();
  await adm.locator('#hours-error-ok', { hasText: 'reihum' }).waitFor({ timeout: T });
  await adm.reload();
  await adm.locator('#nav-admin').click();
  await adm.locator('#hours-dept').selectOption('buergerbuero');
  check(await adm.locator('#hours-rr').isChecked(), 'round robin is not kept');
  await adm.locator('#hours-rr').uncheck();
  await adm.locator('#hours-error-ok', { hasText: 'bleiben in der Warteschlange' }).waitFor({ timeout: T });
  await adm.locator('#hours-reset').click();
  await adm.locator('#hours-source', { hasText: 'Aus der Abteilungsdatei: Mo–Fr 8–13 Uhr, Do 14–18 Uhr' }).waitFor({ timeout: T });
  await axe(adm, 'admin screens');
  await shot(adm, 'console-admin.png', { fullPage: true });

  t.step = 'admin: readable names in the queue and the form';
  await adm.locator('#nav-queue').click();
  const waiting = adm.locator('.queue-item').first();
  await waiting.waitFor({ timeout: T });
  check((await waiting.textContent()).includes('Stadtwerke, Kundenservice'), 'the queue names the department');
  await waiting.locator('button.open').click();
  await adm.locator('#conv-view').waitFor({ timeout: T });
  const formTitle = await adm.locator('#form-title').textContent();
  check(formTitle.includes('Kundennummer') && !formTitle.includes('customer_number'), `form title: ${formTitle}`);

  t.step = 'admin: case search';
  await adm.locator('#nav-cases').click();
  await adm.locator('#cases-q').fill('Zählerstand');
  await adm.locator('#cases-go').click();
  const found = adm.locator('.case-item');
  await found.first().waitFor({ timeout: T });
  const caseRow = await found.first().textContent();
  check(caseRow.includes('Stadtwerke, Kundenservice') && !/\bstadtwerke\b/.test(caseRow), `case row names the department: ${caseRow}`);
  await adm.locator('#cases-q').fill('Gewerbe');
  await adm.locator('#cases-go').click();
  await adm.locator('#cases-empty').waitFor({ state: 'visible', timeout: T });
  await axe(adm, 'case search');

  t.step = 'agent on a phone: notification';
  const ph = await t.page('phone', { viewport: { width: 390, height: 844 }, locale: 'de-DE', timezoneId: 'UTC',
    colorScheme: 'dark', isMobile: true, hasTouch: true }, ...noise);
  await ph.addInitScript(() => {
    window.shown = [];
    window.Notification = class {
      constructor(title, opts) { window.shown.push({ title, body: opts && opts.body }); }
      close() {}
      static requestPermission() { window.Notification.permission = 'granted'; return Promise.resolve('granted'); }
    };
    window.Notification.permission = 'default';
  });
  await s.login(ph, 'anna', { ready: '#whoami' });
  await ph.locator('#queue-view').waitFor({ timeout: T });
  await ph.locator('#live-state.on').waitFor({ timeout: T });
  await fitsWidth(ph, 'the queue');
  await ph.locator('#notify').check();
  await ph.waitForFunction(() => window.Notification.permission === 'granted', null, { timeout: T });
  console.log('ESCALATE');
  await ph.waitForFunction(() => document.body.dataset.notified === '1' && window.shown.length === 1, null, { timeout: T });
  const shown = await ph.evaluate(() => window.shown[0]);
  check(/neues Gespräch/.test(shown.title), `notification: ${JSON.stringify(shown)}`);
  await ph.locator('.queue-item').first().waitFor({ timeout: T });
  await axe(ph, 'queue, phone, dark');
  await shot(ph, 'console-phone-dark.png', { fullPage: true });

  t.step = 'agent on a phone: conversation';
  await ph.locator('.queue-item button.open').first().click();
  await ph.locator('#conv-view').waitFor({ timeout: T });
  await ph.locator('#transcript .entry').first().waitFor({ timeout: T });
  await fitsWidth(ph, 'the conversation');
  await axe(ph, 'conversation, phone, dark');

  t.step = 'agent on a phone: day plan in the city\'s time';
  await ph.locator('#nav-appts').click();
  const appt = ph.locator('.appt-item', { hasText: 'AB-2026-000101' });
  await appt.waitFor({ timeout: T });
  const when = await appt.locator('td').first().textContent();
  check(when.startsWith('08:00'), `the 08:00 visit shows as "${when}" in a browser set to UTC`);
  await fitsWidth(ph, 'the day plan');
  await axe(ph, 'day plan, phone, dark');
  await shot(ph, 'console-phone-dayplan.png', { fullPage: true });
}, 'admin.mjs: all checks passed');
