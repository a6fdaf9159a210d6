// Workbooks in the app (issue #19): a workbook dropped or opened is read by the import worker and shown
// before anything replaces the work (each row with its cell, what was not read, what was assumed, the
// computed total beside the printed one); 导入 replaces the work and undo brings it back; 取消 leaves
// it; a bad workbook gives its message naming the file and the work stays. The workbooks are written
// by rust_xlsxwriter (examples/workbook_fixtures.rs), never by our export; the engine's CLI, reading the
// same workbook, is the oracle for the figures.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after } from 'node:test';
import { useHarness, test, jixiao, tempDir, ROOT, sel, withoutImportWorker } from './lib/app.mjs';

const harness = useHarness();

const FIXTURES = tempDir();
after(() => fs.rmSync(FIXTURES, { recursive: true, force: true }));
execFileSync('cargo', ['run', '--quiet', '--example', 'workbook_fixtures', '--', FIXTURES], {
  cwd: ROOT,
  stdio: ['ignore', 'ignore', 'inherit'],
  timeout: 600_000,
});
const TABLE = path.join(FIXTURES, '项目自评表.xlsx');
const BAD = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'bad/manifest.json'), 'utf8'));
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The engine's reading of the workbook: its scores, and its notes (`jixiao import` on stderr). */
const engine = JSON.parse(jixiao('score', TABLE));

/** Drops a file on the page, as a person drags it from a folder. */
async function drop(app, name, buffer) {
  const transfer = await app.page.evaluateHandle(
    ([name, bytes]) => {
      const t = new DataTransfer();
      t.items.add(new File([new Uint8Array(bytes)], name));
      return t;
    },
    [name, [...buffer]],
  );
  await app.testid('page').dispatchEvent('drop', { dataTransfer: transfer });
  await transfer.dispose();
}

/** What the screen shows of the work: a refused or cancelled import must leave all of it. */
async function snapshot(app) {
  return app.page.evaluate(() => ({
    total: document.querySelector('[data-testid="total-computed"]').dataset.value,
    indicators: [...document.querySelectorAll('[data-testid="indicator"]')].map(
      (r) => `${r.dataset.indicatorId}=${r.querySelector('[data-testid="indicator-score"]').dataset.value}:${r.querySelector('[data-testid="actual-input"]')?.value ?? ''}`,
    ),
    dirty: document.querySelectorAll('[data-testid="dirty"]').length,
    // What the Δ is measured against: an undone import leaves no Δ against the workbook.
    delta: document.querySelector('[data-testid="delta-total"]')?.dataset.value ?? null,
  }));
}

test('a dropped workbook is shown as read, imported on 导入 with its flags, and undo brings the work back', () =>
  harness.run(async (app) => {
    await app.waitForTotal('97.7794');
    await app.typeActual('dept-07', '17');
    await app.waitForBadge('dept-07', 'short');
    const before = await snapshot(app);

    await drop(app, '项目自评表.xlsx', fs.readFileSync(TABLE));
    const preview = app.testid('import-preview');
    await preview.waitFor();
    assert.match(await preview.locator('h2').innerText(), /项目自评表\.xlsx.*工作表 自评表/s);

    // Every row with the cell it came from: the funds block, then the indicators in order.
    const rows = await preview.getByTestId('import-row').evaluateAll((rows) =>
      rows.map((r) => [r.dataset.cell, r.querySelector('td:last-child').textContent]),
    );
    assert.deepEqual(rows, [
      ['自评表!B6', '预算执行'],
      ['自评表!D8', '服务老人人数'],
      ['自评表!D9', '服务质量抽查合格率'],
      ['自评表!D10', '补助发放完成时间'],
      ['自评表!D12', '受益老人覆盖率'],
      ['自评表!D13', '老人满意度'],
    ]);
    // The blank spacer row, and what "≥1200人" made the import decide.
    const skipped = await preview.getByTestId('import-skipped').evaluateAll((n) => n.map((x) => [x.dataset.place, x.textContent]));
    assert.ok(skipped.some(([place, text]) => place === '自评表!11' && text.includes('空行')), JSON.stringify(skipped));
    const assumed = await preview.getByTestId('import-assumed').evaluateAll((n) => n.map((x) => [x.dataset.place, x.textContent]));
    assert.ok(assumed.some(([place, text]) => place === '自评表!E8' && text.includes('方向 ≥')), JSON.stringify(assumed));
    assert.ok(assumed.some(([place, text]) => place === '自评表!E8' && text.includes('人')), JSON.stringify(assumed));

    // The total computed by the engine beside the one printed: they disagree (20 printed for 1,100 of 1,200).
    const computed = (await app.valueOf(preview.getByTestId('import-total-computed'))).value;
    assert.equal(computed, engine.total.score);
    assert.equal((await app.valueOf(preview.getByTestId('import-total-printed'))).value, '99.6');
    assert.notEqual(computed, '99.6');
    assert.equal(await preview.getByTestId('import-total-verdict').getAttribute('data-differs'), 'true');

    // Nothing replaced yet.
    assert.deepEqual(await snapshot(app), before);

    await preview.getByTestId('import-accept').click();
    await preview.waitFor({ state: 'detached' });
    await app.testid('notice-opened').waitFor();
    assert.match(await app.testid('notice-opened').textContent(), /项目自评表\.xlsx/);
    await app.waitForTotal(engine.total.score);
    assert.equal((await app.valueOf(app.testid('total-reported'))).value, '99.6');
    // Each row scored as the engine scores it, and the row whose printed score disagrees says so.
    const scores = await app.page.$$eval(sel.testid('indicator'), (rows) =>
      rows.map((r) => [r.querySelector('[data-testid="indicator-score"]').dataset.value, r.querySelector('[data-testid="indicator-reported"]')?.dataset.value]),
    );
    assert.equal(scores.length, 5);
    const people = app.page.locator(sel.testid('indicator'), { hasText: '服务老人人数' });
    const reported = people.getByTestId('indicator-reported');
    assert.equal((await app.valueOf(reported)).value, '20');
    assert.match(await reported.getAttribute('class'), /score-table__reported--differs/);
    const others = app.page.locator(`${sel.testid('indicator')}:not(:has-text("服务老人人数")) .score-table__reported--differs`);
    assert.equal(await others.count(), 0, 'only the row that disagrees is flagged');
    assert.equal(await app.testid('dirty').count(), 1, 'an imported workbook is unsaved work');

    // Undo brings back the work that was there, edit and all.
    await app.testid('undo').click();
    await app.waitForTotal(before.total);
    assert.deepEqual(await snapshot(app), before);
    assert.equal(await app.actualInput('dept-07').inputValue(), '17');
    assert.equal(await app.testid('notice-opened').count(), 0, 'no notice names the workbook undone');
  }));

