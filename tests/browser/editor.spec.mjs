// The record body editor and the record form's pickers (issue 14): a unit
// editor writes a record — with JavaScript by pasting a Word fragment into
// the editor (a synthetic paste event carrying text/html, cleaned by the
// server's sanitizer through /admin/paste), without it by typing two
// paragraphs of plain text into the bare text box — picks its catalog item
// by name and relates it to another record through the search; after
// review and publication the public page keeps the paragraphs, headings,
// lists, tables, bold and links. The 公开指南 page uses the same editor.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { clickAndLoad, newContext, screenshotBothWidths, signIn, startForSuite } from './harness.mjs';

const PASSWORD = 'Zwgk-Test-2026';

// What Word puts on the clipboard, trimmed: conditional comments, mso
// classes and styles, <o:p>, <font>, a heading, bold, a link, a bulleted
// list typed as list paragraphs, and a table.
const WORD = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<meta name=Generator content="Microsoft Word 15"><style><!-- p.MsoNormal {margin:0cm} --></style>
<!--[if gte mso 9]><xml><o:OfficeDocumentSettings><o:AllowPNG/></o:OfficeDocumentSettings></xml><![endif]-->
</head><body lang=ZH-CN><!--StartFragment-->
<h1 style='mso-outline-level:1'><span style='font-family:黑体'>一、保障范围<o:p></o:p></span></h1>
<p class=MsoNormal style='text-indent:2em'><span style='font-family:仿宋;mso-ascii-font-family:Times'>符合条件的家庭可以申请<b style='mso-bidi-font-weight:normal'>最低生活保障</b>，详见<a href="https://www.mca.gov.cn/"><span style='color:blue'>民政部网站</span></a>。<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-21pt;mso-list:l0 level1 lfo1'><!--[if !supportLists]--><span style='font-family:Symbol'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span><!--[endif]--><span>户籍证明<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-21pt;mso-list:l0 level1 lfo1'><!--[if !supportLists]--><span style='font-family:Symbol'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span><!--[endif]--><span>收入证明<o:p></o:p></span></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;mso-yfti-tbllook:1184'>
<tr style='mso-yfti-irow:0'><td width=200 valign=top style='border:solid windowtext 1.0pt'><p class=MsoNormal><b>类别</b></p></td><td width=200 valign=top><p class=MsoNormal><b>标准（元/月）</b></p></td></tr>
<tr style='mso-yfti-irow:1'><td width=200 valign=top><p class=MsoNormal>城市</p></td><td width=200 valign=top><p class=MsoNormal>800</p></td></tr>
</table>
<p class=MsoNormal><font face="仿宋">特此通知。</font><o:p>&nbsp;</o:p></p>
<!--EndFragment--></body></html>`;

// Fills the fields every record needs; the body and item are the test's.
async function fillBasics(form, title, doc) {
  await form.locator('#r-title').fill(title);
  await form.locator('#r-unit').selectOption({ label: '县民政局' });
  await form.locator('#r-formed').fill('2026-11-20');
  await form.locator('#r-topic').selectOption({ value: '民政、扶贫、救灾/社会福利' });
  await form.locator('#r-genre').selectOption('通知');
  await form.locator('#r-doc').fill(doc);
}

function recordId(page) {
  const m = new URL(page.url()).pathname.match(/^\/admin\/records\/(\d+)/);
  assert.ok(m, `not a record page: ${page.url()}`);
  return m[1];
}

// Review and publication by the unit's reviewer, as the forms post them.
async function reviewAndPublish(browser, server, id) {
  const { context } = await newContext(browser, server.baseUrl);
  try {
    const page = await context.newPage();
    await signIn(page, { name: 'mz_reviewer', password: PASSWORD, next: `/admin/records/${id}` });
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    let res = await page.request.post(`/admin/records/${id}/review`, {
      form: { _csrf: csrf, outcome: 'approved', remarks: '不涉及国家秘密' },
    });
    assert.equal(res.status(), 200, await res.text());
    res = await page.request.post(`/admin/records/${id}/publish`, {
      form: { _csrf: csrf, confirm: '1' },
    });
    assert.equal(res.status(), 200, await res.text());
    await page.goto(`/admin/records/${id}`);
    assert.match(await page.locator('.status').first().innerText(), /已发布/);
  } finally {
    await context.close();
  }
}

describe('正文编辑器与选择器', () => {
  let server;
  let browser;
  let reference = '';  // a record of the unit the Word record relates to

  startForSuite((s, b) => {
    server = s;
    browser = b;
    // The seed opens its example catalogs as drafts (issue 17): the county
    // office publishes 社会救助's so records can name its items.
    server.cli(['catalog', 'publish', '--domain', '社会救助', '--note', '审定']);
    for (const [name, role] of [['mz_editor', 'unit_editor'], ['mz_reviewer', 'unit_reviewer']]) {
      server.cli(['user', 'add', '--name', name, '--role', role, '--unit', '县民政局', '--password-stdin'],
                 `${PASSWORD}\n`);
    }
  });

  test('plain text keeps its paragraphs; pickers work without JavaScript', async () => {
    const { context, problems } = await newContext(browser, server.baseUrl, { javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await signIn(page, { name: 'mz_editor', password: PASSWORD, next: '/admin/records/new' });
      // A reference record to relate to, found by its 文号.
      let form = page.locator('form.record-form');
      await fillBasics(form, '关于公布2026年城乡低保标准的通知', '嘉民发〔2026〕30号');
      await form.locator('#r-body').fill('城市低保标准为每人每月800元。');
      await clickAndLoad(page, form.locator('button[type="submit"]'));
      reference = '关于公布2026年城乡低保标准的通知';

      await page.goto('/admin/records/new');
      form = page.locator('form.record-form');
      assert.equal(await form.locator('#r-body').isVisible(), true);
      assert.doesNotMatch(await form.locator('label[for="r-body"]').innerText(), /HTML/);
      await fillBasics(form, '关于做好冬季低保走访工作的通知', '嘉民发〔2026〕31号');
      await form.locator('#r-domain').selectOption({ label: '社会救助' });
      // The catalog item by its 序号 and name, in its 一级事项's group.
      const group = form.locator('#r-item optgroup[label="社会救助 › 最低生活保障"]');
      assert.equal(await group.count(), 1);
      await form.locator('#r-item').selectOption({ label: '4 办事指南' });
      await form.locator('#r-body').fill(
        '　　各镇人民政府：\n\n　　请于12月底前完成低保对象走访。\n走访情况报县民政局。\n');
      await screenshotBothWidths(page, 'issue14-H1-record-form-nojs', { allowSidewaysScroll: true });
      await clickAndLoad(page, form.locator('button[type="submit"]'));
      assert.match(await page.locator('p.ok').innerText(), /已保存草稿/);
      const id = recordId(page);
      // The item's own 公开时限 (10 working days) now sets the due date.
      assert.match(await page.locator('.timeliness').innerText(), /10个工作日/);

      // The related-record search: a GET form, then the existing relate action.
      const search = page.locator('form.relate-search');
      await search.locator('#rel-q').fill('〔2026〕30号');
      await clickAndLoad(page, search.locator('button[type="submit"]'));
      const hit = page.locator('.relate-results li', { hasText: reference });
      assert.equal(await hit.count(), 1);
      await page.locator('#rel-kind').selectOption('interprets');
      await screenshotBothWidths(page, 'issue14-H1-record-relate-nojs', { allowSidewaysScroll: true });
      await clickAndLoad(page, hit.locator('button', { hasText: '添加关联' }));
      assert.match(await page.locator('p.ok').innerText(), /已添加关联/);
      assert.match(await page.locator('#relations').innerText(), new RegExp(`本文解读：${reference}`));

      await page.locator('form[action$="/submit"] button').click();
      await page.waitForLoadState('load');
      await reviewAndPublish(browser, server, id);

      const pub = await context.newPage();
      await pub.goto(`/records/${id}`);
      const paragraphs = await pub.locator('.record-body p, article p').allInnerTexts();
      for (const want of ['各镇人民政府：', '请于12月底前完成低保对象走访。', '走访情况报县民政局。']) {
        assert.ok(paragraphs.includes(want), `paragraph ${want} in ${JSON.stringify(paragraphs)}`);
      }
      await screenshotBothWidths(pub, 'issue14-H1-public-plain-nojs', { allowSidewaysScroll: true });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('a Word paste keeps headings, lists, tables, bold and links (JavaScript)', async () => {
    const { context, problems } = await newContext(browser, server.baseUrl);
    const consoleErrors = [];
    try {
      const page = await context.newPage();
      page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
      await signIn(page, { name: 'mz_editor', password: PASSWORD, next: '/admin/records/new' });
      const form = page.locator('form.record-form');
      // The editor replaces the text box.
      await form.locator('.rich-editor [data-slate-editor]').waitFor();
      assert.equal(await form.locator('#r-body').isVisible(), false);
      await fillBasics(form, '关于调整城乡低保标准的通知', '嘉民发〔2026〕32号');

      // Choosing the domain narrows the catalog items to it.
      await form.locator('#r-domain').selectOption({ label: '社会救助' });
      const groups = await form.locator('#r-item optgroup').evaluateAll(
        (gs) => gs.map((g) => g.label));
      assert.ok(groups.length > 0 && groups.every((g) => g.startsWith('社会救助 › ')), groups.join());
      await form.locator('#r-item').selectOption({ label: '3 政策法规文件' });

      // Paste: a synthetic ClipboardEvent with text/html, as Word gives it.
      const editable = form.locator('.rich-editor [data-slate-editor]');
      await editable.click();
      await page.evaluate((html) => {
        const el = document.querySelector('.rich-editor [data-slate-editor]');
        const data = new DataTransfer();
        data.setData('text/html', html);
        data.setData('text/plain', '一、保障范围');
        el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      }, WORD);
      await page.waitForFunction(() => document.querySelector('#r-body').value.includes('特此通知'));
      const body = await form.locator('#r-body').inputValue();
      assert.doesNotMatch(body, /mso|Mso|o:p|·|font-family/);
      assert.match(await editable.innerHTML(), /<table/);
      await screenshotBothWidths(page, 'issue14-H1-record-form-js', { allowSidewaysScroll: true });
      await clickAndLoad(page, form.locator('button[type="submit"]'));
      assert.match(await page.locator('p.ok').innerText(), /已保存草稿/);
      const id = recordId(page);

      // Type-ahead search for the record to relate.
      await page.locator('#rel-q').fill('城乡低保标准');
      const hit = page.locator('#rel-results li', { hasText: reference });
      await hit.waitFor();
      await screenshotBothWidths(page, 'issue14-H1-record-relate-js', { allowSidewaysScroll: true });
      await clickAndLoad(page, hit.locator('button', { hasText: '添加关联' }));
      assert.match(await page.locator('#relations').innerText(), new RegExp(reference));

      await page.locator('form[action$="/submit"] button').click();
      await page.waitForLoadState('load');
      await reviewAndPublish(browser, server, id);

      const pub = await context.newPage();
      await pub.goto(`/records/${id}`);
      const main = pub.locator('main');
      assert.equal(await main.locator('h2', { hasText: '一、保障范围' }).count(), 1);
      assert.deepEqual(await main.locator('ul li', { hasText: /证明/ }).allInnerTexts(), ['户籍证明', '收入证明']);
      const cells = await main.locator('table td').allInnerTexts();
      assert.ok(cells.map((c) => c.trim()).includes('800'), cells.join());
      assert.equal(await main.locator('strong, b', { hasText: '最低生活保障' }).count(), 1);
      assert.equal(await main.locator('a[href="https://www.mca.gov.cn/"]').count(), 1);
      assert.equal(await main.locator('p', { hasText: '特此通知。' }).count(), 1);
      assert.doesNotMatch(await main.innerHTML(), /mso|·/);
      await screenshotBothWidths(pub, 'issue14-H1-public-word-js', { allowSidewaysScroll: true });
      assert.deepEqual(problems, []);
      assert.deepEqual(consoleErrors, []);
    } finally {
      await context.close();
    }
  });

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'js' : 'nojs';
    test(`the 公开指南 page uses the same editor (${mode})`, async () => {
      const { context, problems } = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        const page = await context.newPage();
        await signIn(page, { next: '/admin/pages/guide' });
        const form = page.locator('form[action="/admin/pages/guide"]');
        if (javaScriptEnabled) {
          await form.locator('.rich-editor [data-slate-editor]').waitFor();
          assert.equal(await form.locator('.rich-editor-toolbar [data-menu-key="insertTable"]').count(), 1);
          await screenshotBothWidths(page, `issue14-H1-pages-editor-${mode}`, { allowSidewaysScroll: true });
          return;
        }
        await form.locator('#p-body').fill('本指南说明如何申请政府信息公开。\n\n申请可以当面、邮寄或在线提交。');
        await screenshotBothWidths(page, `issue14-H1-pages-editor-${mode}`, { allowSidewaysScroll: true });
        await clickAndLoad(page, form.locator('button[type="submit"]'));
        await page.goto('/xxgk/guide');
        const paragraphs = await page.locator('main p').allInnerTexts();
        assert.ok(paragraphs.includes('申请可以当面、邮寄或在线提交。'), JSON.stringify(paragraphs));
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
});
