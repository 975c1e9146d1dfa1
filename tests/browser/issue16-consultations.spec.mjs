// 重大行政决策 consultations (issue 16, D2): a citizen comments on an open
// draft without an account, the undertaking unit publishes the comment, the
// citizen sees it (never the contact details); the unit ends the window
// early with a reason shown publicly; for a consultation recorded with its
// past dates the unit enters the comments received by letter, decides on
// each and publishes the 意见采纳情况反馈, which the citizen then reads with
// its counts. With and without JavaScript, at desktop and phone width.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertNoSidewaysScroll, clickAndLoad, newContext, PHONE, screenshotBothWidths, signIn,
  startForSuite, submitForm } from './harness.mjs';

const PASSWORD = 'Zwgk-Consult-2026';

// A day in Beijing time, `offset` days from today, as YYYY-MM-DD.
function day(offset) {
  const now = new Date(Date.now() + 8 * 3600_000 + offset * 86400_000);
  return now.toISOString().slice(0, 10);
}

describe('重大行政决策意见征集', () => {
  let server;
  let browser;

  startForSuite((s, b) => {
    server = s;
    browser = b;
  });

  const api = async (token, path, body) => {
    const res = await fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    assert.ok(res.status < 300, `${path}: ${res.status} ${text}`);
    return JSON.parse(text);
  };

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'js' : 'nojs';
    // Screenshots once (with JavaScript); both runs check the widths.
    const shot = async (page, name) => {
      if (javaScriptEnabled) await screenshotBothWidths(page, `issue16-consult-${name}`);
      else {
        await page.setViewportSize(PHONE);
        await assertNoSidewaysScroll(page, `${name} (${mode})`, { limit: PHONE.width, slack: 1 });
      }
    };

    test(`comment, moderation, end early, feedback (${mode})`, async () => {
      const staffName = `consult-staff-${mode}`;
      server.cli(['user', 'add', '--name', staffName, '--role', 'unit_reviewer', '--unit', '县民政局',
        '--password-stdin'], `${PASSWORD}\n`);
      const token = server.cli(['token', 'create', '--user', staffName, '--name', '测试']).trim();
      const title = `嘉鱼县养老服务补贴办法（征求意见稿，${mode}）`;
      const open = await api(token, '/api/v1/consultations', {
        title, unit: '县民政局', opens_on: day(0), closes_on: day(29),
        body: '第一条 为规范养老服务补贴发放，制定本办法。\n第二条 本办法适用于本县户籍老年人。',
        explanation: '根据省有关规定起草。', sections: ['第一条', '第二条'],
      });
      const citizenText = `建议将补贴对象扩大到常住老年人（${mode}）。`;

      const citizen = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const staff = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        // The citizen finds the open consultation and comments.
        const pub = await citizen.context.newPage();
        await pub.goto('/consultations');
        const row = pub.locator('tr', { hasText: title });
        assert.match(await row.innerText(), /征求意见中/);
        await shot(pub, 'list');
        await clickAndLoad(pub, row.getByRole('link', { name: title }));
        const pagePath = new URL(pub.url()).pathname;
        assert.equal(pagePath, `/consultations/${open.id}`);
        assert.equal(await pub.locator('.trap').getAttribute('aria-hidden'), 'true');
        const trapBox = await pub.locator('#website').boundingBox();
        assert.ok(!trapBox || trapBox.x + trapBox.width <= 0, 'the honeypot is off screen');
        assert.equal(await pub.locator('#website').getAttribute('tabindex'), '-1');
        await shot(pub, 'show');
        const form = pub.locator('form', { has: pub.locator('#comment-text') });
        // Refused first: no text. The field says why, what was typed stays.
        await form.locator('#comment-name').fill('赵六');
        await submitForm(pub, form);
        assert.match(await pub.locator('.field-error').first().innerText(), /\S/);
        assert.equal(await pub.locator('#comment-name').inputValue(), '赵六');
        citizen.problems.length = 0;  // the 400 of the refused form is expected
        const again = pub.locator('form', { has: pub.locator('#comment-text') });
        await again.locator('#comment-phone').fill('13612345678');
        await again.locator('#comment-section').selectOption('第二条');
        await again.locator('#comment-text').fill(citizenText);
        await submitForm(pub, again);
        assert.match(await pub.locator('h1').innerText(), /已收到您的意见，经审核后公开/);
        await shot(pub, 'received');
        await pub.goto(pagePath);
        assert.ok(!(await pub.content()).includes(citizenText), 'not shown before moderation');

        // The unit publishes it.
        const ad = await staff.context.newPage();
        await signIn(ad, { name: staffName, password: PASSWORD, next: '/admin/consultations' });
        await clickAndLoad(ad, ad.getByRole('link', { name: title }));
        const adminPath = new URL(ad.url()).pathname;
        const item = ad.locator('li.comment', { hasText: citizenText });
        assert.match(await item.innerText(), /13612345678/);
        assert.match(await item.innerText(), /待审核/);
        await shot(ad, 'admin');
        await clickAndLoad(ad, item.getByRole('button', { name: '公开', exact: true }));
        assert.equal(new URL(ad.url()).pathname, adminPath);
        assert.equal(await ad.locator('li.comment', { hasText: citizenText }).locator('.comment-meta .tag').innerText(), '已公开');

        // The citizen sees it, without the phone number.
        await pub.goto(pagePath);
        assert.match(await pub.locator('#comments').innerText(), new RegExp(citizenText.replace(/[()（）]/g, '.')));
        assert.ok(!(await pub.content()).includes('13612345678'), 'contact never public');

        // The unit ends the window early (today, 24:00) with a reason.
        const reason = `决策事项调整，提前结束征求意见（${mode}）`;
        const endForm = ad.locator('#end-early');
        await endForm.locator('#end-closes-on').fill(day(0));
        await endForm.locator('#end-reason').fill(reason);
        await submitForm(ad, endForm);
        assert.equal(new URL(ad.url()).pathname, adminPath);
        await pub.goto(pagePath);
        const windowText = await pub.locator('#window').innerText();
        assert.match(windowText, /提前截止/);
        assert.ok(windowText.includes(reason), windowText);

        // A consultation held before, recorded with its past dates: the unit
        // enters the letters received, decides on each, publishes feedback.
        const recordedTitle = `嘉鱼县社区食堂建设方案（已完成征求意见，${mode}）`;
        const recorded = await api(token, '/api/v1/consultations', {
          title: recordedTitle, unit: '县民政局', opens_on: day(-70), closes_on: day(-41),
          body: '一、建设目标。\n二、选址要求。', sections: ['一、建设目标', '二、选址要求'],
        });
        const letters = [
          `建议每个社区至少一处食堂（${mode}）。`,
          `建议食堂优先选址在老年人集中的小区（${mode}）。`,
        ];
        await ad.goto(`/admin/consultations/${recorded.id}`);
        for (const text of letters) {
          const off = ad.locator('#offline');
          await off.locator('#offline-channel').selectOption('信函');
          await off.locator('#offline-received-on').fill(day(-50));
          await off.locator('#offline-name').fill('居民来信');
          await off.locator('#offline-phone').fill('13500001111');
          await off.locator('#offline-text').fill(text);
          await submitForm(ad, off);
        }
        await api(token, `/api/v1/consultations/${recorded.id}/comments`, {
          name: '座谈会代表', text: `建议增加送餐上门服务（${mode}）。`, channel: '座谈会', received_on: day(-45),
        });
        await ad.goto(`/admin/consultations/${recorded.id}`);
        const outcomes = [['adopted', '已在建设目标中明确'], ['partly', '有条件的小区优先'], ['rejected', '另行研究']];
        const comments = ad.locator('li.comment');
        assert.equal(await comments.count(), 3);
        for (let i = 0; i < 3; i += 1) {
          const adopt = ad.locator('li.comment').nth(i).locator('form.adoption');
          await adopt.locator('select[name="outcome"]').selectOption(outcomes[i][0]);
          await adopt.locator('textarea[name="reason"]').fill(outcomes[i][1]);
          await submitForm(ad, adopt);
        }
        assert.equal(await ad.locator('#feedback-blockers').count(), 0);
        const publish = ad.locator('form', { has: ad.locator('#feedback-note') });
        await publish.locator('#feedback-note').fill('感谢各位居民的意见。');
        await submitForm(ad, publish);
        assert.match(await ad.locator('#feedback').innerText(), /已公布/);

        // The citizen reads the feedback with its counts and each outcome.
        await pub.goto('/consultations');
        await clickAndLoad(pub, pub.getByRole('link', { name: recordedTitle }));
        const feedback = pub.locator('#feedback');
        const counts = await feedback.locator('table.feedback-counts').innerText();
        assert.match(counts, /收到意见\s*3 条/);
        assert.match(counts, /采纳\s*1 条/);
        assert.match(counts, /部分采纳\s*1 条/);
        assert.match(counts, /不采纳\s*1 条/);
        const listed = await pub.locator('#comments').innerText();
        assert.match(listed, /已在建设目标中明确/);
        assert.ok(!(await pub.content()).includes('13500001111'), 'contact never public');
        assert.equal(await pub.locator('#comment-text').count(), 0, 'a recorded consultation takes no comments');
        await shot(pub, 'feedback');

        for (const { problems } of [citizen, staff]) assert.deepEqual(problems, []);
      } finally {
        await Promise.all([citizen.context.close(), staff.context.close()]);
      }
    });
  }
});
