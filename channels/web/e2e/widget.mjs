// Browser test of the web chat widget, run by TestBrowser (channels/web):
//   node widget.mjs SERVER_URL SCREENSHOT_DIR
// It opens the demo front page in headless Chromium, completes the
// meter-reading dialog with the keyboard only, reloads and finds the
// history, sends XSS payloads and checks they are shown as text, survives a
// dropped connection, checks 200 % zoom, runs axe-core, takes screenshots
// at desktop and phone width, and checks the notice when the server refuses
// a new session (too many from one address). Any failure exits non-zero.
import { start, openChat, dropped, still, T } from './harness.mjs';

const t = await start('node widget.mjs SERVER_URL SCREENSHOT_DIR');
const [url] = t.args;
const { check, axe, shot } = t;
// What must never happen on a page: script errors, alerts (the XSS
// payload), CSP violations; a dropped or refused (503) connection is tested.
const noise = [dropped, /503/];

// deep returns a description of the focused element, inside shadow roots.
async function focused(page) {
  return page.evaluate(() => {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    return a ? { tag: a.tagName, id: a.id, cls: a.className, text: a.textContent.trim() } : {};
  });
}

// tabTo presses Tab (or Shift+Tab) until the focused element matches.
async function tabTo(page, match, back = false) {
  for (let i = 0; i < 60; i++) {
    if (match(await focused(page))) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error('focus never reached the element');
}

// say types a line into the chat and waits for text to appear in the widget.
async function say(page, text, expect) {
  check((await focused(page)).id === 'ab-input', 'focus is not in the message field');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await page.locator('.msg--bot .msg__text', { hasText: expect }).last().waitFor({ timeout: T });
}

// pick chooses an option button with the keyboard only.
async function pick(page, label, expect) {
  await tabTo(page, (f) => f.cls === 'option' && f.text === label, true);
  await page.keyboard.press('Enter');
  await page.locator('.msg--bot .msg__text', { hasText: expect }).last().waitFor({ timeout: T });
}

async function citizenCount(page, text) {
  return page.locator('.msg--citizen .msg__text', { hasText: text }).count();
}

await t.run(async () => {
  // ---- Desktop: the whole dialog with the keyboard only.
  t.step = 'desktop';
  const page = await t.page('', { viewport: { width: 1280, height: 800 }, locale: 'de-DE', reducedMotion: 'reduce',
    acceptDownloads: true, permissions: ['clipboard-read', 'clipboard-write'] }, ...noise);
  await page.goto(url);
  check(await page.title() !== '', 'front page has no title');
  await page.locator('.launcher').waitFor({ timeout: T });
  await axe(page, 'front page');
  await tabTo(page, (f) => f.cls === 'launcher');
  await page.keyboard.press('Enter');
  await page.locator('.head__status', { hasText: 'Verbunden' }).waitFor({ timeout: T });
  check((await focused(page)).id === 'ab-input', 'opening the chat did not focus the message field');

  t.step = 'dialog';
  await say(page, 'Zählerstand melden', 'Kundennummer');
  await say(page, '1234567', 'Zählernummer');
  await say(page, 'Z-4711', 'Welchen Zählerstand');
  await say(page, '12.345,6', 'An welchem Tag');
  await say(page, 'heute', 'Vor- und Nachname');
  // Without an email channel the confirmation address is not asked: the
  // form has five steps, and the question says which one it is.
  check(await page.locator('.msg--bot .msg__text', { hasText: 'Schritt 3 von 5' }).count() === 1, 'no step counter "Schritt 3 von 5"');
  await say(page, 'Erika Mustermann', 'Bitte prüfen Sie Ihre Angaben');
  await pick(page, 'Absenden', 'Referenznummer');
  await page.locator('.msg--bot .options').last().waitFor({ timeout: T });
  const ref = await page.locator('.msg--bot .msg__text', { hasText: 'Referenznummer' }).last().textContent();
  check(/AB-\d{4}-\d{6}/.test(ref), `no case reference in "${ref}"`);
  const caseRef = ref.match(/AB-\d{4}-\d{6}/)[0];

  // ---- After submitting: the reference stays at hand as a card with a
  // copy button, and "anything else?" has at most four options.
  t.step = 'reference card';
  check(/Wie es weitergeht/.test(ref), `the confirmation does not say what happens next: "${ref}"`);
  check(await page.locator('.msg--bot').last().locator('.option').count() <= 4, 'more than four options after submitting');
  await page.locator('.refcard').waitFor({ timeout: T });
  check((await page.locator('.refcard dd').first().textContent()) === caseRef, 'the card does not show the reference');
  const code = await page.locator('.refcard dd').nth(1).textContent();
  check(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(code) && ref.includes(code), `the card's access code "${code}" is not the one in the message`);
  await tabTo(page, (f) => f.cls === 'refcard__copy', true);
  await page.keyboard.press('Enter');
  await page.locator('.refcard__copy', { hasText: '✓' }).waitFor({ timeout: T });
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  check(clip.includes(caseRef) && clip.includes(code), `the clipboard holds "${clip}"`);
  await axe(page, 'reference card');
  await shot(page, 'web-chat-reference-card.png', still);

  // ---- The end of the conversation: the transcript as a text file, and
  // a rating with a comment.
  t.step = 'transcript';
  await pick(page, 'Gesprächsverlauf', 'Verlauf unseres Gesprächs');
  const link = page.locator('.msg__file a', { hasText: 'gespraech-' }).last();
  await link.waitFor({ timeout: T });
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: T }), link.click()]);
  check(/^gespraech-\d{4}-\d{2}-\d{2}\.txt$/.test(download.suggestedFilename()), `download named ${download.suggestedFilename()}`);
  const fs = await import('node:fs/promises');
  const transcript = await fs.readFile(await download.path(), 'utf8');
  for (const w of ['Gespräch mit dem digitalen Assistenten', 'Sie:', 'Assistent:', 'Erika Mustermann', caseRef]) {
    check(transcript.includes(w), `the transcript lacks "${w}"`);
  }
  t.step = 'rating';
  await page.locator('.compose__input').focus();
  await pick(page, 'Gespräch bewerten', 'Wie hilfreich');
  await pick(page, '👍 Hilfreich', 'Danke für Ihre Bewertung');
  await page.locator('.compose__input').focus();
  await say(page, 'Sehr schnell, danke!', 'Ihr Hinweis hilft uns');
  await axe(page, 'rating');
  check(await page.locator('.is-pending').count() === 0, 'messages still pending after the dialog');
  await axe(page, 'open chat');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('.msg--citizen', { hasText: 'Absenden' }).last().evaluate((li) => {
    const log = li.closest('.log');
    log.scrollTop = li.offsetTop - log.offsetTop - 8;
  });
  await shot(page, 'web-chat-desktop.png', still);

  // ---- Escape closes and gives the focus back to the launcher.
  t.step = 'escape';
  await page.keyboard.press('Escape');
  check((await focused(page)).cls === 'launcher', 'focus did not return to the launcher');
  await page.keyboard.press('Enter');

  // ---- Reload: the same conversation, once.
  t.step = 'reload';
  await page.reload();
  await page.locator('.msg--bot .msg__text', { hasText: 'Referenznummer' }).waitFor({ timeout: T });
  check(await citizenCount(page, 'Erika Mustermann') === 1, 'history shows the name not exactly once');
  check(await page.locator('.msg--bot .msg__text', { hasText: 'Referenznummer' }).count() === 1, 'reference shown twice');
  await page.locator('.refcard').waitFor({ timeout: T });
  check((await page.locator('.refcard dd').first().textContent()) === caseRef, 'the card is gone after a reload');

  // ---- XSS: what the citizen wrote is text, wherever it is shown.
  t.step = 'xss';
  const payloads = ['<img src=x onerror=alert(1)>', '"><script>window.__xss=1</script><b>fett</b>'];
  await page.locator('#ab-input').focus();
  for (const p of payloads) {
    await page.keyboard.type(p);
    await page.keyboard.press('Enter');
    await page.locator('.msg--citizen .msg__text', { hasText: p }).waitFor({ timeout: T });
  }
  await page.locator('.msg--citizen:not(.is-pending) .msg__text', { hasText: payloads[1] }).waitFor({ timeout: T });
  await page.reload();
  for (const p of payloads) {
    await page.locator('.msg--citizen .msg__text', { hasText: p }).waitFor({ timeout: T });
    check(await page.locator('.msg--citizen .msg__text').filter({ hasText: p }).first().textContent() === p, 'payload not shown as text');
  }
  check(await page.locator('#amtsbote-chat .log img, #amtsbote-chat .log script, #amtsbote-chat .log b').count() === 0, 'payload became markup');
  check(await page.evaluate(() => window.__xss) === undefined, 'payload script ran');

  // ---- A dropped connection: offline is shown, nothing is lost or doubled.
  t.step = 'offline';
  await page.request.post(new URL('/test/down?ms=2500', url).href);
  await page.locator('.offline').waitFor({ state: 'visible', timeout: T });
  await page.locator('.head__status', { hasText: 'Offline' }).waitFor({ timeout: T });
  await page.locator('#ab-input').focus();
  await page.keyboard.type('Hallo nach der Störung');
  await page.keyboard.press('Enter');
  await page.locator('.msg--citizen.is-pending', { hasText: 'Hallo nach der Störung' }).waitFor({ timeout: T });
  await shot(page, 'web-chat-offline.png', still);
  await page.locator('.msg--citizen:not(.is-pending)', { hasText: 'Hallo nach der Störung' }).waitFor({ timeout: 40000 });
  check(await page.locator('.offline').isHidden(), 'offline notice still shown');
  await page.reload();
  await page.locator('.msg--citizen .msg__text', { hasText: 'Hallo nach der Störung' }).first().waitFor({ timeout: T });
  check(await citizenCount(page, 'Hallo nach der Störung') === 1, 'message after the outage not exactly once');
  await page.context().close();

  // ---- 200 % zoom: a 1280×800 screen at 200 % is a 640×400 viewport.
  t.step = 'zoom';
  const zp = await t.page('', { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 }, ...noise);
  await zp.goto(url);
  await zp.locator('.launcher').click();
  // Measure the panel where it ends up, not while it slides in.
  await zp.locator('.panel').evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
  for (const sel of ['#ab-input', '.compose__send', '.head__close']) {
    const box = await zp.locator(sel).boundingBox();
    check(box && box.x >= 0 && box.y >= 0 && box.x + box.width <= 640 && box.y + box.height <= 400, `${sel} outside the viewport`);
  }
  await zp.context().close();

  // ---- Phone width.
  t.step = 'phone';
  const pp = await t.page('', { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'de-DE' },
    ...noise);
  await openChat(pp, url);
  await pp.locator('.options .option').first().waitFor({ timeout: T });
  await shot(pp, 'web-chat-phone-start.png', still);
  await say(pp, 'Zählerstand melden', 'Kundennummer');
  await say(pp, '7654321', 'Zählernummer');
  await say(pp, 'W-0815', 'Welchen Zählerstand');
  await say(pp, '1.024,5', 'An welchem Tag');
  await say(pp, 'heute', 'Vor- und Nachname');
  await say(pp, 'Max Mustermann', 'Bitte prüfen Sie Ihre Angaben');
  await axe(pp, 'phone');
  await shot(pp, 'web-chat-phone.png', still);
  await pp.context().close();

  // ---- Too many new sessions from this address: a clear notice, no
  // reconnecting in a loop, and the chat comes back when allowed again.
  t.step = 'session limit';
  const lp = await t.page('', { viewport: { width: 1280, height: 800 }, locale: 'de-DE' }, ...noise);
  let sockets = 0;
  lp.on('websocket', () => { sockets++; });
  await lp.request.post(new URL('/test/sessions?spend=all', url).href);
  await lp.goto(url);
  await lp.locator('.launcher').click();
  await lp.locator('.offline', { hasText: 'sehr viele neue Gespräche' }).waitFor({ state: 'visible', timeout: T });
  check(/in etwa \d+ Sekunden/.test(await lp.locator('.offline').textContent()), 'no waiting time in the notice');
  await lp.locator('#ab-input').focus();
  await lp.keyboard.type('Hallo trotz Sperre');
  await lp.keyboard.press('Enter');
  await lp.locator('.msg--citizen.is-pending', { hasText: 'Hallo trotz Sperre' }).waitFor({ timeout: T });
  await lp.waitForTimeout(3000);
  check(sockets === 1, `${sockets} connections opened while refused, want 1`);
  await lp.request.post(new URL('/test/sessions?spend=none', url).href);
  await lp.locator('.offline__retry').click();
  await lp.locator('.head__status', { hasText: 'Verbunden' }).waitFor({ timeout: T });
  await lp.locator('.msg--citizen:not(.is-pending)', { hasText: 'Hallo trotz Sperre' }).waitFor({ timeout: T });
  check(await lp.locator('.offline').isHidden(), 'offline notice still shown');
  await lp.context().close();
}, 'browser test passed');