test('取消 leaves the work as it was; the workbook can be opened through the file picker too', () =>
  harness.run(async (app) => {
    await app.waitForTotal('97.7794');
    const before = await snapshot(app);
    await app.openFile({ name: '项目自评表.xlsx', mimeType: XLSX, buffer: fs.readFileSync(TABLE) });
    const preview = app.testid('import-preview');
    await preview.waitFor();
    await preview.getByTestId('import-cancel').click();
    await preview.waitFor({ state: 'detached' });
    assert.deepEqual(await snapshot(app), before);
    assert.equal(await app.testid('notice-opened').count(), 0);
    // The worker is already running: a second workbook is read by it again.
    await app.openFile({ name: '再次.xlsx', mimeType: XLSX, buffer: fs.readFileSync(TABLE) });
    await preview.waitFor();
    assert.match(await preview.locator('h2').innerText(), /再次\.xlsx/);
    // A dialog's keys: the focus is on 导入, and Escape cancels.
    await app.page.waitForFunction(() => document.activeElement?.dataset.testid === 'import-accept');
    await app.page.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });
    assert.deepEqual(await snapshot(app), before);
  }));

test('the preview keeps the focus while open and gives it back on close: to the cell typed in on 取消 or Escape, to 打开文件 once 导入 replaced it', () =>
  harness.run(async (app) => {
    await app.waitForTotal('97.7794');
    await app.typeActual('dept-07', '17');
    const focusedOn = (testid, indicatorId) =>
      app.page.waitForFunction(
        ([testid, indicatorId]) => {
          const el = document.activeElement;
          if (el?.dataset.testid !== testid) return false;
          return !indicatorId || el.closest('[data-testid="indicator"]')?.dataset.indicatorId === indicatorId;
        },
        [testid, indicatorId],
      );
    const preview = app.testid('import-preview');
    const table = fs.readFileSync(TABLE);

    // The open button says a workbook opens too, as it does.
    assert.match(await app.page.locator('label:has([data-testid="open-file"])').getAttribute('title'), /\.xlsx/);

    await drop(app, '项目自评表.xlsx', table);
    await preview.waitFor();
    await focusedOn('import-accept');
    await preview.getByTestId('import-cancel').click();
    await preview.waitFor({ state: 'detached' });
    await focusedOn('actual-input', 'dept-07');

    // A modal dialog: Tab and Shift+Tab go round inside it, never to the work behind it.
    await drop(app, '项目自评表.xlsx', table);
    await focusedOn('import-accept');
    const outside = [];
    for (const key of [...Array(8).fill('Tab'), ...Array(8).fill('Shift+Tab')]) {
      await app.page.keyboard.press(key);
      const where = await app.page.evaluate(() => {
        const el = document.activeElement;
        return el?.closest('[data-testid="import-preview"]') ? null : `${el?.tagName}[${el?.dataset.testid ?? ''}]`;
      });
      if (where) outside.push(`${key} → ${where}`);
    }
    assert.deepEqual(outside, [], 'the focus left the dialog');
    // Nor does a click beside it reach the work behind it (the table's left edge, mid-screen).
    const beside = await app.page.evaluate(() => {
      const hit = document.elementFromPoint(24, innerHeight / 2);
      return hit?.dataset.testid ?? `${hit?.tagName}.${hit?.className}`;
    });
    assert.equal(beside, 'import-backdrop');
    await app.page.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });
    await focusedOn('actual-input', 'dept-07');

    // 导入 replaces the table the cell was in: the focus goes to the way the workbook came in.
    await drop(app, '项目自评表.xlsx', table);
    await focusedOn('import-accept');
    await app.page.keyboard.press('Enter');
    await preview.waitFor({ state: 'detached' });
    await app.waitForTotal(engine.total.score);
    await focusedOn('open-file');
  }));

