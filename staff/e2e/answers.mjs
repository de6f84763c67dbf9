// Browser test of the knowledge base, run by TestBrowserAnswers (staff):
//   node answers.mjs SERVER_URL SCREENSHOT_DIR PASSWORD
// A citizen asks the web chat widget about a lost ID card and gets the
// answer with its link (https, its host shown) and "Hat das geholfen?";
// editor "erika" of the citizens' office logs in to the console, finds the
// answer, changes its text, previews, saves the draft and publishes it;
// the next citizen gets the new text. axe checks widget and console; any
// page error, dialog or CSP violation fails the test.
import { start, T } from '../../channels/web/e2e/harness.mjs';
import { staff } from './lib.mjs';

const t = await start('node answers.mjs SERVER_URL SCREENSHOT_DIR PASSWORD');
const [url, , password] = t.args;
const { check, axe, shot } = t;
const s = staff(t, url, password);
const NEW = 'Melden Sie den Verlust bitte sofort im Bürgerbüro – neu geprüfter Text.';
async function citizen(name) {
  const page = await s.citizen(name);
  await page.locator('#ab-input').fill('Ich habe meinen Personalausweis verloren');
  await page.locator('#ab-input').press('Enter');
  await page.locator('.msg--bot .msg__text', { hasText: 'Hat das geholfen?' }).last().waitFor({ timeout: T });
  return page;
}

await t.run(async () => {
  t.step = 'citizen: asks and gets the answer with its link';
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
  await shot(cit, 'answers-citizen.png');
  await axe(cit, 'widget answer');

  t.step = 'editor: login';
  const ed = await s.agent('erika', { ready: '#nav-answers' });

  t.step = 'editor: finds and edits the answer';
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

  t.step = 'a draft is not what citizens get';
  const cit2 = await citizen('citizen 2');
  check(!(await cit2.locator('.msg--bot', { hasText: 'verloren' }).last().textContent()).includes(NEW), 'a draft reached a citizen');

  t.step = 'editor: publishes';
  await ed.locator('#ans-publish').click();
  await ed.locator('#ans-error-ok', { hasText: 'Veröffentlicht' }).waitFor({ timeout: T });
  await ed.locator('#ans-versions li', { hasText: 'erika' }).waitFor({ timeout: T });
  await shot(ed, 'answers-console.png');
  await axe(ed, 'console answer published');

  t.step = 'the next citizen gets the new text';
  const cit3 = await citizen('citizen 3');
  await cit3.locator('.msg--bot .msg__text', { hasText: NEW }).waitFor({ timeout: T });
  await shot(cit3, 'answers-citizen-new.png');
}, 'knowledge base browser test passed');
