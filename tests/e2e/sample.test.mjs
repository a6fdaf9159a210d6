// The built-in sample: its figures on open, and live rescoring as the user types, checked against
// the engine's own CLI.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useHarness, test, engineScore, presetObject, tempDir, sel } from './lib/app.mjs';

const harness = useHarness();

test('the sample opens with the seed figures', () =>
  harness.run(async (app) => {
    assert.deepEqual(await app.total(), { value: '97.7794', text: '97.779' });
    assert.deepEqual(await app.valueOf(app.testid('total-reported')), { value: '97.998', text: '97.998' });
    assert.equal(await app.testid('total-difference').getAttribute('data-value'), '0.2186');
    assert.equal((await app.testid('grade').textContent()).trim(), '优');

    assert.equal(await app.nodeScore('lz.exec'), '4.99915');
    assert.equal((await app.node('lz.exec').getByTestId('node-score').textContent()).trim(), '4.99915');
    assert.equal(await app.nodeScore('lz.fund-exec'), '4.999');
    assert.equal(await app.nodeScore('gl'), '48');
    // A group's reported score reads as its computed one beside it: to the display places.
    assert.equal((await app.node('gl').getByTestId('node-reported').textContent()).trim(), '48.000');
    assert.equal((await app.node('gl').getByTestId('node-score').textContent()).trim(), '48.000');
    assert.equal(await app.nodeScore('lz.fund'), '20');

    // 部门整体绩效完成情况: computed 19.78125 against the reported 20, and flagged.
    const dept = app.node('lz.dept');
    assert.equal(await app.nodeScore('lz.dept'), '19.78125');
    assert.equal(await dept.getByTestId('node-reported').getAttribute('data-value'), '20');
    assert.equal(await dept.getByTestId('reported-flag').count(), 1);
    assert.equal(await dept.getByTestId('node-lost').getAttribute('data-value'), '0.21875');
    // Nodes whose computed score matches the report carry no flag.
    assert.equal(await app.node('lz.exec').getByTestId('reported-flag').count(), 0);
    assert.equal(await app.node('gl').getByTestId('reported-flag').count(), 0);

    // The indicator that explains the gap.
    const dept07 = await app.indicatorState('dept-07');
    assert.equal(dept07.badge, 'short');
    assert.equal(dept07.ratio, '0.65');
    assert.equal(dept07.actual, '13');
    assert.equal(await app.badgeCount('short'), 1);

    // 32 + 15 + 7 indicators, the subtotals of the two sections, and the month grid.
    assert.equal(await app.testid('indicator').count(), 32 + 15 + 7);
    assert.equal(await app.page.locator(`${sel.testid('indicator')}[data-indicator-id^="dept-"]`).count(), 32);
    assert.equal(await app.page.locator(`${sel.testid('indicator')}[data-indicator-id^="fund-out-"]`).count(), 15);
    assert.equal(await app.page.locator(`${sel.testid('indicator')}[data-indicator-id^="fund-eff-"]`).count(), 7);
    assert.equal(await app.page.locator(`${sel.testid('subtotal')}[data-node-id="lz"]`).getAttribute('data-value'), '49.7794');
    assert.equal(await app.page.locator(`${sel.testid('subtotal')}[data-node-id="gl"]`).getAttribute('data-value'), '48');
    assert.equal(await app.page.locator(`${sel.testid('months')}[data-node-id="lz.exec"] ${sel.testid('month-rate')}`).count(), 10);
    assert.equal(await app.testid('notice-restored').count(), 0);
  }));

