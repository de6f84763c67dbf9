// axe.mjs: accessibility checks with axe-core for the browser tests of the
// web chat (widget.mjs) and the staff console (staff/e2e/console.mjs).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// axe runs axe-core (WCAG 2.1 A and AA, best practices) on page and reports
// under name: serious and critical findings go to problems (the test
// fails), the rest are printed.
export async function axe(page, name, problems) {
  await page.evaluate(axeSource);
  const res = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  for (const v of res.violations) {
    const line = `axe ${name}: ${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`;
    if (v.impact === 'serious' || v.impact === 'critical') problems.push(line);
    else console.log(line);
  }
  console.log(`axe ${name}: ${res.passes.length} rules passed, ${res.violations.length} violations`);
}
