// 年报 (issue 15, S3): a unit's editor generates the unit's 2025 report from
// the list, writes 五 and 六, enters 行政许可 with its source, and submits;
// the county office returns it with a comment, the editor resubmits, the
// office accepts and publishes; the public then finds it in the portal's 年报
// column and on the annual-report page laid out in the national format
// (merged headers). With and without JavaScript, at desktop and phone width
// (the page must not scroll sideways at 390 px; wide tables scroll inside
// their box).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  clickAndLoad, newContext, screenshotBothWidths, signIn, startForSuite, submitForm,
} from './harness.mjs';

const PASSWORD = 'Zwgk-Report-2026';

function actionForm(page, action) {
  return page.locator(`form[action*="/act/${action}"]`);
}

describe('年报：从草稿到门户网站', () => {
  let server;
  let browser;

  startForSuite((s, b) => {
    server = s;
    browser = b;
  });

  const runs = [
    { javaScriptEnabled: true, unit: '县民政局' },
    { javaScriptEnabled: false, unit: '县教育局' },
  ];
  for (const { javaScriptEnabled, unit } of runs) {
    const mode = javaScriptEnabled ? 'js' : 'nojs';
    test(`a unit's report goes from draft to the portal (${mode})`, async () => {
      const editorName = `report-editor-${mode}`;
      server.cli(['user', 'add', '--name', editorName, '--role', 'unit_editor', '--unit', unit,
        '--password-stdin'], `${PASSWORD}\n`);
      const title = `${unit}2025年政府信息公开工作年度报告`;
      const problems = `${unit}主动公开栏目更新不够及时，2026年将按月检查（${mode}）。`;
      const comment = `请在第六部分写明信息处理费收取情况（${mode}）`;

      const editor = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const office = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const visitor = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        // The editor generates the draft from the list of 2025 reports.
        const ed = await editor.context.newPage();
        await signIn(ed, { name: editorName, password: PASSWORD, next: '/admin/reports?year=2025' });
        assert.match(await ed.locator('h1').innerText(), /2025年政府信息公开工作年度报告/);
        const row = ed.locator('tr', { hasText: unit });
        assert.equal(await row.count(), 1, 'the editor sees only their unit');
        if (mode === 'js') await screenshotBothWidths(ed, 'issue15-s3-list');
        await submitForm(ed, row.locator('form'));
        assert.equal(await ed.locator('#report-state').innerText(), '草稿');
        assert.match(await ed.locator('h1').innerText(), new RegExp(title));
        // The generated first paragraph of 一 is in the draft.
        assert.match(await ed.locator('textarea#overview').inputValue(), /2025年，本机关/);

        // Texts and entered figures.
        const texts = ed.locator('form[action$="/texts"]');
        await texts.locator('textarea#problems').fill(problems);
        await submitForm(ed, texts);
        const entries = ed.locator('form[action$="/entries"]');
        await entries.locator('#licensing').fill('120');
        await entries.locator('#licensing_source').fill('县政务服务平台审批台账');
        await submitForm(ed, entries);
        assert.equal(await ed.locator('#licensing').inputValue(), '120');
        assert.equal(await ed.locator('.checks-ok').count(), 1);
        await screenshotBothWidths(ed, `issue15-s3-draft-${mode}`);
        await submitForm(ed, actionForm(ed, 'submit'));
        assert.equal(await ed.locator('#report-state').innerText(), '已提交');
        assert.equal(await ed.locator('textarea#problems').count(), 0, 'read-only once submitted');

        // The county office returns it with a comment.
        const of = await office.context.newPage();
        await signIn(of, { next: '/admin/reports?year=2025' });
        await clickAndLoad(of, of.locator('a', { hasText: unit }).first());
        const ret = actionForm(of, 'return');
        await ret.locator('textarea[name="comment"]').fill(comment);
        await submitForm(of, ret);
        assert.equal(await of.locator('#report-state').innerText(), '草稿');

        // The editor sees the comment, adds 六 and submits again.
        await ed.reload();
        assert.match(await ed.locator('#review-comment').innerText(), new RegExp(comment.slice(0, 10)));
        const again = ed.locator('form[action$="/texts"]');
        await again.locator('textarea#other').fill('本年度未收取信息处理费。');
        await submitForm(ed, again);
        await submitForm(ed, actionForm(ed, 'submit'));
        assert.equal(await ed.locator('#report-state').innerText(), '已提交');

        // The office accepts and publishes.
        await of.reload();
        await submitForm(of, actionForm(of, 'accept'));
        assert.equal(await of.locator('#report-state').innerText(), '已审核');
        await submitForm(of, actionForm(of, 'publish'));
        assert.equal(await of.locator('#report-state').innerText(), '已发布');
        if (mode === 'js') await screenshotBothWidths(of, 'issue15-s3-published-admin');

        // The public: the portal's 年报 column, the record, the report page.
        const pub = await visitor.context.newPage();
        await pub.goto(`/records?genre=${encodeURIComponent('年报')}`);
        const link = pub.locator('a', { hasText: title }).first();
        assert.equal(await link.count(), 1, 'listed in the 年报 column');
        await clickAndLoad(pub, link);
        assert.match(await pub.locator('body').innerText(), /申请人情况/);
        assert.match(await pub.locator('body').innerText(), new RegExp(problems.slice(0, 12)));
        await screenshotBothWidths(pub, `issue15-s3-record-${mode}`);
        await pub.goto('/annual-reports');
        await clickAndLoad(pub, pub.locator('a', { hasText: title }).first());
        assert.equal(await pub.locator('table.table3 th[colspan="7"]').innerText(), '申请人情况');
        assert.equal(await pub.locator('table.table3 th[rowspan="22"]').count(), 1);
        assert.equal(await pub.locator('table.table4 th[colspan="10"]').innerText(), '行政诉讼');
        assert.match(await pub.locator('table.table2').innerText(), /120/);
        await screenshotBothWidths(pub, `issue15-s3-public-${mode}`);

        // Drafts stay private: another visitor gets 404 for next year's.
        const res = await pub.goto('/api/v1/annual-reports/2026?unit=' + encodeURIComponent(unit));
        assert.equal(res.status(), 404);
        visitor.problems.splice(0);  // that 404 was expected
        assert.deepEqual(editor.problems, []);
        assert.deepEqual(office.problems, []);
        assert.deepEqual(visitor.problems, []);
      } finally {
        await Promise.all([editor.context.close(), office.context.close(), visitor.context.close()]);
      }
    });
  }
});
