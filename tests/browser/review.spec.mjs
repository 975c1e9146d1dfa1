// Review and publication by two people of 县民政局 (issue 14): an editor
// drafts a record and submits it — on their own draft they see "等待他人审核"
// and no review form; a reviewer opens the preview (the public page with a
// "预览，尚未公开" banner), approves with a comment that then shows on the
// record's page, and publishes through the confirmation page that lists
// where the record will appear. The records list finds the record by 文号 and
// never says "逾期0". With and without JavaScript, at desktop and phone width.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  clickAndLoad, newContext, PHONE, DESKTOP, screenshotBothWidths, signIn, startForSuite, submitForm,
} from './harness.mjs';

const PASSWORD = 'Zwgk-Review-2026';
describe('保密审查、预览与发布确认', () => {
  let server;
  let browser;

  startForSuite((s, b) => {
    server = s;
    browser = b;
  });

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'js' : 'nojs';
    test(`two people review and publish a record (${mode})`, async () => {
      const editorName = `editor-${mode}`;
      const reviewerName = `reviewer-${mode}`;
      server.cli(['user', 'add', '--name', editorName, '--role', 'unit_editor', '--unit', '县民政局',
        '--password-stdin'], `${PASSWORD}\n`);
      server.cli(['user', 'add', '--name', reviewerName, '--role', 'unit_reviewer', '--unit', '县民政局',
        '--password-stdin'], `${PASSWORD}\n`);
      const title = `关于发放2026年困难群众春节慰问金的通知（${mode}）`;
      const docNumber = `嘉民发〔2026〕${mode === 'js' ? 41 : 42}号`;
      const remark = `经审查不涉及国家秘密和个人隐私（${mode}）`;

      const editor = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const reviewer = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        // The editor drafts and submits.
        const ed = await editor.context.newPage();
        await signIn(ed, { name: editorName, password: PASSWORD, next: '/admin/records/new' });
        const form = ed.locator('form.record-form');
        await form.locator('#r-title').fill(title);
        await form.locator('#r-domain').selectOption({ label: '社会救助' });
        await form.locator('#r-formed').fill('2026-02-10');
        await form.locator('#r-topic').selectOption({ value: '民政、扶贫、救灾/社会福利' });
        await form.locator('#r-genre').selectOption('通知');
        await form.locator('#r-doc').fill(docNumber);
        const body = form.locator('textarea[name="body_html"]');
        if (await body.isVisible()) {
          await body.fill('各镇人民政府：\n\n现将春节慰问金发放事项通知如下。');
        } else {
          // The rich editor hides the textarea: type into the editor.
          await form.locator('[contenteditable="true"]').first().click();
          await ed.keyboard.type('现将春节慰问金发放事项通知如下。');
        }
        await submitForm(ed, form);
        assert.match(await ed.locator('p.ok').innerText(), /已保存草稿/);
        const recordPath = new URL(ed.url()).pathname;
        await submitForm(ed, ed.locator('form[action$="/submit"]'));
        assert.match(await ed.locator('.status').innerText(), /待审查/);
        assert.match(await ed.locator('.workflow').innerText(), /等待他人审核/);
        assert.equal(await ed.locator('form.review-form').count(), 0, 'no review form on one\'s own draft');
        await screenshotBothWidths(ed, `issue14-h2-editor-waiting-${mode}`);

        // The reviewer previews, approves with a comment.
        const rv = await reviewer.context.newPage();
        await signIn(rv, { name: reviewerName, password: PASSWORD, next: recordPath });
        assert.equal(await rv.locator('form.review-form').count(), 1);
        await clickAndLoad(rv, rv.locator('a.preview-link'));
        assert.match(await rv.locator('.preview-banner').innerText(), /预览，尚未公开/);
        assert.match(await rv.locator('article.record h1').innerText(), /春节慰问金/);
        assert.match(await rv.locator('table.record-meta').innerText(), new RegExp(docNumber.replace(/[〔〕]/g, '.')));
        assert.match(await rv.locator('article.record .body').innerText(), /春节慰问金发放事项/);
        await screenshotBothWidths(rv, `issue14-h2-preview-${mode}`);
        await rv.goto(recordPath);
        const review = rv.locator('form.review-form');
        await review.locator('textarea[name="remarks"]').fill(remark);
        await submitForm(rv, review);
        assert.match(await rv.locator('.status').innerText(), /审查通过/);
        const history = await rv.locator('table.review-history').innerText();
        assert.match(history, new RegExp(remark.replace(/[()（）]/g, '.')));
        assert.match(history, new RegExp(reviewerName));
        assert.match(history, /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
        assert.doesNotMatch(history, /\dZ/);
        await screenshotBothWidths(rv, `issue14-h2-reviewed-${mode}`);

        // The editor sees the comment too.
        await ed.goto(recordPath);
        assert.match(await ed.locator('table.review-history').innerText(), /经审查不涉及国家秘密/);

        // Publishing: the confirmation lists the places, then 确认发布.
        await submitForm(rv, rv.locator('form.publish-start'));
        assert.match(await rv.locator('h1').first().innerText(), /确认发布/);
        const places = await rv.locator('table.placements').innerText();
        for (const place of ['按发布机构 › 县民政局', '社会救助专栏', '全站信息订阅', '网站地图']) {
          assert.ok(places.includes(place), `confirmation names ${place}`);
        }
        await screenshotBothWidths(rv, `issue14-h2-publish-confirm-${mode}`);
        await submitForm(rv, rv.locator('form.confirm-form'));
        assert.match(await rv.locator('p.ok').innerText(), /已发布/);
        assert.match(await rv.locator('.status').innerText(), /已发布/);

        // The records list finds it by 文号; the due label is right.
        await rv.goto('/admin/records');
        const filters = rv.locator('form.record-filters');
        await filters.locator('input[name="q"]').fill(docNumber);
        await submitForm(rv, filters);
        assert.equal(await rv.locator('#f-q').inputValue(), docNumber);
        const rows = rv.locator('table.admin-records tbody tr');
        assert.equal(await rows.count(), 1);
        const row = await rows.first().innerText();
        assert.match(row, /春节慰问金/);
        assert.doesNotMatch(await rv.locator('main').innerText(), /逾期0/);
        await screenshotBothWidths(rv, `issue14-h2-records-list-${mode}`);
        // At phone width the list reads as cards: title, date, unit.
        await rv.setViewportSize(PHONE);
        assert.equal(await rows.first().evaluate((tr) => getComputedStyle(tr).display), 'block');
        const card = await rows.first().innerText();
        assert.match(card, /春节慰问金/);
        assert.match(card, /县民政局/);
        assert.match(card, /2026-02-10/);
        await rv.setViewportSize(DESKTOP);

        assert.deepEqual(editor.problems, []);
        assert.deepEqual(reviewer.problems, []);
      } finally {
        await editor.context.close();
        await reviewer.context.close();
      }
    });
  }
});
