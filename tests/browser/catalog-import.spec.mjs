// Issue 14, "imports keep every row": the county office uploads a catalog
// workbook in the 附件2 layout in which one item has no ■ channel ticked. The
// whole workbook is imported into the draft, the import report and the draft
// flag that item, publishing is refused naming it, and once the item is
// completed in the draft the catalog publishes. With and without
// JavaScript, at desktop and phone width; the CLI import of the same workbook
// is checked too.
//
// The workbook is made in the suite's setup: `zwgk catalog export` of the
// 义务教育 catalog (the government layout: title row, merged two-level
// header, ■/□ channel lists, 备注), with item 13's channel cell rewritten to
// "□政府网站    □两微一端" (nothing ticked).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import zlib from 'node:zlib';

import {
  newContext, PHONE, repoRoot, screenshot, signIn, startForSuite, submitForm, zwgkBin,
} from './harness.mjs';

const DOMAIN = '义务教育';
const ITEM = '招生管理 / 招生计划';  // 序号13, Excel row 16
const ITEM_ROW = 16;
const NONE_TICKED = '□政府网站    □两微一端';

// --- a minimal ZIP reader and writer (an .xlsx is a ZIP of XML parts) ---

function readZip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd -= 1;
  assert.ok(eocd >= 0, 'not a ZIP file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i += 1) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + size);
    entries.push({ name, data: method === 0 ? Buffer.from(raw) : zlib.inflateRawSync(raw) });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function writeZip(entries) {
  const parts = [];
  const central = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBuf = Buffer.from(name, 'utf8');
    const packed = zlib.deflateRawSync(data);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);  // UTF-8 names
    local.writeUInt16LE(8, 8);  // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(packed.length, 20);
    dir.writeUInt32LE(data.length, 24);
    dir.writeUInt16LE(nameBuf.length, 28);
    dir.writeUInt32LE(offset, 42);
    parts.push(local, nameBuf, packed);
    central.push(dir, nameBuf);
    offset += 30 + nameBuf.length + packed.length;
  }
  const dirBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dirBuf, end]);
}

// The exported workbook with the channel cell (column H, under the merged
// 公开渠道和载体 header) of Excel row `row` replaced by `text`.
function withChannelCell(xlsx, row, text) {
  const entries = readZip(xlsx);
  const strings = entries.find((e) => e.name === 'xl/sharedStrings.xml').data.toString('utf8');
  const shared = [...strings.matchAll(/<si>(.*?)<\/si>/gs)]
    .map((m) => [...m[1].matchAll(/<t[^>]*>(.*?)<\/t>/gs)].map((t) => t[1]).join(''));
  const sheet = entries.find((e) => e.name === 'xl/worksheets/sheet1.xml');
  let xml = sheet.data.toString('utf8');
  const header = xml.match(/<c r="([A-Z]+)2"[^>]*t="s"[^>]*><v>(\d+)<\/v><\/c>/g)
    .map((c) => c.match(/r="([A-Z]+)2".*<v>(\d+)<\/v>/))
    .find((m) => shared[Number(m[2])] === '公开渠道和载体');
  assert.ok(header, 'the export has a 公开渠道和载体 column');
  const ref = `${header[1]}${row}`;
  const cell = new RegExp(`<c r="${ref}"([^>]*?) t="s"><v>\\d+</v></c>`);
  assert.match(xml, cell, `cell ${ref} holds a shared string`);
  xml = xml.replace(cell, `<c r="${ref}"$1 t="inlineStr"><is><t xml:space="preserve">${text}</t></is></c>`);
  sheet.data = Buffer.from(xml, 'utf8');
  return writeZip(entries);
}

