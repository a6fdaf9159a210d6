// What the browser keeps: the autosaved work and the chosen language.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { useHarness, test, tempDir, presetJson } from './lib/app.mjs';

const harness = useHarness();

test('a reload restores the autosaved edit, and discarding it asks, returns to where it started, and undoes', () =>
  harness.run(async (app) => {
    await app.typeActual('dept-07', '20');
    await app.waitForTotal('97.99815');
    // The autosave is written after the render that shows the edit.
    await app.page.waitForFunction(() => {
      const text = localStorage.getItem('jixiao.autosave');
      const find = (node) =>
        (node.rule?.indicators ?? []).find((i) => i.id === 'dept-07') ?? (node.children ?? []).map(find).find(Boolean);
      return text !== null && find(JSON.parse(text).root)?.actual === '20';
    });

    // Leaving with unsaved work asks first (the page object accepts the dialog).
    await app.reload();
    assert.deepEqual(app.dialogs, ['beforeunload']);
    await app.testid('notice-restored').waitFor();
    await app.waitForTotal('97.99815');
    assert.equal(await app.actualInput('dept-07').inputValue(), '20');
    assert.equal(await app.nodeScore('lz.dept'), '20');
    assert.equal((await app.indicatorState('dept-07')).badge, 'met');
    // Still unsaved work, still compared with the file it started from: the change is listed against
    // 13, and the total's delta with it.
    assert.equal(await app.testid('dirty').count(), 1);
    assert.equal(await app.testid('delta-total').getAttribute('data-value'), '0.21875');
    await app.testid('tab-changes').click();
    assert.deepEqual(await app.page.$$eval('[data-testid="change"]', (items) => items.map((i) => i.dataset.owner)), ['dept-07']);
    assert.match(await app.testid('change').textContent(), /13 → 20/);

    // Discarding asks first, saying what is lost, and goes back to what the work started from: the
    // sample preset here (the page opened on it).
    await app.testid('discard-restored').click();
    assert.deepEqual(app.dialogs, ['beforeunload', 'confirm']);
    assert.match(app.dialogMessages.at(-1), /丢弃恢复的工作/);
    await app.waitForTotal('97.7794');
    assert.equal(await app.actualInput('dept-07').inputValue(), '13');
    assert.equal(await app.nodeScore('lz.dept'), '19.78125');
    assert.equal(await app.testid('notice-restored').count(), 0);
    await app.testid('notice-discarded').waitFor();
    assert.equal(await app.testid('dirty').count(), 0);
    // Undo brings the discarded work back, redo discards it again.
    await app.page.keyboard.press('ControlOrMeta+Z');
    await app.waitForTotal('97.99815');
    await app.testid('dirty').waitFor();
    await app.page.keyboard.press('ControlOrMeta+Shift+Z');
    await app.waitForTotal('97.7794');
    // The autosave now holds the sample, marked as what its preset holds.
    await app.page.waitForFunction(() => {
      const text = localStorage.getItem('jixiao.autosave');
      return text !== null && text.includes('"actual": "13"') && localStorage.getItem('jixiao.autosave.saved') === '1';
    });

    // And it stays discarded; the work is what its preset holds, so no question and no notice.
    await app.reload();
    assert.deepEqual(app.dialogs, ['beforeunload', 'confirm']);
    assert.equal((await app.total()).value, '97.7794');
    assert.equal(await app.testid('notice-restored').count(), 0);
    assert.equal(await app.testid('dirty').count(), 0);
  }));

