// 依申请公开 end to end in Debian's Chromium, with and without JavaScript:
// an applicant files an application on the public form (no account), staff
// confirm receipt and reply, and the applicant sees the reply with the
// tracking number and query code.
//   node --test --test-reporter=spec tests/browser/applications.spec.mjs
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { newContext, screenshot, signIn, startForSuite } from './harness.mjs';

const UNIT = '县民政局';
// A valid 居民身份证 number (GB 11643 check character 8).
const ID_NUMBER = '421221199003071238';

describe('依申请公开 /apply', () => {
  let server;
  let browser;

  startForSuite((s, b) => {
    server = s;
    browser = b;
  });

  for (const javaScriptEnabled of [false, true]) {
    const mode = javaScriptEnabled ? 'js' : 'nojs';
    test(`file, confirm, reply, and the applicant sees the reply (${mode})`, async () => {
      const description = `低保资金发放情况（${mode}）`;
      const applicant = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const staff = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        // 1. The applicant files on the public form.
        const page = await applicant.context.newPage();
        const res = await page.goto('/apply');
        assert.equal(res.status(), 200);
        assert.match(await page.locator('h1').first().innerText(), /政府信息公开申请/);
        const form = page.locator('form.apply-form');
        await form.locator('input[name="applicant_type"][value="natural_person"]').check();
        await form.locator('#name').fill('张三');
        await form.locator('#id_number').fill(ID_NUMBER);
        await form.locator('#phone').fill('13812345678');
        await form.locator('#address').fill('嘉鱼县鱼岳镇人民大道1号');
        await form.locator('#unit').selectOption(UNIT);
        await form.locator('#description').fill(description);
        await form.locator('#delivery_form').selectOption('paper');
        await Promise.all([
          page.waitForURL((u) => u.pathname === '/apply'),
          form.locator('button[type="submit"]').click(),
        ]);
        const number = (await page.locator('#tracking-number').innerText()).trim();
        const code = (await page.locator('#query-code').innerText()).trim();
        assert.match(number, /^YSQ\d{10}$/);
        assert.match(code, /^[2-9A-Z]{12}$/);
        await screenshot(page, `apply-submitted-${mode}`);

        // 2. Staff sign in, confirm receipt and reply.
        const admin = await staff.context.newPage();
        await signIn(admin, { next: '/admin/applications' });
        await Promise.all([
          admin.waitForURL((u) => /^\/admin\/applications\/\d+$/.test(u.pathname)),
          admin.getByRole('link', { name: number }).click(),
        ]);
        assert.match(await admin.locator('h1').innerText(), /待确认/);
        await Promise.all([
          admin.waitForURL((u) => /^\/admin\/applications\/\d+$/.test(u.pathname)),
          admin.locator('#act-receive button[type="submit"]').click(),
        ]);
        await admin.locator('h1', { hasText: '已登记' }).waitFor();
        assert.match(await admin.locator('#due-date').innerText(), /\d{4}-\d{2}-\d{2}/);
        assert.match(await admin.locator('ol.trace').innerText(), /第1个工作日|第1–/);
        const reply = admin.locator('#act-reply');
        await reply.locator('#reply-type').selectOption('disclosed');
        await reply.locator('#reply-text').fill('现将2025年度低保资金发放情况表提供给您。');
        await Promise.all([
          admin.waitForURL((u) => /^\/admin\/applications\/\d+$/.test(u.pathname)),
          reply.locator('button[type="submit"]').click(),
        ]);
        await admin.locator('h1', { hasText: '已答复' }).waitFor();
        await screenshot(admin, `application-replied-${mode}`);

        // 3. The applicant looks it up with the number and the code.
        const status = await applicant.context.newPage();
        await status.goto('/apply/status');
        const lookup = status.locator('form.status-form');
        await lookup.locator('#tracking_number').fill(number);
        await lookup.locator('#query_code').fill(code);
        await Promise.all([
          status.waitForURL((u) => u.pathname === '/apply/status'),
          lookup.locator('button[type="submit"]').click(),
        ]);
        assert.equal((await status.locator('#state').innerText()).trim(), '已答复');
        assert.match(await status.locator('#reply').innerText(), /予以公开/);
        const letter = await status.locator('section.letter').innerText();
        assert.match(letter, /政府信息公开申请答复书/);
        assert.match(letter, /低保资金发放情况表/);
        assert.match(letter, /60日内依法申请行政复议/);
        // The public page never shows the ID number.
        assert.doesNotMatch(await status.locator('main').innerText(), new RegExp(ID_NUMBER));
        await screenshot(status, `apply-status-${mode}`);

        assert.deepEqual(applicant.problems, []);
        assert.deepEqual(staff.problems, []);
      } finally {
        await applicant.context.close();
        await staff.context.close();
      }
    });
  }
});
