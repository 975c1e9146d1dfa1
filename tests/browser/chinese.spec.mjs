// Issue 14, "say it in Chinese, in Beijing time": the audit log reads as
// Chinese sentences with a field diff, filters by user, action, entity and
// date, fits a desktop and a phone, and no page shows a UTC "…Z" timestamp.
// With and without JavaScript, at 1280 px and 390 px.
//   node --test --test-reporter=spec tests/browser/chinese.spec.mjs
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  ADMIN_NAME, assertNoSidewaysScroll, DESKTOP, newContext, PHONE, screenshot, signIn, startForSuite, submitForm,
} from './harness.mjs';

let server;
let browser;

startForSuite((s, b) => {
  server = s;
  browser = b;
});

// "…Z" and any other RFC 3339 form ("…T09:00:00+08:00").
const UTC_STAMP = /\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?(\.\d+)?(Z|[+-]\d\d:\d\d)/;
const LOCAL_MINUTE = /\d{4}-\d\d-\d\d \d\d:\d\d/;

// Pages an administrator visits; none may show a UTC timestamp.
const PAGES = ['/', '/admin', '/admin/org', '/admin/users', '/admin/records', '/admin/applications',
  '/admin/calendar', '/admin/catalog', '/admin/audit', '/calendar', '/xxgk', '/search?q=通知'];

// The visible text of the page without scripts (what a person reads).
function visibleText(page) {
  return page.evaluate(() => document.body.innerText);
}

// A unit created and then renamed through the admin forms: two audit
// entries, the second with a field diff.
async function createAndRenameUnit(page, name, renamed) {
  await page.goto('/admin/org');
  const create = page.locator('form[action="/admin/units"]');
  await create.locator('input[name="name"]').fill(name);
  await create.locator('select[name="kind"]').selectOption('town');
  await submitForm(page, create);
  const row = page.locator('form.row-form', { has: page.locator(`input[name="name"][value="${name}"]`) });
  await row.locator('input[name="name"]').fill(renamed);
  await Promise.all([page.waitForNavigation(), row.getByRole('button', { name: '保存' }).click()]);
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'js' : 'nojs';
  describe(`audit log in Chinese and Beijing time (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, () => {
    test('sentences, a field diff, filters and widths', async () => {
      const { context, problems } = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const page = await context.newPage();
      try {
        await signIn(page);
        const name = `试验镇${mode}`;
        const renamed = `试验街道${mode}`;
        await createAndRenameUnit(page, name, renamed);

        await page.goto('/admin/audit');
        const entries = page.locator('li.audit-entry');
        const rename = entries.filter({ hasText: `修改了单位“${renamed}”` }).first();
        assert.equal(await rename.locator('.audit-sentence').innerText(), `${ADMIN_NAME} 修改了单位“${renamed}”`);
        // The diff: the label, the old value struck out, the new one.
        const diff = rename.locator('ul.audit-diff li');
        assert.equal(await diff.count(), 1, 'only the changed field is listed');
        assert.match(await diff.innerText(), new RegExp(`名称：\\s*${name}\\s*→\\s*${renamed}`));
        assert.equal(await diff.locator('del').innerText(), name);
        assert.equal(await diff.locator('ins').innerText(), renamed);
        assert.match(await rename.locator('time').innerText(), LOCAL_MINUTE);
        assert.ok(await entries.filter({ hasText: `${ADMIN_NAME} 登录了后台` }).count() >= 1);
        assert.ok(await entries.filter({ hasText: `${ADMIN_NAME} 新增了单位“${name}”` }).count() >= 1);
        assert.doesNotMatch(await visibleText(page), UTC_STAMP);

        for (const [viewport, width] of [[DESKTOP, 'desktop'], [PHONE, 'phone']]) {
          await page.setViewportSize(viewport);
          await assertNoSidewaysScroll(page, `audit ${width}`, { slack: 1 });
          await screenshot(page, `issue14-H3-audit-${width}${javaScriptEnabled ? '' : '-nojs'}`);
        }
        await page.setViewportSize(DESKTOP);

        // Filter by action: only renames are left.
        const filters = page.locator('form.audit-filters');
        await filters.locator('select[name="action"]').selectOption('unit.update');
        await submitForm(page, filters);
        assert.match(page.url(), /action=unit\.update/);
        const sentences = await page.locator('.audit-sentence').allInnerTexts();
        assert.ok(sentences.length >= 1);
        for (const s of sentences) assert.match(s, /修改了单位/);
        // …and by user and entity, the choices stay selected.
        await filters.locator('select[name="user"]').selectOption(ADMIN_NAME);
        await filters.locator('select[name="entity"]').selectOption('unit');
        await submitForm(page, filters);
        assert.equal(await filters.locator('select[name="action"]').inputValue(), 'unit.update');
        assert.equal(await filters.locator('select[name="user"]').inputValue(), ADMIN_NAME);
        assert.ok(await page.locator('.audit-sentence', { hasText: renamed }).count() >= 1);
        // A date range that ends before today: nothing.
        await page.goto('/admin/audit?action=unit.update&to=2020-01-01');
        assert.match(await visibleText(page), /没有符合条件的记录/);
        // A bad date is refused in Chinese, naming the field.
        const bad = await page.goto('/admin/audit?from=2026-13-40');
        assert.equal(bad.status(), 400);
        assert.match(await visibleText(page), /起始日期/);
        problems.length = 0;  // the 400 above was asked for

        await page.setViewportSize(PHONE);
        await page.goto(`/admin/audit?user=${ADMIN_NAME}`);
        await assertNoSidewaysScroll(page, 'audit filtered, phone', { slack: 1 });
        await screenshot(page, `issue14-H3-audit-filtered-phone${javaScriptEnabled ? '' : '-nojs'}`);
        await page.setViewportSize(DESKTOP);

        // No page shows a "…Z" timestamp, and times read in Beijing time.
        for (const path of PAGES) {
          const res = await page.goto(path);
          assert.equal(res.status(), 200, path);
          assert.doesNotMatch(await visibleText(page), UTC_STAMP, path);
        }
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  });
}
