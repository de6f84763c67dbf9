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
import { start, T } from '../../channels/web/e2e/harness.mjs';
import { staff } from './lib.mjs';

const t = await start('node ratings.mjs SERVER_URL SCREENSHOT_DIR PASSWORD');
const [url, , password] = t.args;
const { check, axe, shot } = t;
const s = staff(t, url, password);
const cells = (loc) => loc.locator('td').allTextContents();

await t.run(async () => {
  t.step = 'anna: the counts under the queue';
  const ag = await s.agent('anna', { colorScheme: 'light' });
  const count = ag.locator('.rating-count');
  await count.first().waitFor({ timeout: T });
  check(await count.count() === 1, `want one row of counts, got ${await count.count()}`);
  const row = await cells(count.first());
  check(row[0] === 'Stadtwerke, Kundenservice' && row[1] === 'Zählerstand melden', `department and service: ${row}`);
  check(row[2] === '1' && row[3] === '1' && row[4] === '1' && row[5] !== '', `counts 👍 1, 👎 1, 1 comment: ${row}`);
  check(await ag.locator('#ratings-empty').isHidden(), '"no ratings yet" is shown beside the counts');
  await shot(ag.locator('#ratings'), 'staff-ratings.png');
  await axe(ag, 'ratings overview');

  t.step = 'anna: the rating on the conversation';
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
  await shot(ag, 'staff-conversation-rating.png');
  await axe(ag, 'conversation with rating');

  t.step = 'bert: no counts of another department, dark mode';
  const other = await s.agent('bert', { colorScheme: 'dark' });
  await other.locator('#ratings-empty').waitFor({ state: 'visible', timeout: T });
  check(await other.locator('.rating-count').count() === 0, 'bert sees the Stadtwerke\'s counts');
  await axe(other, 'ratings overview, empty, dark');
}, 'ratings browser test passed');
