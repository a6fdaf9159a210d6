// The printout (styles/print.css): a ten-indicator project table, the national worked example, prints
// on one A4 page, as Chromium's "save as PDF" lays it out. Pages are counted in the PDF itself.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useHarness, test, tempDir, sel } from './lib/app.mjs';

const harness = useHarness();

/** The pages of a PDF: its page objects (`/Type /Page`), not the page tree (`/Type /Pages`). */
function pdfPages(pdf) {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![A-Za-z])/g) ?? []).length;
}

/** The PDF the print dialog's "save as PDF" makes: A4, laid out by the page's own @page rule. */
async function printPdf(app) {
  return app.page.pdf({ format: 'A4', preferCSSPageSize: true });
}

test('a ten-indicator project table prints on one A4 page; the long sample on several', () =>
  harness.run(async (app) => {
    // The counter counts: the 2023 sample (32 indicators and more) takes more than one page.
    assert.ok(pdfPages(await printPdf(app)) > 1, 'the sample prints on several pages');

    await app.testid('new-from-preset').selectOption('project-national-example');
    await app.indicator('output-01').waitFor();
    await app.page.locator(`${sel.testid('score-table')}:not([data-partial])`).waitFor({ state: 'attached' });
    assert.equal(await app.page.locator(sel.testid('indicator')).count(), 10);
    const pdf = await printPdf(app);
    assert.equal(pdfPages(pdf), 1, 'the worked example prints on one page');

    // A level chosen with no percent in its band prints as the level alone, without a stray "%" (#18);
    // on screen the empty percent box and its "%" are there to be filled.
    const suffix = app.indicator('outcome-03').locator('.level-cell .num-cell__suffix');
    assert.ok(await suffix.isVisible(), 'on screen, the empty percent box shows its %');

    // As printed: the whole table, down to its last row and the texts below it, within the page.
    await app.page.emulateMedia({ media: 'print' });
    assert.equal(await suffix.isVisible(), false, 'printed, a level with no percent shows no %');
    // The evaluation heads the page, whole: its title, not the app's name, and not cut short.
    const heading = await app.page.evaluate(() => {
      const title = document.querySelector('.toolbar__title');
      const doc = document.querySelector('[data-testid="doc-name"]');
      const style = getComputedStyle(doc);
      return { appSize: getComputedStyle(title).fontSize, docSize: style.fontSize, whole: style.maxWidth === 'none' && style.overflow === 'visible', text: doc.textContent };
    });
    assert.equal(heading.appSize, '0px', "the app's name is not printed");
    assert.notEqual(heading.docSize, '0px');
    assert.ok(heading.whole, 'the title is printed whole');
    assert.match(heading.text, /农村饮水/);
    const bottom = await app.page.evaluate(() => document.querySelector('.main').getBoundingClientRect().bottom);
    assert.ok(bottom > 0);
    const keep = process.env.JIXIAO_PRINT_DIR;
    const dir = keep ?? tempDir();
    try {
      fs.writeFileSync(path.join(dir, 'print-example.pdf'), pdf);
      await app.page.setViewportSize({ width: 1047, height: 718 });
      await app.page.screenshot({ path: path.join(dir, 'print-example.png'), fullPage: true });
    } finally {
      if (!keep) fs.rmSync(dir, { recursive: true, force: true });
    }
  }));
