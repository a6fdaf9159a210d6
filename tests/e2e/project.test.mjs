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

test('a 时效 row on a table without its year says the year is missing; with the year it is scored', () =>
  harness.run(async (app) => {
    await app.testid('new-from-preset').selectOption('project-national');
    const row = app.indicator('output-03');
    await row.waitFor();
    const target = row.locator(sel.testid('target-input'));
    await app.typeInto(target, '12月底前');
    await target.press('Enter');
    const actual = row.locator(sel.testid('written-actual-input'));
    await app.typeInto(actual, '2024年12月15日');
    await actual.press('Enter');
    await app.waitForBadge('output-03', 'error');
    // The date is written right: the message asks for the 年度 above the table, not for a date.
    const message = await row.locator(sel.testid('badge')).getAttribute('title');
    assert.match(message, /“12月底前”是哪一年的期限？请在表格上方填写年度/);
    assert.doesNotMatch(message, /请填写完成日期/);
    await app.testid('lang').click();
    await app.waitForAttr('html', 'lang', 'en');
    assert.match(await row.locator(sel.testid('badge')).getAttribute('title'), /which year is “12月底前” in\? Fill in the year above the table/);
    await app.testid('lang').click();
    await app.waitForAttr('html', 'lang', 'zh-CN');
    const year = app.testid('year-input');
    await app.typeInto(year, '2024');
    await year.press('Tab');
    await app.waitForBadge('output-03', 'met');
  }));

test('the funds block’s 偏差原因 is written in its row: it clears the check, undoes, saves and prints', () =>
  harness.run(async (app) => {
    await app.testid('new-from-preset').selectOption('project-national-example');
    const reason = app.node('budget').locator(sel.testid('budget-reason-input'));
    await reason.waitFor();
    // The example gives its reason (in the box); cleared, spending 600 of 880 asks for one.
    assert.equal(await reason.inputValue(), '部分工程尾款44万元待竣工决算审计后支付。');
    await reason.fill('');
    await reason.press('Tab');
    const amounts = app.page.locator(`${sel.testid('funds')} ${sel.testid('funds-amount')}`);
    await app.typeInto(amounts.nth(2), '600');
    await amounts.nth(2).press('Tab');
    await app.testid('tab-checks').click();
    const check = app.page.locator(`${sel.testid('check')}[data-code="low_execution_no_reason"]`);
    await check.waitFor();
    assert.match(await check.innerText(), /预算执行率 ≈68\.18182% 未达到 90%，应说明原因/);
    assert.match(await reason.getAttribute('class'), /reason-input--wanted/);
    assert.equal(await reason.getAttribute('aria-label'), '预算执行 偏差原因');
    // Written and left (a change, one undo step): the check goes.
    await reason.fill('工程款按合同于次年支付');
    await reason.press('Tab');
    await check.waitFor({ state: 'detached' });
    assert.doesNotMatch(await reason.getAttribute('class'), /reason-input--wanted/);
    await app.testid('undo').click();
    await check.waitFor();
    assert.equal(await reason.inputValue(), '');
    await app.testid('redo').click();
    await check.waitFor({ state: 'detached' });
    assert.equal(await reason.inputValue(), '工程款按合同于次年支付');
    // Printed as its text, and kept in the file as the rule's reason.
    await app.page.emulateMedia({ media: 'print' });
    const printed = app.node('budget').locator('.print-only', { hasText: '工程款按合同于次年支付' });
    assert.equal(await printed.isVisible(), true);
    await app.page.emulateMedia({ media: 'screen' });
    const dir = tempDir();
    try {
      const saved = await app.save(dir);
      const file = JSON.parse(fs.readFileSync(saved.file, 'utf8'));
      const budget = file.root.children.find((n) => n.id === 'budget');
      assert.equal(budget.rule.reason, '工程款按合同于次年支付');
      assert.equal(engineScore(saved.file).warnings.filter((w) => w.code === 'low_execution_no_reason').length, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }));

test('an actual in another unit than its row’s says so, in both languages, and sets nothing', () =>
  harness.run(async (app) => {
    await app.testid('new-from-preset').selectOption('project-national-example');
    await app.indicator('output-05').waitFor();
    const before = await app.total();
    // (row, typed, message): 项目总成本 is in 万元, 新建及改造农村供水工程 in 处.
    const cases = [
      ['output-05', '850万', '“850万”的单位“万”与本行的单位“万元”不同', '“850万” is in “万”, not in this row\'s unit “万元”'],
      ['output-05', '8500000元', '“8500000元”的单位“元”与本行的单位“万元”不同', null],
      ['output-01', '12公里', '“12公里”的单位“公里”与本行的单位“处”不同', null],
    ];
    for (const [id, text, zh, en] of cases) {
      const input = app.actualInput(id);
      // Pasted whole (typed key by key, 8500000 would be set before 元 came).
      await input.fill(text);
      await input.press('Tab');
      const error = app.indicator(id).locator(sel.testid('cell-error'));
      await error.waitFor();
      assert.equal((await error.innerText()).trim(), zh);
      assert.deepEqual(await app.total(), before, `${text}: nothing was set`);
      if (en) {
        await app.testid('lang').click();
        await app.waitForAttr('html', 'lang', 'en');
        assert.equal((await error.innerText()).trim(), en);
        await app.testid('lang').click();
        await app.waitForAttr('html', 'lang', 'zh-CN');
      }
      // The row's own unit is taken as before.
      await input.fill(id === 'output-05' ? '836万元' : '12处');
      await input.press('Tab');
      await error.waitFor({ state: 'detached' });
    }
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
