// The hostile-file corpus (tests/corpus/manifest.json) opened in the app, every file of it: a refused
// file lists exactly its problems (codes, and the first one's message in Chinese, then in English),
// names the file, and leaves the work on screen untouched (the edit, every score, the unsaved mark);
// a file that loads replaces the work and shows the checks it should. The two generated files
// (50 MB and 16 MiB + 1 byte) are made inside the page and dropped, as the engine refuses them on
// their size alone.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useHarness, test, ROOT, sel } from './lib/app.mjs';

const harness = useHarness();
const CORPUS = path.join(ROOT, 'tests/corpus');
const manifest = JSON.parse(fs.readFileSync(path.join(CORPUS, 'manifest.json'), 'utf8'));
const refused = manifest.files.filter((f) => f.expect === 'refused');
const opens = manifest.files.filter((f) => f.expect !== 'refused');

/** The upload's name: unique per corpus file, so each panel can be told from the last. */
const uploadName = (entry) => entry.file.replaceAll('/', '__');

async function snapshot(app) {
  return app.page.evaluate(() => ({
    total: document.querySelector('[data-testid="total-computed"]').dataset.value,
    nodes: [...document.querySelectorAll('[data-testid="node"]')].map(
      (r) => `${r.dataset.nodeId}=${r.querySelector('[data-testid="node-score"]').dataset.value}`,
    ),
    indicators: [...document.querySelectorAll('[data-testid="indicator"]')].map(
      (r) => `${r.dataset.indicatorId}=${r.querySelector('[data-testid="indicator-score"]').dataset.value}:${r.querySelector('[data-testid="actual-input"]')?.value ?? ''}`,
    ),
    dirty: document.querySelectorAll('[data-testid="dirty"]').length,
    title: document.title,
  }));
}

/** Opens one corpus entry: the committed bytes through the file input, a generated one by a drop. */
async function open(app, entry) {
  const name = uploadName(entry);
  if (entry.generate) {
    const transfer = await app.page.evaluateHandle(
      ([size, name]) => {
        const bytes = new Uint8Array(size).fill(0x20);
        bytes[0] = 0x7b;
        bytes[size - 1] = 0x7d;
        const t = new DataTransfer();
        t.items.add(new File([bytes], name, { type: 'application/json' }));
        return t;
      },
      [entry.generate.bytes, name],
    );
    await app.testid('page').dispatchEvent('drop', { dataTransfer: transfer });
    await transfer.dispose();
  } else {
    const buffer = fs.readFileSync(path.join(CORPUS, 'files', entry.file));
    await app.openFile({ name, mimeType: 'application/json', buffer });
  }
  return name;
}

/** Every refused file, one after another, over the same unsaved work, in one language. */
async function refuseAll(app, lang) {
  const before = await snapshot(app);
  const panel = app.testid('load-error');
  const failures = [];
  for (const entry of refused) {
    const name = await open(app, entry);
    await panel.locator('h2', { hasText: new RegExp(`(：|: )${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).waitFor();
    const problems = panel.getByTestId('load-problem');
    const codes = await problems.evaluateAll((items) => items.map((i) => i.dataset.code));
    const first = (await problems.first().textContent()).trim();
    const fragment = entry[lang];
    if (JSON.stringify(codes) !== JSON.stringify(entry.codes)) failures.push(`${entry.file}: codes ${codes}`);
    else if (!first.includes(fragment)) failures.push(`${entry.file}: “${first}” lacks “${fragment}”`);
    else if (entry.path && !first.startsWith(entry.path)) failures.push(`${entry.file}: “${first}” is not at ${entry.path}`);
    const after = await snapshot(app);
    if (JSON.stringify(after) !== JSON.stringify(before)) failures.push(`${entry.file}: the work changed`);
  }
  assert.deepEqual(failures, [], `${failures.length} of ${refused.length} refused files were shown wrongly`);
  assert.equal(await app.testid('notice-opened').count(), 0, 'a refused file was reported opened');
  return refused.length;
}

test(`all ${refused.length} refused files: exactly their problems, in Chinese and in English, and the work untouched`, () =>
  harness.run(async (app) => {
    // Unsaved work first: a refused file must not touch it.
    await app.typeActual('dept-07', '17');
    await app.waitForAttr(`${sel.indicator('dept-07')} ${sel.testid('ratio')}`, 'data-value', '0.85');
    assert.equal(await app.testid('dirty').count(), 1);
    const zh = await refuseAll(app, 'zh');

    await app.testid('lang').click();
    await app.page.waitForFunction(() => document.querySelector('[data-testid="save-file"]').textContent.trim() === 'Save');
    const en = await refuseAll(app, 'en');
    assert.equal(zh + en, 2 * refused.length);
    console.log(`# corpus: ${refused.length} refused files shown with their problems in zh and en, work untouched`);

    // The work is still the work: the edit is there and still autosaved.
    assert.equal(await app.actualInput('dept-07').inputValue(), '17');
    await app.page.waitForFunction(() => localStorage.getItem('jixiao.autosave')?.includes('"actual": "17"'));
  }));

test(`all ${opens.length} files that load: opened over unsaved work (asked first), with their total and checks`, () =>
  harness.run(async (app) => {
    await app.testid('tab-checks').click();
    const failures = [];
    for (const entry of opens) {
      // Unsaved work, so opening asks (and the page object answers yes).
      await app.typeActual('dept-07', '17');
      await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="dirty"]').length === 1);
      const asked = app.dialogs.length;
      const name = await open(app, entry);
      await app.page.locator(sel.testid('notice-opened'), { hasText: name }).waitFor();
      if (app.dialogs.length !== asked + 1) failures.push(`${entry.file}: opened without asking`);
      await app.waitForTotal(entry.total);
      if (entry.expect === 'flagged') {
        for (const code of entry.checks) {
          const messages = await app.page.$$eval(`${sel.testid('check')}[data-code="${code}"]`, (items) => items.map((i) => i.textContent));
          if (!messages.some((m) => m.includes(entry.zh))) failures.push(`${entry.file}: no ${code} check with “${entry.zh}”: ${messages}`);
        }
      }
      // Back to the sample for the next one.
      await app.testid('new-from-preset').selectOption('seed-2023');
      await app.waitForTotal('97.7794');
    }
    assert.deepEqual(failures, []);
  }));
