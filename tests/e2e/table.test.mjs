// The table as a tool: new from a preset, moving with Enter, folding, the other rule inputs.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useHarness, test, engineScore, presetJson, tempDir, sel } from './lib/app.mjs';

const harness = useHarness();

function scorePreset(name) {
  const dir = tempDir();
  try {
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, presetJson(name));
    return engineScore(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('new from a preset shows that preset', () =>
  harness.run(async (app) => {
    const picker = app.testid('new-from-preset');
    assert.deepEqual(
      await picker.locator('option').evaluateAll((options) => options.map((o) => o.value)),
      ['', 'seed-2023', 'department-blank', 'project-blank', 'project-national', 'project-national-example', 'project-hubei', 'project-sichuan', 'next-year'],
    );
    await picker.selectOption('project-blank');
    const engine = scorePreset('project-blank');
    await app.page.waitForFunction(
      (ids) => [...document.querySelectorAll('[data-testid="node"]')].map((r) => r.dataset.nodeId).join() === ids.join(),
      engine.nodes.map((n) => n.id),
    );
    assert.deepEqual(await app.indicatorIds(), engine.indicators.map((i) => i.id));
    assert.deepEqual(await app.nodeScores(), Object.fromEntries(engine.nodes.map((n) => [n.id, n.score])));
    assert.equal((await app.total()).value, engine.total.score);
    assert.equal(await app.testid('total-reported').count(), 0);
    // A blank template's grade is provisional: it counts what the engine says is still to fill in.
    assert.ok(engine.total.pending_inputs > 0);
    const provisional = app.testid('grade-provisional');
    assert.equal(await provisional.getAttribute('data-pending'), String(engine.total.pending_inputs));
    assert.equal((await provisional.textContent()).trim(), `暂定：${engine.total.pending_inputs} 处待填`);
    // The picker goes back to its prompt, so the same preset can be chosen again.
    assert.equal(await picker.inputValue(), '');

    await picker.selectOption('department-blank');
    const department = scorePreset('department-blank');
    await app.page.waitForFunction(
      (ids) => [...document.querySelectorAll('[data-testid="node"]')].map((r) => r.dataset.nodeId).join() === ids.join(),
      department.nodes.map((n) => n.id),
    );
    assert.equal((await app.total()).value, department.total.score);
  }));

test('the grade is provisional while an input is missing or invalid, and only then', () =>
  harness.run(async (app) => {
    const provisional = app.testid('grade-provisional');
    assert.equal(await provisional.count(), 0, 'the seed is complete');
    await app.typeActual('dept-07', '');
    await app.waitForTotal('97.37315');
    assert.equal((await provisional.textContent()).trim(), '暂定：1 处待填');
    assert.match(await app.testid('grade').getAttribute('class'), /grade--provisional/);
    // 50 % is outside 达成's band (80–100): the engine cannot use it.
    await app.typeInto(app.indicator('dept-25').locator(sel.testid('percent-input')), '50');
    await provisional.filter({ hasText: '暂定：1 处待填、1 处有误' }).waitFor();
    assert.equal(await provisional.getAttribute('data-invalid'), '1');
    await app.testid('undo').click();
    await app.testid('undo').click();
    await app.waitForTotal('97.7794');
    assert.equal(await provisional.count(), 0);
    assert.doesNotMatch(await app.testid('grade').getAttribute('class'), /grade--provisional/);
    // Text that is not a number: the total keeps the cell's last value, so the grade is provisional too.
    await app.typeActual('dept-08', 'abc');
    await provisional.filter({ hasText: '暂定：1 处有误' }).waitFor();
    assert.equal(await provisional.getAttribute('data-invalid'), '1');
    await app.testid('undo').click();
    await app.page.waitForFunction(() => !document.querySelector('[data-testid="grade-provisional"]'));
  }));

test('new from a preset over unsaved work asks first', () =>
  harness.run(async (app) => {
    await app.typeActual('dept-07', '20');
    await app.waitForTotal('97.99815');
    await app.testid('new-from-preset').selectOption('project-blank');
    await app.waitForTotal('0');
    assert.deepEqual(app.dialogs, ['confirm']);
    assert.equal(await app.indicator('dept-07').count(), 0);
  }));

test('Enter in an actual cell moves to the next one', () =>
  harness.run(async (app) => {
    await app.actualInput('dept-07').focus();
    await app.page.keyboard.press('Enter');
    const focused = () =>
      app.page.evaluate(() => {
        const el = document.activeElement;
        return `${el.closest('[data-indicator-id]')?.dataset.indicatorId}/${el.dataset.testid}`;
      });
    assert.equal(await focused(), 'dept-08/actual-input');
    // Typing and Enter: the value is scored and the next cell takes the keys. The cell Enter lands
    // on has its value selected, as in a sheet: what is typed replaces it.
    await app.page.keyboard.type('1400');
    await app.page.keyboard.press('Enter');
    assert.equal(await focused(), 'dept-09/actual-input');
    await app.waitForBadge('dept-08', 'short');
    assert.equal(await app.actualInput('dept-08').inputValue(), '1400');

    // Down the column through the qualitative indicators: Enter goes from level picker to level picker
    // (a level's percent box is out of the chain: Enter does not land in it unasked).
    await app.actualInput('dept-24').focus();
    const visited = [];
    for (let i = 0; i < 5; i++) {
      await app.page.keyboard.press('Enter');
      visited.push(await focused());
    }
    assert.deepEqual(visited, [
      'dept-25/level-input',
      'dept-26/level-input',
      'dept-27/actual-input',
      'dept-28/actual-input',
      'dept-29/actual-input',
    ]);
    // Enter moved focus and changed nothing.
    assert.equal((await app.indicatorState('dept-25')).badge, 'met');
  }));

test('the leaf inputs reach the engine: months, bands, folding', () =>
  harness.run(async (app) => {
    // December at 100% brings 预算执行 to full marks.
    const december = app.page.locator(`${sel.testid('months')}[data-node-id="lz.exec"] ${sel.testid('month-rate')}`).last();
    assert.equal(await december.inputValue(), '99.83');
    await app.typeInto(december, '100');
    await app.waitForNodeScore('lz.exec', '5');
    await app.waitForTotal('97.78025');
    // A band input: 98% timely contracts reaches the top band.
    await app.typeInto(app.node('gl.procurement.contract-timeliness').getByTestId('rule-input'), '98');
    await app.waitForNodeScore('gl', '49');

    // Folding 管理效率 hides its rows, and unfolding brings them back.
    const rows = app.page.locator(`${sel.testid('node')}[data-node-id^="gl."]`);
    const count = await rows.count();
    assert.ok(count > 20);
    await app.node('gl').getByTestId('fold').click();
    await rows.first().waitFor({ state: 'detached' });
    assert.equal(await app.node('gl').getByTestId('fold').getAttribute('aria-expanded'), 'false');
    assert.equal((await app.total()).value, '98.78025');
    await app.node('gl').getByTestId('fold').click();
    await rows.first().waitFor();
    assert.equal(await rows.count(), count);
  }));

// An office PC's 1024 × 768 (and a window half a wide screen): the page does not scroll sideways,
// and no cell of the table spills into its neighbour, in either language, nor with the structure
// editor's long shares (≈0.66667) in view.
for (const viewport of [{ width: 1024, height: 768 }, { width: 800, height: 600 }]) {
  test(`at ${viewport.width} × ${viewport.height} nothing in the table overflows its cell`, () =>
    harness.run(
      async (app) => {
        const overflowing = () =>
          app.page.evaluate(() => {
            const cells = [...document.querySelectorAll('.score-table th, .score-table td')]
              .filter((cell) => cell.scrollWidth > cell.clientWidth + 1)
              .map((cell) => `${cell.closest('tr').dataset.indicatorId ?? cell.closest('tr').dataset.nodeId ?? 'header'} column ${cell.cellIndex + 1}: “${cell.textContent.trim()}”`);
            const page = document.documentElement;
            return { sideways: page.scrollWidth - page.clientWidth, cells: cells.slice(0, 5) };
          });
        assert.deepEqual(await overflowing(), { sideways: 0, cells: [] });
        await app.testid('lang').click();
        await app.page.waitForFunction(() => document.documentElement.lang === 'en');
        assert.deepEqual(await overflowing(), { sideways: 0, cells: [] });
      },
      { viewport },
    ));
}

const window_scrolled = (y) => y > 200;

test('the review tabs move with the arrow keys, and a row jumped to lands below the summary and the header', () =>
  harness.run(
    async (app) => {
      const selected = () => app.page.$eval('[role="tab"][aria-selected="true"]', (tab) => tab.dataset.testid);
      const focused = () => app.page.evaluate(() => document.activeElement?.dataset.testid);
      await app.testid('tab-lost').focus();
      // One stop for Tab: only the selected tab is in the tab order.
      assert.deepEqual(await app.page.$$eval('[role="tab"]', (tabs) => tabs.map((t) => t.tabIndex)), [0, -1, -1, -1, -1, -1]);
      for (const [key, expected] of [['ArrowRight', 'tab-reported'], ['End', 'tab-goal'], ['ArrowRight', 'tab-lost'], ['ArrowLeft', 'tab-goal'], ['Home', 'tab-lost']]) {
        await app.page.keyboard.press(key);
        assert.deepEqual([await selected(), await focused()], [expected, expected], key);
      }
      // The lost-points list jumps to 采购合同签订时效性, far down: its row is not hidden under the summary
      // or under the table's header, which both stay in view, the header right below the summary.
      await app.page.locator(`${sel.testid('lost-item')} button`).first().click();
      await app.page.waitForFunction(() => document.querySelector('.score-table__row--flash'));
      await app.settle();
      const [rowTop, summaryBottom, headTop, headBottom] = await app.page.evaluate(() => [
        document.querySelector('.score-table__row--flash').getBoundingClientRect().top,
        document.querySelector('.summary').getBoundingClientRect().bottom,
        document.querySelector('.score-table thead th').getBoundingClientRect().top,
        document.querySelector('.score-table thead th').getBoundingClientRect().bottom,
      ]);
      assert.ok(window_scrolled(await app.page.evaluate(() => window.scrollY)), 'the page scrolled');
      assert.ok(Math.abs(headTop - summaryBottom) <= 1, `the header at ${headTop}, the summary ending at ${summaryBottom}`);
      assert.ok(rowTop >= headBottom - 1, `the row at ${rowTop} is under the header ending at ${headBottom}`);
    },
    { viewport: { width: 1024, height: 768 } },
  ));
