// Issue 19, search that forgives: pinyin and initials, a typo corrected,
// suggestions as the user types (with JavaScript) and as links on the
// results page (without), results grouped by category with counts; at
// desktop and phone width.
//   node --test --test-reporter=spec tests/browser/issue19-search.spec.mjs
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { pinyin } from 'pinyin-pro';

import { DESKTOP, PHONE, assertNoSidewaysScroll, clickAndLoad, newContext, screenshot, startForSuite } from './harness.mjs';

let server;
let browser;

// 低保 is one of the generated records' keywords (src/publishing/generate.cc).
const WORD = '低保';
const FULL = pinyin(WORD, { toneType: 'none', type: 'array', v: true }).join('');  // dibao
const INITIALS = pinyin(WORD, { pattern: 'first', toneType: 'none', type: 'array' }).join('');  // db


async function total(page) {
  return Number((await page.locator('#search-summary').innerText()).match(/(\d+) 条结果/)[1]);
}

describe('issue 19 search', () => {
startForSuite((s, b) => {
  server = s;
  browser = b;
});
before(async () => {
  await server.cli(['dev', 'generate', '--records', '300']);
  await server.cli(['search', 'reindex']);
});
for (const [width, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  describe(`issue 19 search (${width})`, () => {
    test('typing pinyin shows suggestions with JavaScript', async () => {
      const { context, problems } = await newContext(browser, server.baseUrl);
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      await page.goto('/');
      const box = page.locator('header input[name="q"]');
      await box.pressSequentially(FULL.slice(0, 4), { delay: 30 });
      const options = page.locator('header .search-suggest [role=option]');
      await options.first().waitFor({ state: 'visible' });
      const texts = await options.allInnerTexts();
      assert.ok(texts.length <= 10, `${texts.length} suggestions`);
      assert.ok(texts.includes(WORD), `suggestions: ${texts.join(' | ')}`);
      assert.equal(await box.getAttribute('aria-expanded'), 'true');
      await assertNoSidewaysScroll(page, 'suggestions');
      await screenshot(page, `issue19-search-suggest-${width}`);
      // Arrow down and Enter follow a suggestion.
      await box.press('ArrowDown');
      await Promise.all([page.waitForURL((u) => u.pathname !== '/'), box.press('Enter')]);
      assert.deepEqual(problems, []);
      await context.close();
    });

    test('without JavaScript: pinyin, initials, a typo and grouped results', async () => {
      const { context, problems } = await newContext(browser, server.baseUrl, { javaScriptEnabled: false });
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      // The plain form posts to the results page.
      await page.goto('/');
      await page.locator('header input[name="q"]').fill(FULL);
      await clickAndLoad(page, page.locator('header form[action="/search"] button[type="submit"]'));
      assert.equal(new URL(page.url()).searchParams.get('q'), FULL);
      const byPinyin = await total(page);
      assert.ok(byPinyin > 0, `${FULL} finds nothing`);
      assert.ok(await page.locator('li.search-hit').count() > 0);
      // Grouped by category: 全部 plus categories whose counts add up.
      const tabs = page.locator('nav.search-tabs');
      const counts = (await tabs.innerText()).match(/\((\d+)\)/g).map((c) => Number(c.slice(1, -1)));
      assert.equal(counts[0], byPinyin);
      assert.equal(counts.slice(1).reduce((a, b) => a + b, 0), byPinyin);
      await assertNoSidewaysScroll(page, 'results');
      await screenshot(page, `issue19-search-pinyin-${width}`);

      // A category narrows the results; the tabs keep their counts.
      const tab = tabs.locator('a').nth(0);
      const tabCount = Number((await tab.innerText()).match(/\((\d+)\)/)[1]);
      await clickAndLoad(page, tab);
      assert.equal(await total(page), tabCount);
      assert.ok(await page.locator('nav.search-tabs strong[aria-current="page"]').count() === 1);
      // Sorted by date, still in the category.
      await clickAndLoad(page, page.locator('.search-sort a', { hasText: '新→旧' }));
      assert.ok(new URL(page.url()).searchParams.has('category'));
      assert.equal(await total(page), tabCount);

      // Initials.
      await page.goto(`/search?q=${INITIALS}`);
      assert.ok(await total(page) > 0, `${INITIALS} finds nothing`);

      // A homophone typo: 低报 is corrected to 低保 (or suggested when it has
      // a few results of its own).
      await page.goto(`/search?q=${encodeURIComponent('低报')}`);
      const note = page.locator('#search-suggestion');
      assert.match(await note.innerText(), /以下是“低保”的结果|您是不是要找：低保/);
      await screenshot(page, `issue19-search-typo-${width}`);

      // Related words as links on the results page (suggestions without JS).
      await page.goto(`/search?q=${encodeURIComponent('低')}`);
      const related = page.locator('.search-related a', { hasText: WORD });
      assert.ok(await related.count() > 0, 'related words link');
      await clickAndLoad(page, related.first());
      assert.equal(new URL(page.url()).searchParams.get('q'), WORD);
      assert.deepEqual(problems, []);
      await context.close();
    });
  });
}
});
