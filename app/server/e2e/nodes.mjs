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
// `npm ci` there), through its harness.mjs; this script has no node_modules
// of its own.
import { start, T } from '../../../channels/web/e2e/harness.mjs';
import { staff } from '../../../staff/e2e/lib.mjs';

const t = await start('node nodes.mjs URL_A URL_B SCREENSHOT_DIR PASSWORD');
const [urlA, urlB, , password] = t.args;
const SEEN = 3000; // what Anna does shows on Ben's page within this
const nodeA = staff(t, urlA, password), nodeB = staff(t, urlB, password);
const live = { ready: ['#queue-view', '#live-state.on'] };
// seen waits until locator shows on Ben's page and logs how long after
// the click at.
async function seen(what, locator, at) {
  await locator.waitFor({ timeout: SEEN });
  console.log(`${what}: on node B's page ${Date.now() - at} ms after the click on node A`);
}

await t.run(async () => {
  t.step = 'ben logs in on node B';
  const ben = await nodeB.agent('ben', live); // someone is there: the bot offers a person

  t.step = 'citizen on node A asks for a person';
  const cit = await nodeA.citizen('citizen');
  const before = await cit.locator('.msg--bot').count();
  await cit.locator('#ab-input').fill('Ich möchte mit einem Menschen sprechen');
  await cit.locator('#ab-input').press('Enter');
  // What the bot says depends on the office hours at the time the test
  // runs; the conversation waits for staff either way.
  await cit.locator('.msg--bot').nth(before).waitFor({ timeout: T });

  t.step = 'ben opens the conversation on node B';
  await ben.locator('.queue-item').first().waitFor({ timeout: T });
  await ben.locator('.queue-item button.open').first().click();
  await ben.locator('#conv-view').waitFor({ state: 'visible', timeout: T });
  await ben.locator('#conv-status', { hasText: 'wartet' }).waitFor({ timeout: T });

  t.step = 'anna claims on node A';
  const anna = await nodeA.agent('anna', live);
  await anna.locator('.queue-item').first().waitFor({ timeout: T });
  await anna.locator('.queue-item button.open').first().click();
  await anna.locator('#conv-view').waitFor({ state: 'visible', timeout: T });
  let clicked = Date.now();
  await anna.locator('#act-claim').click();
  await seen('the claim', ben.locator('#conv-status', { hasText: 'bei anna' }), clicked);

  t.step = 'anna writes a note on node A';
  await anna.locator('#note-text').fill('Rückruf am Nachmittag vereinbart');
  clicked = Date.now();
  await anna.locator('#note-add').click();
  await seen('the note', ben.locator('#notes .note-text', { hasText: 'Rückruf am Nachmittag' }), clicked);

  t.step = 'anna writes to the citizen on node A';
  await anna.locator('#reply-text:enabled').waitFor({ timeout: T });
  await anna.locator('#reply-text').fill('Guten Tag, hier ist Anna von den Stadtwerken.');
  clicked = Date.now();
  await anna.locator('#reply-send').click();
  await seen('the message', ben.locator('#transcript .from-staff .text', { hasText: 'hier ist Anna' }), clicked);
  await t.shot(ben, 'staff-two-nodes.png');

  t.step = 'anna hands the conversation back on node A';
  clicked = Date.now();
  await anna.locator('#act-release').click();
  await seen('the release', ben.locator('#conv-status', { hasText: 'beim Bot' }), clicked);

}, 'ok');
