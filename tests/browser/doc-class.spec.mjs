// 公文类别 on the record form: a unit drafts a 行政规范性文件 with its 登记号 and
// 有效期, it is reviewed and published (through the confirmation page), and
// the public page shows the class in the record's metadata block. With
// JavaScript the 登记号 and 有效期 fields appear only for the classes they
// belong to; without it they are always there. Desktop and phone widths.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { newContext, PHONE, screenshot, signIn, startForSuite, submitForm } from './harness.mjs';

describe('公文类别', () => {
  let server;
  let browser;

  startForSuite((s, b) => {
    server = s;
    browser = b;
  });

  for (const javaScriptEnabled of [true, false]) {
    for (const width of ['desktop', 'phone']) {
      const mode = javaScriptEnabled ? 'js' : 'nojs';
      test(`draft and publish a 行政规范性文件 (${mode}, ${width})`, async () => {
        const title = `关于规范村级财务管理的若干规定（${mode}-${width}）`;
        const reg = `JYXG-2026-${mode}-${width}`;
        const staff = await newContext(browser, server.baseUrl, { javaScriptEnabled });
        const visitor = await newContext(browser, server.baseUrl, { javaScriptEnabled });
        try {
          const page = await staff.context.newPage();
          const pub = await visitor.context.newPage();
          if (width === 'phone') {
            await page.setViewportSize(PHONE);
            await pub.setViewportSize(PHONE);
          }
          await signIn(page, { next: '/admin/records/new' });

          const form = page.locator('form.record-form');
          const regField = form.locator('#r-reg');
          const validField = form.locator('#r-valid');
          // 其他 by default: with JavaScript its fields are out of the way.
          assert.equal(await form.locator('#r-doc-class').inputValue(), 'other');
          assert.equal(await regField.isVisible(), !javaScriptEnabled);
          await form.locator('#r-doc-class').selectOption({ label: '规章' });
          assert.equal(await validField.isVisible(), true);
          assert.equal(await regField.isVisible(), !javaScriptEnabled);
          await form.locator('#r-doc-class').selectOption({ label: '行政规范性文件' });
          assert.equal(await regField.isVisible(), true);
          assert.equal(await validField.isVisible(), true);

          await form.locator('#r-title').fill(title);
          await form.locator('#r-unit').selectOption({ label: '县民政局' });
          await form.locator('#r-formed').fill('2026-11-20');
          await form.locator('#r-topic').selectOption({ value: '民政、扶贫、救灾/社会福利' });
          await form.locator('#r-genre').selectOption('通知');
          await form.locator('#r-doc').fill('嘉民规〔2026〕1号');
          await regField.fill(reg);
          // A wrong 有效期 comes back with its message, the rest kept.
          await validField.fill('五年');
          const body = form.locator('#r-body');
          if (await body.isVisible()) {
            await body.fill('<p>第一条 为规范村级财务管理，制定本规定。</p>');
          } else {
            await form.locator('[contenteditable="true"]').first().click();
            await page.keyboard.type('第一条 为规范村级财务管理，制定本规定。');
          }
          await screenshot(page, `issue15-s1-record-form-${mode}-${width}`);
          await submitForm(page, form);
          assert.match(await page.locator('.field-error').first().innerText(), /有效期应为截止日期/);
          assert.equal(await page.locator('form.record-form #r-reg').inputValue(), reg);
          assert.equal(
            await page.locator('form.record-form #r-doc-class').inputValue(), 'normative');
          await page.locator('form.record-form #r-valid').fill('2031-06-30');
          await submitForm(page, page.locator('form.record-form'));
          assert.match(await page.locator('p.ok').innerText(), /已保存草稿/);
          assert.match(await page.locator('.doc-class').innerText(),
            new RegExp(`行政规范性文件 · 登记号 ${reg} · 有效期至 2031-06-30`));

          await submitForm(page, page.locator('form[action$="/submit"]'));
          const review = page.locator('form.review-form');
          await review.locator('textarea[name="remarks"]').fill('不涉密');
          await submitForm(page, review);
          // Publishing asks for confirmation first.
          await submitForm(page, page.locator('form.publish-start'));
          // No 解读 related: the reviewer says why (政策解读 三同步).
          await page.locator('form.confirm-form textarea[name="interpretation_waiver"]')
            .fill('内部管理规定，无需解读');
          await submitForm(page, page.locator('form.confirm-form'));
          assert.match(await page.locator('.status').innerText(), /已发布/);
          await screenshot(page, `issue15-s1-admin-record-${mode}-${width}`);
          const id = page.url().match(/\/admin\/records\/(\d+)/)?.[1];
          assert.ok(id, page.url());

          await pub.goto(`/records/${id}`);
          const meta = await pub.locator('table.record-meta').innerText();
          assert.match(meta, /文件类别/);
          assert.match(meta, new RegExp(`行政规范性文件 · 登记号 ${reg} · 有效期至 2031-06-30`));
          await screenshot(pub, `issue15-s1-record-detail-${mode}-${width}`);
          assert.deepEqual(staff.problems, ['400 /admin/records']);
          assert.deepEqual(visitor.problems, []);
        } finally {
          await staff.context.close();
          await visitor.context.close();
        }
      });
    }
  }
});
