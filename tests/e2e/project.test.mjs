// The project table (项目支出绩效自评表) as a clerk fills it in: from the national blank preset, rows
// with their own points, a 时效 row, a not-applicable row, the funds block, and a printed score that
// the rules contradict; the page's figures are the engine's, from the saved file.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { useHarness, test, engineScore, tempDir, sel } from './lib/app.mjs';

const harness = useHarness();

test('a project table typed in from its blank preset scores as the engine does and flags a contradicted printed score', () =>
  harness.run(async (app) => {
    await app.testid('new-from-preset').selectOption('project-national');
    await app.indicator('output-01').waitFor();
    await app.testid('edit-structure').click();
    const typeNumber = async (locator, text) => {
      await app.typeInto(locator, text);
      await locator.press('Tab');
    };
    // (row, target, actual): ≥ rows met or short, a ≤ cost row under its ceiling.
    const rows = [
      ['output-01', '100', '100'],
      ['output-02', '95', '95'],
      ['output-04', '880', '836'],
      ['outcome-02', '90', '81'],
      ['outcome-03', '1', '1'],
      ['outcome-04', '1', '1'],
      ['satisfaction-01', '90', '95'],
    ];
    for (const [id, target, actual] of rows) {
      await typeNumber(app.indicator(id).locator(sel.testid('target-input')), target);
      await app.typeActual(id, actual);
    }
    // The 时效 row: its deadline is 按时完成; done on time.
    const onTime = app.indicator('output-03').locator(sel.testid('written-actual-input'));
    await onTime.fill('按时完成');
    await onTime.press('Enter');
    await app.waitForBadge('output-03', 'met');
    // 经济效益 does not apply to this project: its 10 points are set aside, the total converted.
    await app.indicator('outcome-01').locator(sel.testid('na-toggle')).check();
    await app.waitForBadge('outcome-01', 'na');
    // The funds block: 836 of 880 spent.
    const amounts = app.page.locator(`${sel.testid('funds')} ${sel.testid('funds-amount')}`);
    await app.typeInto(amounts.nth(1), '880');
    await app.typeInto(amounts.nth(2), '836');
    // The table's words: 年度总体目标 and its conclusion, below the table, kept in the file.
    const goal = app.testid('meta-text-goal_expected');
    await goal.fill('新建农村供水工程 12 处');
    await goal.press('Tab');
    // The report printed 10 for 社会效益, where 81 of 90 gives 9.
    await typeNumber(app.indicator('outcome-02').locator(sel.testid('row-reported-input')), '10');

    // 20 + 10 + 10 + 10 + 9 + 5 + 5 + 10 + 9.5 = 88.5 of the applicable 90, converted to 100.
    const expected = '98.33333333333333333333333333';
    await app.waitForTotal(expected);
    const dir = tempDir();
    try {
      const saved = await app.save(dir);
      const score = engineScore(saved.file);
      assert.equal(score.total.score, expected);
      assert.equal(score.total.not_applicable_points, '10');
      const row = score.indicators.find((i) => i.id === 'outcome-02');
      assert.deepEqual([row.score, row.reported, row.difference], ['9', '10', '1']);
      const file = JSON.parse(fs.readFileSync(saved.file, 'utf8'));
      assert.equal(file.version, 4);
      assert.equal(file.meta.goal_expected, '新建农村供水工程 12 处');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // The printed score the rules contradict is flagged on its row and in the checks.
    const reported = app.indicator('outcome-02').locator(sel.testid('indicator-reported'));
    assert.match(await reported.getAttribute('class'), /score-table__reported--differs/);
    await app.testid('tab-checks').click();
    const flagged = app.page.locator(`${sel.testid('check')}[data-code="reported_mismatch"]`);
    await flagged.first().waitFor();
    assert.match(await flagged.first().innerText(), /报告得分 10，计算得分 9/);
    assert.equal(await app.indicator('outcome-02').locator(sel.testid('badge')).getAttribute('data-status'), 'short');
    // In the reported-vs-computed list the row is named, and the list's own difference names it too.
    await app.testid('tab-reported').click();
    const item = app.page.locator(`${sel.testid('reported-item')}[data-indicator-id="outcome-02"]`);
    await item.waitFor();
    assert.equal(await item.getAttribute('data-value'), '1');
  }));

test('不适用 is switched in place, without the structure mode, and its row takes no input then', () =>
  harness.run(async (app) => {
    await app.waitForTotal('97.7794');
    const row = app.indicator('dept-07');
    await row.locator(sel.testid('na-inline')).check();
    await app.waitForBadge('dept-07', 'na');
    // The seed rescales within its list: the other 31 share the 20 points, all met.
    await app.waitForNodeScore('lz.dept', '20');
    assert.equal(await row.locator(sel.testid('actual-input')).isDisabled(), true);
    await app.testid('undo').click();
    await app.waitForBadge('dept-07', 'short');
    assert.equal(await row.locator(sel.testid('actual-input')).isDisabled(), false);
  }));

test('text a cell refuses, typed a key at a time, leaves the total as it was (not as the number typed on the way)', () =>
  harness.run(async (app) => {
    await app.testid('new-from-preset').selectOption('project-national-example');
    await app.waitForTotal('96.75');
    // 项目总成本 is in 万元: "8500000元" passes through 8500000, which the row would take.
    await app.typeActual('output-05', '8500000元');
    await app.indicator('output-05').locator(sel.testid('cell-error')).waitFor();
    await app.waitForTotal('96.75');
    assert.equal(await app.indicator('output-05').getByTestId('indicator-score').getAttribute('data-value'), '10');
    assert.equal((await app.testid('grade').innerText()).trim().slice(0, 1), '优');
    assert.equal(await app.testid('grade-provisional').getAttribute('data-invalid'), '1');
    // Corrected in the same visit, the cell scores what it now says.
    await app.typeActual('output-05', '900');
    await app.indicator('output-05').locator(sel.testid('cell-error')).waitFor({ state: 'detached' });
    assert.notEqual(await app.indicator('output-05').getByTestId('indicator-score').getAttribute('data-value'), '10');
  }));
