// 公共企事业单位办事公开 (issue 23) end to end: the county office imports
// schools and a hospital under their supervising departments, a school's
// editor signs in, publishes its 收费项目和标准, cannot open another
// institution's page (404), and the public directory (filtered by sector
// and town with a plain GET form) and the school's page show it. With and
// without JavaScript, at desktop and phone width.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  clickAndLoad, newContext, screenshotBothWidths, signIn, startForSuite, submitForm,
} from './harness.mjs';

const PASSWORD = 'Zwgk-Institutions-2026';
const TOWN = '鱼岳镇人民政府';

describe('公共企事业单位办事公开：导入、单位编辑本单位栏目、公开目录', () => {
  let server;
  let browser;

  startForSuite((s, b) => {
    server = s;
    browser = b;
  });

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'js' : 'nojs';
    const school = `鱼岳镇第${javaScriptEnabled ? '一' : '二'}小学`;
    const other = `官桥镇第${javaScriptEnabled ? '一' : '二'}中学`;
    const hospital = `县${javaScriptEnabled ? '人民' : '中医'}医院`;
    test(`a school publishes its sections and the directory shows it (${mode})`, async () => {
      const office = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const staffCtx = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const publicCtx = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        // The county office imports the roster; a bad row stops the whole file.
        const admin = await office.context.newPage();
        await signIn(admin, { next: '/admin/institutions' });
        await admin.goto('/admin/institutions');
        const importForm = admin.locator('form[action="/admin/institutions/import"]');
        await importForm.locator('input[type="file"]').setInputFiles({
          name: 'roster.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(`主管部门,名称,行业,乡镇,联系方式\n县教育局,${school},学校,${TOWN},0715-6321001\n县教育局,${other},教育,官桥镇人民政府,\n县卫健局,${hospital},银行,,\n`),
        });
        await submitForm(admin, importForm);
        await assert.doesNotReject(admin.getByText('第4行：行业“银行”无效').first().waitFor());
        const again = admin.locator('form[action="/admin/institutions/import"]');
        await again.locator('input[type="file"]').setInputFiles({
          name: 'roster.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(`主管部门,名称,行业,乡镇,联系方式\n县教育局,${school},学校,${TOWN},0715-6321001\n县教育局,${other},教育,官桥镇人民政府,\n县卫健局,${hospital},医院,,\n`),
        });
        await submitForm(admin, again);
        await assert.doesNotReject(admin.getByText('已导入 3 家单位').waitFor());
        const otherHref = await admin.locator('table.institutions').getByRole('link', { name: other, exact: true }).getAttribute('href');

        // The school's editor sees only the school and edits its 收费 section.
        const editor = `school-${mode}`;
        server.cli(['user', 'add', '--name', editor, '--role', 'unit_editor', '--unit', school,
          '--password-stdin'], `${PASSWORD}\n`);
        const page = await staffCtx.context.newPage();
        await signIn(page, { name: editor, password: PASSWORD, next: '/admin/institutions' });
        await page.goto('/admin/institutions');
        const table = page.locator('table.institutions');
        await assert.doesNotReject(table.getByText(school).waitFor());
        assert.equal(await table.getByText(other).count(), 0);
        await clickAndLoad(page, table.getByRole('link', { name: school, exact: true }));
        assert.match(new URL(page.url()).pathname, /^\/admin\/institutions\/\d+$/);
        const fees = page.locator('#section-fees form');
        await fees.locator('textarea[name="body"]').fill(`课后服务费：每月 200 元（${mode}）。\n\n校服：自愿购买。`);
        await screenshotBothWidths(page, `issue23-institutions-edit-${mode}`);
        await submitForm(page, fees);  // 保存并公开
        await assert.doesNotReject(page.getByText('“收费项目和标准”已保存。').waitFor());
        const schoolPath = new URL(page.url()).pathname.replace('/admin', '');

        // Another institution's page answers 404.
        const denied = await page.goto(otherHref);
        assert.equal(denied.status(), 404);

        // The public directory: filter by sector and town (a GET form).
        const anon = await publicCtx.context.newPage();
        await anon.goto('/institutions');
        await assert.doesNotReject(anon.getByRole('link', { name: school, exact: true }).waitFor());
        assert.equal(await anon.getByRole('link', { name: other, exact: true }).count(), 0);
        const filter = anon.locator('form.inst-filter');
        await filter.locator('select[name="sector"]').selectOption('教育');
        await filter.locator('select[name="town"]').selectOption({ label: TOWN });
        await submitForm(anon, filter);
        const url = new URL(anon.url());
        assert.equal(url.searchParams.get('sector'), '教育');
        await assert.doesNotReject(anon.getByRole('link', { name: school, exact: true }).waitFor());
        await screenshotBothWidths(anon, `issue23-institutions-directory-${mode}`);
        await filter.locator('select[name="sector"]').selectOption('医疗卫生');
        await submitForm(anon, anon.locator('form.inst-filter'));
        assert.equal(await anon.getByRole('link', { name: school, exact: true }).count(), 0);

        // The school's page shows the published section.
        await anon.goto(schoolPath);
        await assert.doesNotReject(anon.getByText(`课后服务费：每月 200 元（${mode}）。`).waitFor());
        await assert.doesNotReject(anon.getByRole('heading', { name: '收费项目和标准' }).waitFor());
      } finally {
        await Promise.all([office.context.close(), staffCtx.context.close(), publicCtx.context.close()]);
      }
    });
  }
});
