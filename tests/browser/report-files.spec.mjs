// 年报 as Word and Excel files (issue 15, P5): the staff page of a unit's
// draft links 下载Word and 下载表格（Excel）; following the links with the
// editor's session gives the files (Chinese file names per RFC 5987), while
// a visitor gets 404 for the draft's public files. With and without
// JavaScript (plain links), at desktop and phone width.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { newContext, screenshotBothWidths, signIn, startForSuite, submitForm } from './harness.mjs';

const PASSWORD = 'Zwgk-Files-2026';

describe('年报：下载 Word 与 Excel', () => {
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
    test(`a draft's Word and Excel files are for its unit only (${mode})`, async () => {
      const name = `files-editor-${mode}`;
      server.cli(['user', 'add', '--name', name, '--role', 'unit_editor', '--unit', unit,
        '--password-stdin'], `${PASSWORD}\n`);
      const editor = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const visitor = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        const page = await editor.context.newPage();
        await signIn(page, { name, password: PASSWORD, next: '/admin/reports?year=2025' });
        await submitForm(page, page.locator('tr', { hasText: unit }).locator('form'));
        assert.equal(await page.locator('#report-state').innerText(), '草稿');

        const title = `${unit}2025年政府信息公开工作年度报告`;
        const files = [
          { link: '下载Word', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
            file: `${title}.docx` },
          { link: '下载表格（Excel）', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            file: `${title}（表二至表四）.xlsx` },
        ];
        const hrefs = [];
        for (const { link, type, file } of files) {
          const a = page.locator('a', { hasText: link });
          assert.equal(await a.count(), 1, `${link} link`);
          const href = await a.getAttribute('href');
          assert.match(href, /^\/admin\/reports\/2025\/export\.(docx|xlsx)\?unit=\d+$/);
          hrefs.push(href);
          const got = await page.request.get(href);
          assert.equal(got.status(), 200, href);
          assert.equal(got.headers()['content-type'], type);
          assert.equal(got.headers()['content-disposition'],
            `attachment; filename*=UTF-8''${encodeURIComponent(file)}`);
          const body = await got.body();
          assert.equal(body.subarray(0, 2).toString('latin1'), 'PK', 'a zip package');
        }
        await page.locator('a', { hasText: '下载Word' }).scrollIntoViewIfNeeded();
        if (mode === 'js') await screenshotBothWidths(page, 'issue15-P5-report-files');

        // Nobody else gets the draft: the public URLs of the files are 404
        // and the staff URLs send a visitor to sign in.
        const unitQuery = hrefs[0].split('?')[1];
        for (const path of [`/annual-reports/2025/report.docx?${unitQuery}`,
          `/annual-reports/2025/tables.xlsx?${unitQuery}`]) {
          const got = await visitor.context.request.get(path);
          assert.equal(got.status(), 404, path);
        }
        const staffOnly = await visitor.context.request.get(hrefs[0], { maxRedirects: 0 });
        assert.equal(staffOnly.status(), 303);
      } finally {
        await editor.context.close();
        await visitor.context.close();
      }
    });
  }
});
