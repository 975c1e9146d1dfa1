// A record goes from draft to the public page through the staff pages:
// the county office drafts it, uploads an attachment, submits it for 保密审查,
// approves it and publishes it; an anonymous visitor then finds it in the
// 信息公开目录 with its 索引号 and opens it. Once with JavaScript, once without.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { newContext, screenshot, signIn, startForSuite, submitForm } from './harness.mjs';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('信息发布 → 门户', () => {
  let server;
  let browser;

  startForSuite((s, b) => {
    server = s;
    browser = b;
  });

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'js' : 'nojs';
    test(`draft, review and publish a record (${mode})`, async () => {
      const title = `关于做好2026年冬季低保救助工作的通知（${mode}）`;
      const staff = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const visitor = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        const page = await staff.context.newPage();
        await signIn(page, { next: '/admin/records/new' });
        assert.match(await page.locator('h1').first().innerText(), /新建信息/);

        // A form the server refuses comes back with the field's message and
        // everything typed kept.
        const form = page.locator('form.record-form');
        await form.locator('#r-title').fill(title);
        await form.locator('#r-unit').selectOption({ label: '县民政局' });
        await form.locator('#r-formed').fill('2099-01-01');
        await form.locator('#r-topic').selectOption({ value: '民政、扶贫、救灾/社会福利' });
        await form.locator('#r-genre').selectOption('通知');
        await form.locator('#r-doc').fill('嘉民发〔2026〕21号');
        const body = form.locator('#r-body');
        if (await body.isVisible()) {
          await body.fill('<p>各镇人民政府：</p><p>请做好冬季低保对象走访救助工作。</p>');
        } else {
          // The rich editor (with JavaScript) hides the textarea.
          await form.locator('[contenteditable="true"]').first().click();
          await page.keyboard.type('各镇人民政府：请做好冬季低保对象走访救助工作。');
        }
        await submitForm(page, form);
        assert.match(await page.locator('.field-error').first().innerText(), /成文日期不能晚于今天/);
        assert.equal(await page.locator('form.record-form #r-title').inputValue(), title);

        await page.locator('form.record-form #r-formed').fill('2026-11-20');
        await submitForm(page, page.locator('form.record-form'));
        assert.match(await page.locator('p.ok').innerText(), /已保存草稿/);
        assert.match(await page.locator('.status').innerText(), /草稿/);
        // 20 working days from 2026-11-20.
        assert.match(await page.locator('.timeliness').innerText(), /2026-12-18/);

        const upload = page.locator('form[action$="/attach"]');
        await upload.locator('input[type="file"]').setInputFiles({
          name: '救助对象名单.pdf', mimeType: 'application/pdf', buffer: PDF,
        });
        await submitForm(page, upload);
        assert.match(await page.locator('p.ok').innerText(), /已上传附件/);

        await submitForm(page, page.locator('form[action$="/submit"]'));
        assert.match(await page.locator('.status').innerText(), /待审查/);
        const review = page.locator('form.review-form');
        await review.locator('textarea[name="remarks"]').fill('经审查不涉及国家秘密和个人隐私');
        await submitForm(page, review);
        assert.match(await page.locator('.status').innerText(), /审查通过/);
        // Publishing goes through the confirmation of where it will appear.
        await submitForm(page, page.locator('form.publish-start'));
        assert.match(await page.locator('table.placements').innerText(), /信息公开目录/);
        await submitForm(page, page.locator('form.confirm-form'));
        assert.match(await page.locator('.status').innerText(), /已发布/);
        const indexNumber = (await page.locator('main p').filter({ hasText: '索引号' }).first().innerText())
          .match(/421221-\d{3}\/2026-\d{5}/)?.[0];
        assert.ok(indexNumber, 'the record page shows its 索引号');
        await screenshot(page, `publishing-admin-${mode}`);

        // The visitor finds it in the list and opens it.
        const pub = await visitor.context.newPage();
        await pub.goto('/records');
        const link = pub.locator('table.record-table a', { hasText: title });
        await link.waitFor();
        await Promise.all([pub.waitForLoadState('load'), link.click()]);
        assert.match(await pub.locator('h1').innerText(), new RegExp(title.replace(/[（）]/g, '.')));
        const meta = await pub.locator('table.record-meta').innerText();
        assert.match(meta, new RegExp(indexNumber));
        assert.match(meta, /嘉民发〔2026〕21号/);
        assert.match(meta, /2026-11-20/);
        assert.match(await pub.locator('ul.attachments').innerText(), /救助对象名单\.pdf/);
        await screenshot(pub, `publishing-record-${mode}`);
        // The one refused form (the future 成文日期) answered 400, as it should.
        assert.deepEqual(staff.problems, ['400 /admin/records']);
        assert.deepEqual(visitor.problems, []);
      } finally {
        await staff.context.close();
        await visitor.context.close();
      }
    });
  }
});
