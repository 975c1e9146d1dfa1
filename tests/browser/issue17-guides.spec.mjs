// 办事指南 (issue 17) end to end: a unit's editor fills a guide, is told by
// name what is still missing (收费标准) and cannot submit it; completes it;
// a reviewer of the unit approves and publishes it; the public finds it by
// life event and by search, opens it and sees the QR code of its address
// and the print button, and the print layout. With and without JavaScript,
// at desktop and phone width.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  clickAndLoad, newContext, screenshot, screenshotBothWidths, signIn, startForSuite,
} from './harness.mjs';

const PASSWORD = 'Zwgk-Guides-2026';

// Fills every element of the guide form but those in `skip`.
async function fillElements(form, service, skip) {
  const fields = form.locator('.element-field');
  const n = await fields.count();
  for (let i = 0; i < n; i++) {
    const field = fields.nth(i);
    const label = (await field.locator('label').first().textContent()).replace(/（选填）/, '').trim();
    if (skip.includes(label)) continue;
    let value = `${label}：示例内容`;
    if (label === '事项名称') value = service;
    if (label === '法定办结时限') value = '20个工作日';
    if (label === '承诺办结时限') value = '5个工作日';
    if (label === '是否收费') value = '不收费';
    if (label === '设定依据') value = '《中华人民共和国社会保险法》第二十条\n《湖北省城乡居民基本养老保险实施办法》第十条';
    await field.locator('input[name^="el_"], textarea[name^="el_"]').fill(value);
  }
}

async function saveButton(page) {
  return page.locator('form.guide-form').getByRole('button', { name: '保存', exact: true });
}

