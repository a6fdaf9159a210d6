// Widths people use. Files travel by email and chat and are often first opened on a phone: at 390 px the page
// works. The summary and grade come first, the table keeps its columns (it scrolls sideways, the
// names fixed), and a file opens, a what-if edit re-scores, and the work saves.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { useHarness, test, tempDir, presetJson } from './lib/app.mjs';

const harness = useHarness();

/**
 * The table's inputs that a tap lands on a header cell instead of, with the table scrolled to the top
 * of the screen: Chromium paints a header sticky inside the sideways-scrolling box (and hit-tests it)
 * elsewhere than its layout says, so this asks the page what is at each input's centre.
 */
async function inputsUnderHeaders(app) {
  await app.page.evaluate(() => document.querySelector('[data-testid="score-table"]').scrollIntoView());
  await app.settle();
  return app.page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="score-table"] input')]
      .map((input) => {
        const box = input.getBoundingClientRect();
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        return hit?.closest('thead') ? `${input.getAttribute('aria-label')} under “${hit.textContent.trim()}”` : null;
      })
      .filter(Boolean),
  );
}

test('at 390 px: the total first, the table readable, open, edit and save', () =>
  harness.run(
    async (app) => {
      await app.waitForTotal('97.7794');
      // Nothing spills off the page sideways: only the table's own box scrolls.
      assert.equal(await app.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), true);
      const total = await app.testid('total-computed').boundingBox();
      const table = await app.testid('score-table').boundingBox();
      assert.ok(total.y < table.y, 'the summary comes before the table');
      assert.ok(total.x >= 0 && total.x + total.width <= 390, 'the total is on the screen');
      // The table keeps readable columns inside its scrolling box; the name column stays at its left.
      assert.ok(table.width >= 700, `the table is ${table.width} px wide`);
      const box = await app.page.evaluate(() => {
        const scroller = document.querySelector('.table-scroll');
        return { scrolls: scroller.scrollWidth > scroller.clientWidth, sticky: getComputedStyle(document.querySelector('.score-table__name')).position };
      });
      assert.deepEqual(box, { scrolls: true, sticky: 'sticky' });
      // Each header row sits at the top of its table, not over its rows taking their taps; its first
      // cell keeps the header's colour, as its words are white.
      assert.deepEqual(await inputsUnderHeaders(app), []);
      const [first, second] = await app.page.$$eval('[data-testid="score-table"] > thead th', (cells) =>
        cells.slice(0, 2).map((cell) => getComputedStyle(cell).backgroundColor),
      );
      assert.equal(first, second, 'the name column’s header cell has the header’s colour');
      // A what-if edit re-scores.
      await app.typeActual('dept-07', '20');
      await app.waitForTotal('97.99815');
      // A file opens.
      const dir = tempDir();
      try {
        const file = `${dir}/项目.json`;
        fs.writeFileSync(file, presetJson('project-national-example'));
        app.confirmAnswer = true;
        await app.openFile(file);
        await app.testid('notice-opened').waitFor();
        await app.waitForTotal('96.75');
        // The funds block's cells too.
        assert.equal(await app.testid('funds').count(), 1);
        assert.deepEqual(await inputsUnderHeaders(app), []);
        // And the work saves.
        const saved = await app.save(dir);
        assert.equal(saved.failure, null);
        assert.match(saved.name, /某县农村饮水安全巩固提升工程\.json$/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    { viewport: { width: 390, height: 844 } },
  ));

test('at 1366 px in English the file actions and the exports stay on one line', () =>
  harness.run(
    async (app) => {
      await app.testid('lang').click();
      await app.page.getByText('Computed total').waitFor();
      const heights = await app.page.evaluate(() => ({
        topbar: document.querySelector('.topbar').offsetHeight,
        toolbar: document.querySelector('.toolbar').offsetHeight,
      }));
      assert.ok(heights.topbar <= heights.toolbar + 2, `the top bar wraps: ${JSON.stringify(heights)}`);
      // The preset picker is still wide enough for its prompt ("New from…", about 7 em).
      const picker = await app.testid('new-from-preset').evaluate((s) => s.getBoundingClientRect().width / parseFloat(getComputedStyle(s).fontSize));
      assert.ok(picker >= 7, `the picker is ${picker} em wide`);
    },
    { viewport: { width: 1366, height: 768 } },
  ));
