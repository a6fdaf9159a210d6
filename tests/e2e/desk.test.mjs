// The reviewer's desk (审核台): many files at once, a bad one among them; sort, filter, open one in the
// calculator, edit, come back (its row changed, the same place); write the review, download the file
// with it; the keyboard.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { useHarness, test, engineScore, jixiao, presetObject, tempDir, sel, ROOT, decimalMinus } from './lib/app.mjs';

const harness = useHarness();

/** The seed with dept-07's actual set to `actual`, as a file's object. */
function seedWith(actual) {
  const seed = presetObject('seed-2023');
  const visit = (value) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value && typeof value === 'object') {
      if (value.id === 'dept-07') value.actual = actual;
      Object.values(value).forEach(visit);
    }
  };
  visit(seed);
  return seed;
}

/** The desk's files in a fresh folder: the seed, another unit's, a broken file, one that is not ours. */
function deskFiles() {
  const dir = tempDir();
  const write = (name, text) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const example = presetObject('project-national-example');
  const files = {
    seed: write('seed.json', JSON.stringify(presetObject('seed-2023'))),
    example: write('example.json', JSON.stringify(example)),
    broken: write('broken.json', '{ "format": "jixiao-evaluation", '),
    other: write('notes.json', JSON.stringify({ hello: 'world' })),
  };
  return { dir, files };
}

/** `jixiao review --opinions --format json FILE`'s line as an object (it exits 1 on an error-level finding). */
function reviewLine(file) {
  try {
    return JSON.parse(jixiao('review', '--opinions', '--format', 'json', file));
  } catch (error) {
    if (error.status === 1 && error.stdout) return JSON.parse(error.stdout);
    throw error;
  }
}

/** The files of a zip (an .xlsx), by name, read through its central directory. */
function unzip(bytes) {
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'a zip file');
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const files = {};
  for (let i = 0; i < count; i++) {
    const method = bytes.readUInt16LE(at + 10);
    const size = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const skip = nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    const local = bytes.readUInt32LE(at + 42);
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, start + size);
    files[name] = (method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8');
    at += 46 + skip;
  }
  return files;
}

/** A sheet of an unzipped workbook as rows of cells by column letter (texts from the shared strings). */
function sheetRows(book, number) {
  const unescape = (text) =>
    text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#xD;/g, '\r').replace(/&amp;/g, '&');
  const strings = [...book['xl/sharedStrings.xml'].matchAll(/<si><t[^>]*>([^<]*)<\/t><\/si>/g)].map((m) => unescape(m[1]));
  const sheet = book[`xl/worksheets/sheet${number}.xml`];
  assert.ok(sheet, `the workbook has a sheet ${number}`);
  return [...sheet.matchAll(/<row [^>]*>(.*?)<\/row>/g)].map(([, cells]) => {
    const row = {};
    for (const [, column, shared, value] of cells.matchAll(/<c r="([A-Z]+)\d+"(?: s="\d+")?( t="s")?(?:\/>|><v>([^<]*)<\/v><\/c>)/g)) {
      if (value !== undefined) row[column] = shared ? strings[Number(value)] : value;
    }
    return row;
  });
}

const row = (file) => `${sel.testid('desk-row')}[data-file="${file}"]`;

async function rowFiles(app) {
  return app.page.locator(sel.testid('desk-row')).evaluateAll((rows) => rows.map((r) => r.dataset.file));
}

async function totalOf(app, file) {
  return app.page.locator(`${row(file)} ${sel.testid('desk-total')}`).getAttribute('data-value');
}

async function openDeskWith(app, files) {
  await app.testid('open-desk').click();
  await app.testid('desk-empty').waitFor();
  await app.testid('desk-files').setInputFiles(files);
  await app.page.locator(sel.testid('desk-row')).nth(files.length - 1).waitFor();
}

