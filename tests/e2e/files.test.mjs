// Files: save and open again, a broken file, a dropped file.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useHarness, test, engineScore, presetJson, presetObject, tempDir, sel } from './lib/app.mjs';

const harness = useHarness();

test('save, then open the saved file in a fresh browser, gives the same scores', async () => {
  const dir = tempDir();
  try {
    let saved;
    let expected;
    await harness.run(async (app) => {
      await app.typeActual('dept-07', '17');
      await app.waitForBadge('dept-07', 'short');
      await app.waitForAttr(`${sel.indicator('dept-07')} ${sel.testid('ratio')}`, 'data-value', '0.85');
      // An edit of another kind too: a pass/fail item.
      await app.node('gl.procurement.contract-filing').getByTestId('pass-fail').selectOption('pass');
      await app.waitForNodeScore('gl', '49');
      const total = await app.total();
      expected = { total, nodes: await app.nodeScores(), indicators: await indicatorScores(app) };
      assert.equal(await app.testid('dirty').count(), 1);

      saved = await app.save(dir);
      assert.equal(saved.failure, null);
      // Named by year, unit and title: the same name whatever the total.
      assert.equal(saved.name, '2023-广州市人力资源和社会保障局-部门整体支出绩效自评.json');
      await app.testid('notice-saved').waitFor();
      assert.match(await app.testid('notice-saved').textContent(), new RegExp(saved.name.replace(/\./g, '\\.')));
      await app.testid('dirty').waitFor({ state: 'detached' });
    });

    // The file itself scores the same in the engine.
    const engine = engineScore(saved.file);
    assert.equal(engine.total.score, expected.total.value);
    assert.deepEqual(Object.fromEntries(engine.nodes.map((n) => [n.id, n.score])), expected.nodes);

    await harness.run(async (app) => {
      // A fresh context: the sample, no autosave.
      await app.waitForTotal('97.7794');
      assert.equal(await app.testid('notice-restored').count(), 0);
      await app.openFile(saved.file);
      await app.testid('notice-opened').waitFor();
      assert.match(await app.testid('notice-opened').textContent(), /部门整体支出绩效自评\.json/);
      await app.waitForTotal(expected.total.value);
      assert.deepEqual(await app.total(), expected.total);
      assert.deepEqual(await app.nodeScores(), expected.nodes);
      assert.deepEqual(await indicatorScores(app), expected.indicators);
      assert.equal(await app.actualInput('dept-07').inputValue(), '17');
      assert.equal(await app.node('gl.procurement.contract-filing').getByTestId('pass-fail').inputValue(), 'pass');
      assert.equal(await app.testid('dirty').count(), 0);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a broken file shows its problems and leaves the table as it was', () =>
  harness.run(async (app) => {
    // An edit first: a failed open must not undo it either.
    await app.typeActual('dept-07', '20');
    await app.waitForTotal('97.99815');
    const before = { total: await app.total(), nodes: await app.nodeScores(), indicators: await indicatorScores(app) };

    const text = presetJson('seed-2023');
    await app.openFile({ name: 'truncated.json', mimeType: 'application/json', buffer: Buffer.from(text.slice(0, 2000)) });
    const panel = app.testid('load-error');
    await panel.waitFor({ state: 'visible' });
    assert.match(await panel.textContent(), /truncated\.json/);
    const problems = panel.getByTestId('load-problem');
    assert.deepEqual(await problems.evaluateAll((items) => items.map((i) => i.dataset.code)), ['truncated']);
    // It says where: the line and column of the cut.
    assert.match(await problems.first().textContent(), /第 \d+ 行第 \d+ 列/);
    await assertUnchanged(app, before);

    const bad = presetObject('seed-2023');
    bad.root.children[0].points = 'abc';
    await app.openFile({ name: 'bad-number.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    await panel.locator('h2', { hasText: 'bad-number.json' }).waitFor();
    assert.deepEqual(await problems.evaluateAll((items) => items.map((i) => i.dataset.code)), ['not_a_number']);
    const message = await problems.first().textContent();
    assert.match(message, /root\.children\[0\]\.points/);
    assert.match(message, /abc/);
    await assertUnchanged(app, before);

    // A file over the 16 MiB limit is refused before it is read (made in the page, dropped).
    const huge = await app.page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(16 * 1024 * 1024 + 1)], 'huge.json', { type: 'application/json' }));
      return transfer;
    });
    await app.testid('page').dispatchEvent('drop', { dataTransfer: huge });
    await panel.locator('h2', { hasText: 'huge.json' }).waitFor();
    assert.deepEqual(await problems.evaluateAll((items) => items.map((i) => i.dataset.code)), ['too_large']);
    await assertUnchanged(app, before);
    assert.equal(await app.testid('notice-opened').count(), 0);

    // The panel can be dismissed; the work is still there.
    await panel.getByRole('button').click();
    await panel.waitFor({ state: 'detached' });
    await assertUnchanged(app, before);
  }));

test('opening a file over unsaved work says who and what it is, and asks first', () =>
  harness.run(async (app) => {
    await app.typeActual('dept-07', '20');
    await app.waitForTotal('97.99815');
    const before = { total: await app.total(), nodes: await app.nodeScores(), indicators: await indicatorScores(app) };
    const file = { name: 'project-blank.json', mimeType: 'application/json', buffer: Buffer.from(presetJson('project-blank')) };

    app.confirmAnswer = false;
    await app.openFile(file);
    // The question names the file's title, its indicators and the total it computes.
    await waitForDialogs(app, 1);
    assert.deepEqual(app.dialogs, ['confirm']);
    assert.match(app.dialogMessages[0], /项目支出绩效自评 · 7 个指标 · 计算总分 0\.000（差）/);
    await assertUnchanged(app, before);
    assert.equal(await app.testid('dirty').count(), 1);

    // The same through a drop.
    const dataTransfer = await app.page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
      return transfer;
    }, presetJson('project-blank'));
    await app.testid('page').dispatchEvent('drop', { dataTransfer });
    await waitForDialogs(app, 2);
    await assertUnchanged(app, before);

    // A broken file is refused without asking: nothing would be replaced.
    await app.openFile({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format":') });
    await app.testid('load-error').waitFor();
    assert.equal(app.dialogs.length, 2);

    app.confirmAnswer = true;
    await app.openFile(file);
    await app.testid('notice-opened').waitFor();
    await app.waitForTotal('0');
    assert.deepEqual(app.dialogs, ['confirm', 'confirm', 'confirm']);
  }));

async function waitForDialogs(app, count) {
  const deadline = Date.now() + 10_000;
  while (app.dialogs.length < count) {
    if (Date.now() > deadline) assert.fail(`expected ${count} dialogs, saw ${app.dialogs.length}`);
    // Let the page read the file and ask: wait on the page's next animation frame, not a timer.
    await app.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
  }
}

test('a dropped file opens', () =>
  harness.run(async (app) => {
    const json = presetJson('project-blank');
    const dataTransfer = await app.page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'project-blank.json', { type: 'application/json' }));
      return transfer;
    }, json);
    const page = app.testid('page');
    await page.dispatchEvent('dragover', { dataTransfer });
    await app.page.locator('.drop-overlay').waitFor();
    await page.dispatchEvent('drop', { dataTransfer });

    await app.testid('notice-opened').waitFor();
    assert.match(await app.testid('notice-opened').textContent(), /project-blank\.json/);
    await app.waitForTotal('0');
    assert.equal(await app.page.locator('.drop-overlay').count(), 0);
    const engine = projectBlankScore();
    assert.deepEqual(await app.nodeIds(), engine.nodes.map((n) => n.id));
    assert.deepEqual(await app.indicatorIds(), engine.indicators.map((i) => i.id));
  }));

