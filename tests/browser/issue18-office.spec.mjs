// 个人信息检查 (issue 18) end to end: a generated site with a record whose
// published body holds a resident's ID number and mobile (planted behind the
// workflow's back, as an old site would hold them). `zwgk privacy scan`
// lists it masked and exits 7; the county office rescans the site on
// /admin/privacy, sees the record under its unit, masks it in one click,
// and the public page then shows the masked text. Raw values appear nowhere:
// not on the pages, not in the CLI output, not in the server log. With and
// without JavaScript, at desktop and phone width.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, test } from 'node:test';

import {
  clickAndLoad, newContext, screenshotBothWidths, signIn, startForSuite, submitForm,
} from './harness.mjs';

const RAW_ID = '421221199003071238';
const RAW_MOBILE = '13907151234';
const MASKED_ID = '421***********1238';
const MASKED_MOBILE = '139****1234';

function sql(dataDir, statement) {
  const r = spawnSync('sqlite3', [path.join(dataDir, 'zwgk.db'), statement], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

function assertNoRaw(text, where) {
  assert.ok(!text.includes(RAW_ID), `${where} shows the raw ID number`);
  assert.ok(!text.includes(RAW_MOBILE), `${where} shows the raw mobile`);
}

describe('个人信息检查：全站扫描、脱敏并重新发布', () => {
  let server;
  let browser;
  const planted = [];  // record ids, one per mode

  startForSuite((s, b) => {
    server = s;
    browser = b;
    server.cli(['dev', 'generate', '--records', '30']);
    // The generator writes the office's published number into bodies: not
    // a finding, so the scan lists exactly what is planted below.
    const ids = sql(server.dataDir,
      "SELECT id FROM pub_records WHERE status = 'published' AND disclosure = 'active' " +
      'ORDER BY id LIMIT 2;').split('\n').map(Number);
    assert.equal(ids.length, 2);
    for (const id of ids) {
      sql(server.dataDir, `UPDATE pub_records SET body_html = '<p>低保对象王小明，身份证号：${RAW_ID}，` +
        `联系电话${RAW_MOBILE}。</p>' WHERE id = ${id};`);
      planted.push(id);
    }
  });

  test('zwgk privacy scan lists the planted record masked and exits 7', () => {
    let out = '';
    try {
      server.cli(['privacy', 'scan']);
      assert.fail('privacy scan exited 0 with findings');
    } catch (err) {
      assert.match(err.message, /exited 7/);
      out = err.message;
    }
    assert.match(out, /合计：2 条信息，4 处个人信息/);
    assert.ok(out.includes(MASKED_ID), out);
    assert.ok(out.includes(MASKED_MOBILE), out);
    assertNoRaw(out, 'privacy scan');
    const json = (() => {
      try {
        server.cli(['privacy', 'scan', '--json']);
        return null;
      } catch (err) {
        return JSON.parse(err.message.slice(err.message.indexOf('{')));
      }
    })();
    assert.deepEqual(json.units.flatMap((u) => u.records.map((r) => r.record_id)).sort(),
      [...planted].sort());
  });

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'js' : 'nojs';
    const shots = javaScriptEnabled;
    test(`the office rescans, masks in one click, the public sees it masked (${mode})`, async () => {
      const id = planted[javaScriptEnabled ? 0 : 1];
      const office = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      const publicCtx = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        const page = await office.context.newPage();
        await signIn(page, { next: '/admin' });
        await clickAndLoad(page, page.getByRole('link', { name: '个人信息检查' }));
        assert.equal(new URL(page.url()).pathname, '/admin/privacy');
        await submitForm(page, page.locator('form[action="/admin/privacy/scan"]'));
        assert.equal(new URL(page.url()).search, '?done=scanned');
        const card = page.locator(`#record-${id}`);
        await card.waitFor();
        const text = await card.innerText();
        assert.ok(text.includes(MASKED_ID), text);
        assert.ok(text.includes(MASKED_MOBILE), text);
        assert.ok(text.includes('身份证号码'), text);
        assertNoRaw(await page.content(), '/admin/privacy');
        if (shots) await screenshotBothWidths(page, 'issue18-office-privacy');

        await submitForm(page, card.locator(`form[action="/admin/privacy/records/${id}/mask"]`));
        assert.equal(new URL(page.url()).search, '?done=masked');
        await page.getByText('已脱敏并重新发布').waitFor();
        assert.equal(await page.locator(`#record-${id}`).count(), 0);
        if (shots) await screenshotBothWidths(page, 'issue18-office-masked');

        const pub = await publicCtx.context.newPage();
        await pub.goto(`/records/${id}`);
        const body = await pub.content();
        assert.ok(body.includes(MASKED_ID), 'the public page shows the masked ID');
        assertNoRaw(body, `/records/${id}`);
        if (shots) await screenshotBothWidths(pub, 'issue18-office-public');
        assert.deepEqual(office.problems, []);
        assert.deepEqual(publicCtx.problems, []);
      } finally {
        await office.context.close();
        await publicCtx.context.close();
      }
    });
  }

  test('the server log holds no raw value', () => {
    assertNoRaw(server.log(), 'server log');
  });
});