test('several files, a bad one among them: one row each, the figures exact, sort and filter', async () => {
  const { dir, files } = deskFiles();
  try {
    await harness.run(async (app) => {
      await openDeskWith(app, Object.values(files));
      assert.equal(await app.page.locator(sel.testid('desk-row')).count(), 4);
      const status = (file) => app.page.locator(row(file)).getAttribute('data-status');
      assert.equal(await status('seed.json'), 'findings');
      assert.equal(await status('broken.json'), 'error');
      assert.equal(await status('notes.json'), 'error');
      // The bad files say why, in words.
      assert.match(await app.page.locator(`${row('notes.json')} ${sel.testid('desk-finding')}`).textContent(), /不是评价文件/);
      assert.match(await app.page.locator(`${row('broken.json')} ${sel.testid('desk-finding')}`).textContent(), /无法读取/);
      // The engine's figures, exactly.
      for (const name of ['seed', 'example']) {
        const engine = engineScore(files[name]);
        assert.equal(await totalOf(app, `${name}.json`), engine.total.score, name);
      }
      assert.equal(await totalOf(app, 'seed.json'), '97.7794');
      assert.equal(
        await app.page.locator(`${row('seed.json')} ${sel.testid('desk-reported')}`).getAttribute('data-value'),
        '97.998',
      );
      // Shown by the one rule for totals, as the calculator's summary shows them (97.779, 97.998, +0.219).
      const shown = async (testid) => (await app.page.locator(`${row('seed.json')} ${sel.testid(testid)}`).innerText()).trim();
      assert.deepEqual([await shown('desk-total'), await shown('desk-reported'), await shown('desk-difference')], ['97.779', '97.998', '+0.219']);
      // The seed's finding names the total the report overstates.
      assert.match(await app.page.locator(`${row('seed.json')} ${sel.testid('desk-finding')}`).textContent(), /97\.998/);

      // Sort by the computed total, both ways; the rows without one stay last.
      const computedHeader = app.page.locator(`${sel.testid('desk-sort')}[data-column="computed"]`);
      await computedHeader.click();
      assert.equal(await app.page.locator('th:has([data-column="computed"])').getAttribute('aria-sort'), 'ascending');
      const up = await rowFiles(app);
      const upTotals = await Promise.all(up.slice(0, 2).map((f) => totalOf(app, f)));
      assert.ok(Number(upTotals[0]) <= Number(upTotals[1]), `${upTotals}`);
      assert.deepEqual(new Set(up.slice(2)), new Set(['broken.json', 'notes.json']));
      await computedHeader.click();
      assert.equal(await app.page.locator('th:has([data-column="computed"])').getAttribute('aria-sort'), 'descending');
      const down = await rowFiles(app);
      assert.deepEqual(down.slice(0, 2), up.slice(0, 2).reverse());
      assert.deepEqual(new Set(down.slice(2)), new Set(['broken.json', 'notes.json']));

      // Filters: search by name, then only the errors and findings.
      await app.testid('desk-search').fill('broken');
      await app.waitForAttr(sel.testid('desk-count'), 'data-shown', '1');
      assert.deepEqual(await rowFiles(app), ['broken.json']);
      await app.testid('desk-search').fill('');
      await app.waitForAttr(sel.testid('desk-count'), 'data-shown', '4');
      await app.testid('desk-filter-grade').selectOption('优');
      const excellent = await rowFiles(app);
      assert.ok(excellent.includes('seed.json') && !excellent.includes('broken.json'), `${excellent}`);
      await app.testid('desk-filter-grade').selectOption('');
      await app.testid('desk-filter-findings').check();
      const withFindings = await rowFiles(app);
      assert.ok(withFindings.includes('broken.json') && withFindings.includes('seed.json'), `${withFindings}`);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('open one in the calculator, edit it, come back: its row changed, the same place; review it and download it', async () => {
  const { dir, files } = deskFiles();
  try {
    await harness.run(async (app) => {
      await openDeskWith(app, [files.seed, files.example, files.broken]);
      await app.testid('desk-reviewer').fill('王审');
      await app.page.locator(`${sel.testid('desk-sort')}[data-column="file"]`).click();
      assert.deepEqual(await rowFiles(app), ['broken.json', 'example.json', 'seed.json']);

      // Open the seed: the calculator shows it, with the way back.
      await app.page.locator(`${row('seed.json')} ${sel.testid('desk-open')}`).click();
      await app.waitForTotal('97.7794');
      await app.testid('back-to-desk').waitFor();
      assert.equal(await app.testid('desk').count(), 0);
      await app.typeActual('dept-07', '20');
      await app.waitForBadge('dept-07', 'met');
      const edited = (await app.total()).value;
      assert.notEqual(edited, '97.7794');
      await app.testid('back-to-desk').click();

      // Back at the desk: the same sort, the seed's row focused, its total the calculator's.
      await app.testid('desk').waitFor();
      assert.deepEqual(await rowFiles(app), ['broken.json', 'example.json', 'seed.json']);
      await app.waitForAttr(`${row('seed.json')} ${sel.testid('desk-total')}`, 'data-value', edited);
      assert.equal(await app.page.locator(row('seed.json')).getAttribute('aria-selected'), 'true');
      assert.equal(await app.page.evaluate(() => document.activeElement?.dataset.file), 'seed.json');
      // The way in again: the calculator kept the work, it is not the desk's way back any more.
      await app.testid('desk-close').click();
      await app.testid('open-desk').waitFor();
      assert.equal(await app.testid('back-to-desk').count(), 0);
      await app.waitForTotal(edited);
      await app.testid('open-desk').click();

      // The review: a conclusion, the generated opinions, edited.
      await app.page.locator(`${row('seed.json')} ${sel.testid('desk-conclusion')}`).selectOption('returned');
      await app.waitForAttr(row('seed.json'), 'data-conclusion', 'returned');
      const opinions = app.testid('desk-opinions');
      const generated = await opinions.inputValue();
      assert.match(generated, /^1\. .+\n2\. /);
      await opinions.fill('1. 请更正总分。\n2. 请补充偏差原因。');
      await app.testid('desk-date').fill('2024-05-20');
      await app.testid('desk-date').dispatchEvent('change');

      const [download] = await Promise.all([
        app.page.waitForEvent('download'),
        app.page.locator(`${row('seed.json')} ${sel.testid('desk-download')}`).click(),
      ]);
      assert.equal(download.suggestedFilename(), 'seed.json');
      const saved = path.join(dir, 'reviewed.json');
      await download.saveAs(saved);
      const file = JSON.parse(fs.readFileSync(saved, 'utf8'));
      assert.deepEqual(file.review, {
        reviewer: '王审',
        date: '2024-05-20',
        conclusion: 'returned',
        opinions: ['1. 请更正总分。', '2. 请补充偏差原因。'],
      });
      // The department's figures as edited in the calculator; the opinions were the CLI's.
      assert.equal(engineScore(saved).total.score, edited);
      // The opinions generated were the CLI's for the file without its review; with it, the CLI prints
      // the record's, as the desk does.
      const unreviewed = path.join(dir, 'unreviewed.json');
      fs.writeFileSync(unreviewed, JSON.stringify({ ...file, review: undefined }));
      assert.equal(generated, reviewLine(unreviewed).opinions.join('\n'));
      assert.deepEqual(reviewLine(saved).opinions, file.review.opinions);

      // The desk handed on: a workbook with a summary sheet (a row per file, the review in it) and an
      // opinions sheet (a row per opinion); the CSV the same.
      const [xlsx] = await Promise.all([app.page.waitForEvent('download'), app.testid('desk-export-xlsx').click()]);
      assert.match(xlsx.suggestedFilename(), /^审核台-\d{4}-\d{2}-\d{2}\.xlsx$/);
      const book = unzip(fs.readFileSync(await xlsx.path()));
      assert.match(book['xl/workbook.xml'], /<sheets><sheet name="审核汇总" sheetId="1" r:id="rId1"\/><sheet name="审核意见" sheetId="2" r:id="rId2"\/><\/sheets>/);
      const [summaryHeader, ...summary] = sheetRows(book, 1);
      assert.equal(summaryHeader.D, '计算总分');
      assert.equal(summaryHeader.O, '意见条数');
      assert.deepEqual(summary.map((r) => r.A), ['broken.json', 'example.json', 'seed.json'], 'a row per file, as shown');
      const seedRow = summary[2];
      assert.deepEqual([seedRow.D, seedRow.K, seedRow.L, seedRow.M, seedRow.O], [edited, '退回修改', '王审', '2024-05-20', '2']);
      const exampleOpinions = reviewLine(files.example).opinions;
      assert.ok(exampleOpinions.length > 0, 'the example has generated opinions');
      assert.equal(summary[1].O, String(exampleOpinions.length));
      assert.equal(summary[0].O, '0');
      const [opinionsHeader, ...opinionRows] = sheetRows(book, 2);
      assert.deepEqual(Object.values(opinionsHeader), ['文件', '单位 / 项目', '年度', '审核结论', '序号', '审核意见', '审核人', '审核日期']);
      const opinionsOf = (file) => opinionRows.filter((r) => r.A === file).map((r) => [r.E, r.F, r.D ?? '', r.G ?? '', r.H ?? '']);
      assert.deepEqual(opinionsOf('seed.json'), [
        ['1', '请更正总分。', '退回修改', '王审', '2024-05-20'],
        ['2', '请补充偏差原因。', '退回修改', '王审', '2024-05-20'],
      ]);
      // The generated opinions of the file not yet reviewed, as the CLI numbers them.
      assert.deepEqual(
        opinionsOf('example.json').map(([n, text]) => `${n}. ${text}`),
        exampleOpinions,
      );
      assert.equal(opinionRows.length, 2 + exampleOpinions.length, 'no row for the broken file');
      assert.deepEqual(opinionRows.map((r) => r.A), [...exampleOpinions.map(() => 'example.json'), 'seed.json', 'seed.json'], 'files in the summary\'s order');
      const [csv] = await Promise.all([app.page.waitForEvent('download'), app.testid('desk-export-csv').click()]);
      const csvText = fs.readFileSync(await csv.path(), 'utf8').replace(/^\uFEFF/, '');
      const [header, ...lines] = csvText.trim().split('\n');
      assert.ok(header.startsWith('path,status,unit,title,year,computed,reported,'), header);
      assert.ok(header.endsWith(',opinions'), header);
      assert.ok(lines.some((l) => l.startsWith('seed.json,ok,') && l.includes(`,${edited},97.998,`)), csvText);
      assert.ok(lines.some((l) => l.startsWith('broken.json,unreadable,')), csvText);

      // Filter by conclusion.
      await app.testid('desk-filter-conclusion').selectOption('returned');
      assert.deepEqual(await rowFiles(app), ['seed.json']);
      await app.testid('desk-filter-conclusion').selectOption('none');
      assert.deepEqual(await rowFiles(app), ['broken.json', 'example.json']);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the keyboard: arrows move between rows, Enter opens', async () => {
  const { dir, files } = deskFiles();
  try {
    await harness.run(async (app) => {
      await openDeskWith(app, [files.example, files.seed]);
      await app.page.locator(row('example.json')).focus();
      await app.page.keyboard.press('ArrowDown');
      await app.waitForAttr(row('seed.json'), 'aria-selected', 'true');
      assert.equal(await app.page.evaluate(() => document.activeElement?.dataset.file), 'seed.json');
      await app.page.keyboard.press('ArrowUp');
      await app.waitForAttr(row('example.json'), 'aria-selected', 'true');
      await app.page.keyboard.press('ArrowDown');
      await app.page.keyboard.press('Enter');
      await app.waitForTotal('97.7794');
      await app.testid('back-to-desk').click();
      await app.waitForAttr(row('seed.json'), 'aria-selected', 'true');
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Waits until the page's IndexedDB holds `count` entries of the desk, one of them containing `text`
 * (the writes are asynchronous: a reload right after a change could come before them).
 */
async function waitUntilKept(app, count, text = null) {
  await app.page.waitForFunction(
    ([count, text]) =>
      new Promise((resolve) => {
        const open = indexedDB.open('jixiao-desk');
        open.onerror = () => resolve(false);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('entries')) return resolve(count === 0);
          const get = db.transaction('entries').objectStore('entries').getAll();
          get.onsuccess = () => {
            db.close();
            const texts = get.result.map((r) => (r.bytes ? new TextDecoder().decode(r.bytes) : ''));
            resolve(texts.length === count && (text === null || texts.some((t) => t.includes(text))));
          };
          get.onerror = () => resolve(false);
        };
      }),
    [count, text],
  );
}

test('the desk survives a reload, reviews and all; clearing asks first; without storage it says so and still works', async () => {
  const { dir, files } = deskFiles();
  try {
    await harness.run(async (app) => {
      await openDeskWith(app, [files.seed, files.broken]);
      await app.testid('desk-reviewer').fill('王审');
      await app.page.locator(`${row('seed.json')} ${sel.testid('desk-conclusion')}`).selectOption('approved');
      await waitUntilKept(app, 2, '"approved"');

      await app.reload();
      await app.testid('open-desk').click();
      await app.page.locator(sel.testid('desk-row')).nth(1).waitFor();
      assert.deepEqual(await rowFiles(app), ['broken.json', 'seed.json'], 'in path order');
      assert.equal(await app.page.locator(row('seed.json')).getAttribute('data-conclusion'), 'approved');
      assert.equal(await app.page.locator(row('broken.json')).getAttribute('data-status'), 'error');
      assert.equal(await totalOf(app, 'seed.json'), '97.7794');
      assert.equal(await app.testid('desk-reviewer').inputValue(), '王审');
      assert.equal(await app.testid('desk-storage-problem').count(), 0);

      // Clearing asks first: declined, nothing goes.
      app.confirmAnswer = false;
      await app.testid('desk-clear').click();
      assert.equal(await app.page.locator(sel.testid('desk-row')).count(), 2);
      app.confirmAnswer = true;
      await app.testid('desk-clear').click();
      await app.testid('desk-empty').waitFor();
      await waitUntilKept(app, 0);
      await app.reload();
      await app.testid('open-desk').click();
      await app.testid('desk-empty').waitFor();

      // A browser without IndexedDB (some private windows): said once, the desk works for the session.
      await app.page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined }));
      await app.reload();
      await app.testid('open-desk').click();
      await app.waitForAttr(sel.testid('desk-storage-problem'), 'data-problem', 'unavailable');
      await app.testid('desk-files').setInputFiles([files.seed]);
      await app.page.locator(row('seed.json')).waitFor();
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a folder picked: its evaluations and workbooks, in subfolders too, named by their path; other files left out', async () => {
  const dir = tempDir();
  try {
    const folder = path.join(dir, '2023年度');
    fs.mkdirSync(path.join(folder, '区县'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'seed.json'), JSON.stringify(presetObject('seed-2023')));
    fs.writeFileSync(path.join(folder, '区县', 'example.json'), JSON.stringify(presetObject('project-national-example')));
    // A workbook written by rust_xlsxwriter (examples/workbook_fixtures.rs), read by the import worker;
    // and a file that only claims to be one.
    const fixtures = path.join(dir, 'fixtures');
    execFileSync('cargo', ['run', '--quiet', '--example', 'workbook_fixtures', '--', fixtures], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 600_000,
    });
    fs.copyFileSync(path.join(fixtures, '项目自评表.xlsx'), path.join(folder, '区县', '自评表.xlsx'));
    fs.writeFileSync(path.join(folder, '区县', '坏表.xlsx'), 'PK\x03\x04 not really a workbook');
    fs.writeFileSync(path.join(folder, '说明.txt'), 'not read');
    const engine = JSON.parse(jixiao('score', path.join(folder, '区县', '自评表.xlsx')));
    await harness.run(async (app) => {
      await app.testid('open-desk').click();
      await app.testid('desk-folder').setInputFiles(folder);
      await app.page.locator(sel.testid('desk-row')).nth(3).waitFor();
      // Listed by path, as `jixiao review` lists them, whatever order the folder handed them over in.
      await app.page.waitForFunction(() => !document.querySelector('[data-testid="desk-progress"]'));
      const files = await rowFiles(app);
      assert.deepEqual(
        files,
        ['2023年度/seed.json', '2023年度/区县/example.json', '2023年度/区县/坏表.xlsx', '2023年度/区县/自评表.xlsx'],
      );
      assert.equal(await totalOf(app, '2023年度/seed.json'), '97.7794');
      // The workbook is read and scored as the engine reads it.
      const workbook = app.page.locator(row('2023年度/区县/自评表.xlsx'));
      await app.page.waitForFunction(
        (selector) => document.querySelector(selector)?.getAttribute('data-status') !== 'error',
        row('2023年度/区县/自评表.xlsx'),
      );
      assert.equal(await totalOf(app, '2023年度/区县/自评表.xlsx'), engine.total.score);
      const bad = app.page.locator(row('2023年度/区县/坏表.xlsx'));
      assert.equal(await bad.getAttribute('data-status'), 'error');
      const refusal = await bad.locator(sel.testid('desk-finding')).textContent();
      assert.match(refusal, /坏表\.xlsx/);
      // After a reload the workbook is its evaluation file (no worker needed), the refusal its words.
      await waitUntilKept(app, 4);
      await app.reload();
      await app.testid('open-desk').click();
      await app.page.locator(sel.testid('desk-row')).nth(3).waitFor();
      assert.equal(await totalOf(app, '2023年度/区县/自评表.xlsx'), engine.total.score);
      assert.notEqual(await workbook.getAttribute('data-status'), 'error');
      assert.equal(await bad.locator(sel.testid('desk-finding')).textContent(), refusal);
      // Downloaded under its own name, not its path.
      const [download] = await Promise.all([
        app.page.waitForEvent('download'),
        app.page.locator(`${row('2023年度/seed.json')} ${sel.testid('desk-download')}`).click(),
      ]);
      assert.equal(download.suggestedFilename(), 'seed.json');
      // A workbook's entry downloads its evaluation file: named .json, the engine's figures in it. (Its
      // row focused first: focusing moves the review pane, and the rows with it, mid-click.)
      await workbook.focus();
      await app.waitForAttr(row('2023年度/区县/自评表.xlsx'), 'aria-selected', 'true');
      const [fromWorkbook] = await Promise.all([
        app.page.waitForEvent('download'),
        app.page.locator(`${row('2023年度/区县/自评表.xlsx')} ${sel.testid('desk-download')}`).click(),
      ]);
      assert.equal(fromWorkbook.suggestedFilename(), '自评表.json');
      const saved = path.join(dir, '自评表.json');
      await fromWorkbook.saveAs(saved);
      assert.equal(JSON.parse(fs.readFileSync(saved, 'utf8')).format, 'jixiao-evaluation');
      assert.equal(engineScore(saved).total.score, engine.total.score);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('files dropped on the desk join it, a bad one among them; the calculator is left as it was', () =>
  harness.run(async (app) => {
    await app.testid('open-desk').click();
    const seed = JSON.stringify(presetObject('seed-2023'));
    await app.page.evaluate((seed) => {
      const data = new DataTransfer();
      data.items.add(new File([seed], 'dropped.json', { type: 'application/json' }));
      data.items.add(new File(['not json'], 'bad.json', { type: 'application/json' }));
      const page = document.querySelector('[data-testid="page"]');
      page.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      page.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, seed);
    await app.page.locator(sel.testid('desk-row')).nth(1).waitFor();
    assert.deepEqual(await rowFiles(app), ['bad.json', 'dropped.json'], 'in path order');
    assert.equal(await app.page.locator(row('bad.json')).getAttribute('data-status'), 'error');
    assert.equal(await totalOf(app, 'dropped.json'), '97.7794');
    await app.testid('desk-close').click();
    await app.waitForTotal('97.7794');
    assert.equal(await app.testid('notice-opened').count(), 0);
  }));

test('back to the desk after opening something else in the calculator takes nothing back', async () => {
  const { dir, files } = deskFiles();
  try {
    await harness.run(async (app) => {
      await openDeskWith(app, [files.seed]);
      await app.page.locator(`${row('seed.json')} ${sel.testid('desk-open')}`).click();
      await app.waitForTotal('97.7794');
      await app.testid('new-from-preset').selectOption('project-national');
      await app.page.waitForFunction(() => document.querySelector('[data-testid="total-computed"]')?.dataset.value !== '97.7794');
      await app.testid('back-to-desk').click();
      await app.testid('desk').waitFor();
      assert.equal(await totalOf(app, 'seed.json'), '97.7794');
      await app.testid('desk-close').click();
      await app.testid('open-desk').waitFor();
      assert.notEqual((await app.total()).value, '97.7794');
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a long desk draws the rows near the viewport: each row scrolled to, sorted to or reached by the keyboard shows the engine’s figures; printing draws them all', async () => {
  const dir = tempDir();
  try {
    // 150 units' evaluations, dept-07's actual different in each (so that each total is its own).
    const files = Array.from({ length: 150 }, (_, i) => {
      const evaluation = seedWith(String(i % 25));
      evaluation.meta.department = `${evaluation.meta.department}（第 ${i + 1} 单位）`;
      const file = path.join(dir, `unit-${String(i + 1).padStart(3, '0')}.json`);
      fs.writeFileSync(file, JSON.stringify(evaluation));
      return file;
    });
    await harness.run(async (app) => {
      await app.testid('open-desk').click();
      await app.testid('desk-files').setInputFiles(files);
      await app.page.waitForFunction(
        () => document.querySelector('[data-testid="desk-count"]')?.dataset.total === '150' && !document.querySelector('[data-testid="desk-progress"]'),
      );
      const table = app.testid('desk-table');
      assert.equal(await table.getAttribute('data-windowed'), 'true');
      const drawn = () => app.page.locator(sel.testid('desk-row')).count();
      assert.ok((await drawn()) < 150, `${await drawn()} rows drawn`);
      const engineTotal = (name) => engineScore(path.join(dir, name)).total.score;
      // Scrolled to the end: the last file's row, with its figures.
      await app.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await app.page.locator(row('unit-150.json')).waitFor();
      assert.equal(await totalOf(app, 'unit-150.json'), engineTotal('unit-150.json'));
      // The column names followed the page down: the header sits at the top of the window.
      const headTop = await app.page.evaluate(() => document.querySelector('[data-testid="desk-table"] thead th').getBoundingClientRect().top);
      assert.ok(Math.abs(headTop) < 2, `the header is ${headTop} px from the top`);
      // Sorted by the computed total, highest first: the top row is the highest total, drawn.
      await app.page.evaluate(() => window.scrollTo(0, 0));
      await app.page.locator(`${sel.testid('desk-sort')}[data-column="computed"]`).click();
      await app.page.locator(`${sel.testid('desk-sort')}[data-column="computed"]`).click();
      const highest = files.map((f) => engineScore(f).total.score).reduce((a, b) => (Number(b) > Number(a) ? b : a));
      await app.page.waitForFunction(
        (value) => document.querySelector('[data-testid="desk-row"] [data-testid="desk-total"]')?.dataset.value === value,
        highest,
      );
      // The keyboard: from the first row, 70 rows down, past the first chunk; the row focused is drawn.
      await app.page.locator(sel.testid('desk-row')).first().focus();
      for (let i = 0; i < 70; i++) await app.page.keyboard.press('ArrowDown');
      const order = await app.page.evaluate(() => document.activeElement?.dataset.file);
      assert.ok(order, 'a row has the focus');
      assert.equal(
        await app.page.locator(`${row(order)} ${sel.testid('desk-total')}`).getAttribute('data-value'),
        engineTotal(order),
      );
      // Printing draws every row, and afterwards the window again.
      await app.page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
      await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="desk-row"]').length === 150);
      await app.page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
      await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="desk-row"]').length < 150);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('two versions side by side: picked by a checkbox and by Space, totals and the changed indicator as the engine has them, Escape back to the desk', async () => {
  const dir = tempDir();
  try {
    const seedFile = path.join(dir, 'seed.json');
    const secondFile = path.join(dir, 'seed v2.json');
    fs.writeFileSync(seedFile, JSON.stringify(presetObject('seed-2023')));
    // The second version: one actual changed by hand, as a department would resubmit it.
    fs.writeFileSync(secondFile, JSON.stringify(seedWith('20')));
    const [first, second] = [engineScore(seedFile), engineScore(secondFile)];
    const engineIndicator = (score, id) => score.indicators.find((i) => i.id === id).score;

    await harness.run(
      async (app) => {
        await openDeskWith(app, [seedFile, secondFile]);
        const compare = app.testid('desk-compare');
        assert.equal(await compare.isDisabled(), true, 'nothing picked yet');
        // One by its checkbox, the other from the keyboard: Space on a focused row.
        await app.page.locator(`${row('seed.json')} ${sel.testid('desk-pick')}`).check();
        await app.page.locator(row('seed v2.json')).focus();
        await app.page.keyboard.press(' ');
        assert.equal(await app.page.locator(`${row('seed v2.json')} ${sel.testid('desk-pick')}`).isChecked(), true);
        await app.waitForAttr(sel.testid('desk-compare'), 'data-picked', '2');
        const scrolled = await app.page.evaluate(() => window.scrollY);
        await compare.click();

        const view = app.testid('desk-side-by-side');
        await view.waitFor();
        assert.equal(await view.getAttribute('data-left'), 'seed.json');
        assert.equal(await view.getAttribute('data-right'), 'seed v2.json');
        assert.equal(await view.getAttribute('data-matching'), 'id');
        // The totals: the engine's, shown by the one rule for totals; their difference exact.
        const total = view.locator(`${sel.testid('side-row')}[data-key="total"]`);
        const cell = (rowLocator, testid) => rowLocator.locator(sel.testid(testid));
        assert.equal(await cell(total, 'side-left').getAttribute('data-value'), first.total.score);
        assert.equal(await cell(total, 'side-right').getAttribute('data-value'), second.total.score);
        assert.equal((await cell(total, 'side-left').innerText()).trim(), first.total.display);
        assert.equal((await cell(total, 'side-right').innerText()).trim(), second.total.display);
        assert.equal(
          await cell(total, 'side-diff').getAttribute('data-value'),
          decimalMinus(second.total.score, first.total.score),
        );
        // The indicator changed: each side's score and the difference, the engine's; the largest.
        const changed = view.locator(`${sel.testid('side-row')}[data-key="dept-07"]`);
        assert.equal(await cell(changed, 'side-left').getAttribute('data-value'), engineIndicator(first, 'dept-07'));
        assert.equal(await cell(changed, 'side-right').getAttribute('data-value'), engineIndicator(second, 'dept-07'));
        const difference = decimalMinus(engineIndicator(second, 'dept-07'), engineIndicator(first, 'dept-07'));
        assert.notEqual(difference, '0');
        assert.equal(await cell(changed, 'side-diff').getAttribute('data-value'), difference);
        assert.equal(await changed.getAttribute('data-largest'), 'true');
        // Another indicator: the same on both sides.
        const same = view.locator(`${sel.testid('side-row')}[data-key="dept-01"]`);
        assert.equal(await cell(same, 'side-diff').getAttribute('data-value'), '0');
        // Largest difference first.
        await app.testid('side-order').click();
        await app.waitForAttr(sel.testid('side-order'), 'data-order', 'difference');
        const firstRow = view.locator(`.side-table--rows ${sel.testid('side-row')}`).first();
        assert.equal(await firstRow.getAttribute('data-key'), 'dept-07');

        // Escape: back to the desk where it was, the focus on the compare button.
        await app.page.keyboard.press('Escape');
        await view.waitFor({ state: 'detached' });
        // Given back once the desk has drawn the dialog's going (a task after it).
        await app.page.waitForFunction(() => document.activeElement?.dataset.testid === 'desk-compare');
        assert.equal(await app.page.evaluate(() => window.scrollY), scrolled);
        assert.equal(await app.page.locator(sel.testid('desk-row')).count(), 2);

        // Open again from the keyboard, for a look at it wide and on a phone; 关闭 closes it.
        await app.page.keyboard.press('Enter');
        await view.waitFor();
        // Modal: Shift+Tab from the dialog's start comes round to 关闭, not to the desk behind it.
        await app.page.keyboard.press('Shift+Tab');
        assert.equal(await app.page.evaluate(() => document.activeElement?.dataset.testid), 'side-close');
        await app.testid('side-order').click();
        await app.screenshot('desk-side-by-side.png');
        await app.page.setViewportSize({ width: 390, height: 844 });
        await app.screenshot('desk-side-by-side-phone.png');
        const nameCell = view.locator('.side-table--rows tbody .side-table__name').first();
        const before = await nameCell.boundingBox();
        await view.locator('.side-table--rows').evaluate((table) => {
          table.parentElement.scrollLeft = 400;
        });
        assert.equal((await nameCell.boundingBox()).x, before.x, 'the names stay while the figures scroll');
        await app.testid('side-close').click();
        await view.waitFor({ state: 'detached' });
      },
      { viewport: { width: 1366, height: 768 } },
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('two units’ project tables side by side, in English: matched by category and name, a renamed row on each side alone', async () => {
  const dir = tempDir();
  try {
    const example = presetObject('project-national-example');
    const other = presetObject('project-national-example');
    // Another unit's file: its own project name, ids and one row's name of its own (a small JS edit).
    other.meta.project = '另一县农村供水项目';
    const visit = (value) => {
      if (Array.isArray(value)) return value.forEach(visit);
      if (value && typeof value === 'object') {
        if (typeof value.id === 'string' && value.direction) {
          value.id = `b-${value.id}`;
          if (value.id === 'b-output-05') value.name = '单位供水成本';
        }
        Object.values(value).forEach(visit);
      }
    };
    visit(other);
    const leftFile = path.join(dir, 'a.json');
    const rightFile = path.join(dir, 'b.json');
    fs.writeFileSync(leftFile, JSON.stringify(example));
    fs.writeFileSync(rightFile, JSON.stringify(other));
    const [left, right] = [engineScore(leftFile), engineScore(rightFile)];

    await harness.run(
      async (app) => {
        await openDeskWith(app, [leftFile, rightFile]);
        await app.testid('lang').click();
        await app.page.locator(`${row('a.json')} ${sel.testid('desk-pick')}`).check();
        await app.page.locator(`${row('b.json')} ${sel.testid('desk-pick')}`).check();
        await app.testid('desk-compare').click();
        const view = app.testid('desk-side-by-side');
        await view.waitFor();
        assert.equal(await view.getAttribute('data-matching'), 'name');
        assert.match(await app.testid('side-matching').innerText(), /matched by category and name/);
        const line = (key) => view.locator(`${sel.testid('side-row')}[data-key="${key}"]`);
        // Matched by category and name across different ids, each side the engine's score.
        const matched = line('output-02|b-output-02');
        assert.equal(await matched.getAttribute('data-presence'), 'both');
        const engineIndicator = (score, id) => score.indicators.find((i) => i.id === id).score;
        assert.equal(await matched.locator(sel.testid('side-left')).getAttribute('data-value'), engineIndicator(left, 'output-02'));
        assert.equal(await matched.locator(sel.testid('side-right')).getAttribute('data-value'), engineIndicator(right, 'b-output-02'));
        // The renamed row has no partner: listed alone on each side, no difference.
        assert.equal(await line('output-05').getAttribute('data-presence'), 'left');
        assert.equal(await line('b-output-05').getAttribute('data-presence'), 'right');
        assert.equal(await line('output-05').locator(sel.testid('side-right')).getAttribute('data-state'), 'absent');
        assert.equal(await line('b-output-05').locator(sel.testid('side-diff')).getAttribute('data-value'), '');
        assert.match(await line('b-output-05').innerText(), /only in the right file/);
        // Equal scores, yet not the same files: nothing says they are.
        assert.equal(await app.page.locator(sel.testid('side-no-difference')).count(), 0);
        // The row not applicable in both: no score, no difference.
        const aside = line('outcome-01|b-outcome-01');
        assert.equal(await aside.locator(sel.testid('side-left')).getAttribute('data-state'), 'na');
        assert.equal(await aside.locator(sel.testid('side-diff')).getAttribute('data-value'), '');
        // 左右互换: the sides change places.
        await app.testid('side-swap').click();
        await app.waitForAttr(sel.testid('desk-side-by-side'), 'data-left', 'b.json');
        await app.testid('side-close').click();
        await view.waitFor({ state: 'detached' });
      },
      { viewport: { width: 1366, height: 768 } },
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------
// The desk as a reviewer uses it (QA on a folder of forty files): keys typed into its fields, the
// review shown for the row concluded, a first click that lands, the paper, English and a phone.

/**
 * Runs `body(files, dir)` with four evaluations in a folder of their own (two units, two versions each):
 * enough rows below an open review pane.
 */
async function withReviewFiles(body) {
  const dir = tempDir();
  const names = ['a-seed.json', 'b-example.json', 'c-seed.json', 'd-example.json'];
  const files = names.map((name) => {
    const file = path.join(dir, name);
    const preset = name.includes('seed') ? 'seed-2023' : 'project-national-example';
    fs.writeFileSync(file, JSON.stringify(presetObject(preset)));
    return file;
  });
  try {
    await body(files, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Clicks a row (its total), and waits for its review pane. */
async function focusRow(app, file) {
  await app.page.locator(`${row(file)} ${sel.testid('desk-total')}`).click();
  await app.waitForAttr(row(file), 'aria-selected', 'true');
}

/** The row whose review pane is open (aria-selected), by its file. */
async function focusedFile(app) {
  return app.page.evaluate(() => document.querySelector('[data-testid="desk-row"][aria-selected="true"]')?.dataset.file ?? null);
}

/** The file of the row just above the review pane (the pane is the focused row's). */
async function reviewedFile(app) {
  return app.page.evaluate(
    () => document.querySelector('[data-testid="desk-review"]')?.previousElementSibling?.dataset.file ?? null,
  );
}

test('keys typed into the desk’s fields are theirs: spaces and new lines in the opinions, arrows on a conclusion move no row', async () => {
  await withReviewFiles(async (files, dir) => {
    await harness.run(async (app) => {
      await openDeskWith(app, files);
      await focusRow(app, 'a-seed.json');
      const opinions = app.testid('desk-opinions');
      await opinions.fill('');
      await opinions.click();
      await app.page.keyboard.type('9. 测试 键盘 a b');
      await app.page.keyboard.press('Enter');
      await app.page.keyboard.type('c');
      await app.page.keyboard.press('Enter');
      await app.page.keyboard.press('Space');
      assert.equal(await opinions.inputValue(), '9. 测试 键盘 a b\nc\n ', 'every key typed, as typed');
      // Space did not pick the row, Enter did not open it.
      assert.equal(await app.page.locator(`${row('a-seed.json')} ${sel.testid('desk-pick')}`).isChecked(), false);
      assert.equal(await app.testid('back-to-desk').count(), 0);
      // The record keeps the lines (the exports' and the file's), without the blank end.
      await app.page.keyboard.press('Backspace');
      await app.page.keyboard.type('d');
      const [download] = await Promise.all([
        app.page.waitForEvent('download'),
        app.page.locator(`${row('a-seed.json')} ${sel.testid('desk-download')}`).click(),
      ]);
      const saved = path.join(dir, 'saved.json');
      await download.saveAs(saved);
      assert.deepEqual(JSON.parse(fs.readFileSync(saved, 'utf8')).review.opinions, ['9. 测试 键盘 a b', 'c', 'd']);
      // The reviewer's name and the search take spaces too.
      await app.testid('desk-reviewer').click();
      await app.page.keyboard.type('陈 静');
      assert.equal(await app.testid('desk-reviewer').inputValue(), '陈 静');

      // ArrowDown on a row's conclusion: Chromium (Linux) changes a closed select's value, as it does
      // anywhere; the desk moves no row on top of it, and the focus stays in the select.
      const select = app.page.locator(`${row('c-seed.json')} ${sel.testid('desk-conclusion')}`);
      await select.focus();
      const before = await select.inputValue();
      await app.page.keyboard.press('ArrowDown');
      await app.page.keyboard.press('ArrowDown');
      await app.settle();
      assert.equal(await app.page.evaluate(() => document.activeElement?.dataset.testid), 'desk-conclusion');
      assert.equal(await app.page.evaluate(() => document.activeElement?.closest('[data-testid="desk-row"]')?.dataset.file), 'c-seed.json');
      assert.equal(await focusedFile(app), 'c-seed.json', 'the focus did not move down the rows');
      const after = await select.inputValue();
      assert.equal(await app.page.locator(row('c-seed.json')).getAttribute('data-conclusion'), after);
      // The rows below are as they were.
      assert.equal(await app.page.locator(row('d-example.json')).getAttribute('data-conclusion'), '');
      if (after !== before) assert.equal(await reviewedFile(app), 'c-seed.json', 'a conclusion chosen shows its review');
    });
  });
});

test('a conclusion chosen in a row not focused shows that row’s review, its opinions the record’s', async () => {
  await withReviewFiles(async (files) => {
    await harness.run(async (app) => {
      await openDeskWith(app, files);
      await focusRow(app, 'a-seed.json');
      await app.page.locator(`${row('c-seed.json')} ${sel.testid('desk-conclusion')}`).selectOption('returned');
      await app.waitForAttr(row('c-seed.json'), 'data-conclusion', 'returned');
      await app.waitForAttr(row('c-seed.json'), 'aria-selected', 'true');
      assert.equal(await reviewedFile(app), 'c-seed.json');
      const cli = reviewLine(files[2]);
      assert.ok(cli.opinions.length > 0, 'the seed has generated opinions');
      assert.equal(await app.testid('desk-opinions').inputValue(), cli.opinions.join('\n'));
    });
  });
});

test('with a review pane open above, the first click on a lower row’s 下载 and 打开 does what it says', async () => {
  await withReviewFiles(async (files) => {
    await harness.run(
      async (app) => {
        await openDeskWith(app, files);
        await app.page.locator(`${row('a-seed.json')} ${sel.testid('desk-total')}`).click();
        await app.testid('desk-opinions').waitFor();
        // One click (Playwright's: press and release where the button was when the press began).
        const [download] = await Promise.all([
          app.page.waitForEvent('download', { timeout: 5000 }),
          app.page.locator(`${row('c-seed.json')} ${sel.testid('desk-download')}`).click(),
        ]);
        assert.equal(download.suggestedFilename(), 'c-seed.json');
        // Once the click is done, that row is the focused one.
        await app.waitForAttr(row('c-seed.json'), 'aria-selected', 'true');
        assert.equal(await reviewedFile(app), 'c-seed.json');
        // The pane is now above d's row: its 打开, pressed once, opens it in the calculator.
        const open = app.page.locator(`${row('d-example.json')} ${sel.testid('desk-open')}`);
        const box = await open.boundingBox();
        await app.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await app.page.mouse.down();
        const pressed = await open.boundingBox();
        assert.equal(pressed.y, box.y, 'the row stays under the pointer while pressed');
        await app.page.mouse.up();
        await app.testid('back-to-desk').waitFor({ timeout: 5000 });
      },
      { viewport: { width: 1366, height: 768 } },
    );
  });
});

/** Every way a cell of the desk's table can be cut or spill at this width: what overflows, by name. */
async function deskLayoutFaults(app) {
  return app.page.evaluate(() => {
    const faults = [];
    const box = (el) => el.getBoundingClientRect();
    const table = document.querySelector('[data-testid="desk-table"]');
    for (const th of table.querySelectorAll('thead th')) {
      const sort = th.querySelector('[data-testid="desk-sort"]');
      if (sort && box(sort).right > box(th).right + 0.5) faults.push(`header ${sort.textContent} cut`);
    }
    for (const tr of table.querySelectorAll('[data-testid="desk-row"]')) {
      const select = tr.querySelector('[data-testid="desk-conclusion"]');
      if (select && box(select).right > box(select.closest('td')).right + 0.5) faults.push(`${tr.dataset.file}: conclusion spills`);
      for (const button of tr.querySelectorAll('td:last-child .button')) {
        if (box(button).right > box(button.closest('td')).right + 0.5) faults.push(`${tr.dataset.file}: ${button.textContent} clipped`);
      }
    }
    if (document.documentElement.scrollWidth > window.innerWidth) {
      faults.push(`the page scrolls sideways by ${document.documentElement.scrollWidth - window.innerWidth} px`);
    }
    return faults;
  });
}

test('the desk in English and Chinese at 1366 and 1920 px: no column name cut, no conclusion spilling, no button clipped, no sideways scroll', async () => {
  await withReviewFiles(async (files) => {
    for (const width of [1366, 1920]) {
      await harness.run(
        async (app) => {
          await openDeskWith(app, files);
          await app.testid('desk-reviewer').fill('陈静');
          // The longest conclusion, the pane open; each column sorted in turn (an arrow beside its name).
          await app.page.locator(`${row('a-seed.json')} ${sel.testid('desk-conclusion')}`).selectOption('returned');
          const columns = await app.page.locator(sel.testid('desk-sort')).evaluateAll((bs) => bs.map((b) => b.dataset.column));
          assert.equal(columns.length, 12);
          const faults = [];
          for (const language of ['Chinese', 'English']) {
            if (language === 'English') {
              await app.testid('lang').click();
              await app.page.locator(`${sel.testid('desk-sort')}[data-column="difference"]`).filter({ hasText: 'Difference' }).waitFor();
            }
            for (const column of columns) {
              await app.page.locator(`${sel.testid('desk-sort')}[data-column="${column}"]`).click();
              await app.page.locator(`${sel.testid('desk-sort')}[data-column="${column}"]`).filter({ hasText: '▲' }).waitFor();
              faults.push(...(await deskLayoutFaults(app)).map((fault) => `${language} at ${width} px, sorted by ${column}: ${fault}`));
            }
          }
          assert.deepEqual(faults, []);
          // The reviewer's line in the language's own punctuation.
          assert.equal(await app.testid('desk-review-reviewer').innerText(), 'Reviewer: 陈静');
          await app.testid('lang').click();
          assert.equal(await app.testid('desk-review-reviewer').innerText(), '审核人：陈静');
        },
        { viewport: { width, height: 900 } },
      );
    }
  });
});

test('the desk on a phone (390 px): the file’s name stays at the left when the table scrolls sideways, the review fits the screen', async () => {
  await withReviewFiles(async (files) => {
    for (const lang of ['zh', 'en']) {
      await harness.run(
        async (app) => {
          await openDeskWith(app, files);
          if (lang === 'en') await app.testid('lang').click();
          const first = app.page.locator(row('a-seed.json'));
          // The first screen shows a file's computed total beside its name.
          const total = await first.locator(sel.testid('desk-total')).boundingBox();
          assert.ok(total.x + total.width <= 390, `the total ends at ${total.x + total.width} px`);
          await first.locator(sel.testid('desk-total')).click();
          await app.testid('desk-opinions').waitFor();
          const scroller = app.page.locator('.desk__scroll');
          const start = await first.locator('th').boundingBox();
          await scroller.evaluate((el) => el.scrollTo(600, 0));
          await app.settle();
          const name = await first.locator('th').boundingBox();
          assert.ok(Math.abs(name.x - start.x) < 1, `the name moved from ${start.x} to ${name.x}`);
          const head = await app.page.locator(`${sel.testid('desk-table')} thead th`).first().boundingBox();
          assert.ok(Math.abs(head.x - name.x) < 1, 'its column name with it');
          // The review, scrolled or not, within the screen: the opinions and the date.
          for (const id of ['desk-opinions', 'desk-date']) {
            const box = await app.testid(id).boundingBox();
            assert.ok(box.x >= 0 && box.x + box.width <= 390, `${lang}: ${id} spans ${box.x}–${box.x + box.width}`);
          }
          assert.ok(await app.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scroll of the page');
        },
        { viewport: { width: 390, height: 844 } },
      );
    }
  });
});

test('the desk on paper (print media, no beforeprint): column names as text (repeated on each page), each conclusion, no review pane, as wide as A4 landscape', async () => {
  await withReviewFiles(async (files) => {
    await harness.run(async (app) => {
      await openDeskWith(app, files);
      await app.page.locator(`${row('b-example.json')} ${sel.testid('desk-conclusion')}`).selectOption('approved');
      await app.testid('desk-opinions').waitFor();
      // A4 landscape less the 12 mm margins: 273 mm, 1032 CSS px.
      await app.page.setViewportSize({ width: 1032, height: 700 });
      await app.page.emulateMedia({ media: 'print' });
      const printed = await app.page.evaluate(() => {
        const visible = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
        const table = document.querySelector('[data-testid="desk-table"]');
        return {
          headings: [...table.querySelectorAll('thead th')].filter(visible).map((th) => th.innerText.trim()),
          buttons: [...table.querySelectorAll('thead button')].filter(visible).length,
          review: visible(document.querySelector('[data-testid="desk-review"]')),
          conclusion: visible(document.querySelector('[data-file="b-example.json"] [data-testid="desk-conclusion"]')),
          right: Math.max(table.getBoundingClientRect().right, ...[...table.querySelectorAll('th, td')].map((c) => c.getBoundingClientRect().right)),
          width: document.documentElement.scrollWidth,
        };
      });
      assert.deepEqual(printed.headings, ['文件', '单位 / 项目', '年度', '计算总分', '报告总分', '相差', '等级', '执行率', '错误', '警告', '审核结论', '要点']);
      // As text (Chromium paints no button in the header it repeats on each page).
      assert.equal(printed.buttons, 0);
      assert.equal(printed.review, false, 'the review pane is not printed');
      assert.equal(printed.conclusion, true, 'the conclusion is');
      assert.ok(printed.right <= 1032 && printed.width <= 1032, `the table reaches ${printed.right} px, the page ${printed.width}`);
    });
  });
});

/**
 * Opens a row's entry in the calculator, the row focused first: focusing a row moves the review pane
 * under it, which shifts the rows below between a click's press and release.
 */
async function openEntry(app, file) {
  await app.page.locator(row(file)).focus();
  await app.waitForAttr(row(file), 'aria-selected', 'true');
  await app.page.locator(`${row(file)} ${sel.testid('desk-open')}`).click();
  await app.testid('back-to-desk').waitFor();
}

/** The flags a row shows, as texts. */
async function flagsOf(app, file) {
  return app.page.locator(`${row(file)} ${sel.testid('desk-flag')}`).allTextContents();
}

test('files picked again: listed in path order, never twice, the review kept; a changed file replaces its row and its review follows the change', async () => {
  const dir = tempDir();
  try {
    const write = (name, object) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, JSON.stringify(object));
      return file;
    };
    const a = write('a.json', presetObject('seed-2023'));
    const b = write('b.json', presetObject('seed-2023'));
    const c = write('c.json', presetObject('project-national-example'));
    await harness.run(async (app) => {
      // Handed over backwards: listed by path.
      await openDeskWith(app, [c, b, a]);
      assert.deepEqual(await rowFiles(app), ['a.json', 'b.json', 'c.json']);
      assert.equal(await app.testid('desk-merged').count(), 0);
      // a: reviewed with the generated opinions; b: with opinions of the reviewer's own.
      await app.page.locator(`${row('a.json')} ${sel.testid('desk-conclusion')}`).selectOption('approved');
      await app.waitForAttr(row('a.json'), 'data-conclusion', 'approved');
      await app.page.locator(row('b.json')).click();
      await app.testid('desk-opinions').fill('1. 总分请按规则更正。');
      await app.testid('desk-opinions').dispatchEvent('change');
      await app.waitForAttr(row('b.json'), 'data-conclusion', 'pending');

      // The same files again: nothing twice, the reviews kept, the desk says so; no row names itself.
      await app.testid('desk-files').setInputFiles([a, b, c]);
      await app.waitForAttr(sel.testid('desk-merged'), 'data-already', '3');
      assert.deepEqual(await rowFiles(app), ['a.json', 'b.json', 'c.json']);
      assert.equal(await app.page.locator(row('a.json')).getAttribute('data-conclusion'), 'approved');
      assert.match(await app.testid('desk-merged').textContent(), /3 个文件已在审核台上/);
      for (const file of ['a.json', 'b.json']) {
        const flags = await flagsOf(app, file);
        assert.ok(flags.length > 0 && flags.every((f) => !f.includes(file)), `${file}: ${flags}`);
      }

      // a changed on disk and picked again: its row shows the new content, its review carried with the
      // opinions generated from the new figures (they were the generated ones, untouched).
      write('a.json', seedWith(20));
      const changed = engineScore(a).total.score;
      await app.testid('desk-files').setInputFiles([a]);
      await app.waitForAttr(sel.testid('desk-merged'), 'data-updated', '1');
      assert.deepEqual(await rowFiles(app), ['a.json', 'b.json', 'c.json']);
      await app.waitForAttr(`${row('a.json')} ${sel.testid('desk-total')}`, 'data-value', changed);
      assert.equal(await app.page.locator(row('a.json')).getAttribute('data-conclusion'), 'approved');
      await app.page.locator(row('a.json')).click();
      assert.equal(await app.testid('desk-opinions').inputValue(), reviewLine(a).opinions.join('\n'));
      assert.ok((await flagsOf(app, 'a.json')).every((f) => !f.includes('审核记录写于文件修改之前')));

      // b edited in the calculator after the reviewer wrote its opinions: kept, and flagged on the row
      // and in the export until the reviewer changes the review.
      await openEntry(app, 'b.json');
      await app.waitForTotal('97.7794');
      await app.typeActual('dept-07', '18');
      await app.waitForBadge('dept-07', 'short');
      const edited = (await app.total()).value;
      await app.testid('back-to-desk').click();
      await app.waitForAttr(`${row('b.json')} ${sel.testid('desk-total')}`, 'data-value', edited);
      assert.ok((await flagsOf(app, 'b.json')).some((f) => f.includes('审核记录写于文件修改之前')), 'flagged');
      assert.equal(await app.testid('desk-opinions').inputValue(), '1. 总分请按规则更正。');
      const [csv] = await Promise.all([app.page.waitForEvent('download'), app.testid('desk-export-csv').click()]);
      const csvText = fs.readFileSync(await csv.path(), 'utf8');
      assert.ok(csvText.split('\n').some((l) => l.startsWith('b.json,ok,') && l.includes('review_stale')), csvText);
      await app.testid('desk-opinions').fill('1. 已按修改后的数据复核。');
      await app.testid('desk-opinions').dispatchEvent('change');
      await app.page.waitForFunction(
        (selector) => [...document.querySelectorAll(selector)].every((f) => !f.textContent.includes('审核记录写于文件修改之前')),
        `${row('b.json')} ${sel.testid('desk-flag')}`,
      );
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('work taken back into the desk is not unsaved; a reload while an entry is open keeps the way back', async () => {
  const { dir, files } = deskFiles();
  try {
    await harness.run(async (app) => {
      await openDeskWith(app, [files.seed, files.example]);
      await openEntry(app, 'seed.json');
      await app.waitForTotal('97.7794');
      await app.typeActual('dept-07', '20');
      await app.waitForBadge('dept-07', 'met');
      const edited = (await app.total()).value;
      await app.testid('dirty').waitFor();
      await app.testid('back-to-desk').click();
      await app.waitForAttr(`${row('seed.json')} ${sel.testid('desk-total')}`, 'data-value', edited);

      // The desk holds the edits: the calculator's work is not unsaved, and opening another asks nothing.
      await app.testid('desk-close').click();
      await app.testid('open-desk').waitFor();
      assert.equal(await app.testid('dirty').count(), 0);
      await app.testid('open-desk').click();
      await openEntry(app, 'example.json');
      assert.deepEqual(app.dialogs, [], 'nothing asked');

      await app.testid('back-to-desk').click();
      await app.testid('desk').waitFor();

      // Edited, then the page reloaded before going back: the work and the way back both restored.
      await openEntry(app, 'seed.json');
      await app.waitForTotal(edited);
      assert.deepEqual(app.dialogs, [], 'nothing asked');
      await app.typeActual('dept-07', '15');
      await app.waitForBadge('dept-07', 'short');
      const reworked = (await app.total()).value;
      assert.notEqual(reworked, edited);
      await app.reload();
      await app.waitForTotal(reworked);
      await app.testid('back-to-desk').click();
      await app.testid('desk').waitFor();
      await app.waitForAttr(`${row('seed.json')} ${sel.testid('desk-total')}`, 'data-value', reworked);
      assert.equal(await app.page.locator(row('seed.json')).getAttribute('aria-selected'), 'true');
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
