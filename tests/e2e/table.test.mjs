// The table as a tool: new from a preset, moving with Enter, folding, the other rule inputs.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useHarness, test, engineScore, presetJson, presetObject, tempDir, sel } from './lib/app.mjs';

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

// --- Filled in place (issue 18): names, categories, points and targets without the structure mode. ---

/** The test id and row of the focused element: "output-02/indicator-name-input". */
function focusedCell(app) {
  return app.page.evaluate(() => {
    const el = document.activeElement;
    return `${el.closest('[data-indicator-id]')?.dataset.indicatorId}/${el.dataset.testid}`;
  });
}

test('names, categories, points and targets are filled in place, labelled by their row, and score as the engine does', () =>
  harness.run(async (app) => {
    await app.testid('new-from-preset').selectOption('project-national');
    await app.indicator('output-01').waitFor();
    assert.equal(await app.testid('edit-structure').getAttribute('aria-pressed'), 'false');
    // A screen reader reads each box with its row's name.
    const name = app.page.getByLabel('（数量指标） 指标名称', { exact: true });
    await name.click();
    await app.page.keyboard.press('ControlOrMeta+A');
    await app.page.keyboard.type('新建及改造农村供水工程');
    // Enter commits and goes down the names, as a sheet's Enter goes down its column.
    await app.page.keyboard.press('Enter');
    assert.equal(await focusedCell(app), 'output-02/indicator-name-input');
    const shownName = app.indicator('output-01').getByTestId('indicator-name');
    assert.equal(await shownName.getAttribute('data-value'), '新建及改造农村供水工程');
    await app.page.getByLabel('新建及改造农村供水工程 目标值', { exact: true }).waitFor();
    // A name cleared is refused where it was typed, and the row keeps its name.
    await app.page.keyboard.press('ControlOrMeta+A');
    await app.page.keyboard.press('Backspace');
    await app.page.keyboard.press('Enter');
    const refused = app.indicator('output-02').locator('.inline-edit [role="alert"]');
    await refused.waitFor();
    assert.equal(await app.indicator('output-02').getByTestId('indicator-name').getAttribute('data-value'), '（质量指标）');

    // The 分值 in its column; text that is not a number stays with its message and blocks saving.
    const points = app.indicator('output-01').getByTestId('row-points-input');
    assert.equal(await points.getAttribute('aria-label'), '新建及改造农村供水工程 分值');
    await app.typeInto(points, '1o');
    await app.indicator('output-01').getByTestId('cell-error').waitFor();
    await app.typeInto(points, '10');
    await app.page.waitForFunction(() => !document.querySelector('[data-indicator-id="output-01"] [data-testid="cell-error"]'));

    // The category shown above its run, renamed for the run; its 一级 is kept.
    const category = app.indicator('output-01').getByTestId('indicator-category-input');
    assert.equal(await category.inputValue(), '数量指标');
    assert.equal(await category.getAttribute('aria-label'), '新建及改造农村供水工程 二级指标');
    await category.fill('工程数量');
    await category.press('Tab');
    await app.waitForAttr(`${sel.indicator('output-01')} ${sel.testid('indicator-category')}`, 'data-value', '工程数量');

    // The target as written, with its sign and unit; Enter goes down the targets.
    const target = app.indicator('output-01').getByTestId('target-input');
    await app.typeInto(target, '≥12处');
    await target.press('Enter');
    assert.equal(await focusedCell(app), 'output-02/target-input');
    assert.equal(await target.inputValue(), '≥12处');
    await app.typeActual('output-01', '12');
    await app.waitForBadge('output-01', 'met');

    // Each is one undo step: the category comes back, then the target's last edit.
    const dir = tempDir();
    try {
      const saved = await app.save(dir);
      const file = JSON.parse(fs.readFileSync(saved.file, 'utf8'));
      const row = file.root.children.find((n) => n.id === 'output').rule.indicators[0];
      assert.deepEqual(
        [row.name, row.category, row.points, row.target, row.target_text, row.unit, row.direction],
        ['新建及改造农村供水工程', '产出指标/工程数量', '10', '12', '≥12处', '处', 'at_least'],
      );
      const engine = engineScore(saved.file);
      assert.equal((await app.total()).value, engine.total.score);
      assert.equal(
        await app.indicator('output-01').getByTestId('indicator-score').getAttribute('data-value'),
        engine.indicators.find((i) => i.id === 'output-01').score,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // The name is text that wraps, on screen under its box, on paper alone: a box would cut it off.
    const nameBox = app.indicator('output-01').getByTestId('indicator-name-input');
    assert.equal((await shownName.innerText()).trim(), '新建及改造农村供水工程');
    assert.equal(await nameBox.isVisible(), true);
    await app.page.emulateMedia({ media: 'print' });
    assert.equal((await shownName.innerText()).trim(), '新建及改造农村供水工程');
    assert.equal(await nameBox.isVisible(), false);
    await app.page.emulateMedia({ media: 'screen' });
    await app.testid('undo').click();
    await app.testid('undo').click();
    await app.waitForBadge('output-01', 'pending');
    await app.testid('undo').click();
    await app.testid('undo').click();
    await app.waitForAttr(`${sel.indicator('output-01')} ${sel.testid('indicator-category')}`, 'data-value', '数量指标');
  }));

test('a qualitative level asks for its percent only where its band leaves a choice, and prints its name alone', () =>
  harness.run(async (app) => {
    // The example's 生态效益 row is 部分达成 (60–80); this copy's 达成 band is a single value, 100.
    const example = presetObject('project-national-example');
    const outcome = example.root.children.find((n) => n.id === 'outcome');
    outcome.rule.qualitative_bands = {
      achieved: { min: '100', max: '100', default: '100' },
      partial: { min: '60', max: '80', default: '70' },
      not_achieved: { min: '0', max: '60', default: '30' },
    };
    await app.openFile({ name: 'bands.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(example)) });
    const row = app.indicator('outcome-03');
    const percent = row.getByTestId('percent-input');
    await percent.waitFor();
    // Labelled with its row and its band, the band as its hint.
    assert.equal(await percent.getAttribute('aria-label'), '水源地保护措施落实情况 得分比例 % 60–80%');
    assert.equal(await percent.getAttribute('placeholder'), '60–80');
    // Enter from the level goes to the next row's actual, not into the percent box.
    await row.getByTestId('level-input').focus();
    await app.page.keyboard.press('Enter');
    assert.equal(await focusedCell(app), 'outcome-04/actual-input');

    // On paper: the level's name, and no "%" for a percent left empty.
    await app.page.emulateMedia({ media: 'print' });
    assert.equal(await percent.isVisible(), false);
    assert.equal(await row.locator('.num-cell__suffix').isVisible(), false);
    assert.equal(await row.getByTestId('level-input').evaluate((s) => s.selectedOptions[0].textContent), '部分达成');
    await app.page.emulateMedia({ media: 'screen' });
    await app.typeInto(percent, '75');
    await app.page.emulateMedia({ media: 'print' });
    assert.equal(await percent.isVisible(), true, 'a percent typed prints');
    await app.page.emulateMedia({ media: 'screen' });

    // 达成 here is 100 % and nothing else: no percent box.
    await row.getByTestId('level-input').selectOption('achieved');
    await app.waitForBadge('outcome-03', 'met');
    assert.equal(await percent.count(), 0);
    const dir = tempDir();
    try {
      const saved = await app.save(dir);
      assert.equal(
        await row.getByTestId('indicator-score').getAttribute('data-value'),
        engineScore(saved.file).indicators.find((i) => i.id === 'outcome-03').score,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }

    // Not applicable: every input of the row's values is disabled, its name and reason are not.
    await row.getByTestId('level-input').selectOption('partial');
    await percent.waitFor();
    await row.getByTestId('na-inline').check();
    await app.waitForBadge('outcome-03', 'na');
    assert.equal(await row.getByTestId('level-input').isDisabled(), true);
    assert.equal(await percent.isDisabled(), true);
    const onTime = app.indicator('output-04');
    await onTime.getByTestId('na-inline').check();
    await app.waitForBadge('output-04', 'na');
    assert.equal(await onTime.getByTestId('written-actual-input').isDisabled(), true);
    assert.equal(await onTime.getByTestId('target-input').isDisabled(), true);
    assert.equal(await onTime.getByTestId('indicator-name-input').isDisabled(), false);
    assert.equal(await onTime.getByTestId('reason-input').isDisabled(), false);
  }));