test('the sample matches the engine node for node', () =>
  harness.run(async (app) => {
    const dir = tempDir();
    try {
      const file = path.join(dir, 'seed.json');
      fs.writeFileSync(file, JSON.stringify(presetObject('seed-2023')));
      const engine = engineScore(file);
      const expected = Object.fromEntries(engine.nodes.map((n) => [n.id, n.score]));
      assert.deepEqual(await app.nodeScores(), expected);
      const shown = await app.page.$$eval(sel.testid('indicator'), (rows) =>
        rows.map((row) => [row.dataset.indicatorId, row.querySelector('[data-testid="indicator-score"]').dataset.value]),
      );
      assert.deepEqual(Object.fromEntries(shown), Object.fromEntries(engine.indicators.map((i) => [i.id, i.score])));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }));

test('typing an actual rescores the badge, the node and the total exactly', () =>
  harness.run(async (app) => {
    await app.typeActual('dept-07', '20');
    await app.waitForTotal('97.99815');
    assert.equal((await app.total()).text, '97.998');
    const dept07 = await app.indicatorState('dept-07');
    assert.equal(dept07.badge, 'met');
    assert.equal(dept07.ratio, '1');
    assert.equal(await app.nodeScore('lz.dept'), '20');
    assert.equal(await app.node('lz.dept').getByTestId('reported-flag').count(), 0);
    assert.equal(await app.badgeCount('short'), 0);
    assert.equal(await app.testid('dirty').count(), 1);
  }));

test('typing 17 gives the same scores as `jixiao score` on the same file', () =>
  harness.run(async (app) => {
    const dir = tempDir();
    try {
      const sample = presetObject('seed-2023');
      const dept = sample.root.children[0].children.find((n) => n.id === 'lz.dept');
      const indicator = dept.rule.indicators.find((i) => i.id === 'dept-07');
      assert.equal(indicator.actual, '13', 'the preset changed under the test');
      indicator.actual = '17';
      const file = path.join(dir, 'dept-07-17.json');
      fs.writeFileSync(file, JSON.stringify(sample, null, 2));
      const engine = engineScore(file);
      const engineNode = (id) => engine.nodes.find((n) => n.id === id);
      const engine07 = engine.indicators.find((i) => i.id === 'dept-07');

      await app.typeActual('dept-07', '17');
      await app.waitForTotal(engine.total.score);
      assert.equal((await app.total()).text, engine.total.display);
      assert.equal(await app.nodeScore('lz.dept'), engineNode('lz.dept').score);
      const shown = await app.indicatorState('dept-07');
      assert.equal(shown.score, engine07.score);
      assert.equal(shown.ratio, engine07.ratio);
      assert.equal(shown.badge, engine07.badge);
      assert.equal(shown.lost, engine07.lost);
      // And every other node agrees too.
      assert.deepEqual(await app.nodeScores(), Object.fromEntries(engine.nodes.map((n) => [n.id, n.score])));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }));

test('a bad entry shows a cell error and the last valid scores stay', () =>
  harness.run(async (app) => {
    await app.typeActual('dept-07', '18');
    await app.waitForBadge('dept-07', 'short');
    await app.waitForAttr(`${sel.indicator('dept-07')} ${sel.testid('ratio')}`, 'data-value', '0.9');
    const before = { total: await app.total(), nodes: await app.nodeScores(), row: await app.indicatorState('dept-07') };
    assert.equal(before.row.cellError, null);

    // 18 entered (Enter goes on down the column), then, back in the cell, text that is not a number.
    await app.actualInput('dept-07').press('Enter');
    await app.typeActual('dept-07', 'abc');
    const error = app.indicator('dept-07').getByTestId('cell-error');
    await error.waitFor({ state: 'visible' });
    assert.notEqual((await error.textContent()).trim(), '');
    assert.equal(await app.actualInput('dept-07').getAttribute('aria-invalid'), 'true');
    // What was typed stays visible; nothing became 0.
    const after = { total: await app.total(), nodes: await app.nodeScores(), row: await app.indicatorState('dept-07') };
    assert.equal(after.row.actual, 'abc');
    assert.deepEqual(after.total, before.total);
    assert.deepEqual(after.nodes, before.nodes);
    assert.equal(after.row.score, before.row.score);
    assert.equal(after.row.badge, 'short');

    // Fixing the entry clears the message and scores it.
    await app.typeActual('dept-07', '20');
    await app.waitForTotal('97.99815');
    assert.equal(await error.count(), 0);
  }));
