// 村务公开 (issue 17) end to end: the county office imports a town's
// villages in the org admin, a clerk of one village signs in, prepares the
// last quarter's 村务 posting from the obligation list, publishes it, prints
// the notice-board PDF, uploads the photo of the posted board, and the
// public village page shows it. With and without JavaScript, at desktop and
// phone width.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  clickAndLoad, newContext, screenshotBothWidths, signIn, startForSuite, submitForm,
} from './harness.mjs';

const PASSWORD = 'Zwgk-Villages-2026';
const TOWN = '鱼岳镇人民政府';
// A JPEG by its magic bytes (SOI, an empty APP0, EOI): enough for the
// server's type check; it has no EXIF time.
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01,
  0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);

// The label of the quarter before today's ("2026年第3季度"), as the pages show it.
function lastQuarterLabel(now = new Date()) {
  const q = Math.floor(now.getMonth() / 3) + 1;
  return q > 1 ? `${now.getFullYear()}年第${q - 1}季度` : null;
}

describe('村务公开：村务的准备、公开、打印公示栏、上传照片、公开页面', () => {
  let server;
  let browser;

  startForSuite((s, b) => {
    server = s;
    browser = b;
  });

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'js' : 'nojs';
    const shots = javaScriptEnabled;  // one set of screenshots
    const village = javaScriptEnabled ? '城关村' : '江滨社区';
    test(`a clerk from the obligation to the public page (${mode})`, async () => {
      const office = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const clerkCtx = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const publicCtx = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        // The county office imports the town's villages in the org admin.
        const admin = await office.context.newPage();
        await signIn(admin, { next: '/admin/org' });
        await admin.goto('/admin/org');
        const importForm = admin.locator('form[action="/admin/villages/import"]');
        await importForm.locator('input[type="file"]').setInputFiles({
          name: 'villages.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(`乡镇,名称,类型,联系方式\n${TOWN},城关村,村,0715-6321234\n${TOWN},江滨社区,社区,0715-6325678\n`),
        });
        await submitForm(admin, importForm);
        assert.equal(new URL(admin.url()).pathname, '/admin/org');

        // A clerk of the village.
        const clerkName = `clerk-${mode}`;
        server.cli(['user', 'add', '--name', clerkName, '--role', 'clerk', '--unit', village,
          '--password-stdin'], `${PASSWORD}\n`);
        const page = await clerkCtx.context.newPage();
        await signIn(page, { name: clerkName, password: PASSWORD, next: '/admin/villages' });
        await page.goto('/admin/villages');
        await assert.doesNotReject(page.locator('table.villages').getByText(village).waitFor());
        if (shots) await screenshotBothWidths(page, 'issue17-villages-admin-list');

        // Prepare the last quarter's 村务 from its obligation.
        const quarter = lastQuarterLabel();
        let row = page.locator('table.obligations tr', { hasText: '村务' });
        if (quarter) row = row.filter({ hasText: quarter });
        await clickAndLoad(page, row.first().getByRole('link', { name: '准备公开' }));
        assert.match(new URL(page.url()).pathname, /^\/admin\/villages\/\d+$/);
        const prepare = page.locator('form.posting-form');
        assert.equal(await prepare.locator('select[name="kind"]').inputValue(), 'village');
        assert.match(await prepare.locator('input[name="period"]').inputValue(), /^\d{4}-Q[1-4]$/);
        const title = await prepare.locator('input[name="title"]').inputValue();
        assert.ok(title.includes(village), title);
        await prepare.locator('textarea[name="body"]').fill(
          `一、村级道路硬化工程已完工，投入资金12.6万元（${mode}）。\n\n二、本季度低保户名单复核完毕。`);
        if (shots) await screenshotBothWidths(page, 'issue17-villages-prepare');
        await submitForm(page, prepare);
        assert.match(new URL(page.url()).pathname, /^\/admin\/villages\/postings\/\d+$/);
        const postingPath = new URL(page.url()).pathname;
        const postingId = postingPath.split('/').pop();
        await assert.doesNotReject(page.getByText('已保存为草稿').waitFor());

        // A draft is not public.
        const anon = await publicCtx.context.newPage();
        const draft = await anon.goto(`/villages/postings/${postingId}`);
        assert.equal(draft.status(), 404);

        // Publish with today's 公开日期.
        const publish = page.locator('form.publish-form');
        const postedOn = await publish.locator('input[name="posted_on"]').inputValue();
        assert.match(postedOn, /^\d{4}-\d{2}-\d{2}$/);
        await submitForm(page, publish);
        await assert.doesNotReject(page.getByText('已公开，村（社区）页面已显示').waitFor());
        assert.equal((await page.locator('#posted-on').textContent()).trim(), postedOn);

        // Print the board: a PDF, A4 and A3.
        for (const id of ['#board-a4', '#board-a3']) {
          const href = await page.locator(id).getAttribute('href');
          const pdf = await page.request.get(href);
          assert.equal(pdf.status(), 200, href);
          assert.match(pdf.headers()['content-type'], /^application\/pdf/);
          assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
        }

        // Upload the photo of the posted board.
        const upload = page.locator('form.photo-form');
        await upload.locator('input[type="file"]').setInputFiles({
          name: 'board.jpg', mimeType: 'image/jpeg', buffer: JPEG,
        });
        await submitForm(page, upload);
        await assert.doesNotReject(page.getByText('公示栏照片已上传').waitFor());
        await assert.doesNotReject(page.locator('ul.board-photos img').first().waitFor());
        if (shots) await screenshotBothWidths(page, 'issue17-villages-posting');

        // The public village page shows it with its 公开日期 and the photo.
        await anon.goto('/villages');
        await clickAndLoad(anon, anon.getByRole('link', { name: village, exact: true }));
        assert.match(new URL(anon.url()).pathname, /^\/villages\/\d+$/);
        const item = anon.locator('li.posting-item', { hasText: title });
        await assert.doesNotReject(item.waitFor());
        assert.equal((await item.locator('.posted-on').textContent()).trim(), postedOn);
        await assert.doesNotReject(item.locator('img').waitFor());
        const ask = await item.getByRole('link', { name: '对公开内容有疑问？' }).getAttribute('href');
        assert.match(ask, /^\/messages\/new\?unit=\d+&title=/);
        if (shots) await screenshotBothWidths(anon, 'issue17-villages-public');
        await clickAndLoad(anon, item.getByRole('link', { name: title, exact: true }));
        assert.equal(new URL(anon.url()).pathname, `/villages/postings/${postingId}`);
        await assert.doesNotReject(anon.getByText('村级道路硬化工程已完工').waitFor());
        if (shots) await screenshotBothWidths(anon, 'issue17-villages-public-posting');
      } finally {
        await Promise.all([office.context.close(), clerkCtx.context.close(), publicCtx.context.close()]);
      }
    });
  }
});
