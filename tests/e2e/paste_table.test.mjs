// A whole 自评表 pasted (issue 18): selected whole in Excel/WPS and copied, pasted into any cell, it is
// read by the workbook's reader in the import worker and shown in the import's preview (粘贴的表格,
// each row with its pasted cell) before anything replaces the work; 取消 leaves the work, 导入 replaces
// it in one undo step. The clipboard text is written here as Excel writes it; `jixiao score` on the
// saved file is the oracle for the figures.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useHarness, test, engineScore, tempDir, withoutImportWorker } from './lib/app.mjs';

const harness = useHarness();

/** Rows of cells as Excel's clipboard text: quoted where a cell holds a tab, line break or quote. */
const excelCopy = (rows) =>
  rows
    .map((r) => r.map((c) => (/[\t\n\r"]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join('\t') + '\r\n')
    .join('');

// A small table: the title, the project, a funds block, three rows under a merged 一级 cell (its value
// only in its first row), a reason with a line break, 总分.
const TABLE = excelCopy([
  ['2024年度项目支出绩效自评表', '', '', '', '', '', '', ''],
  ['项目名称', '职业技能培训补贴', '', '', '', '', '', ''],
  ['项目资金（万元）', '', '年初预算数', '全年预算数', '全年执行数', '分值', '得分', ''],
  ['', '年度资金总额', '100', '100', '100', '10', '10', ''],
  ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'],
  ['产出指标', '数量指标', '培训人数', '≥100人', '90人', '30', '27', '报名不足，\n下年提前宣传。'],
  ['', '质量指标', '培训合格率', '≥95%', '96%', '30', '30', ''],
  ['满意度指标', '服务对象满意度', '学员满意度', '≥90%', '92%', '30', '30', ''],
  ['总分', '', '', '', '', '100', '97', ''],
]);

async function pasteInto(app, indicatorId, text) {
  await app.paste(indicatorId, text);
  const preview = app.testid('import-preview');
  await preview.waitFor();
  return preview;
}

test('a whole table pasted into a cell is previewed, cancelled untouched, then imported in one undo step', () =>
  harness.run(async (app) => {
    await app.waitForTotal('97.7794');
    const actual = await app.indicator('dept-07').getByTestId('actual-input').inputValue();

    let preview = await pasteInto(app, 'dept-07', TABLE);
    assert.equal((await preview.locator('h2').innerText()).trim(), '粘贴的表格');
    const rows = await preview.getByTestId('import-row').evaluateAll((rows) =>
      rows.map((r) => [r.dataset.cell, r.querySelector('td:last-child').textContent]),
    );
    assert.deepEqual(rows, [
      ['粘贴!B4', '预算执行'],
      ['粘贴!C6', '培训人数'],
      ['粘贴!C7', '培训合格率'],
      ['粘贴!C8', '学员满意度'],
    ]);
    // The blank 一级 cell under the merged 产出指标 was taken from the row above, and said.
    assert.equal(await preview.locator('[data-testid="import-assumed"][data-place="粘贴!A7"]').count(), 1);
    await app.testid('import-cancel').click();
    await preview.waitFor({ state: 'detached' });
    // Nothing was pasted into the cell, and the work is as it was.
    assert.equal(await app.indicator('dept-07').getByTestId('actual-input').inputValue(), actual);
    await app.waitForTotal('97.7794');

    preview = await pasteInto(app, 'dept-07', TABLE);
    const computed = await preview.getByTestId('import-total-computed').getAttribute('data-value');
    await app.testid('import-accept').click();
    await preview.waitFor({ state: 'detached' });
    await app.waitForTotal(computed);
    assert.match(await app.testid('doc-name').innerText(), /职业技能培训补贴/);
    const dir = tempDir();
    try {
      const saved = await app.save(dir);
      const engine = engineScore(saved.file);
      assert.equal(engine.total.score, computed);
      assert.equal(engine.total.score, '97');
      const file = JSON.parse(fs.readFileSync(saved.file, 'utf8'));
      const rows = file.root.children.flatMap((n) => n.rule.indicators ?? []);
      assert.deepEqual(
        rows.map((r) => [r.name, r.category]),
        [
          ['培训人数', '产出指标/数量指标'],
          ['培训合格率', '产出指标/质量指标'],
          ['学员满意度', '满意度指标/服务对象满意度'],
        ],
      );
      assert.equal(rows[0].deviation_reason, '报名不足，\n下年提前宣传。');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // One undo step brings the sample back.
    await app.testid('undo').click();
    await app.waitForTotal('97.7794');
  }));

test('rows pasted with their header but no form around them are the cells\' paste, not an import', () =>
  harness.run(async (app) => {
    await app.waitForTotal('97.7794');
    await app.paste('dept-07', '实际完成值\r\n13\r\n');
    await app.testid('notice-pasted').waitFor();
    assert.equal(await app.testid('import-preview').count(), 0);
    assert.equal(await app.indicator('dept-07').getByTestId('actual-input').inputValue(), '13');
  }));

test('in English the preview is the pasted table\'s', () =>
  harness.run(async (app) => {
    await app.waitForTotal('97.7794');
    await app.testid('lang').click();
    const preview = await pasteInto(app, 'dept-07', TABLE);
    assert.equal((await preview.locator('h2').innerText()).trim(), 'Pasted table');
    await app.page.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });
  }));

test('a whole table pasted where the worker cannot start says how else to paste it, and the work stays', async () => {
  // The release build without the worker's wasm: the loader's failure reaches the page as an error.
  await withoutImportWorker(async (app) => {
    await app.waitForTotal('97.7794');
    const actual = await app.indicator('dept-07').getByTestId('actual-input').inputValue();
    await app.paste('dept-07', TABLE);
    await app.testid('notice-workbook').waitFor();
    assert.match(await app.testid('notice-workbook').innerText(), /整张自评表.*只选中指标行/s);
    assert.equal(await app.testid('import-reading').count(), 0, 'not left reading');
    assert.equal(await app.indicator('dept-07').getByTestId('actual-input').inputValue(), actual);
    await app.waitForTotal('97.7794');
  });
});
