// Site search in Debian's Chromium, with JavaScript on and off: the search
// box in the layout, highlighted results, facet filters, sorting, paging,
// the 有效性 mark and the no-results help.
//   node --test --test-reporter=spec tests/browser/search.spec.mjs
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, newContext, repoRoot, screenshot, startZwgk, zwgkBin } from './harness.mjs';

let server;
let browser;
// A two-character word from a generated title, and how many records have it.
let word;

function zwgk(...args) {
  const base = ['--config', path.join(server.dataDir, 'zwgk.toml'), '--data-dir', server.dataDir];
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ZWGK_')));
  const r = spawnSync(zwgkBin, [...base, ...args], { cwd: repoRoot, env, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `zwgk ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout;
}

before(async () => {
  [server, browser] = await Promise.all([startZwgk(), launchBrowser()]);
  // Bulk-generated records bypass the outbox, as an import would: rebuild
  // the index from the database, then check it agrees.
  zwgk('dev', 'generate', '--records', '300');
  assert.match(zwgk('search', 'reindex'), /已重建索引/);
  assert.match(zwgk('search', 'check'), /一致/);
  const newest = await (await fetch(`${server.baseUrl}/api/v1/search?sort=date`)).json();
  assert.ok(newest.total > 0, 'generated records are public');
  const cjk = [...newest.hits[0].title].filter((c) => /\p{Script=Han}/u.test(c));
  word = cjk.slice(0, 2).join('');
});

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'js' : 'nojs';

  describe(`search (${javaScriptEnabled ? 'JavaScript on' : 'JavaScript off'})`, () => {
    let context;
    let problems;
    let page;

    before(async () => {
      ({ context, problems } = await newContext(browser, server.baseUrl, { javaScriptEnabled }));
      page = await context.newPage();
    });
    after(async () => {
      await context?.close();
    });

    test('the search box on the home page leads to highlighted results', async () => {
      await page.goto('/');
      await page.locator('header input[name="q"]').fill(word);
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/search'),
        page.locator('header form[action="/search"] button[type="submit"]').click(),
      ]);
      assert.equal(new URL(page.url()).searchParams.get('q'), word);
      const hits = page.locator('li.search-hit');
      assert.ok((await hits.count()) > 0, 'no hits');
      assert.equal(await hits.first().locator('h3 mark').first().innerText(), word);
      assert.match(await hits.first().locator('.validity').innerText(), /\[(有效|已修改|已废止|已失效)\]/);
      assert.match(await page.locator('#search-summary').innerText(), /\d+ 条结果/);
      await screenshot(page, `search-${mode}`);
      assert.deepEqual(problems, []);
    });

    test('a facet narrows the results and can be removed', async () => {
      await page.goto(`/search?q=${encodeURIComponent(word)}`);
      const total = async () => Number((await page.locator('#search-summary').innerText()).match(/(\d+) 条结果/)[1]);
      const before = await total();
      const facet = page.locator('.search-facets section', { hasText: '年份' }).locator('li a').first();
      const expected = Number((await facet.locator('xpath=..').innerText()).match(/\((\d+)\)/)[1]);
      await Promise.all([page.waitForURL((u) => u.searchParams.has('year')), facet.click()]);
      assert.equal(await total(), expected);
      assert.ok(expected <= before);
      assert.match(await page.locator('.search-active').innerText(), /年份：\d{4}/);
      await Promise.all([
        page.waitForURL((u) => !u.searchParams.has('year')),
        page.locator('.search-active a[aria-label^="去掉条件"]').first().click(),
      ]);
      assert.equal(await total(), before);
      assert.deepEqual(problems, []);
    });

    test('sorting by date lists the newest first, and pages follow', async () => {
      await page.goto('/search?sort=date');
      const dates = await page.locator('li.search-hit time').allInnerTexts();
      assert.ok(dates.length > 1);
      assert.deepEqual(dates, [...dates].sort().reverse());
      const next = page.locator('nav.pager a', { hasText: '下一页' });
      await Promise.all([page.waitForURL((u) => u.searchParams.get('page') === '2'), next.click()]);
      assert.match(await page.locator('#search-summary').innerText(), /第 2\/\d+ 页/);
      const later = await page.locator('li.search-hit time').first().innerText();
      assert.ok(later <= dates[dates.length - 1], `${later} after ${dates[dates.length - 1]}`);
      assert.deepEqual(problems, []);
    });

    test('no results explains what to try', async () => {
      await page.goto(`/search?q=${encodeURIComponent('火星基地')}`);
      assert.match(await page.locator('main').innerText(), /没有找到符合条件的信息/);
      assert.equal(await page.locator('main a[href="/records"]').count(), 1);
      assert.deepEqual(problems, []);
    });
  });
}

after(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});