describe('办事指南：编写、补全、审核、发布、公众查找和打印', () => {
  let server;
  let browser;

  startForSuite((s, b) => {
    server = s;
    browser = b;
  });

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'js' : 'nojs';
    const shots = javaScriptEnabled;
    test(`a guide from draft to the public page (${mode})`, async () => {
      const editorName = `mz-guide-editor-${mode}`;
      const reviewerName = `mz-guide-reviewer-${mode}`;
      for (const [name, role] of [[editorName, 'unit_editor'], [reviewerName, 'unit_reviewer']]) {
        server.cli(['user', 'add', '--name', name, '--role', role, '--unit', '县民政局', '--password-stdin'],
          `${PASSWORD}\n`);
      }
      const keyword = mode === 'js' ? '高龄津贴' : '困难残疾人生活补贴';
      const service = `${keyword}申领（${mode}）`;

      const editor = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const reviewer = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const visitor = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        // The editor starts a guide and leaves out 收费标准.
        const page = await editor.context.newPage();
        await signIn(page, { name: editorName, password: PASSWORD, next: '/admin/guides' });
        await page.goto('/admin/guides');
        await clickAndLoad(page, page.getByRole('link', { name: '新建办事指南' }));
        assert.equal(new URL(page.url()).pathname, '/admin/guides/new');
        const form = page.locator('form.guide-form');
        await fillElements(form, service, ['收费标准']);
        await form.locator('input[name="m_name_0"]').fill('居民身份证');
        await form.locator('input[name="m_source_0"]').fill('申请人自备');
        await form.locator('input[name="s_name_0"]').fill('受理');
        await form.locator('input[name="s_time_0"]').fill('即办');
        await form.locator('textarea[name="s_desc_0"]').fill('窗口收取材料，当场出具受理凭证');
        await form.getByLabel('养老', { exact: true }).check();
        // One more material row, posted back (works the same without JS).
        await clickAndLoad(page, form.getByRole('button', { name: '再加一项材料' }));
        assert.equal(await page.locator('input[name="m_name_0"]').inputValue(), '居民身份证');
        assert.equal(await page.locator('input[name="m_name_3"]').count(), 1);
        await page.locator('input[name="m_name_1"]').fill('户口簿');
        await clickAndLoad(page, await saveButton(page));
        assert.match(new URL(page.url()).pathname, /^\/admin\/guides\/\d+$/);
        const editPath = new URL(page.url()).pathname;
        // Told by name what is missing, linked to the field.
        const missing = page.locator('.missing-elements');
        await assert.doesNotReject(missing.getByRole('link', { name: '收费标准' }).waitFor());
        if (shots) await screenshotBothWidths(page, 'issue17-guides-edit');

        // Submitting is refused, naming 收费标准.
        await clickAndLoad(page, page.getByRole('button', { name: '提交审核' }));
        await assert.doesNotReject(page.locator('.error-summary').getByText('缺少收费标准').first().waitFor());
        if (shots) await screenshotBothWidths(page, 'issue17-guides-refused');

        // Completed, saved and submitted.
        await page.goto(editPath);
        await page.getByLabel('收费标准', { exact: true }).fill('不收费');
        await clickAndLoad(page, await saveButton(page));
        await assert.doesNotReject(page.getByText('要素齐全').waitFor());
        await clickAndLoad(page, page.getByRole('button', { name: '提交审核' }));
        await assert.doesNotReject(page.getByText('已提交审核。').waitFor());
        await page.goto('/admin/guides');
        await assert.doesNotReject(page.locator('tr', { hasText: service }).getByText('待审核').waitFor());
        if (shots) await screenshotBothWidths(page, 'issue17-guides-admin-list');

        // The reviewer approves and publishes.
        const rpage = await reviewer.context.newPage();
        await signIn(rpage, { name: reviewerName, password: PASSWORD, next: '/admin/guides' });
        await rpage.goto(editPath);
        const review = rpage.locator('form[action$="/review"]');
        await review.getByLabel('通过').check();
        await clickAndLoad(rpage, review.getByRole('button', { name: '提交审核意见' }));
        await assert.doesNotReject(rpage.getByText('已审核通过').waitFor());
        await clickAndLoad(rpage, rpage.getByRole('button', { name: '发布', exact: true }));
        await assert.doesNotReject(rpage.getByText('已发布，公众可').waitFor());

        // The public finds it by life event…
        const pub = await visitor.context.newPage();
        await pub.goto('/services');
        if (shots) await screenshotBothWidths(pub, 'issue17-guides-index');
        await clickAndLoad(pub, pub.locator('nav.life-events').getByRole('link', { name: '养老', exact: true }));
        await assert.doesNotReject(pub.getByRole('link', { name: service }).waitFor());
        // …and by search.
        await pub.goto('/services');
        await pub.locator('form.guide-search input[name="q"]').fill(keyword);
        await clickAndLoad(pub, pub.locator('form.guide-search').getByRole('button', { name: '查找' }));
        const hit = pub.getByRole('link', { name: service });
        await assert.doesNotReject(hit.waitFor());
        if (shots) await screenshotBothWidths(pub, 'issue17-guides-search');
        await clickAndLoad(pub, hit);
        await assert.doesNotReject(pub.getByRole('heading', { name: service, level: 1 }).waitFor());
        // The QR code of its absolute address, and 打印 where JS can print.
        const qr = pub.locator('figure.guide-qr svg.qr');
        assert.equal(await qr.count(), 1);
        assert.equal(await qr.isVisible(), true);
        assert.match(await pub.locator('.qr-url').textContent(), new RegExp(`^http://127\\.0\\.0\\.1:\\d+${editPath.replace('/admin/guides', '/services')}$`));
        assert.equal(await pub.getByRole('button', { name: '打印' }).isVisible(), javaScriptEnabled);
        assert.equal(await pub.getByRole('cell', { name: '居民身份证' }).count(), 1);
        if (shots) await screenshotBothWidths(pub, 'issue17-guides-show');
        // The print layout: one A4 page with the QR code, no site chrome.
        await pub.emulateMedia({ media: 'print' });
        assert.equal(await pub.locator('.site-nav').isVisible(), false);
        assert.equal(await qr.isVisible(), true);
        assert.equal(await pub.locator('.qr-url').isVisible(), true);
        if (shots) await screenshot(pub, 'issue17-guides-print-desktop');
        await pub.emulateMedia({ media: 'screen' });

        // The 办事一本通 and the statistics, linked from the section.
        await pub.goto('/services');
        await clickAndLoad(pub, pub.getByRole('link', { name: '办事一本通（PDF、可打印）' }));
        const county = pub.locator('section.book-county');
        await assert.doesNotReject(county.getByText(/版次：\d{4}-\d{2}-\d{2}/).waitFor());
        const pdf = await pub.request.get(await county.getByRole('link', { name: 'PDF（A4）' }).getAttribute('href'));
        assert.equal(pdf.status(), 200);
        assert.equal(pdf.headers()['content-type'], 'application/pdf');
        if (shots) await screenshotBothWidths(pub, 'issue17-guides-books');
        await pub.goto('/services/stats');
        await assert.doesNotReject(pub.getByRole('heading', { level: 1, name: /年办事统计$/ }).waitFor());
        if (shots) await screenshotBothWidths(pub, 'issue17-guides-stats');
        assert.deepEqual(visitor.problems, []);
      } finally {
        await Promise.all([editor.context.close(), reviewer.context.close(), visitor.context.close()]);
      }
    });
  }
});
