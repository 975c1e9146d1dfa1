// Starting catalogs (issue 17): a domain without a published catalog says
// so on its public page (标准目录编制中（待编制）, with its responsible unit);
// the unit's editor starts the draft from the 建议目录 in the back office,
// and the public page still says 待编制 until the county office publishes.
// With and without JavaScript, at desktop and phone width.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { newContext, screenshotBothWidths, signIn, startForSuite, submitForm } from './harness.mjs';

const PASSWORD = 'Zwgk-Catalogs-2026';

describe('建议目录与待编制', () => {
  let server;
  let browser;

  startForSuite((s, b) => {
    server = s;
    browser = b;
  });

  async function domainId(name) {
    const res = await fetch(`${server.baseUrl}/api/v1/domains`);
    const body = await res.json();
    const found = (body.domains ?? body).find((d) => d.name === name);
    assert.ok(found, `domain ${name} exists`);
    return found.id;
  }

  const runs = [
    { javaScriptEnabled: true, mode: 'js', domain: '环境保护', unit: '市生态环境局嘉鱼县分局' },
    { javaScriptEnabled: false, mode: 'nojs', domain: '公共法律服务', unit: '县司法局' },
  ];
  for (const { javaScriptEnabled, mode, domain, unit } of runs) {
    test(`the unit starts from the 建议目录; the public sees 待编制 (${mode})`, async () => {
      const id = await domainId(domain);
      const editorName = `catalog-editor-${mode}`;
      server.cli(['user', 'add', '--name', editorName, '--role', 'unit_editor', '--unit', unit,
        '--password-stdin'], `${PASSWORD}\n`);
      const visitor = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const editor = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        // The public page before anything is compiled.
        const pub = await visitor.context.newPage();
        await pub.goto(`/domains/${id}`);
        const pending = pub.locator('.catalog-pending');
        assert.match(await pending.innerText(), /标准目录编制中（待编制）/);
        assert.match(await pending.innerText(), new RegExp(`责任单位：${unit}`));
        assert.equal(await pub.locator('table.catalog-table').count(), 0);
        await screenshotBothWidths(pub, `issue17-catalogs-public-pending-${mode}`);

        // The unit's editor sees the 建议目录 and starts the draft from it.
        const ed = await editor.context.newPage();
        await signIn(ed, { name: editorName, password: PASSWORD, next: `/admin/catalog/${id}` });
        const panel = ed.locator('section.suggested');
        assert.match(await panel.locator('h2').innerText(), /建议目录/);
        const suggested = await panel.locator('ol.suggested-items li').count();
        assert.ok(suggested > 0, 'the 建议目录 lists items');
        const start = panel.locator(`form[action="/admin/catalog/${id}/suggested"]`);
        assert.equal(await start.locator('button').innerText(), '从建议目录开始');
        await screenshotBothWidths(ed, `issue17-catalogs-admin-suggested-${mode}`);
        await submitForm(ed, start);
        assert.equal(new URL(ed.url()).pathname, `/admin/catalog/${id}`);
        assert.match(await ed.locator('[role="status"]').innerText(),
          new RegExp(`已将建议目录中的 ${suggested} 个事项加入草稿`));
        assert.equal(await ed.locator('table.catalog-table tbody tr').count(), suggested);
        // The sources lack channels: the draft lists what to complete.
        assert.match(await ed.locator('#incomplete-title').innerText(), /个事项不完整/);
        assert.equal(await ed.locator(`form[action="/admin/catalog/${id}/suggested"]`).count(), 0);
        await screenshotBothWidths(ed, `issue17-catalogs-admin-draft-${mode}`);
        const firstItem = (await ed.locator('table.catalog-table tbody tr td[data-label="二级事项"]').first().innerText()).trim();

        // Not published: the public page still says 待编制 and shows no item.
        await pub.reload();
        assert.match(await pub.locator('.catalog-pending').innerText(), /待编制/);
        assert.equal(await pub.locator('table.catalog-table').count(), 0);
        if (firstItem) assert.ok(!(await pub.content()).includes(firstItem), 'no draft item is public');
        assert.deepEqual(visitor.problems, []);
        assert.deepEqual(editor.problems, []);
      } finally {
        await Promise.all([visitor.context.close(), editor.context.close()]);
      }
    });
  }
});
