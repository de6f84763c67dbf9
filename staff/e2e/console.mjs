// Browser test of the staff console, run by TestBrowser (staff):
//   node console.mjs SERVER_URL SCREENSHOT_DIR
// A citizen in the web chat widget submits a meter reading and asks for a
// person; agent "anna" logs in to the console, sees the conversation in the
// live queue, claims it, and both write to each other (the citizen's text
// carries an XSS payload, which must show as text). Then anna hands the
// conversation back, asks about the case's reading (needs-info with a
// field: the bot asks it again), sees the amended case, approves it, and
// the citizen reads the new status in the widget. Any page error, dialog or
// CSP violation fails the test.
//
// playwright-core comes from the web chat's e2e set-up (channels/web/e2e,
// `npm ci` there), through its harness.mjs; this script has no node_modules
// of its own.
import { start, T } from '../../channels/web/e2e/harness.mjs';
import { staff } from './lib.mjs';

const t = await start('node console.mjs SERVER_URL SCREENSHOT_DIR PASSWORD');
const [url, , password] = t.args;
const { check, axe, shot } = t;
const s = staff(t, url, password);
async function say(page, text, expect) {
  await page.locator('#ab-input').fill(text);
  await page.locator('#ab-input').press('Enter');
  await page.locator('.msg--bot .msg__text', { hasText: expect }).last().waitFor({ timeout: T });
}
async function pick(page, label, expect) {
  await page.locator('.option', { hasText: label }).last().click();
  await page.locator('.msg--bot .msg__text', { hasText: expect }).last().waitFor({ timeout: T });
}

