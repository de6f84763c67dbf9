// lib.mjs: the staff console for the browser tests in staff/e2e and
// app/server/e2e, on top of channels/web/e2e/harness.mjs (t):
//
//   const s = staff(t, url, password);
//   s.page(who, options)   a new page (1280×900, de-DE, then options),
//                          watched but for the console's noise
//   s.login(page, user, { form, ready })  logs user in on page: form(page)
//                          runs with the login form shown; then waits for
//                          each ready selector (default: the queue)
//   s.agent(user, { form, ready, ...options })  s.page, then s.login
//   s.citizen(who)         a new watched page (1100×800, de-DE) with the
//                          web chat open and connected
//   signIn(page, user, password)  fills in the login form and submits it
//   noise                  what the console rightly logs as an error: a
//                          dropped connection, and the 401 of asking who
//                          is logged in before anyone is
import { openChat, dropped, T } from '../../channels/web/e2e/harness.mjs';

export const noise = [dropped, (m) => /status of 401/.test(m.text()) && m.location().url.endsWith('/staff/api/me')];

export async function signIn(page, user, password) {
  await page.locator('#login-username').fill(user);
  await page.locator('#login-password').fill(password);
  await page.locator('#login-submit').click();
}

export function staff(t, url, password) {
  const s = {
    page: (who, options = {}) => t.page(who, { viewport: { width: 1280, height: 900 }, locale: 'de-DE', ...options }, ...noise),
    async login(page, user, { form, ready = '#queue-view' } = {}) {
      await page.goto(url + '/staff/');
      await page.locator('#login-username').waitFor({ timeout: T });
      if (form) await form(page);
      await signIn(page, user, password);
      for (const sel of [ready].flat()) await page.locator(sel).first().waitFor({ state: 'visible', timeout: T });
      return page;
    },
    async agent(user, { form, ready, ...options } = {}) {
      return s.login(await s.page(user, options), user, { form, ready });
    },
    async citizen(who) {
      const page = await t.page(who, { viewport: { width: 1100, height: 800 }, locale: 'de-DE' }, ...noise);
      await openChat(page, url);
      return page;
    },
  };
  return s;
}
