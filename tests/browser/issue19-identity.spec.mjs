// Identity and metadata (issue 19): the footer's identity block on the home
// page, the county office filling in the site identity and uploading the
// 党政机关 mark, a unit editor filling in the unit's 概况信息 with a leader
// and the leader's photo, another unit's editor refused, and the public
// 机构职能 pages. With and without JavaScript, at desktop and phone width.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  clickAndLoad, newContext, screenshotBothWidths, signIn, startForSuite, submitForm,
} from './harness.mjs';

const PASSWORD = 'Zwgk-Identity-2026';
// A 1×1 PNG: a real image by its bytes (the server checks the signature).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64');

async function meta(page, name) {
  return page.locator(`meta[name="${name}"]`).getAttribute('content');
}

describe('网站标识与概况信息：页脚、网站标识码、党政机关标识、单位概况信息', () => {
  let server;
  let browser;

  startForSuite((s, b) => {
    server = s;
    browser = b;
  });

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'js' : 'nojs';
    const shots = javaScriptEnabled;  // one set of screenshots
    test(`the identity block, the office's settings and a unit's profile (${mode})`, async () => {
      const office = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const unitCtx = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const otherCtx = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const publicCtx = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        // The home page's footer, and the 找错 entry leading to the message form.
        const home = await publicCtx.context.newPage();
        await home.goto('/');
        const footer = home.locator('footer.site-footer');
        await assert.doesNotReject(footer.getByText('主办单位：').waitFor());
        assert.equal(await meta(home, 'ColumnType'), '首页');
        assert.ok((await meta(home, 'SiteName')).length > 0);
        if (!javaScriptEnabled) {
          // The first run uploaded a mark; this one sees it.
          assert.equal(await footer.locator('img[alt="党政机关网站标识"]').count(), 1);
        }
        await clickAndLoad(home, footer.getByRole('link', { name: '我为政府网站找错' }));
        assert.equal(new URL(home.url()).pathname, '/messages/new');
        assert.ok(await home.locator('input[name="type"][value="error"]').isChecked());

        // The county office fills in the identity and uploads the mark.
        const admin = await office.context.newPage();
        await signIn(admin, { next: '/admin/site' });
        await admin.goto('/admin/site');
        const form = admin.locator('form[action="/admin/site"]');
        await form.locator('#id_code').fill('42122100');  // too short: refused
        await submitForm(admin, form);
        await assert.doesNotReject(admin.locator('.error-summary').waitFor());
        await assert.doesNotReject(
          admin.locator('.field-error', { hasText: '网站标识码应为 10 位' }).waitFor());
        await form.locator('#site_name').fill('嘉鱼县人民政府门户网站');
        await form.locator('#organizer').fill('嘉鱼县政务服务和大数据管理局');
        await form.locator('#phone').fill('0715-6321234');
        await form.locator('#address').fill('嘉鱼县鱼岳镇沙阳大道1号');
        await form.locator('#email').fill('zwgk@jiayu.example.gov.cn');
        await form.locator('#id_code').fill(javaScriptEnabled ? '4212210001' : '4212210002');
        await form.locator('#icp').fill('鄂ICP备12345678号');
        await form.locator('#police').fill('鄂公网安备 42122102000123号');
        await form.locator('#mark_url').fill('https://bszs.example.cn/sitename?id=4212210001');
        await submitForm(admin, form);
        await assert.doesNotReject(admin.getByRole('status').getByText('已保存').waitFor());
        const markForm = admin.locator('form[action="/admin/site/marks/dzjg"]');
        await markForm.locator('input[type="file"]').setInputFiles(
          { name: 'mark.png', mimeType: 'image/png', buffer: PNG });
        await submitForm(admin, markForm);
        await assert.doesNotReject(admin.getByRole('status').getByText('已保存').waitFor());
        await assert.doesNotReject(markForm.locator('img').waitFor());
        if (shots) await screenshotBothWidths(admin, 'issue19-identity-admin-site');

        await home.goto('/');
        const code = javaScriptEnabled ? '4212210001' : '4212210002';
        assert.equal(await meta(home, 'SiteIDCode'), code);
        assert.equal(await meta(home, 'SiteName'), '嘉鱼县人民政府门户网站');
        await assert.doesNotReject(footer.getByText(`网站标识码：${code}`).waitFor());
        assert.equal(await footer.getByRole('link', { name: '鄂ICP备12345678号' }).getAttribute('href'),
          'https://beian.miit.gov.cn/');
        assert.match(await footer.locator('a.police-record').getAttribute('href'),
          /registerSystemInfo\?recordcode=42122102000123$/);
        const mark = footer.locator('img[alt="党政机关网站标识"]');
        assert.equal(await mark.count(), 1);
        assert.ok(await mark.evaluate((img) => img.complete && img.naturalWidth > 0), 'the mark loads');
        if (shots) await screenshotBothWidths(home, 'issue19-identity-home');

        // A unit editor fills in the unit's profile with a leader and a photo.
        const editorName = `mz-${mode}`;
        server.cli(['user', 'add', '--name', editorName, '--role', 'unit_editor', '--unit', '县民政局',
          '--password-stdin'], `${PASSWORD}\n`);
        const page = await unitCtx.context.newPage();
        await signIn(page, { name: editorName, password: PASSWORD, next: '/admin' });
        await page.goto('/admin/profile');  // goes to the editor's own unit
        const editPath = new URL(page.url()).pathname;
        assert.match(editPath, /^\/admin\/units\/\d+\/profile$/);
        const unitId = editPath.split('/')[3];
        const profile = page.locator(`form[action="${editPath}"]`);
        await profile.locator('#duties').fill(
          '贯彻执行社会救助、养老服务方面的法律法规和政策。\n\n负责全县最低生活保障工作。');
        await profile.locator('#departments').fill('办公室：负责机关日常运转\n社会救助股：负责低保、特困供养');
        await profile.locator('#address').fill('嘉鱼县鱼岳镇民政路1号');
        await profile.locator('#phone').fill('0715-6320000');
        await profile.locator('#fax').fill('传真号');  // refused, the rest kept
        await submitForm(page, profile);
        await assert.doesNotReject(page.locator('.field-error', { hasText: '传真' }).waitFor());
        assert.equal(await profile.locator('#address').inputValue(), '嘉鱼县鱼岳镇民政路1号');
        await profile.locator('#fax').fill('0715-6320001');
        await profile.locator('#office_hours').fill('工作日 8:30–12:00，14:30–17:30');
        await submitForm(page, profile);
        await assert.doesNotReject(page.getByRole('status').getByText('已保存').waitFor());

        const leaderName = javaScriptEnabled ? '李明' : '王芳';
        const add = page.locator(`form[action="/admin/units/${unitId}/leaders"]`);
        await add.locator('#name').fill(leaderName);
        await add.locator('#title').fill(javaScriptEnabled ? '局长' : '副局长');
        await add.locator('#portfolio').fill('主持全面工作，分管办公室。');
        await add.locator('#resume').fill('1976年生，大学学历。\n2021年起任现职。');
        await submitForm(page, add);
        const leader = page.locator('section.leader-edit', { hasText: leaderName });
        await assert.doesNotReject(leader.waitFor());
        const photoForm = leader.locator('form[enctype="multipart/form-data"]');
        await photoForm.locator('input[type="file"]').setInputFiles(
          { name: '照片.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a-not-allowed') });
        await submitForm(page, photoForm);
        await assert.doesNotReject(page.locator('.field-error', { hasText: 'JPEG 或 PNG' }).waitFor());
        await photoForm.locator('input[type="file"]').setInputFiles(
          { name: '照片.png', mimeType: 'image/png', buffer: PNG });
        await submitForm(page, photoForm);
        await assert.doesNotReject(leader.locator('img.leader-photo').waitFor());
        if (shots) await screenshotBothWidths(page, 'issue19-identity-admin-profile');

        // Another unit's editor does not see this unit's profile.
        const otherName = `zj-${mode}`;
        server.cli(['user', 'add', '--name', otherName, '--role', 'unit_editor', '--unit', '县住建局',
          '--password-stdin'], `${PASSWORD}\n`);
        const other = await otherCtx.context.newPage();
        await signIn(other, { name: otherName, password: PASSWORD, next: '/admin' });
        const refused = await other.goto(editPath);
        assert.equal(refused.status(), 404);

        // The public 机构职能 pages.
        await home.goto('/units');
        await clickAndLoad(home, home.getByRole('link', { name: '县民政局' }));
        assert.equal(new URL(home.url()).pathname, `/units/${unitId}/profile`);
        await assert.doesNotReject(home.getByRole('heading', { name: '主要职责' }).waitFor());
        await assert.doesNotReject(home.getByText('社会救助股').waitFor());
        await assert.doesNotReject(home.getByText('0715-6320001').waitFor());
        const shown = home.locator('.leader', { hasText: leaderName });
        await assert.doesNotReject(shown.getByText('主持全面工作').waitFor());
        const photo = shown.locator('img.leader-photo');
        assert.equal(await photo.getAttribute('alt'), `${leaderName}的照片`);
        assert.ok(await photo.evaluate((img) => img.complete && img.naturalWidth > 0), 'the photo loads');
        assert.equal(await meta(home, 'ColumnName'), '机构职能');
        await assert.doesNotReject(home.locator('footer').getByText('我为政府网站找错').waitFor());
        if (shots) await screenshotBothWidths(home, 'issue19-identity-profile');

        for (const { problems } of [office, unitCtx, publicCtx]) {
          assert.deepEqual(problems.filter((p) => !/^(400|404) /.test(p)), []);
        }
      } finally {
        await Promise.all([office.context.close(), unitCtx.context.close(), otherCtx.context.close(),
          publicCtx.context.close()]);
      }
    });
  }
});
