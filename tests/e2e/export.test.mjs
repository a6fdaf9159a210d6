// Export and print: the CSV and the Excel file as downloaded, and the print layout (A4 landscape,
// summary first, header row repeated, no buttons or inputs), with a screenshot for the README.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useHarness, test, engineScore, presetJson, tempDir, sel } from './lib/app.mjs';

const harness = useHarness();

const STEM = '2023-广州市人力资源和社会保障局-部门整体支出绩效自评-自评表';
const CSV_HEADER = '编号,所属项目,类别,指标,方向,目标值,单位,实际值,完成率,分值,得分,状态,偏差原因';

/** Clicks the button with this test id and saves the download it starts into `dir`. */
async function download(app, testid, dir) {
  const [event] = await Promise.all([app.page.waitForEvent('download'), app.testid(testid).click()]);
  const name = event.suggestedFilename();
  const file = path.join(dir, name);
  await event.saveAs(file);
  assert.equal(await event.failure(), null);
  return { name, bytes: fs.readFileSync(file) };
}

/** The CSV's records (none of the seed's fields holds a comma, a quote or a line break). */
function csvRows(bytes) {
  const text = bytes.subarray(3).toString('utf8');
  assert.ok(text.endsWith('\r\n'), 'CRLF line ends');
  return text.slice(0, -2).split('\r\n').map((line) => line.split(','));
}

