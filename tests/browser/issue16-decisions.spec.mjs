// 重大行政决策事项目录 (issue 16, D3): a 县民政局 editor adds a decision,
// moves it to 征求意见 and records a hearing with its minutes (a PDF); the
// county office publishes the year's catalog; the public sees the catalog
// table (序号 … 状态), the decision's page with the hearing and downloads the
// minutes. The second run's publication is a new version that names what
// it added. With and without JavaScript, at desktop and phone width.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { clickAndLoad, newContext, screenshotBothWidths, signIn, startForSuite, submitForm } from './harness.mjs';

const PASSWORD = 'Zwgk-Decisions-2026';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('重大行政决策事项目录', () => {
  let server;
  let browser;

  startForSuite((s, b) => {
    server = s;
    browser = b;
  });

  const runs = [
    { javaScriptEnabled: true, mode: 'js', title: '嘉鱼县城区停车设施建设规划', version: 1 },
    { javaScriptEnabled: false, mode: 'nojs', title: '嘉鱼县城区集中供暖实施方案', version: 2 },
  ];
  for (const { javaScriptEnabled, mode, title, version } of runs) {
    test(`office creates and publishes, public reads the catalog (${mode})`, async () => {
      const editorName = `decisions-editor-${mode}`;
      server.cli(['user', 'add', '--name', editorName, '--role', 'unit_editor', '--unit', '县民政局',
        '--password-stdin'], `${PASSWORD}\n`);
      const editor = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const admin = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const visitor = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        // The editor adds the decision for 县民政局.
        const ed = await editor.context.newPage();
        await signIn(ed, { name: editorName, password: PASSWORD, next: '/admin/decisions/new' });
        const form = ed.locator('form[action="/admin/decisions/new"]');
        assert.equal(await form.locator('#dec-unit').innerText(), '县民政局');
        await form.locator('#dec-title').fill(title);
        await form.locator('#dec-basis').fill('《重大行政决策程序暂行条例》《湖北省重大行政决策程序规定》');
        await form.locator('#dec-consult').fill('2026-04-01');
        await form.locator('#dec-decide').fill('2026-06-30');
        if (mode === 'js') await screenshotBothWidths(ed, 'issue16-decisions-admin-new');
        await submitForm(ed, form);
        assert.match(new URL(ed.url()).pathname, /^\/admin\/decisions\/\d+$/);
        const decisionPath = new URL(ed.url()).pathname;
        const id = decisionPath.split('/').pop();
        assert.match(await ed.locator('[role="status"]').innerText(), /已保存/);

        // 拟决策 → 征求意见, then a hearing with its minutes.
        const move = ed.locator('form#move');
        await move.locator('#move-to').selectOption({ label: '征求意见' });
        await submitForm(ed, move);
        assert.match(await ed.locator('.record-meta').innerText(), /征求意见/);
        const eventForm = ed.locator('form[action$="/events"]');
        await eventForm.locator('#event-kind').selectOption({ label: '听证会' });
        await eventForm.locator('#event-on').fill('2026-04-15');
        await eventForm.locator('#event-title').fill(`${title}听证会`);
        await eventForm.locator('#event-summary').fill('听取市民代表、专家意见。');
        await eventForm.locator('#event-files').setInputFiles({ name: '听证笔录.pdf', mimeType: 'application/pdf', buffer: PDF });
        await submitForm(ed, eventForm);
        assert.equal(await ed.getByRole('link', { name: '听证笔录.pdf' }).count(), 1);
        await screenshotBothWidths(ed, `issue16-decisions-admin-decision-${mode}`);

        // Before the catalog is published the public gets 404.
        const before = await fetch(`${server.baseUrl}/decisions/items/${id}`);
        assert.equal(before.status, 404);

        // The office publishes the year's catalog.
        const ad = await admin.context.newPage();
        await signIn(ad, { next: '/admin/decisions' });
        const row = ad.locator('tr', { hasText: title });
        assert.match(await row.innerText(), /县民政局/);
        const publish = ad.locator('form[action^="/admin/decisions/catalog/"]');
        await publish.locator('#publish-note').fill(version === 1 ? '首次发布' : `新增${title}`);
        await submitForm(ad, publish);
        assert.match(await ad.locator('[role="status"]').innerText(), /目录已发布/);
        assert.match(await ad.locator('body').innerText(), new RegExp(`已发布第${version}版`));
        await screenshotBothWidths(ad, `issue16-decisions-admin-list-${mode}`);

        // The public: the catalog table, the decision's page, the minutes.
        const pub = await visitor.context.newPage();
        await pub.goto('/decisions');
        const headers = await pub.locator('table.decisions-table thead th').allInnerTexts();
        assert.deepEqual(headers, ['序号', '决策事项', '决策机关', '承办单位', '依据', '计划征求意见时间', '计划决策时间', '状态']);
        const publicRow = pub.locator('table.decisions-table tbody tr', { hasText: title });
        const rowText = await publicRow.innerText();
        for (const text of ['县人民政府', '县民政局', '2026-04-01', '2026-06-30', '征求意见']) {
          assert.ok(rowText.includes(text), `${text} in ${rowText}`);
        }
        await screenshotBothWidths(pub, `issue16-decisions-public-catalog-${mode}`);
        if (version === 2) {
          await clickAndLoad(pub, pub.getByRole('link', { name: '第1版' }));
          assert.match(new URL(pub.url()).pathname, /\/versions\/1$/);
          assert.match(await pub.locator('body').innerText(), /历史版本/);
          await pub.goBack();
          assert.match(await pub.locator('#versions + ol').innerText(), new RegExp(`新增\\s*${title}`));
        }
        await clickAndLoad(pub, pub.getByRole('link', { name: title }));
        assert.equal(new URL(pub.url()).pathname, `/decisions/items/${id}`);
        const detail = await pub.locator('article').innerText();
        assert.match(detail, new RegExp(`${title}听证会`));
        assert.match(detail, /听取市民代表、专家意见/);
        const href = await pub.getByRole('link', { name: '听证笔录.pdf' }).getAttribute('href');
        const minutes = await fetch(`${server.baseUrl}${href}`);
        assert.equal(minutes.status, 200);
        assert.deepEqual(Buffer.from(await minutes.arrayBuffer()), PDF);
        await screenshotBothWidths(pub, `issue16-decisions-public-item-${mode}`);

        for (const { problems } of [editor, admin, visitor]) assert.deepEqual(problems, []);
      } finally {
        await Promise.all([editor.context.close(), admin.context.close(), visitor.context.close()]);
      }
    });
  }
});
