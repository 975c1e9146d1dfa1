// 回应关切 (issue 23) in the browser: the county office logs a major concern
// first seen six hours ago (its 5-hour first-information time has passed),
// sees both due times on the detail page and the concern highlighted as
// overdue in the list, links a 回应 record by number (refused with a named
// error when there is none), opens the hours setting, and the public
// 回应关切 column lists nothing unpublished. With and without JavaScript, at
// desktop and phone width.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  clickAndLoad, newContext, screenshotBothWidths, signIn, startForSuite, submitForm,
} from './harness.mjs';

// "YYYY-MM-DDTHH:MM" in Beijing time, `hoursAgo` before now.
function beijingMinute(hoursAgo) {
  const t = new Date(Date.now() - hoursAgo * 3600e3 + 8 * 3600e3);
  return t.toISOString().slice(0, 16);
}

describe('回应关切：登记、时限、超时、公开栏目', () => {
  let server;
  let browser;

  startForSuite((s, b) => {
    server = s;
    browser = b;
  });

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'js' : 'nojs';
    const shots = javaScriptEnabled;
    test(`a major concern from the form to the overdue list (${mode})`, async () => {
      const title = `某小区供水中断（${mode}）`;
      const { context } = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        const page = await context.newPage();
        await signIn(page, { next: '/admin/concerns' });
        await clickAndLoad(page, page.getByRole('link', { name: '登记关切' }).first());
        assert.equal(new URL(page.url()).pathname, '/admin/concerns/new');
        if (shots) await screenshotBothWidths(page, 'issue23-concerns-new');
        const form = page.locator('#concern-form');
        // Refused first: no title; the summary names the field.
        await form.locator('select[name="unit"]').selectOption('县民政局');
        await form.locator('input[name="title"]').evaluate((el) => el.removeAttribute('required'));
        await submitForm(page, form);
        await assert.doesNotReject(page.getByText('请填写关切事项').first().waitFor());
        const again = page.locator('#concern-form');
        await again.locator('input[name="title"]').fill(title);
        await again.locator('select[name="unit"]').selectOption('县民政局');
        await again.locator('select[name="source"]').selectOption('monitoring');
        await again.locator('#kind-major').check();
        await again.locator('input[name="seen_at"]').fill(beijingMinute(6));
        await submitForm(page, again);
        assert.match(new URL(page.url()).pathname, /^\/admin\/concerns\/\d+$/);
        await assert.doesNotReject(page.getByText('关切已登记').waitFor());
        assert.match(await page.locator('#obligation-first_information').textContent(), /已超时/);
        assert.match(await page.locator('#obligation-press_conference').textContent(), /未到期/);
        // Linking a record that does not exist is refused by name.
        const link = page.locator('#respond-form');
        await link.locator('input[name="record_id"]').fill('999999');
        await submitForm(page, link);
        await assert.doesNotReject(page.getByText('没有编号为 999999 的信息').first().waitFor());
        if (shots) await screenshotBothWidths(page, 'issue23-concerns-detail');

        await page.goto('/admin/concerns?state=overdue');
        const row = page.locator('tr.overdue', { hasText: title });
        await assert.doesNotReject(row.waitFor());
        if (shots) await screenshotBothWidths(page, 'issue23-concerns-list');

        await page.goto('/admin/concerns/settings');
        assert.equal(await page.locator('#hours_first_information').inputValue(), '5');
        if (shots) await screenshotBothWidths(page, 'issue23-concerns-settings');

        // The public column: nothing without a published response.
        await page.goto('/concerns');
        assert.equal(await page.getByText(title).count(), 0);
        await assert.doesNotReject(page.getByRole('heading', { name: '回应关切' }).first().waitFor());
        if (shots) await screenshotBothWidths(page, 'issue23-concerns-public');
      } finally {
        await context.close();
      }
    });
  }
});