test('restored is said only of unsaved work: not after opening a file and reloading', () =>
  harness.run(async (app) => {
    const dir = tempDir();
    try {
      const file = `${dir}/项目.json`;
      fs.writeFileSync(file, presetJson('project-national-example'));
      await app.openFile(file);
      await app.testid('notice-opened').waitFor();
      assert.equal(await app.testid('dirty').count(), 0, 'a file just opened is not unsaved');
      await app.page.waitForFunction(() => localStorage.getItem('jixiao.autosave.saved') === '1');
      await app.reload();
      assert.deepEqual(app.dialogs, [], 'nothing unsaved: leaving asks nothing');
      assert.equal(await app.testid('notice-restored').count(), 0);
      assert.equal(await app.testid('dirty').count(), 0);
      await app.indicator('output-01').waitFor();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }));

test('work saved to a file and then restored is not unsaved work, and a revert after a reload reaches the file', () =>
  harness.run(async (app) => {
    const dir = tempDir();
    try {
      await app.typeActual('dept-07', '20');
      await app.waitForTotal('97.99815');
      await app.save(dir);
      await app.page.waitForFunction(() => localStorage.getItem('jixiao.autosave.saved') === '1');
      // Saved: leaving asks nothing, and the restored work is neither announced nor marked unsaved.
      await app.reload();
      assert.deepEqual(app.dialogs, []);
      assert.equal(await app.testid('notice-restored').count(), 0);
      assert.equal(await app.testid('dirty').count(), 0);
      // An edit after the reload is unsaved again, across the next reload too; reverting the restored
      // change goes back to the file's 13, which the baseline kept.
      await app.typeActual('dept-08', '1400');
      await app.testid('dirty').waitFor();
      await app.page.waitForFunction(() => localStorage.getItem('jixiao.autosave.saved') === null);
      await app.reload();
      assert.deepEqual(app.dialogs, ['beforeunload']);
      assert.equal(await app.testid('dirty').count(), 1);
      await app.testid('tab-changes').click();
      await app.page.locator('[data-testid="change"][data-owner="dept-07"] [data-testid="revert"]').click();
      await app.waitForBadge('dept-07', 'short');
      assert.equal(await app.actualInput('dept-07').inputValue(), '13');
      assert.equal(await app.actualInput('dept-08').inputValue(), '1400');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }));

test('a reload opens the work in the scenario it was in', () =>
  harness.run(async (app) => {
    await app.page.evaluate(() => (window.prompt = () => '乐观'));
    await app.testid('new-scenario').click();
    await app.waitForAttr('[data-testid="scenario-select"] option:checked', 'value', '0');
    await app.typeActual('dept-07', '20');
    await app.waitForTotal('97.99815');
    await app.page.waitForFunction(() => localStorage.getItem('jixiao.autosave.scenario') === '0');
    await app.page.waitForFunction(() => JSON.parse(localStorage.getItem('jixiao.autosave') ?? '{}').scenarios?.length === 1);
    await app.reload();
    await app.testid('notice-restored').waitFor();
    assert.equal(await app.testid('scenario-select').inputValue(), '0');
    assert.equal((await app.total()).value, '97.99815');
    // Back to the file's own inputs: the next reload opens there.
    await app.testid('scenario-select').selectOption('base');
    await app.waitForTotal('97.7794');
    await app.page.waitForFunction(() => localStorage.getItem('jixiao.autosave.scenario') === null);
    await app.reload();
    assert.equal(await app.testid('scenario-select').inputValue(), 'base');
    assert.equal((await app.total()).value, '97.7794');
  }));

test('the language switch changes the labels and is remembered after a reload', () =>
  harness.run(async (app) => {
    const header = app.page.locator('.score-table thead th').first();
    assert.equal((await header.textContent()).trim(), '项目 / 指标');
    assert.equal((await app.testid('save-file').textContent()).trim(), '保存');
    assert.equal(await app.page.getAttribute('html', 'lang'), 'zh-CN');

    await app.testid('lang').click();
    await app.page.waitForFunction(() => document.querySelector('[data-testid="save-file"]').textContent.trim() === 'Save');
    assert.equal((await header.textContent()).trim(), 'Item / indicator');
    assert.equal((await app.testid('lang').textContent()).trim(), '中文');
    assert.equal(await app.page.getAttribute('html', 'lang'), 'en');
    // The numbers do not change with the words.
    assert.equal((await app.total()).value, '97.7794');

    await app.reload();
    assert.equal((await app.testid('save-file').textContent()).trim(), 'Save');
    assert.equal((await header.textContent()).trim(), 'Item / indicator');
    assert.equal(await app.page.getAttribute('html', 'lang'), 'en');

    await app.testid('lang').click();
    await app.page.waitForFunction(() => document.querySelector('[data-testid="save-file"]').textContent.trim() === '保存');
    assert.equal((await header.textContent()).trim(), '项目 / 指标');
  }));
