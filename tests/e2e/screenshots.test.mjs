// Screenshots for the README (docs/screenshots/), taken at 1440×900 after the fonts have loaded and
// two animation frames have passed. Also checks that the Chinese text is drawn with a CJK font.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { useHarness, test, presetObject } from './lib/app.mjs';

const harness = useHarness();

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(file) {
  const bytes = fs.readFileSync(file);
  assert.equal(bytes.toString('latin1', 1, 4), 'PNG', `${file} is not a PNG`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/**
 * Whether the page's font stack draws Chinese (no tofu). A missing glyph is drawn as the same
 * .notdef box for every character, so two different characters that draw the same means boxes.
 */
async function cjkGlyphsAvailable(app) {
  return app.page.evaluate(() => {
    const family = getComputedStyle(document.body).fontFamily;
    const draw = (ch) => {
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 32;
      const ctx = canvas.getContext('2d');
      ctx.font = `24px ${family}`;
      ctx.fillText(ch, 2, 26);
      return Array.from(ctx.getImageData(0, 0, 32, 32).data).join();
    };
    return draw('绩') !== draw('效') && draw('绩') !== draw('\uFFFF');
  });
}

test('screenshots: the main screen in Chinese and English, and a broken-file error', () =>
  harness.run(async (app) => {
    assert.ok(await cjkGlyphsAvailable(app), 'Chinese would be drawn as boxes: install fonts-noto-cjk');

    const zh = await app.screenshot('main-zh.png');
    assert.deepEqual(pngSize(zh), { width: 1440, height: 900 });

    await app.testid('lang').click();
    await app.page.waitForFunction(() => document.querySelector('[data-testid="save-file"]').textContent.trim() === 'Save');
    const en = await app.screenshot('main-en.png');
    assert.deepEqual(pngSize(en), { width: 1440, height: 900 });
    await app.testid('lang').click();
    await app.page.waitForFunction(() => document.querySelector('[data-testid="save-file"]').textContent.trim() === '保存');

    const bad = presetObject('seed-2023');
    bad.root.children[0].points = 'abc';
    bad.root.children[1].children[0].id = '';
    await app.openFile({ name: '2023-某部门-自评.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    await app.testid('load-error').waitFor();
    const codes = await app.testid('load-problem').evaluateAll((items) => items.map((i) => i.dataset.code));
    assert.deepEqual(codes.sort(), ['empty_id', 'not_a_number']);
    const errors = await app.screenshot('load-error.png');
    assert.deepEqual(pngSize(errors), { width: 1440, height: 900 });
  }));
