// The month grid under a monthly-execution item wraps in even lines at the widths people use: never
// one month (12月) alone on its line.

import assert from 'node:assert/strict';
import { useHarness, test, sel } from './lib/app.mjs';

const harness = useHarness();

/** How many months each line of the grid holds, top to bottom, and the months that stick out of its cell. */
async function monthLines(app, node) {
  return app.page.locator(`${sel.testid('months')}[data-node-id="${node}"]`).evaluate((row) => {
    const cell = row.querySelector('td').getBoundingClientRect();
    const lines = new Map();
    const outside = [];
    for (const month of row.querySelectorAll('[data-testid="month"]')) {
      const box = month.getBoundingClientRect();
      lines.set(Math.round(box.top), (lines.get(Math.round(box.top)) ?? 0) + 1);
      if (box.left < cell.left || box.right > cell.right + 0.5) outside.push(month.textContent);
    }
    return { lines: [...lines.entries()].sort((a, b) => a[0] - b[0]).map(([, count]) => count), outside };
  });
}

for (const width of [1920, 1366, 390]) {
  test(`at ${width} px the ten months of the sample wrap in even lines`, () =>
    harness.run(
      async (app) => {
        await app.page.locator(sel.testid('months')).first().waitFor();
        const { lines, outside } = await monthLines(app, 'lz.exec');
        assert.equal(lines.reduce((a, b) => a + b, 0), 10);
        assert.ok(lines.every((count) => count === lines[0]), `lines of ${lines.join(' + ')}`);
        assert.deepEqual(outside, [], 'every month within its row');
      },
      { viewport: { width, height: 900 } },
    ));
}
