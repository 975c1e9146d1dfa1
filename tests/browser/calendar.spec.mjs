// The 期限计算器 page (/calendar): a start date and a number of days give a
// due date, a month view and the trace in words.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { newContext, screenshot, startForSuite } from './harness.mjs';

// 20 working days from Thursday 2026-09-24 (the start day is not counted):
// 中秋 09-25..27 and 国庆 10-01..07 are off, Saturday 10-10 is a make-up
// working day (国务院办公厅 notice of 2025-11-04), so day 20 is 2026-10-29.
const START = '2026-09-24';
const DAYS = '20';
const DUE = /2026-10-29|2026年10月29日/;

describe('期限计算器 /calendar', () => {
  let server;
  let browser;

  startForSuite((s, b) => {
    server = s;
    browser = b;
  });

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'js' : 'nojs';
    test(`start date + working days gives the due date (${mode})`, async () => {
      const { context, problems } = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        const page = await context.newPage();
        const res = await page.goto('/calendar');
        assert.equal(res.status(), 200);
        assert.match(await page.locator('h1').first().innerText(), /期限计算器/);

        const form = page.locator('form', { has: page.locator('input[name="start"]') });
        await form.locator('input[name="start"]').fill(START);
        await form.locator('input[name="days"]').fill(DAYS);
        // Either a form post (no JavaScript) or an in-page update: wait for the text.
        await form.locator('button[type="submit"], input[type="submit"], button:not([type])').first().click();
        await page.locator('main', { hasText: DUE }).waitFor();
        assert.match(await page.locator('#due-date').innerText(), DUE);
        // The month view marks the 国庆 make-up Saturday and numbers it.
        const makeup = page.locator('table.month td.makeup', { hasText: '10' }).first();
        assert.match(await makeup.innerText(), /班/);
        // The trace in words names the holidays it skipped.
        const trace = await page.locator('ol.trace').innerText();
        assert.match(trace, /国庆节/);
        assert.match(trace, /第20个工作日/);
        await screenshot(page, `calendar-${mode}`);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
});
