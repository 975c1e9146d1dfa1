// 保密审查 gate (issue 18): an editor of 县民政局 drafts a record whose body
// holds a valid ID number and a mobile number and submits it — the record
// page lists both findings, masked; another person, a reviewer, approves it;
// publishing is refused with each kind and count named and the findings
// shown, with a reason field per kind; 一键脱敏 masks the body; the record
// then publishes, and the public page shows only the masked values. With and
// without JavaScript, at desktop and phone width.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  newContext, screenshotBothWidths, signIn, startForSuite, submitForm,
} from './harness.mjs';

const PASSWORD = 'Zwgk-Gate-2026';
const ID = '421221199003071238';
const MOBILE = '13812345678';

describe('保密审查：发布前的个人信息检查', () => {
  let server;
  let browser;

  startForSuite((s, b) => {
    server = s;
    browser = b;
  });

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'js' : 'nojs';
    test(`personal data holds the publication until masked (${mode})`, async () => {
      const editorName = `gate-editor-${mode}`;
      const reviewerName = `gate-reviewer-${mode}`;
      server.cli(['user', 'add', '--name', editorName, '--role', 'unit_editor', '--unit', '县民政局',
        '--password-stdin'], `${PASSWORD}\n`);
      server.cli(['user', 'add', '--name', reviewerName, '--role', 'unit_reviewer', '--unit', '县民政局',
        '--password-stdin'], `${PASSWORD}\n`);
      const title = `2026年2月临时救助对象公示（${mode}）`;
      const line = `张三，身份证号：${ID}，联系电话：${MOBILE}，救助金额800元。`;

      const editor = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const reviewer = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const visitor = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        // The editor drafts and submits; the findings show at once, masked.
        const ed = await editor.context.newPage();
        await signIn(ed, { name: editorName, password: PASSWORD, next: '/admin/records/new' });
        const form = ed.locator('form.record-form');
        await form.locator('#r-title').fill(title);
        await form.locator('#r-domain').selectOption({ label: '社会救助' });
        await form.locator('#r-formed').fill('2026-02-10');
        await form.locator('#r-topic').selectOption({ value: '民政、扶贫、救灾/社会福利' });
        await form.locator('#r-genre').selectOption('公示');
        const body = form.locator('textarea[name="body_html"]');
        if (await body.isVisible()) {
          await body.fill(`现将临时救助对象公示如下。\n\n${line}`);
        } else {
          await form.locator('[contenteditable="true"]').first().click();
          await ed.keyboard.type('现将临时救助对象公示如下。');
          await ed.keyboard.press('Enter');
          await ed.keyboard.type(line);
        }
        await submitForm(ed, form);
        const recordPath = new URL(ed.url()).pathname;
        await submitForm(ed, ed.locator('form[action$="/submit"]'));
        const edSection = ed.locator('section.privacy-check');
        const edText = await edSection.innerText();
        assert.match(edText, /保密审查：个人信息检查/);
        assert.match(edText, /身份证号码\s*1处/);
        assert.match(edText, /手机号码\s*1处/);
        assert.match(edText, /421\*{11}1238/);
        assert.ok(!(await ed.content()).includes(ID), 'no raw ID number on the editor\'s page');
        await screenshotBothWidths(ed, `issue18-gate-submitted-${mode}`);

        // Another person reviews.
        const rv = await reviewer.context.newPage();
        await signIn(rv, { name: reviewerName, password: PASSWORD, next: recordPath });
        assert.match(await rv.locator('section.privacy-check').innerText(), /手机号码/);
        const review = rv.locator('form.review-form');
        await submitForm(rv, review);
        assert.match(await rv.locator('.status').innerText(), /审查通过/);

        // Publishing is refused with each kind named; a reason field per kind.
        await submitForm(rv, rv.locator('form.publish-start'));
        assert.equal(await rv.locator('textarea[name="privacy_reasons[id_card]"]').count(), 1);
        assert.equal(await rv.locator('textarea[name="privacy_reasons[mobile]"]').count(), 1);
        await submitForm(rv, rv.locator('form.confirm-form'));
        assert.match(await rv.locator('.publish-error').innerText(),
          /发现未脱敏的个人信息：身份证号码1处、手机号码1处。请脱敏，或逐类填写公开理由/);
        const findings = await rv.locator('section.privacy-check').innerText();
        assert.match(findings, /正文第2段/);
        assert.match(findings, /138\*{4}5678/);
        const refusedHtml = await rv.content();
        assert.ok(!refusedHtml.includes(ID) && !refusedHtml.includes(MOBILE), 'no raw value on the refusal');
        await screenshotBothWidths(rv, `issue18-gate-refused-${mode}`);

        // 一键脱敏, back on the confirmation: nothing left, then 确认发布.
        await submitForm(rv, rv.locator('section.privacy-check form[action$="/privacy/mask"]'));
        assert.match(await rv.locator('p.ok[role="status"]').innerText(), /已脱敏/);
        assert.match(await rv.locator('section.privacy-check').innerText(), /未发现/);
        assert.equal(await rv.locator('textarea[name^="privacy_reasons"]').count(), 0);
        await screenshotBothWidths(rv, `issue18-gate-masked-${mode}`);
        await submitForm(rv, rv.locator('form.confirm-form'));
        assert.match(await rv.locator('p.ok[role="status"]').innerText(), /已发布/);

        // The public sees the masked values only.
        const pub = await visitor.context.newPage();
        await pub.goto(recordPath.replace('/admin/records/', '/records/'));
        const article = await pub.locator('article.record').innerText();
        assert.match(article, /421\*{11}1238/);
        assert.match(article, /138\*{4}5678/);
        assert.match(article, /张三/);
        const publicHtml = await pub.content();
        assert.ok(!publicHtml.includes(ID) && !publicHtml.includes(MOBILE), 'no raw value in public');
        await screenshotBothWidths(pub, `issue18-gate-public-${mode}`);

        assert.deepEqual(editor.problems, []);
        // The refused publication answers 409 by design.
        assert.deepEqual(reviewer.problems.filter((p) => !/^409 .*\/publish$/.test(p)), []);
        assert.deepEqual(visitor.problems, []);
      } finally {
        await editor.context.close();
        await reviewer.context.close();
        await visitor.context.close();
      }
    });
  }
});