// `zwgk` against the suite's instance; returns its exit status and output.
function cli(server, args) {
  const configFile = path.join(server.dataDir, 'zwgk.toml');
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ZWGK_')));
  const r = spawnSync(zwgkBin, ['--config', configFile, '--data-dir', server.dataDir, ...args],
    { cwd: repoRoot, env, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('目录导入保留每一行 /admin/catalog/{id}', () => {
  let server;
  let browser;
  let domainId;
  let workbook;

  startForSuite((s, b) => {
    server = s;
    browser = b;
  });

  before(async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/domains`);
    const { domains } = await res.json();
    domainId = domains.find((d) => d.name === DOMAIN).id;
    const exported = path.join(server.dataDir, 'export.xlsx');
    server.cli(['catalog', 'export', '--domain', DOMAIN, '--format', 'xlsx', '-o', exported]);
    workbook = path.join(server.dataDir, '义务教育目录（招生计划未勾选渠道）.xlsx');
    fs.writeFileSync(workbook, withChannelCell(fs.readFileSync(exported), ITEM_ROW, NONE_TICKED));
  });

  test('CLI: the import keeps the item and reports it; publish is refused naming it', () => {
    const imported = cli(server, ['catalog', 'import', workbook, '--domain', DOMAIN]);
    assert.equal(imported.status, 0, imported.out);
    assert.match(imported.out, /已导入 18 个事项/);
    assert.match(imported.out, /其中 1 个事项不完整/);
    assert.match(imported.out, new RegExp(`第${ITEM_ROW}行H列（${ITEM}）：公开渠道和载体至少要有一项`));
    // --partial is accepted and does nothing but say so.
    const partial = cli(server, ['catalog', 'import', workbook, '--domain', DOMAIN, '--partial']);
    assert.equal(partial.status, 0, partial.out);
    assert.match(partial.out, /--partial 已无作用/);
    assert.match(partial.out, /已导入 18 个事项/);
    const refused = cli(server, ['catalog', 'publish', '--domain', DOMAIN]);
    assert.notEqual(refused.status, 0, refused.out);
    assert.match(refused.out, new RegExp(`序号13“${ITEM}”：公开渠道和载体至少要有一项`));
  });

  for (const javaScriptEnabled of [true, false]) {
    for (const phone of [false, true]) {
      const mode = javaScriptEnabled ? '' : 'nojs-';
      const width = phone ? 'phone' : 'desktop';
      test(`browser: imported whole, item flagged, publication refused, then fixed (${mode}${width})`, async () => {
        const { context, problems } = await newContext(browser, server.baseUrl, { javaScriptEnabled });
        try {
          const page = await context.newPage();
          if (phone) await page.setViewportSize(PHONE);
          await signIn(page, { next: `/admin/catalog/${domainId}` });
          assert.match(await page.locator('h1').first().innerText(), /义务教育领域标准目录/);

          // Upload the workbook.
          const upload = page.locator('form[action$="/import"]');
          await upload.locator('input[type="file"]').setInputFiles(workbook);
          await submitForm(page, upload);
          assert.match(await page.locator('p.ok').innerText(),
            /已导入 18 个事项到草稿，其中 1 个事项不完整/);
          // The import report: row, item, problem, what was done.
          const report = page.locator('section.import-report');
          const line = report.locator('tbody tr', { hasText: ITEM });
          assert.equal(await line.count(), 1);
          const cells = await line.locator('td').allInnerTexts();
          assert.match(cells[0], new RegExp(`第${ITEM_ROW}行`));
          assert.equal(cells[1].trim(), ITEM);
          assert.match(cells[2], /公开渠道和载体至少要有一项（用■标记）/);
          assert.match(cells[3], /已导入/);
          // The draft: the count at the top and the item marked in the table.
          const summary = page.locator('#incomplete');
          assert.match(await summary.innerText(), /草稿中有 1 个事项不完整/);
          assert.match(await summary.innerText(), new RegExp(`序号13“${ITEM}”：公开渠道和载体至少要有一项`));
          const row = page.locator('table.catalog-table tr.incomplete');
          assert.equal(await row.count(), 1);
          assert.match(await row.innerText(), /招生计划/);
          assert.match(await row.locator('td[data-label="状态"]').innerText(), /不完整[\s\S]*公开渠道和载体/);
          assert.equal(await page.locator('table.catalog-table tbody tr').count(), 18);
          await screenshot(page, `issue14-h6-import-result-${mode}${width}`);

          // Publishing is refused, naming the item and what it lacks.
          const publish = page.locator('form[action$="/publish"]');
          await publish.locator('input[name="note"]').fill('2026年修订');
          await submitForm(page, publish);
          const alert = page.locator('.notice[role="alert"]');
          assert.match(await alert.innerText(), /草稿中有1个事项不完整，不能发布/);
          assert.match(await alert.innerText(),
            new RegExp(`序号13“${ITEM}”：公开渠道和载体至少要有一项（用■标记）`));
          await screenshot(page, `issue14-h6-publish-refused-${mode}${width}`);

          // Complete the item in the draft, then publish.
          const fixRow = page.locator('table.catalog-table tr.incomplete');
          await fixRow.locator('summary').click();
          const edit = fixRow.locator('form[action$="/items"]');
          await edit.locator('input[name="channels"]').fill('政府网站、两微一端');
          await submitForm(page, edit);
          assert.match(await page.locator('p.ok').innerText(), /已保存事项：招生管理 \/ 招生计划/);
          assert.equal(await page.locator('#incomplete').count(), 0);
          assert.equal(await page.locator('table.catalog-table tr.incomplete').count(), 0);
          await submitForm(page, page.locator('form[action$="/publish"]'));
          assert.match(await page.locator('p.ok').innerText(), /已发布第\d+版/);
          await screenshot(page, `issue14-h6-published-${mode}${width}`);

          // The refused publication is the one error response seen.
          assert.deepEqual(problems, [`409 /admin/catalog/${domainId}/publish`]);
        } finally {
          await context.close();
        }
      });
    }
  }
});
