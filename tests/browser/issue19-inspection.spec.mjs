// 网站自查 (issue 19) end to end: the county office opens /admin/inspection
// (the first view of a month starts the monthly report), runs 立即检查,
// sees 检查中… and then the report: the verdict, every indicator, the
// findings linked (the seeded site's blank 专栏), and the past reports.
// The crawl runs in the server against its own address. A unit's editor is
// refused. With and without JavaScript, at desktop and phone width.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  clickAndLoad, newContext, screenshotBothWidths, signIn, startForSuite,
} from './harness.mjs';

const PASSWORD = 'Zwgk-Inspect-2026';

// Reloads until the background check has finished (each reload is a real
// request; bounded, no sleeping).
async function waitForReport(page) {
  for (let i = 0; i < 2000; i++) {
    if (await page.locator('.inspection-running').count() === 0) return;
    await page.goto('/admin/inspection');
  }
  assert.fail('网站自查未在限定的刷新次数内完成');
}

describe('网站自查：立即检查、检查中、报告和历次报告', () => {
  let server;
  let browser;

  startForSuite((s, b) => {
    server = s;
    browser = b;
  });

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'js' : 'nojs';
    test(`the office runs a check and reads the findings (${mode})`, async () => {
      const office = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        const page = await office.context.newPage();
        await signIn(page, { next: '/admin' });
        await clickAndLoad(page, page.getByRole('link', { name: '网站自查' }));
        assert.equal(new URL(page.url()).pathname, '/admin/inspection');
        await waitForReport(page);  // the monthly report started on first view

        await clickAndLoad(page, page.getByRole('button', { name: '立即检查' }));
        const running = await page.locator('.inspection-running').count();
        if (running > 0) {
          assert.match(await page.locator('.inspection-running').textContent(), /检查中…/);
          if (javaScriptEnabled) await screenshotBothWidths(page, 'issue19-inspection-running');
        }
        await waitForReport(page);

        const verdict = page.locator('.inspection-verdict');
        assert.match(await verdict.textContent(), /结论：(合格|不合格)/);
        // Every indicator is in the table.
        const table = page.locator('table.inspection-table');
        for (const label of ['首页更新', '空白栏目', '留言办理', '办事服务', '发布日期真实',
          '网站标识信息', '网页元数据', '链接可用性', '附件可用性']) {
          assert.ok(await table.getByText(label).count() > 0, `${label} 不在报告中`);
        }
        // The crawl ran against the server itself.
        assert.match(await page.locator('main').textContent(), /爬取 http:\/\/127\.0\.0\.1:\d+ 共 \d+ 个页面/);
        // The seeded site's 专栏 are blank: a veto, each one linked.
        const blank = page.locator('#ind-A6');
        assert.match(await blank.textContent(), /单项否决/);
        const link = blank.locator('a[href^="/domains/"]').first();
        const href = await link.getAttribute('href');
        // Two reports now: the monthly one and this one.
        const history = page.locator('section[aria-labelledby="history-title"] tbody tr');
        assert.ok(await history.count() >= 2);
        if (javaScriptEnabled) await screenshotBothWidths(page, 'issue19-inspection-report');
        await clickAndLoad(page, link);
        assert.equal(new URL(page.url()).pathname, href);
        assert.deepEqual(office.problems, []);
      } finally {
        await office.context.close();
      }
    });
  }

  test('a unit editor may not open it', async () => {
    server.cli(['user', 'add', '--name', 'mz-inspect-editor', '--role', 'unit_editor', '--unit', '县民政局',
      '--password-stdin'], `${PASSWORD}\n`);
    const editor = await newContext(browser, server.baseUrl);
    try {
      const page = await editor.context.newPage();
      await signIn(page, { name: 'mz-inspect-editor', password: PASSWORD, next: '/admin' });
      assert.equal(await page.getByRole('link', { name: '网站自查' }).count(), 0);
      const res = await page.goto('/admin/inspection');
      assert.equal(res.status(), 403);
    } finally {
      await editor.context.close();
    }
  });
});
