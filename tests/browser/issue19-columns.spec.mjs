// 栏目 (issue 19) in the browser: the home page lists the newest items each
// with its publish date; the navigation leaves out every blank column the
// plan does not require (as `zwgk columns list` reports them); the office's
// /admin/columns shows the blank and stale lists with the veto counts and
// edits a column's rule. With and without JavaScript, at desktop and phone
// width.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  clickAndLoad, newContext, screenshotBothWidths, signIn, startForSuite, submitForm,
} from './harness.mjs';

// Columns of `zwgk columns list`: key, name, type, days, state, items, last,
// days since, url, required.
function columns(server) {
  return server.cli(['columns', 'list']).trim().split('\n')
    .filter((l) => l.includes('\t'))
    .map((l) => {
      const [key, name, type, days, state, items, last, since, url, required] = l.split('\t');
      return { key, name, type, days, state, items, last, since, url, required };
    });
}

describe('栏目：首页最新信息带日期，空白栏目不进导航，栏目与更新管理', () => {
  let server;
  let browser;

  startForSuite((s, b) => {
    server = s;
    browser = b;
    server.cli(['dev', 'generate', '--records', '40', '--seed', '19']);
  });

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'js' : 'nojs';

    test(`the home page and the navigation (${mode})`, async () => {
      const hidden = columns(server)
        .filter((c) => c.state === '空白栏目' && c.required !== '方案要求')
        .map((c) => c.url);
      const { context, problems } = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        const page = await context.newPage();
        await page.goto('/');
        const latest = page.locator('section.home-latest');
        await latest.getByRole('heading', { name: '最新信息' }).waitFor();
        const rows = latest.locator('li.record-row');
        assert.ok(await rows.count() > 0, 'the home page lists the newest items');
        for (const text of await rows.allTextContents()) {
          assert.match(text, /发布时间 \d{4}-\d{2}-\d{2}/, `${text.trim()} shows its date`);
        }
        const navHrefs = await page.locator('nav.site-nav a').evaluateAll(
          (as) => as.map((a) => a.getAttribute('href')));
        assert.ok(navHrefs.includes('/messages'), '政民互动 stays in the navigation');
        for (const url of hidden) {
          assert.ok(!navHrefs.includes(url), `blank column ${url} is not in the navigation`);
        }
        if (javaScriptEnabled) await screenshotBothWidths(page, 'issue19-columns-home');
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });

    test(`/admin/columns lists blank and stale columns and edits a rule (${mode})`, async () => {
      const { context, problems } = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        const page = await context.newPage();
        await signIn(page, { next: '/admin/columns' });
        await page.getByRole('heading', { name: /^空白栏目/ }).waitFor();
        await page.getByRole('heading', { name: /^超期未更新/ }).waitFor();
        const table = page.locator('table.column-list');
        assert.ok(await table.locator('tbody tr').count() >= 26 + 8,
          'every 专栏 and the site columns are listed');
        assert.ok(await table.getByRole('link', { name: '社会救助专栏', exact: true }).count() === 1);
        if (javaScriptEnabled) await screenshotBothWidths(page, 'issue19-columns-admin');

        await clickAndLoad(page, page.getByRole('link', { name: '修改规划计划' }));
        const form = page.locator('form.settings-form');
        const days = mode === 'js' ? '400' : '500';
        await form.getByLabel('更新周期（天）').fill(days);
        await submitForm(page, form);
        assert.equal(new URL(page.url()).pathname, '/admin/columns');
        await page.getByText('栏目设置已保存').waitFor();
        const row = table.locator('tr', { has: page.getByRole('link', { name: '规划计划', exact: true }) });
        assert.match(await row.textContent(), new RegExp(`${days}天`));

        // A refused edit names the field.
        await page.goto('/admin/columns/edit?key=plans');
        await form.getByLabel('更新周期（天）').fill('-1');
        await submitForm(page, form);
        await page.getByText(/更新周期应为 0 至 3650/).first().waitFor();
        if (javaScriptEnabled) await screenshotBothWidths(page, 'issue19-columns-edit');
        assert.deepEqual(problems.filter((p) => !p.startsWith('422 ')), []);
      } finally {
        await context.close();
      }
    });
  }
});
