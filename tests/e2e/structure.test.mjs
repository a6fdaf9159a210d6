// Building your own evaluation: structure edits, paste from a spreadsheet, a new year from last
// year's file — each checked against the engine's exact values.

import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Harness, engineScore, tempDir, sel } from './lib/app.mjs';

const harness = new Harness();
before(() => harness.start());
after(() => harness.stop());

/** Saves the page's evaluation and scores it with the engine's CLI. */
async function engineOfPage(app) {
  const dir = tempDir();
  try {
    const saved = await app.save(dir);
    return { file: JSON.parse(fs.readFileSync(saved.file, 'utf8')), score: engineScore(saved.file) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('adding an indicator changes the total, and undo brings it back', () =>
  harness.run(async (app) => {
    await app.testid('edit-structure').click();
    const list = app.node('lz.dept');
    await list.locator(sel.testid('add-indicator')).click();
    // A 33rd, empty indicator: the 32 others now share 20 points in 33 parts.
    await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="indicator"]').length === 55);
    const added = app.indicator('ind-1');
    await added.locator(sel.testid('badge')).waitFor();
    assert.equal(await added.locator(sel.testid('badge')).getAttribute('data-status'), 'pending');
    const { score } = await engineOfPage(app);
    assert.equal(score.nodes.find((n) => n.id === 'lz.dept').score, await app.nodeScore('lz.dept'));
    assert.equal((await app.total()).value, score.total.score);
    assert.notEqual(score.total.score, '97.7794');
    // Thirty-thirds do not spill 28 places onto the screen: the text is rounded (≈), data-value exact.
    assert.match(await app.testid('total-computed').getAttribute('data-value'), /\.\d{20,}$/);
    for (const tab of ['tab-lost', 'tab-reported', 'tab-checks', 'tab-changes']) {
      await app.testid(tab).click();
      const long = await app.page.evaluate(() => document.body.innerText.match(/\d[.]\d{6,}/g) ?? []);
      assert.deepEqual(long, [], `${tab}: numbers shown with more than five places`);
      // A rounded loss reads ≈−0.01894, the mark first, not −≈0.01894.
      assert.doesNotMatch(await app.page.evaluate(() => document.body.innerText), /[−-]≈/, tab);
    }
    await app.testid('tab-lost').click();

    // Give it a name, a target and an actual: met, and the list is whole again but for dept-07.
    await added.locator(sel.testid('name-input')).fill('新增指标');
    await added.locator(sel.testid('name-input')).press('Enter');
    await app.typeInto(added.locator(sel.testid('target-input')), '10');
    await app.typeActual('ind-1', '10');
    await app.waitForBadge('ind-1', 'met');
    const again = await engineOfPage(app);
    // 20 × (33 − 0.35) / 33, exactly as the engine computes it.
    assert.equal(await app.nodeScore('lz.dept'), again.score.nodes.find((n) => n.id === 'lz.dept').score);
    assert.match(await app.nodeScore('lz.dept'), /^19\.78787878/);
    assert.equal(again.score.total.score, (await app.total()).value);
    assert.equal(again.file.root.children[0].children[1].rule.indicators[32].name, '新增指标');

    // Points that no longer add up are a warning at once.
    await app.node('gl.cost').locator(sel.testid('add-node')).click();
    await app.node('gl.cost.1').locator(sel.testid('points-input')).fill('2');
    await app.node('gl.cost.1').locator(sel.testid('points-input')).press('Enter');
    await app.testid('tab-checks').click();
    await app.page.locator(`${sel.testid('check')}[data-code="points_mismatch"][data-node-id="gl.cost"]`).waitFor();

    for (let i = 0; i < 8; i += 1) {
      if (await app.testid('undo').isDisabled()) break;
      await app.testid('undo').click();
    }
    await app.waitForTotal('97.7794');
    assert.equal(await app.indicator('ind-1').count(), 0);
  }));

test('removing something with data asks first, and can be undone', () =>
  harness.run(async (app) => {
    await app.testid('edit-structure').click();
    app.confirmAnswer = false;
    await app.indicator('dept-07').locator(sel.testid('remove')).click();
    assert.deepEqual(app.dialogs, ['confirm']);
    assert.equal(await app.indicator('dept-07').count(), 1);
    app.confirmAnswer = true;
    await app.indicator('dept-07').locator(sel.testid('remove')).click();
    await app.indicator('dept-07').waitFor({ state: 'detached' });
    await app.waitForNodeScore('lz.dept', '20');
    await app.testid('undo').click();
    await app.indicator('dept-07').waitFor();
    await app.waitForTotal('97.7794');
    // Moving a section down and back.
    await app.node('gl.budget').locator(sel.testid('move-down')).click();
    await app.page.waitForFunction(() => {
      const ids = [...document.querySelectorAll('[data-testid="node"]')].map((r) => r.dataset.nodeId);
      return ids.indexOf('gl.execution') < ids.indexOf('gl.budget');
    });
  }));

test('a rule kind or direction change that would clear filled-in data asks first', () =>
  harness.run(async (app) => {
    await app.testid('edit-structure').click();
    // 部门整体绩效完成情况 holds 32 indicators: another kind of rule keeps none of them.
    const kind = app.node('lz.dept').getByTestId('rule-kind');
    app.confirmAnswer = false;
    await kind.selectOption('pass_fail');
    assert.deepEqual(app.dialogs, ['confirm']);
    assert.equal(await kind.inputValue(), 'indicators', 'declined: the select shows the rule kept');
    assert.equal(await app.indicator('dept-07').count(), 1);
    await app.waitForTotal('97.7794');
    // dept-01 ≥ 28 with 33.01 filled in: qualitative takes a level, not a number.
    const direction = app.indicator('dept-01').getByTestId('direction-select');
    await direction.selectOption('qualitative');
    assert.deepEqual(app.dialogs, ['confirm', 'confirm']);
    assert.equal(await direction.inputValue(), 'at_least');
    assert.equal(await app.actualInput('dept-01').inputValue(), '33.01');
    // Between two quantitative directions nothing is cleared, and nothing is asked.
    app.confirmAnswer = true;
    await direction.selectOption('exactly');
    // = 28 with 33.01: one more warning (exact_overshoot), and no question.
    await app.waitForAttr(sel.testid('warning-count'), 'data-value', '10');
    assert.deepEqual(app.dialogs, ['confirm', 'confirm']);
    // Accepted, the change is made, and undo brings the indicators back.
    await kind.selectOption('pass_fail');
    await app.indicator('dept-07').waitFor({ state: 'detached' });
    await app.testid('undo').click();
    await app.indicator('dept-07').waitFor();
  }));

test('a blank template gets its department and year, in place above the table, which name the saved file', () =>
  harness.run(async (app) => {
    await app.testid('new-from-preset').selectOption('department-blank');
    // No mode: the fields are above the table, as on the form.
    const meta = app.testid('whose');
    await meta.getByTestId('department-input').fill('某某市某某局');
    await meta.getByTestId('department-input').press('Enter');
    const year = meta.getByTestId('year-input');
    const alert = meta.getByRole('alert').filter({ hasText: '请填写整数' });
    await year.fill('2024.5');
    await year.press('Enter');
    await alert.waitFor();
    await year.fill('2024');
    await year.press('Enter');
    await alert.waitFor({ state: 'detached' });
    // Too large for a year: refused, and the 2024 kept (it was cleared without a word). Text the box
    // refused blocks saving, as a refused cell does: the file would not hold what the screen shows.
    await year.fill('100000000000');
    await year.press('Enter');
    await alert.waitFor();
    await app.page.waitForFunction(() => document.title.startsWith('某某市某某局'));
    await app.testid('save-file').click();
    await app.testid('notice-invalid-input').waitFor();
    assert.equal(await year.inputValue(), '100000000000', 'the refused text stays in its box');
    await year.fill('2024');
    await year.press('Enter');
    await alert.waitFor({ state: 'detached' });
    const dir = tempDir();
    try {
      const saved = await app.save(dir);
      assert.equal(saved.name, '2024-某某市某某局-部门整体支出绩效自评.json');
      const file = JSON.parse(fs.readFileSync(saved.file, 'utf8'));
      assert.deepEqual([file.meta.department, file.meta.year], ['某某市某某局', 2024]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }));

test('an indicator with an actual but no target says where its target goes', () =>
  harness.run(async (app) => {
    await app.testid('edit-structure').click();
    await app.node('lz.dept').locator(sel.testid('add-indicator')).click();
    await app.indicator('ind-1').waitFor();
    await app.testid('edit-structure').click();
    await app.typeActual('ind-1', '5');
    await app.waitForBadge('ind-1', 'error');
    const badge = app.indicator('ind-1').getByTestId('badge');
    assert.match(await badge.getAttribute('title'), /缺少目标值（在本行“目标值”一栏填写，如 ≥90%）/);
  }));

test('a band list that cannot be read, or is empty, says so and changes nothing', () =>
  harness.run(async (app) => {
    await app.testid('edit-structure').click();
    const row = app.node('gl.procurement.contract-timeliness');
    const bands = row.getByTestId('bands-input');
    for (const [text, message] of [['98-3, 90-2', /无法识别/], ['', /至少需要一个分档/]]) {
      await bands.fill(text);
      await bands.press('Enter');
      await row.getByRole('alert').filter({ hasText: message }).waitFor();
      assert.equal(await bands.getAttribute('aria-invalid'), 'true');
      // 95 % still reaches the ≥90 band of the list kept: 2 points.
      await app.waitForNodeScore('gl.procurement.contract-timeliness', '2');
    }
    await bands.fill('98:3, 90:2.5, 80:1');
    await bands.press('Enter');
    await app.waitForNodeScore('gl.procurement.contract-timeliness', '2.5');
    assert.equal(await bands.getAttribute('aria-invalid'), 'false');
  }));

test('a pasted block fills rows from the focused one and reports cells that did not parse', () =>
  harness.run(async (app) => {
    // A block as Excel copies it: tabs between cells, CRLF between rows, full-width digits, %, a bad cell.
    await app.paste('dept-07', '２０\r\n850\r\nabc\r\n1,600\r\n');
    await app.testid('notice-pasted').waitFor();
    // The notice says what the columns were read as: one column is the actual.
    assert.match(await app.testid('notice-pasted').textContent(), /已粘贴 3 行（实际值）/);
    await app.waitForBadge('dept-07', 'met');
    assert.equal((await app.indicatorState('dept-08')).actual, '850');
    assert.equal((await app.indicatorState('dept-10')).actual, '1600');
    const problems = await app.page.$$eval(sel.testid('paste-problem'), (items) => items.map((i) => i.textContent));
    assert.deepEqual(problems, ['第 3 行第 1 列：“abc”不是数字']);
    assert.equal((await app.indicatorState('dept-09')).actual, '490', 'the bad cell changed nothing');
    // One undo step takes the whole paste back.
    await app.testid('undo').click();
    await app.waitForTotal('97.7794');
    assert.equal((await app.indicatorState('dept-08')).actual, '1518');
  }));

test("a reviewer types in the report's scores: the difference and its flag follow, the file keeps them", () =>
  harness.run(async (app) => {
    await app.testid('edit-structure').click();
    const reported = app.node('gl.cost').locator(sel.testid('reported-input'));
    // gl.cost computes 10; a report that printed 9.5 differs by −0.5.
    await reported.fill('9.5');
    await reported.press('Enter');
    await app.waitForAttr(`${sel.node('gl.cost')} ${sel.testid('node-reported')}`, 'data-value', '9.5');
    await app.node('gl.cost').locator(sel.testid('reported-flag')).waitFor();
    const { file, score } = await engineOfPage(app);
    const cost = score.nodes.find((n) => n.id === 'gl.cost');
    assert.equal(cost.reported, '9.5');
    assert.equal(cost.difference, '-0.5');
    assert.ok(score.warnings.some((w) => w.code === 'reported_mismatch' && w.node_id === 'gl.cost'));
    assert.match(JSON.stringify(file), /"reported":"9.5"/);
    // A negative score is refused beside the box, the text kept; a blank one means the report printed none.
    await reported.fill('-1');
    await reported.press('Enter');
    await app.node('gl.cost').getByRole('alert').filter({ hasText: '不能为负数' }).waitFor();
    assert.equal(await reported.inputValue(), '-1');
    assert.equal(await app.node('gl.cost').locator(sel.testid('node-reported')).getAttribute('data-value'), '9.5');
    await reported.fill('');
    await reported.press('Enter');
    await app.waitForAttr(`${sel.node('gl.cost')} ${sel.testid('node-reported')}`, 'data-value', '');
    assert.equal(await app.node('gl.cost').locator(sel.testid('reported-flag')).count(), 0);
  }));

test('a name cleared is refused beside its box, and the row keeps its name', () =>
  harness.run(async (app) => {
    await app.testid('edit-structure').click();
    const name = app.node('gl.cost').locator(sel.testid('name-input'));
    await name.fill('');
    await name.press('Enter');
    await app.node('gl.cost').getByRole('alert').filter({ hasText: '名称不能为空' }).waitFor();
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
    assert.equal(await app.node('gl.cost').locator(sel.testid('node-name')).textContent(), '运行成本');
    await name.fill('运行成本（含公用经费）');
    await name.press('Enter');
    await app.page.waitForFunction(() => document.querySelector('[data-node-id="gl.cost"] [data-testid="node-name"]').textContent === '运行成本（含公用经费）');
    assert.equal(await app.node('gl.cost').getByRole('alert').count(), 0);
  }));

test('grade bands typed in move the grade; bands that cannot be read are kept on screen with why', () =>
  harness.run(async (app) => {
    await app.testid('edit-structure').click();
    const grades = app.testid('grade-bands-input');
    assert.equal(await grades.inputValue(), '优 90, 良 80, 中 60, 差 0');
    await grades.fill('优 98、良 85、中 60、差 0');
    await grades.press('Enter');
    await app.page.waitForFunction(() => document.querySelector('[data-testid="grade"]').textContent === '良');
    const { file, score } = await engineOfPage(app);
    assert.equal(score.total.grade, '良');
    assert.deepEqual(file.meta.grade_bands.map((b) => [b.grade, b.min]), [['优', '98'], ['良', '85'], ['中', '60'], ['差', '0']]);
    // 良 starting above 优: refused, the text stays, the grade does not move.
    await grades.fill('优 90, 良 95');
    await grades.press('Enter');
    await app.testid('meta-controls').getByRole('alert').filter({ hasText: '“良 95”的起点分应低于前一个等级' }).waitFor();
    assert.equal(await grades.getAttribute('aria-invalid'), 'true');
    assert.equal(await grades.inputValue(), '优 90, 良 95');
    assert.equal(await app.testid('grade').textContent(), '良');
    await app.testid('undo').click();
    await app.page.waitForFunction(() => document.querySelector('[data-testid="grade"]').textContent === '优');
  }));

test('the ≤ convention of a list is chosen while editing the structure, and the file keeps it', () =>
  harness.run(async (app) => {
    // dept-28: at most 5 %, 7.5 % reached. target ÷ actual credits 2/3 of its 0.625; linear, 1 − 2.5/5 = 1/2.
    await app.typeActual('dept-28', '7.5');
    await app.waitForBadge('dept-28', 'short');
    const score = () => app.indicatorState('dept-28').then((s) => s.score);
    assert.match(await score(), /^0\.41666/);
    await app.testid('edit-structure').click();
    const select = app.node('lz.dept').locator(sel.testid('at-most-scoring'));
    assert.equal(await select.inputValue(), 'proportional');
    await select.selectOption('linear');
    await app.waitForAttr(`${sel.indicator('dept-28')} ${sel.testid('indicator-score')}`, 'data-value', '0.3125');
    const { file, score: engine } = await engineOfPage(app);
    assert.equal(engine.indicators.find((i) => i.id === 'dept-28').score, '0.3125');
    assert.equal(engine.total.score, (await app.total()).value);
    assert.match(JSON.stringify(file), /"at_most_scoring":"linear"/);
    // Undo brings back the convention, and the select shows it.
    await app.testid('undo').click();
    await app.page.waitForFunction(() => document.querySelector('[data-node-id="lz.dept"] [data-testid="at-most-scoring"]').value === 'proportional');
    assert.match(await score(), /^0\.41666/);
  }));

test('a pasted row from the report takes a target with its sign and unit, and refuses an actual in another unit', () =>
  harness.run(async (app) => {
    // dept-04 is in 万人; dept-05 too, so its actual in 人 is refused.
    await app.paste('dept-04', '≤3.5 万人\t4.94 万人\r\n≥17\t49400 人\r\n');
    await app.testid('notice-pasted').waitFor();
    assert.match(await app.testid('notice-pasted').textContent(), /（目标值、实际值）/);
    const target = app.indicator('dept-04').locator(sel.testid('target'));
    assert.equal(await target.getAttribute('data-value'), '3.5');
    // The box in place shows the row's sign and unit beside the number.
    assert.equal(await target.getByTestId('target-input').inputValue(), '≤3.5万人');
    // 4.94 against at most 3.5 is short of its target.
    await app.waitForBadge('dept-04', 'short');
    const problems = await app.page.$$eval(sel.testid('paste-problem'), (items) => items.map((i) => i.textContent));
    assert.deepEqual(problems, ['第 2 行第 2 列：单位“人”与指标的单位“万人”不同，未填']);
  }));

test('a block whose columns cannot be told apart is not pasted, and a blank reason column is no target', () =>
  harness.run(async (app) => {
    // 分类, 名称, 目标, 实际 (four columns, two of text first): no layout has that.
    await app.paste('dept-01', '产出指标\t新增就业\t≥28\t33.5\r\n产出指标\t再就业\t≥10.5\t12.5\r\n');
    await app.testid('notice-pasted').waitFor();
    assert.equal((await app.testid('notice-pasted').locator('span').first().textContent()).trim(), '已粘贴 0 行。');
    assert.match(await app.testid('paste-problem').first().textContent(), /无法判断各列是什么，未粘贴/);
    assert.equal((await app.total()).value, '97.7794');
    // Actuals beside an empty 偏差原因 column, as Excel copies them: actuals, the targets kept.
    await app.paste('dept-01', '34\t\r\n12.5\t\r\n');
    await app.testid('notice-pasted').filter({ hasText: '（实际值、偏差原因）' }).waitFor();
    assert.equal(await app.indicator('dept-01').locator(sel.testid('target')).getAttribute('data-value'), '28');
    assert.equal((await app.indicatorState('dept-02')).actual, '12.5');
  }));

test('a paste on a qualitative row, whose level is a select, fills it and the rows below', () =>
  harness.run(async (app) => {
    await app.paste('dept-25', '部分达成 70\t活动延期', 'level-input');
    await app.testid('notice-pasted').waitFor();
    assert.match(await app.testid('notice-pasted').textContent(), /（实际值、偏差原因）/);
    await app.page.waitForFunction(() => document.querySelector('[data-indicator-id="dept-25"] [data-testid="level-input"]').value === 'partial');
    assert.equal(await app.indicator('dept-25').locator(sel.testid('percent-input')).inputValue(), '70');
    assert.equal(await app.indicator('dept-25').locator(sel.testid('reason-input')).inputValue(), '活动延期');
  }));

test('copy last year: targets kept, actuals cleared, year moved on', () =>
  harness.run(async (app) => {
    await app.testid('new-from-preset').selectOption('next-year');
    await app.testid('notice-next-year').waitFor();
    await app.waitForTotal('0');
    assert.equal(await app.indicator('dept-07').locator(sel.testid('target')).getAttribute('data-value'), '20');
    assert.equal((await app.indicatorState('dept-07')).actual, '');
    const { file } = await engineOfPage(app);
    assert.equal(file.meta.year, 2024);
    assert.equal(file.meta.title, '2024年度部门整体支出绩效自评');
  }));

test('a new indicator goes below the row asked for, with its category, and its name takes the focus', () =>
  harness.run(async (app) => {
    await app.testid('edit-structure').click();
    await app.indicator('dept-19').getByTestId('insert-below').click();
    // The new row is the one after dept-19, and its name box has the focus: the clerk types its name.
    const next = await app.page.evaluate(() => {
      const rows = [...document.querySelectorAll('[data-testid="indicator"]')].map((r) => r.dataset.indicatorId);
      return rows[rows.indexOf('dept-19') + 1];
    });
    assert.match(next, /^ind-/);
    await app.page.waitForFunction(
      (id) => document.activeElement?.closest('[data-testid="indicator"]')?.dataset.indicatorId === id,
      next,
    );
    await app.page.keyboard.type('新增的质量指标');
    await app.page.keyboard.press('Enter');
    await app.indicator(next).getByTestId('indicator-name').filter({ hasText: '新增的质量指标' }).waitFor();
    assert.equal(await app.indicator(next).getByTestId('category-input').inputValue(), '产出指标/质量指标');
  }));

test('the heading’s boxes keep their own undo, and a refused year is shown where it is, not in the structure mode', () =>
  harness.run(async (app) => {
    await app.testid('new-from-preset').selectOption('project-national-example');
    await app.waitForTotal('96.75');
    await app.typeActual('output-02', '3.2');
    await app.actualInput('output-02').press('Enter');
    const edited = (await app.total()).value;
    assert.notEqual(edited, '96.75');
    // Typing in 实施单位, Ctrl+Z undoes the typing, not the actual entered before (QA: it did).
    const unit = app.testid('executing-unit-input');
    const before = await unit.inputValue();
    await unit.click();
    await unit.press('End');
    await unit.pressSequentially('X');
    assert.equal(await unit.inputValue(), `${before}X`);
    await app.page.keyboard.press('ControlOrMeta+Z');
    assert.equal(await unit.inputValue(), before);
    assert.equal((await app.total()).value, edited);
    // A year the box refuses: saving says so and takes the user to it, above the table.
    const year = app.testid('year-input');
    await year.fill('二〇二四');
    await year.press('Tab');
    await app.testid('save-file').click();
    await app.testid('notice-invalid-input').waitFor();
    assert.equal(await app.testid('edit-structure').getAttribute('aria-pressed'), 'false');
    assert.equal(await app.testid('meta-controls').count(), 0);
    await app.page.waitForFunction(() => document.activeElement?.dataset.testid === 'year-input');
  }));
