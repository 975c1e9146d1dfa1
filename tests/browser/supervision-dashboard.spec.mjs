// The compliance dashboard (issue 15): the county office's view (roll-up,
// ranking, charts with their tables, every number a link to the list under
// it, the date picker), a 县民政局 editor's own view (another unit's answers
// 404), and the settings form refusing a bad value with the error summary.
// With and without JavaScript, at desktop and phone width: with JS the charts
// are drawn (SVG), without it the tables carry the same numbers.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import {
  ADMIN_NAME, PHONE, assertNoSidewaysScroll, clickAndLoad, newContext, screenshotBothWidths, signIn, startForSuite,
  submitForm,
} from './harness.mjs';

const PASSWORD = 'Zwgk-Dashboard-2026';
const EDITOR = 'dashboard-editor';

// A day `days` from today in the county's zone, as YYYY-MM-DD.
function dayFromToday(days) {
  const d = new Date(Date.now() + days * 864e5);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);
}

describe('监督检查（政务公开监督检查页面）', () => {
  let server;
  let browser;
  let adminToken;

  startForSuite((s, b) => {
    server = s;
    browser = b;
  });

  // Records across the year, an editor of 县民政局, and applications.
  before(async () => {
    server.cli(['dev', 'generate', '--records', '200', '--seed', '15']);
    server.cli(['user', 'add', '--name', EDITOR, '--role', 'unit_editor', '--unit', '县民政局', '--password-stdin'],
      `${PASSWORD}\n`);
    adminToken = server.cli(['token', 'create', '--user', ADMIN_NAME, '--name', '监督检查测试']).trim();
    // Two received 60 days ago and never answered (overdue today), one
    // received 10 days ago and answered today (an outcome for the pie).
    for (const [unit, days, reply] of [['县民政局', -60, null], ['县教育局', -60, null],
      ['县财政局', -10, 'disclosed']]) {
      const res = await fetch(`${server.baseUrl}/api/v1/applications`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          applicant: {
            type: 'natural_person', name: '张三', id_type: 'resident_id', id_number: '421221199003071238',
            phone: '13812345678', address: '鱼岳镇人民大道1号',
          },
          unit, description: `${unit}2025年度资金使用情况`, delivery: 'paper',
          channel: 'in_person', received_on: dayFromToday(days),
        }),
      });
      assert.equal(res.status, 201, await res.clone().text());
      if (!reply) continue;
      const { id } = await res.json();
      const answered = await fetch(`${server.baseUrl}/api/v1/applications/${id}/reply`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ on: dayFromToday(0), type: reply, text: '经审查，予以公开，请查收。' }),
      });
      assert.equal(answered.status, 200, await answered.text());
    }
  });

  async function api(path) {
    const res = await fetch(`${server.baseUrl}${path}`, { headers: { Authorization: `Bearer ${adminToken}` } });
    assert.equal(res.status, 200, path);
    return res.json();
  }

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'js' : 'nojs';
    const suffix = javaScriptEnabled ? '' : '-nojs';

    test(`county office: roll-up, ranking, charts, lists (${mode})`, async () => {
      const { context, problems } = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        const page = await context.newPage();
        // Not signed in: the sign-in form, then the dashboard.
        await page.goto('/admin/supervision');
        assert.equal(new URL(page.url()).pathname, '/admin/login');
        await signIn(page, { next: '/admin/supervision' });
        assert.equal(await page.locator('h1').innerText(), '政务公开监督检查');
        const rollup = page.locator('table.rollup');
        assert.match(await rollup.innerText(), /全县合计[\s\S]*乡镇小计[\s\S]*部门小计/);

        // The numbers are the API's.
        const json = await api('/api/v1/supervision');
        const overdue = json.totals.county.applications_overdue;
        assert.ok(overdue >= 2, `applications overdue: ${overdue}`);
        const cell = rollup.locator('tr.county-total a[href="#f-applications_overdue"]');
        assert.equal(await cell.innerText(), String(overdue));
        assert.equal(await page.locator('table.ranking tbody tr').count(), json.units.length);

        // Charts: drawn with JS, and their tables either way.
        const tables = await page.locator('figure.chart table.chart-data').count();
        assert.equal(tables, 3);
        assert.match(await page.locator('figure[data-chart="pie"] table').innerText(), /予以公开\s+1\s+100%/);
        if (javaScriptEnabled) {
          await page.locator('figure.chart.drawn .chart-canvas svg').first().waitFor();
          assert.equal(await page.locator('figure.chart .chart-canvas svg').count(), tables);
        } else {
          assert.equal(await page.locator('figure.chart .chart-canvas:visible').count(), 0);
        }
        const months = await page.locator('table.chart-data.per-month tbody tr').count();
        assert.equal(months, json.published_per_month.length);

        await screenshotBothWidths(page, `issue15-dashboard-county${suffix}`);

        // A total leads to the units behind it, a unit's number to its list.
        await page.goto('/admin/supervision');
        await cell.click();
        await page.waitForURL(/#f-applications_overdue$/);
        const civil = json.units.find((u) => u.unit === '县民政局');
        const link = page.locator(`dd a[href="#u${civil.unit_id}-applications_overdue"]`);
        assert.match(await link.innerText(), /县民政局\s*1/);
        await link.click();
        const list = page.locator(`#u${civil.unit_id}-applications_overdue`);
        await list.waitFor({ state: 'visible' });
        assert.match(await list.innerText(), /逾期未答复的申请：1项/);
        const item = list.locator('xpath=following-sibling::ol[1]/li/a');
        assert.equal(await item.count(), 1);
        // The deduction names the same application.
        const deductions = page.locator(`#u${civil.unit_id} h4`, { hasText: /扣\d+分/ });
        assert.ok(await deductions.count() >= 1);

        // The date picker shows another day.
        const picker = page.locator('form.dash-filter');
        const day = dayFromToday(-90);
        await picker.locator('#as_of').fill(day);
        await submitForm(page, picker);
        assert.equal(new URL(page.url()).searchParams.get('as_of'), day);
        assert.match(await page.locator('.dash-actions').innerText(), new RegExp(day));
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });

    test(`a unit's staff see their own unit only (${mode})`, async () => {
      const { context, problems } = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        const page = await context.newPage();
        await signIn(page, { name: EDITOR, password: PASSWORD, next: '/admin/supervision' });
        assert.equal(await page.locator('h1').innerText(), '县民政局 政务公开监督检查');
        assert.equal(await page.locator('table.rollup').count(), 0);
        assert.equal(await page.locator('table.ranking tbody tr').count(), 1);
        assert.equal(await page.locator('a[href="/admin/supervision/settings"]').count(), 0);
        // The headline: its score and the overdue application.
        const cards = page.locator('ul.stat-cards');
        assert.match(await cards.innerText(), /得分/);
        assert.match(await cards.innerText(), /依申请逾期未答复/);
        assert.equal(await page.locator('details.unit-detail[open]').count(), 1);
        if (javaScriptEnabled) {
          await page.locator('figure.chart.drawn .chart-canvas svg').first().waitFor();
        } else {
          assert.equal(await page.locator('figure.chart .chart-canvas:visible').count(), 0);
        }
        await screenshotBothWidths(page, `issue15-dashboard-unit${suffix}`);
        assert.deepEqual(problems, []);

        // Another unit's dashboard is not found.
        const json = await api('/api/v1/supervision');
        const other = json.units.find((u) => u.unit === '县教育局');
        const res = await page.goto(`/admin/supervision?unit=${other.unit_id}`);
        assert.equal(res.status(), 404);
      } finally {
        await context.close();
      }
    });

    test(`settings: a bad value is named, a good one saved (${mode})`, async () => {
      const { context, problems } = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        const page = await context.newPage();
        await signIn(page, { next: '/admin/supervision/settings' });
        const form = page.locator('form.settings-form');
        await form.locator('#news_days').fill('-5');
        await form.locator('#late_publication_points').fill('3');
        await submitForm(page, form);
        const summary = page.locator('#error-summary');
        assert.match(await summary.innerText(), /应为 0 至 3660 之间的天数/);
        assert.equal(await summary.locator('a[href="#news_days"]').count(), 1);
        assert.equal(await page.locator('#news_days').inputValue(), '-5');
        assert.equal(await page.locator('#late_publication_points').inputValue(), '3');
        if (javaScriptEnabled) await screenshotBothWidths(page, 'issue15-dashboard-settings');
        problems.length = 0;  // the refused form answered 400 on purpose

        await page.locator('#news_days').fill('10');
        await submitForm(page, page.locator('form.settings-form'));
        assert.match(await page.locator('p.ok').innerText(), /已保存/);
        assert.equal(await page.locator('#news_days').inputValue(), '10');
        await page.setViewportSize(PHONE);
        await assertNoSidewaysScroll(page, 'settings phone', { limit: PHONE.width, slack: 1 });
        assert.deepEqual(problems, []);
        // Put the defaults back for the other run.
        await page.locator('#news_days').fill('14');
        await page.locator('#late_publication_points').fill('2');
        await submitForm(page, page.locator('form.settings-form'));
      } finally {
        await context.close();
      }
    });
  }

  test('the dashboard links to its export and API', async () => {
    const { context } = await newContext(browser, server.baseUrl);
    try {
      const page = await context.newPage();
      await signIn(page, { next: '/admin/supervision' });
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: '导出 Excel 表格' }).click(),
      ]);
      assert.match(download.suggestedFilename(), /^政务公开监督检查-\d{4}-\d{2}-\d{2}\.xlsx$/);
      await clickAndLoad(page, page.getByRole('link', { name: 'JSON 数据' }));
      const json = JSON.parse(await page.locator('body').innerText());
      assert.ok(Array.isArray(json.units) && json.units.length > 0);
    } finally {
      await context.close();
    }
  });
});
