// Widths people use. Files travel by email and chat and are often first opened on a phone: at 390 px the page
// works. The summary and grade come first, the table keeps its columns (it scrolls sideways, the
// names fixed), and a file opens, a what-if edit re-scores, and the work saves.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { useHarness, test, tempDir, presetJson, engineScore } from './lib/app.mjs';

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

test('at 390 px every target shows whole: ≤880万元 and 达成年度指标 are not cut short', () =>
  harness.run(
    async (app) => {
      const dir = tempDir();
      try {
        const file = `${dir}/项目.json`;
        const example = JSON.parse(presetJson('project-national-example'));
        // A qualitative row's wording, as a clerk types it.
        const rows = example.root.children.flatMap((n) => n.rule?.indicators ?? []);
        rows.find((i) => i.id === 'outcome-03').target = '达成年度指标';
        fs.writeFileSync(file, JSON.stringify(example));
        await app.openFile(file);
        await app.waitForTotal(engineScore(file).total.score);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      const targets = await app.page.$$eval('[data-testid="indicator"]', (rows) =>
        rows.map((row) => {
          const input = row.querySelector('[data-testid="target-input"]');
          const shown = row.querySelector('[data-testid="target-input-shown"]');
          const cell = input.closest('td').getBoundingClientRect();
          const box = shown.getBoundingClientRect();
          return {
            id: row.dataset.indicatorId,
            value: input.value,
            shown: shown.textContent,
            whole: shown.scrollWidth <= shown.clientWidth + 1 && box.right <= cell.right + 1 && box.bottom <= cell.bottom + 1,
            visible: getComputedStyle(shown).visibility === 'visible',
          };
        }),
      );
      const byId = Object.fromEntries(targets.map((t) => [t.id, t]));
      assert.equal(byId['output-05'].shown, '≤880万元');
      assert.equal(byId['outcome-03'].shown, '达成年度指标');
      for (const t of targets) {
        assert.equal(t.shown, t.value, `${t.id}: the box's text is what is shown`);
        assert.ok(t.whole && t.visible, `${t.id} “${t.shown}” is cut short: ${JSON.stringify(t)}`);
      }
      // Focused, the box takes over (its own text shown), and the shown text steps aside.
      const target = app.indicator('output-05').getByTestId('target-input');
      await target.focus();
      const focused = await app.indicator('output-05').evaluate((row) => ({
        shown: getComputedStyle(row.querySelector('[data-testid="target-input-shown"]')).visibility,
        color: getComputedStyle(row.querySelector('[data-testid="target-input"]')).color,
      }));
      assert.equal(focused.shown, 'hidden');
      assert.notEqual(focused.color, 'rgba(0, 0, 0, 0)');
    },
    { viewport: { width: 390, height: 844 } },
  ));

test('the project’s name in the heading uses the room there is, cut short only where it does not fit', async () => {
  const dir = tempDir();
  try {
    const example = JSON.parse(presetJson('project-national-example'));
    example.meta.year = 2024;
    example.meta.project = '2024年度某县农村公路养护工程';
    const file = `${dir}/项目.json`;
    fs.writeFileSync(file, JSON.stringify(example));
    example.meta.project = `2024年度某县农村公路养护工程暨${'乡村振兴交通基础设施提升三年行动计划'.repeat(3)}第二期配套项目（含桥梁加固、安防设施和沿线环境整治）`;
    const long = `${dir}/长.json`;
    fs.writeFileSync(long, JSON.stringify(example));
    const heading = (app) =>
      app.page.evaluate(() => {
        const doc = document.querySelector('[data-testid="doc-name"]');
        return {
          text: doc.textContent,
          widths: [doc.scrollWidth, doc.clientWidth],
          whole: doc.scrollWidth <= doc.clientWidth + 1,
          topbar: document.querySelector('.topbar').offsetHeight,
          toolbar: document.querySelector('.toolbar').offsetHeight,
          overflows: document.documentElement.scrollWidth > window.innerWidth + 1,
        };
      });
    for (const width of [1366, 1920, 390]) {
      for (const lang of ['zh', 'en']) {
        await harness.run(
          async (app) => {
            if (lang === 'en') {
              await app.testid('lang').click();
              await app.waitForAttr('html', 'lang', 'en');
            }
            await app.openFile(file);
            await app.testid('notice-opened').waitFor();
            const shown = await heading(app);
            assert.ok(shown.whole, `${width} ${lang}: the name is cut short with room to spare ${JSON.stringify(shown)}`);
            assert.equal(shown.overflows, false, `${width} ${lang}: nothing spills sideways`);
            if (width === 390) return;
            // One line: the file actions and the exports beside the name.
            assert.ok(shown.topbar <= shown.toolbar + 2, `${width} ${lang}: the top bar wraps ${JSON.stringify(shown)}`);
            // A name longer than the room is cut short (whole in its tooltip), the bar still one line.
            await app.openFile(long);
            await app.page.getByTestId('doc-name').filter({ hasText: '三年行动计划' }).waitFor();
            const cut = await heading(app);
            assert.equal(cut.whole, false, `${width} ${lang}: a name longer than the room is cut short`);
            assert.ok(cut.topbar <= cut.toolbar + 2, `${width} ${lang}: the top bar wraps for a long name`);
            assert.match(await app.testid('doc-name').getAttribute('title'), /沿线环境整治）$/);
          },
          { viewport: { width, height: 800 } },
        );
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