test('bad workbooks: each gives its message naming the file, and the work stays as it was', () =>
  harness.run(async (app) => {
    await app.waitForTotal('97.7794');
    await app.typeActual('dept-07', '17');
    await app.waitForBadge('dept-07', 'short');
    const before = await snapshot(app);
    const failures = [];
    for (const { file, code } of BAD) {
      await app.openFile({ name: file, mimeType: XLSX, buffer: fs.readFileSync(path.join(FIXTURES, 'bad', file)) });
      const error = app.page.locator(sel.testid('notice-import-error'), { hasText: file });
      await error.waitFor();
      const shown = await error.getAttribute('data-code');
      const text = await error.innerText();
      if (shown !== code) failures.push(`${file}: code ${shown}, not ${code}`);
      if (!text.includes(`${file}：`)) failures.push(`${file}: “${text}” does not name the file`);
      if (!text.includes('当前的工作没有改动')) failures.push(`${file}: “${text}” does not say the work is unchanged`);
      if (JSON.stringify(await snapshot(app)) !== JSON.stringify(before)) failures.push(`${file}: the work changed`);
    }
    assert.deepEqual(failures, [], failures.join('\n'));
    assert.equal(await app.testid('import-preview').count(), 0);
    assert.equal(await app.testid('load-error').count(), 0, 'a bad workbook is not a broken evaluation file');
    // In English too, from the engine's own message.
    await app.testid('lang').click();
    const { file } = BAD[0];
    await app.openFile({ name: `en-${file}`, mimeType: XLSX, buffer: fs.readFileSync(path.join(FIXTURES, 'bad', file)) });
    const error = app.page.locator(sel.testid('notice-import-error'), { hasText: `en-${file}: ` });
    await error.waitFor();
    assert.match(await error.innerText(), /not an Excel\/WPS workbook.*Your work is unchanged/s);
    await error.getByRole('button').click();
    await error.waitFor({ state: 'detached' });
  }));

test('a served page whose worker cannot start says so at once, not reading forever, and the work stays', async () => {
  // The release build without the worker's wasm: the loader's failure reaches the page as an error.
  await withoutImportWorker(async (app) => {
    await app.waitForTotal('97.7794');
    const before = await snapshot(app);
    await app.openFile({ name: '项目自评表.xlsx', mimeType: XLSX, buffer: fs.readFileSync(TABLE) });
    await app.testid('notice-workbook').waitFor();
    assert.match(await app.testid('notice-workbook').innerText(), /项目自评表\.xlsx/);
    assert.equal(await app.testid('import-reading').count(), 0, 'not left reading');
    assert.deepEqual(await snapshot(app), before);
  });
});

test('an imported workbook is unsaved work the autosave keeps: a reload restores it; in English the preview speaks English', () =>
  harness.run(async (app) => {
    await app.waitForTotal('97.7794');
    await app.testid('lang').click();
    await drop(app, '项目自评表.xlsx', fs.readFileSync(TABLE));
    const preview = app.testid('import-preview');
    await preview.waitFor();
    assert.match(await preview.locator('h2').innerText(), /^Import a workbook: 项目自评表\.xlsx/);
    assert.match(await preview.getByTestId('import-total-computed').locator('..').innerText(), /Excellent/);
    const blank = preview.getByTestId('import-skipped').filter({ hasText: '自评表!11' });
    assert.match(await blank.innerText(), /blank row/);
    await preview.getByTestId('import-accept').click();
    await app.waitForTotal(engine.total.score);
    await app.reload();
    await app.testid('notice-restored').waitFor();
    await app.waitForTotal(engine.total.score);
    assert.equal(await app.testid('indicator').count(), 5);
  }));

test('a workbook imported over the untouched sample, saved and undone, leaves nothing unsaved', () =>
  harness.run(async (app) => {
    await app.waitForTotal('97.7794');
    assert.equal(await app.testid('dirty').count(), 0);
    await app.openFile({ name: '项目自评表.xlsx', mimeType: XLSX, buffer: fs.readFileSync(TABLE) });
    await app.testid('import-accept').click();
    await app.waitForTotal(engine.total.score);
    assert.equal(await app.testid('dirty').count(), 1, 'an imported workbook is unsaved work');
    const dir = tempDir();
    try {
      await app.save(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await app.testid('dirty').waitFor({ state: 'detached' });
    await app.testid('undo').click();
    await app.waitForTotal('97.7794');
    // Back to the sample as it was loaded: as clean as an edit undone back to it; the workbook,
    // redone, as it was saved.
    await app.settle();
    assert.equal(await app.testid('dirty').count(), 0);
    await app.testid('redo').click();
    await app.waitForTotal(engine.total.score);
    await app.settle();
    assert.equal(await app.testid('dirty').count(), 0);
  }));
