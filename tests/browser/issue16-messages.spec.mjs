// 政民互动 (issue 16) end to end: a citizen writes a message and gets the
// tracking number and query code; the county office drafts a reply to be
// published; a reviewer of the unit approves it; the citizen checks the
// status, reads the answer and rates it; the public Q&A lists it with
// 留言时间 and 答复时间 and never the sender's phone number. With and without
// JavaScript, at desktop and phone width.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  clickAndLoad, newContext, screenshotBothWidths, signIn, startForSuite, submitForm,
} from './harness.mjs';

const PASSWORD = 'Zwgk-Messages-2026';
const PHONE_NUMBER = '13912345678';
const EMAIL = 'wxm@example.cn';

describe('政民互动：留言、答复、审核、查询、评价、公开', () => {
  let server;
  let browser;

  startForSuite((s, b) => {
    server = s;
    browser = b;
  });

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'js' : 'nojs';
    const shots = javaScriptEnabled;  // one set of screenshots
    test(`a message from the form to the published answer (${mode})`, async () => {
      const reviewerName = `mz-reviewer-${mode}`;
      server.cli(['user', 'add', '--name', reviewerName, '--role', 'unit_reviewer', '--unit', '县民政局',
        '--password-stdin'], `${PASSWORD}\n`);
      const title = `城乡低保申请需要哪些材料（${mode}）`;
      const answer = `您好，申请城乡低保需携带身份证、户口簿和家庭收入证明（${mode}）。`;

      const citizen = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const office = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const reviewer = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        // The citizen writes.
        const page = await citizen.context.newPage();
        await page.goto('/messages');
        await clickAndLoad(page, page.getByRole('link', { name: '我要留言' }).first());
        assert.equal(new URL(page.url()).pathname, '/messages/new');
        await assert.doesNotReject(page.getByText('任何情况下都不会公开').waitFor());
        if (shots) await screenshotBothWidths(page, 'issue16-messages-new');
        const form = page.locator('form.message-form');
        await form.getByLabel('咨询').check();
        await form.locator('select[name="unit"]').selectOption('县民政局');
        await form.getByLabel('标题', { exact: true }).fill(title);
        await form.locator('textarea[name="text"]').fill(`请问申请城乡低保需要准备哪些材料（${mode}）？我的电话${PHONE_NUMBER}。`);
        await form.getByLabel('姓名', { exact: true }).fill('王小明');
        await form.getByLabel('联系电话', { exact: true }).fill(PHONE_NUMBER);
        await form.getByLabel('电子邮箱（选填）').fill(EMAIL);
        await form.locator('input[name="publish_consent"]').check();
        await submitForm(page, form);
        const number = (await page.locator('#tracking-number').textContent()).trim();
        const code = (await page.locator('#query-code').textContent()).trim();
        assert.match(number, /^LY\d{4}\d+$/);
        assert.ok(code.length >= 6, code);
        assert.match(await page.locator('#due-date').textContent(), /\d{4}年\d{1,2}月\d{1,2}日/);
        await assert.doesNotReject(page.getByText('查询码只显示这一次').waitFor());
        if (shots) await screenshotBothWidths(page, 'issue16-messages-submitted');

        // The county office drafts a reply to publish.
        const staff = await office.context.newPage();
        await signIn(staff, { next: '/admin/messages' });
        await staff.goto('/admin/messages');
        const row = staff.locator('tr', { hasText: number });
        await assert.doesNotReject(row.waitFor());
        if (shots) await screenshotBothWidths(staff, 'issue16-messages-admin-list');
        await clickAndLoad(staff, row.getByRole('link', { name: number }));
        await assert.doesNotReject(staff.getByText(PHONE_NUMBER).first().waitFor());  // staff see the contact
        const reply = staff.locator('#reply-form');
        await reply.locator('textarea[name="text"]').fill(answer);
        assert.equal(await reply.locator('input[name="publish"]').isChecked(), true);
        // The public text is prefilled without the phone number.
        assert.doesNotMatch(await reply.locator('textarea[name="public_text"]').inputValue(), /13912345678/);
        if (shots) await screenshotBothWidths(staff, 'issue16-messages-admin-detail');
        await submitForm(staff, reply);
        await assert.doesNotReject(staff.getByText('答复已提交审核').waitFor());
        assert.match(await staff.locator('#state').textContent(), /待审核/);

        // A reviewer of the unit approves it.
        const rev = await reviewer.context.newPage();
        await signIn(rev, { name: reviewerName, password: PASSWORD, next: '/admin/messages' });
        await rev.goto('/admin/messages');
        await clickAndLoad(rev, rev.getByRole('link', { name: number }));
        const review = rev.locator('#review-form');
        await review.locator('textarea[name="remarks"]').fill('同意');
        if (shots) await screenshotBothWidths(rev, 'issue16-messages-review');
        await submitForm(rev, review);
        await assert.doesNotReject(rev.getByText('已审核通过，答复已发送').waitFor());

        // The citizen checks the status, reads the answer and rates it.
        await page.goto('/messages/status');
        const status = page.locator('form.status-form');
        await status.getByLabel('查询号').fill(number);
        await status.getByLabel('查询码').fill(code);
        await submitForm(page, status);
        assert.match(await page.locator('#state').textContent(), /已答复/);
        assert.match(await page.locator('#reply').textContent(), /家庭收入证明/);
        if (shots) await screenshotBothWidths(page, 'issue16-messages-status');
        const rate = page.locator('form.rate-form');
        await rate.getByLabel(/5分/).check();
        await rate.getByLabel('意见（选填）').fill('答复清楚');
        await submitForm(page, rate);
        await assert.doesNotReject(page.getByText('感谢您的评价').waitFor());
        assert.match(await page.locator('#rating').textContent(), /5分/);

        // The public Q&A shows it, with both times and no contact details.
        await page.goto('/messages');
        const item = page.locator('li', { hasText: title });
        await assert.doesNotReject(item.waitFor());
        const text = await item.textContent();
        assert.match(text, /留言时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
        assert.match(text, /答复时间：\d{4}-\d{2}-\d{2}/);
        const body = await page.content();
        assert.ok(!body.includes(PHONE_NUMBER), 'the phone number is on the public list');
        assert.ok(!body.includes(EMAIL), 'the email is on the public list');
        assert.ok(!body.includes('王小明'), 'the name is on the public list');
        if (shots) await screenshotBothWidths(page, 'issue16-messages-list');
        await clickAndLoad(page, item.getByRole('link', { name: title }));
        assert.match(await page.locator('#reply').textContent(), /家庭收入证明/);
        assert.ok(!(await page.content()).includes(PHONE_NUMBER));
        if (shots) await screenshotBothWidths(page, 'issue16-messages-show');
        await page.goto('/messages/stats');
        await assert.doesNotReject(page.getByRole('columnheader', { name: '平均答复用时（工作日）' }).waitFor());
        if (shots) await screenshotBothWidths(page, 'issue16-messages-stats');

        for (const ctx of [citizen, office, reviewer]) assert.deepEqual(ctx.problems, []);
      } finally {
        await Promise.all([citizen.context.close(), office.context.close(), reviewer.context.close()]);
      }
    });
  }
});