await t.run(async () => {
  t.step = 'citizen: meter reading';
  const cit = await s.citizen('citizen');
  await say(cit, 'Zählerstand melden', 'Kundennummer');
  await say(cit, '1234567', 'Zählernummer');
  await say(cit, 'Z-4711', 'Welchen Zählerstand');
  await say(cit, '12.345,6', 'An welchem Tag');
  await say(cit, 'heute', 'Vor- und Nachname');
  await say(cit, 'Erika Mustermann', 'E-Mail-Adresse');
  await pick(cit, 'Überspringen', 'Bitte prüfen Sie Ihre Angaben');
  await pick(cit, 'Absenden', 'Referenznummer');
  const done = await cit.locator('.msg--bot .msg__text', { hasText: 'Referenznummer' }).last().textContent();
  const ref = (done.match(/AB-\d{4}-\d{6}/) || [])[0];
  check(ref, `no case reference in "${done}"`);

  t.step = 'citizen: asks for a person';
  await say(cit, 'Ich möchte mit einem Menschen sprechen', 'Mitarbeiter');

  t.step = 'agent: login and queue';
  const ag = await s.agent('anna', { form: (p) => axe(p, 'login'), ready: ['#queue-view', '#live-state.on', '.queue-item'] });
  await shot(ag, 'staff-queue.png');
  await axe(ag, 'queue');
  await ag.locator('.queue-item button.open').first().click();
  await ag.locator('#conv-view').waitFor({ state: 'visible', timeout: T });
  await ag.locator('#transcript .from-citizen .text', { hasText: 'Erika Mustermann' }).waitFor({ timeout: T });

  t.step = 'agent: claims';
  await ag.locator('#act-claim').click();
  await cit.locator('.msg--system .msg__text', { hasText: 'ist jetzt für Sie da' }).waitFor({ timeout: T });
  await ag.locator('#act-claim:disabled').waitFor({ timeout: T });
  await ag.locator('#reply-text:enabled').waitFor({ timeout: T });

  t.step = 'exchange';
  await ag.locator('#reply-text').fill('Guten Tag, hier ist Anna von den Stadtwerken.');
  await ag.locator('#reply-send').click();
  await cit.locator('.msg--staff .msg__text', { hasText: 'hier ist Anna' }).waitFor({ timeout: T });
  const xss = 'Danke! <img src=x onerror=alert(1)><script>window.__xss=1</script>';
  await cit.locator('#ab-input').fill(xss);
  await cit.locator('#ab-input').press('Enter');
  const line = ag.locator('#transcript .from-citizen .text', { hasText: 'Danke!' });
  await line.waitFor({ timeout: T });
  check(await line.textContent() === xss, 'the citizen text is not shown as text in the console');
  check(await ag.locator('#transcript img, #transcript script').count() === 0, 'the citizen text became markup');
  check(await ag.evaluate(() => window.__xss) === undefined, 'the payload ran in the console');
  await cit.waitForTimeout(3200); // the widget passes typing on at most every 3 s
  await cit.locator('#ab-input').pressSequentially('Noch eine Frage', { delay: 20 });
  await ag.locator('#typing').waitFor({ state: 'visible', timeout: T });
  await cit.locator('#ab-input').fill('');
  await shot(ag, 'staff-conversation.png');
  await axe(ag, 'conversation');

  t.step = 'release';
  // The answer to the release comes late (a slow network): the agent goes
  // on to the cases meanwhile and must stay there.
  await ag.route('**/release', async (route) => {
    const res = await route.fetch();
    await new Promise((r) => setTimeout(r, 1500));
    await route.fulfill({ response: res });
  });
  await ag.locator('#act-release').click();
  await cit.locator('.msg--system .msg__text', { hasText: 'zurückgegeben' }).waitFor({ timeout: T });

  t.step = 'case: needs-info reopens the dialog';
  await ag.locator('#nav-cases').click();
  await ag.waitForTimeout(2000); // the late answer to the release arrives
  check(await ag.locator('#cases-view').isVisible(), 'the late release took the agent away from the cases');
  await ag.locator('.case-item', { hasText: ref }).locator('button.open').click();
  await ag.locator('#case-view').waitFor({ state: 'visible', timeout: T });
  check((await ag.locator('#case-answers').textContent()).includes('Erika Mustermann'), 'answers missing in the case view');
  await ag.locator('#case-actions button[data-status="in-review"]').click();
  await cit.locator('.msg--system .msg__text', { hasText: 'wird jetzt bearbeitet' }).waitFor({ timeout: T });
  await ag.locator('#case-actions button[data-status="needs-info"]').waitFor({ timeout: T });
  await ag.locator('#case-note').fill('Der Zählerstand scheint zu hoch. Bitte lesen Sie noch einmal ab.');
  await ag.locator('#case-field').selectOption('reading');
  await ag.locator('#case-actions button[data-status="needs-info"]').click();
  await cit.locator('.msg--system .msg__text', { hasText: 'scheint zu hoch' }).waitFor({ timeout: T });
  await ag.locator('#case-info', { hasText: 'Der Bot fragt die Angabe neu ab' }).waitFor({ timeout: T });
  await say(cit, '12400', 'nachgereicht');
  await ag.locator('#case-status', { hasText: 'In Bearbeitung' }).waitFor({ timeout: T });
  await ag.locator('#case-history', { hasText: 'nachgereicht: Zählerstand' }).waitFor({ timeout: T });
  check((await ag.locator('#case-answers').textContent()).includes('12400'), 'the amended answer is not in the case view');

  t.step = 'case: approve';
  await ag.locator('#case-actions button[data-status="approved"]').click();
  await cit.locator('.msg--system .msg__text', { hasText: `Ihr Antrag ${ref} wurde genehmigt.` }).waitFor({ timeout: T });
  await ag.locator('#case-status', { hasText: 'Genehmigt' }).waitFor({ timeout: T });
  await shot(ag, 'staff-case.png');
  await axe(ag, 'case');
  await shot(cit, 'staff-citizen.png');

  t.step = 'the bot answers again';
  const bots = await cit.locator('.msg--bot').count();
  await cit.locator('#ab-input').fill('Menü');
  await cit.locator('#ab-input').press('Enter');
  await cit.locator('.msg--bot').nth(bots).waitFor({ timeout: T });
}, 'staff console browser test passed');