test('a cell that is not a number stops save and export, and the notice shows where', () =>
  harness.run(async (app) => {
    await app.typeActual('dept-07', '20');
    await app.waitForTotal('97.99815');
    // Entered (Enter goes on down the column), then back in the cell: "2O" with the letter O. The cell
    // keeps the text and its error; the evaluation keeps the 20 entered before.
    await app.actualInput('dept-07').press('Enter');
    await app.typeActual('dept-07', '2O');
    await app.indicator('dept-07').locator(sel.testid('cell-error')).waitFor();
    const downloads = [];
    app.page.on('download', (d) => downloads.push(d.suggestedFilename()));
    for (const button of ['save-file', 'export-csv', 'export-xlsx']) {
      await app.testid(button).click();
      const notice = app.testid('notice-invalid-input');
      await notice.waitFor();
      assert.match(await notice.textContent(), /1 处输入不是有效数字.*“2O”/);
      // The cell to correct has the focus.
      await app.page.waitForFunction(() => document.activeElement?.closest('[data-indicator-id]')?.dataset.indicatorId === 'dept-07');
    }
    // Nothing was written (a download would have been caught by now), and the work still counts as unsaved.
    await app.page.waitForTimeout(300);
    assert.deepEqual(downloads, []);
    assert.equal(await app.testid('dirty').count(), 1);
    // Corrected, it saves.
    await app.typeActual('dept-07', '20');
    const dir = tempDir();
    try {
      const saved = await app.save(dir);
      assert.equal(engineScore(saved.file).total.score, '97.99815');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }));

test('a capped total is the total row’s score too, and the lost points list what the cap took', () =>
  harness.run(async (app) => {
    // The seed with a cap its 99.983 % execution rate falls under: at most 90.
    const capped = presetObject('seed-2023');
    capped.meta.total_caps = { rate_node: 'lz.exec', caps: [{ below: '100', cap: '90' }] };
    await app.openFile({ name: 'capped.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(capped)) });
    await app.waitForTotal('90');
    const dir = tempDir();
    try {
      const file = path.join(dir, 'capped.json');
      fs.writeFileSync(file, JSON.stringify(capped));
      assert.equal(engineScore(file).total.score, '90');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(await app.nodeScore('total'), '90');
    assert.equal(await app.node('total').getByTestId('node-lost').getAttribute('data-value'), '10');
    const lost = await app.page.$$eval(sel.testid('lost-item'), (items) => items.map((i) => [i.dataset.nodeId, i.dataset.value]));
    assert.deepEqual(lost[0], ['total', '7.7794']);
    assert.equal(lost.reduce((sum, [, value]) => sum + Number(value), 0).toFixed(4), '10.0000');
  }));

function projectBlankScore() {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'project-blank.json');
    fs.writeFileSync(file, presetJson('project-blank'));
    return engineScore(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function indicatorScores(app) {
  return Object.fromEntries(
    await app.page.$$eval(sel.testid('indicator'), (rows) =>
      rows.map((row) => [row.dataset.indicatorId, row.querySelector('[data-testid="indicator-score"]').dataset.value]),
    ),
  );
}

async function assertUnchanged(app, before) {
  assert.deepEqual(await app.total(), before.total);
  assert.deepEqual(await app.nodeScores(), before.nodes);
  assert.deepEqual(await indicatorScores(app), before.indicators);
  assert.equal(await app.actualInput('dept-07').inputValue(), '20');
}

test('a workbook opened is read as one (not as a broken evaluation file), and the work stays as it was', () =>
  harness.run(async (app) => {
    await app.waitForTotal('97.7794');
    // A zip's first bytes, as any .xlsx starts, and nothing more: the import refuses it as damaged
    // (tests/e2e/import.test.mjs has the workbooks that read; the single file says it cannot read any).
    const workbook = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(60)]);
    await app.openFile({ name: '2023年项目自评表.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: workbook });
    const notice = app.testid('notice-import-error');
    await notice.waitFor();
    assert.match(await notice.innerText(), /2023年项目自评表\.xlsx.*工作簿/s);
    assert.equal(await app.testid('load-error').count(), 0, 'not a broken evaluation file');
    assert.equal((await app.total()).value, '97.7794');
  }));