test('Excel and CSV downloads hold what the page shows', async () => {
  const dir = tempDir();
  try {
    const seedFile = path.join(dir, 'seed.json');
    fs.writeFileSync(seedFile, presetJson('seed-2023'));
    const engine = engineScore(seedFile);
    await harness.run(async (app) => {
      const csv = await download(app, 'export-csv', dir);
      assert.equal(csv.name, `${STEM}.csv`);
      assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark');
      const rows = csvRows(csv.bytes);
      assert.equal(rows[0].join(','), CSV_HEADER);
      assert.equal(rows.length - 1, engine.indicators.length);
      assert.equal(rows.length - 1, 54);
      const dept07 = rows.find((r) => r[0] === 'dept-07');
      assert.deepEqual(dept07.slice(4, 12), ['≥', '20', '人', '13', '0.65', '0.625', '0.40625', '未完成']);
      // Every score is the engine's, exactly.
      const scores = Object.fromEntries(engine.indicators.map((i) => [i.id, i.score]));
      assert.deepEqual(Object.fromEntries(rows.slice(1).map((r) => [r[0], r[10]])), scores);

      const xlsx = await download(app, 'export-xlsx', dir);
      assert.equal(xlsx.name, `${STEM}.xlsx`);
      assert.equal(xlsx.bytes.toString('latin1', 0, 4), 'PK\x03\x04', 'a zip file');
      // The zip's directory names its parts in plain text.
      for (const part of ['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']) {
        assert.ok(xlsx.bytes.includes(Buffer.from(part)), `the workbook has ${part}`);
      }

      // What is exported is what is on screen, edits included.
      await app.typeActual('dept-07', '20');
      await app.waitForBadge('dept-07', 'met');
      const edited = csvRows((await download(app, 'export-csv', dir)).bytes).find((r) => r[0] === 'dept-07');
      assert.deepEqual(edited.slice(7, 12), ['20', '1', '0.625', '0.625', '已完成']);
      assert.equal(await app.testid('notice-export-failed').count(), 0);
      assert.equal(await app.testid('notice-save-failed').count(), 0);

      // A scenario's export says it is one, in its name: a what-if does not pass for the 自评表.
      await app.page.evaluate(() => (window.prompt = () => '乐观'));
      await app.testid('new-scenario').click();
      await app.waitForAttr(`${sel.testid('scenario-select')} option:checked`, 'value', '0');
      assert.equal((await download(app, 'export-csv', dir)).name, `${STEM}-情景-乐观.csv`);
      assert.equal((await download(app, 'export-xlsx', dir)).name, `${STEM}-情景-乐观.xlsx`);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the print button opens the browser print dialog', () =>
  harness.run(async (app) => {
    await app.page.evaluate(() => {
      window.__printed = 0;
      window.print = () => {
        window.__printed += 1;
      };
    });
    await app.testid('print').click();
    assert.equal(await app.page.evaluate(() => window.__printed), 1);
  }));

/** How many pages a PDF has: its page objects, not the page tree (`/Type /Pages`). */
function pdfPages(bytes) {
  return (bytes.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

test('a project table exports as the 项目支出绩效自评表 it is filed as', () =>
  harness.run(async (app) => {
    const dir = tempDir();
    try {
      const file = path.join(dir, '项目.json');
      fs.writeFileSync(file, presetJson('project-national-example'));
      await app.openFile(file);
      await app.testid('notice-opened').waitFor();
      const xlsx = await download(app, 'export-xlsx', dir);
      assert.equal(xlsx.bytes.toString('latin1', 0, 4), 'PK\x03\x04', 'a zip file');
      // The package's parts are stored, not deflated: the form's words and merges read as written.
      const text = xlsx.bytes.toString('utf8');
      for (const word of ['项目资金（万元）', '年度总体目标', '偏差原因分析及改进措施', '其中：当年财政拨款', '自评等级']) {
        assert.ok(text.includes(word), `the form says ${word}`);
      }
      // 产出指标 merged over its five rows, 数量指标 over its two.
      assert.ok(text.includes('<mergeCell ref="A13:A17"/>') && text.includes('<mergeCell ref="B13:B14"/>'));
      assert.equal(await app.testid('notice-export-failed').count(), 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }));

test('the form exported and opened again agrees with itself: a score that never ends is no disagreement', () =>
  harness.run(async (app) => {
    const dir = tempDir();
    try {
      // The worked example without printed scores, 受益农村人口 2.8 of 3 万人: 9.3333… points, which a
      // workbook holds as the float 9.333333333333334.
      const example = JSON.parse(presetJson('project-national-example'));
      const clear = (node) => {
        delete node.reported;
        for (const child of node.children ?? []) clear(child);
        for (const row of node.rule?.indicators ?? []) delete row.reported;
      };
      clear(example.root);
      const row = example.root.children.flatMap((n) => n.children ?? [n]).flatMap((n) => n.rule?.indicators ?? []).find((r) => r.id === 'output-02');
      Object.assign(row, { target: '3', target_text: '≥3万人', actual: '2.8', actual_text: '2.8万人' });
      const file = path.join(dir, '项目.json');
      fs.writeFileSync(file, JSON.stringify(example));
      await app.openFile(file);
      await app.testid('notice-opened').waitFor();
      const computed = await app.total();
      const xlsx = await download(app, 'export-xlsx', dir);
      await app.openFile({ name: xlsx.name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: xlsx.bytes });
      const preview = app.testid('import-preview');
      await preview.waitFor();
      assert.equal(await preview.getByTestId('import-total-verdict').getAttribute('data-differs'), 'false');
      await app.testid('import-accept').click();
      await preview.waitFor({ state: 'detached' });
      assert.equal((await app.total()).value, computed.value);
      assert.match(await app.indicator('output-02').getByTestId('indicator-reported').innerText(), /^≈?9\.33/);
      assert.equal(await app.page.locator('.score-table__reported--differs').count(), 0);
      assert.equal(await app.testid('reported-flag').count(), 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }));

test('print layout: A4 landscape, summary first, header repeated, no buttons or inputs', async () => {
  const dir = tempDir();
  try {
    // A4 landscape less the 12 mm margins, at 96 dpi: the screenshot shows the first page's width.
    await harness.run(
      async (app) => {
        const reason = '部分人才中期评估延后至次年，第二期资助经费随之顺延发放，预计次年上半年完成。';
        await app.indicator('dept-07').locator(sel.testid('reason-input')).fill(reason);
        await app.page.emulateMedia({ media: 'print' });

        const shown = (selector) =>
          app.page.$$eval(selector, (els) => els.filter((el) => el.getClientRects().length > 0).length);
        assert.equal(await shown('button'), 0, 'no button prints');
        assert.equal(await shown('.toolbar__actions, .export-menu, .whatif, .review, .footer'), 0);
        assert.equal(await shown('.reason-input, input[type="file"]'), 0, 'reason inputs give way to their text');
        // The reason prints as text, in full.
        const reasonText = await app.indicator('dept-07').locator('td:last-child .print-only').evaluate((el) => ({
          text: el.textContent,
          visible: el.getClientRects().length > 0,
        }));
        assert.deepEqual(reasonText, { text: reason, visible: true });
        // Number cells and pickers print as their value: no box around them.
        const cells = await app.page.$$eval('input:not([type="file"]), select', (els) =>
          els
            .filter((el) => el.getClientRects().length > 0)
            .map((el) => {
              const style = getComputedStyle(el);
              return `${style.borderTopStyle}/${style.borderBottomWidth}/${style.backgroundColor}/${style.appearance}`;
            }),
        );
        assert.ok(cells.length > 50, `the table's inputs print (${cells.length})`);
        assert.deepEqual([...new Set(cells)], ['none/0px/rgba(0, 0, 0, 0)/none']);
        assert.equal(await app.actualInput('dept-07').inputValue(), '13');

        // The header row repeats on every page; rows do not split across pages.
        const table = await app.page.evaluate(() => {
          const thead = document.querySelector('[data-testid="score-table"] thead');
          const row = document.querySelector('[data-testid="indicator"]');
          const summary = document.querySelector('.summary');
          return {
            thead: getComputedStyle(thead).display,
            rowBreak: getComputedStyle(row).breakInside,
            summary: getComputedStyle(summary).position,
            summaryFirst: summary.getBoundingClientRect().bottom <= thead.getBoundingClientRect().top,
            ink: getComputedStyle(document.body).color,
            fitsThePage: document.documentElement.scrollWidth <= window.innerWidth,
            paper: getComputedStyle(document.querySelector('.score-table thead th')).backgroundColor,
          };
        });
        assert.deepEqual(table, {
          thead: 'table-header-group',
          rowBreak: 'avoid',
          summary: 'static',
          summaryFirst: true,
          ink: 'rgb(0, 0, 0)',
          fitsThePage: true,
          paper: 'rgba(0, 0, 0, 0)',
        });

        await app.page.evaluate(() => window.scrollTo(0, 0));
        await app.screenshot('print.png');

        // As a PDF: several pages, each A4 landscape (841.89 × 595.28 pt), the size the CSS asks for.
        const asked = await app.page.pdf({ format: 'A4', landscape: true });
        fs.writeFileSync(path.join(dir, 'print.pdf'), asked);
        assert.ok(pdfPages(asked) > 1, `more than one page (${pdfPages(asked)})`);
        const fromCss = await app.page.pdf({ preferCSSPageSize: true });
        const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(fromCss.toString('latin1'));
        assert.ok(box, 'the PDF states its page size');
        assert.deepEqual([Math.round(Number(box[1])), Math.round(Number(box[2]))], [842, 595], '@page: A4 landscape');
        // The same paper either way; where a row falls on a page's edge the two may break it apart
        // differently (a page's margins are the CSS's in one, the printer's default in the other).
        assert.ok(Math.abs(pdfPages(fromCss) - pdfPages(asked)) <= 1, `${pdfPages(fromCss)} and ${pdfPages(asked)} pages`);
      },
      { viewport: { width: 1032, height: 704 } },
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
