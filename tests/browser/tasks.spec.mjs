// The 附件3 work-task tracker (issue 15, S2): the county office adds a
// milestone to a task, a 县民政局 editor reports progress with a link to a
// record and asks for the milestone to be confirmed, the office returns the
// report with a comment, the editor reports again and the office accepts —
// the task is then 已完成, and the public /tasks page shows the progress and
// the completed milestone but never the office's comment. With and without
// JavaScript, at desktop and phone width.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { clickAndLoad, newContext, screenshotBothWidths, signIn, startForSuite } from './harness.mjs';

const PASSWORD = 'Zwgk-Tasks-2026';

describe('附件3工作任务督办', () => {
  let server;
  let browser;

  startForSuite((s, b) => {
    server = s;
    browser = b;
  });

  // One 附件3 task per run (both are 县直各部门's, so 县民政局's too).
  const runs = [
    { javaScriptEnabled: true, mode: 'js', task: '完善政务公开制度规范体系' },
    { javaScriptEnabled: false, mode: 'nojs', task: '加强政府信息管理' },
  ];
  for (const { javaScriptEnabled, mode, task } of runs) {
    test(`milestone, report, return, accept, public progress (${mode})`, async () => {
      const editorName = `tasks-editor-${mode}`;
      server.cli(['user', 'add', '--name', editorName, '--role', 'unit_editor', '--unit', '县民政局',
        '--password-stdin'], `${PASSWORD}\n`);
      // A record of 县民政局 to link as evidence (a draft: its unit's staff see it).
      const token = server.cli(['token', 'create', '--user', editorName, '--name', '测试']).trim();
      const created = await fetch(`${server.baseUrl}/api/v1/records`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          title: `县民政局政务公开制度汇编（${mode}）`, unit: '县民政局', domain: '社会救助',
          formed_on: '2026-02-10', topic: '民政、扶贫、救灾/社会福利', genre: '通知',
          disclosure: 'active', body_html: '<p>制度汇编。</p>',
        }),
      });
      assert.equal(created.status, 201, await created.clone().text());
      const recordId = String((await created.json()).id);
      const milestone = `印发制度汇编（${mode}）`;
      const comment = `请补充印发文件的链接（${mode}内部意见）`;

      const admin = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const editor = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const visitor = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        // The office adds a milestone to the task.
        const ad = await admin.context.newPage();
        await signIn(ad, { next: '/admin/tasks' });
        assert.equal(new URL(ad.url()).pathname, '/admin/tasks');
        await screenshotBothWidths(ad, 'issue15-S2-admin-tasks');
        await clickAndLoad(ad, ad.getByRole('link', { name: task }));
        const taskPath = new URL(ad.url()).pathname;
        const addForm = ad.locator('form', { has: ad.locator('#ms-title') });
        await addForm.locator('#ms-title').fill(milestone);
        await addForm.locator('#ms-due').fill('2027-06-30');
        await clickAndLoad(ad, addForm.getByRole('button', { name: '添加节点' }));
        assert.match(await ad.locator('#milestones + table').innerText(), new RegExp(`2027-06-30`));
        assert.equal(await ad.locator(`input[value="${milestone}"]`).count(), 1);

        // The editor reports with the record and asks for confirmation.
        const ed = await editor.context.newPage();
        await signIn(ed, { name: editorName, password: PASSWORD, next: taskPath });
        assert.equal(new URL(ed.url()).pathname, taskPath);
        assert.equal(await ed.getByRole('button', { name: '添加节点' }).count(), 0);
        const report = async (text) => {
          const form = ed.locator('form', { has: ed.locator('#report-text') });
          await form.locator('#report-text').fill(text);
          await form.locator('#report-milestone').selectOption({ label: `${milestone}（2027-06-30）` });
          await form.locator('input[name="marks_done"]').check();
          await form.locator('#report-record').fill(recordId);
          await clickAndLoad(ed, form.getByRole('button', { name: '提交进展报告' }));
        };
        await report(`制度汇编已起草（${mode}）`);
        const first = ed.locator('article.record').last();
        assert.match(await first.innerText(), /待审核/);
        assert.equal(await first.getByRole('link', { name: `县民政局政务公开制度汇编（${mode}）` }).count(), 1);
        await screenshotBothWidths(ed, `issue15-S2-unit-task-${mode}`);

        // The office returns it with a comment.
        await ad.goto(taskPath);
        const pending = ad.locator('article.record').last();
        await pending.locator('textarea[name="comment"]').fill(comment);
        await clickAndLoad(ad, pending.getByRole('button', { name: '退回' }));
        assert.match(await ad.locator('article.record').last().innerText(), /已退回/);

        // The editor sees the comment and reports again; the office accepts.
        await ed.goto(taskPath);
        assert.match(await ed.locator('article.record').last().innerText(), new RegExp(comment));
        await report(`制度汇编已印发（${mode}）`);
        await ad.goto(taskPath);
        await clickAndLoad(ad, ad.locator('article.record').last().getByRole('button', { name: '采纳' }));
        assert.equal(await ad.locator('#task-state').innerText(), '已完成');
        await screenshotBothWidths(ad, `issue15-S2-admin-task-${mode}`);

        // The public: progress and the completed milestone, no comment.
        const pub = await visitor.context.newPage();
        await pub.goto('/tasks');
        const row = pub.locator('tr', { hasText: task });
        const text = await row.innerText();
        assert.match(text, /已完成/);
        assert.match(text, /已完成 1 \/ 1 个节点/);
        assert.match(text, new RegExp(`${milestone.replace(/[()（）]/g, '.')}.\\d{4}-\\d{2}-\\d{2} 完成`));
        assert.ok(!(await pub.content()).includes('内部意见'), 'the office comment is internal');
        await screenshotBothWidths(pub, 'issue15-S2-public-tasks');

        for (const { problems } of [admin, editor, visitor]) assert.deepEqual(problems, []);
      } finally {
        await Promise.all([admin.context.close(), editor.context.close(), visitor.context.close()]);
      }
    });
  }
});
