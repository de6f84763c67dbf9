// axe.mjs: accessibility checks with axe-core for the browser tests (the
// web chat's here, the staff console's in staff/e2e, app/server/e2e);
// harness.mjs offers it as t.axe.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let axeSource = ''; // read at the first check: a script without one needs no axe-core
const checked = new WeakSet(); // the pages axe-core was evaluated on

// axe runs axe-core (WCAG 2.1 A and AA, best practices) on page and reports
// under name: serious and critical findings go to problems (the test
// fails), the rest are printed; with all, every finding goes to problems.
export async function axe(page, name, problems, { all = false } = {}) {
  axeSource ||= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  checked.add(page);
  await page.evaluate(axeSource);
  const res = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  for (const v of res.violations) {
    const line = `axe ${name}: ${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`;
    if (all || v.impact === 'serious' || v.impact === 'critical') problems.push(line);
    else console.log(line);
  }
  console.log(`axe ${name}: ${res.passes.length} rules passed, ${res.violations.length} violations`);
}

// axeStyle says whether the console message m of page is axe-core's own:
// evaluated by the test and not part of the page, it adds a <style> that
// the page's CSP rightly blocks; that message has no URL.
export function axeStyle(page, m) {
  return checked.has(page) && m.location().url === '' && m.text().startsWith('Applying inline style');
}
