// Forms and phones (issue 14) in Debian's Chromium, with JavaScript on and
// off, at desktop width and at a phone's 390 px: one readable control size
// (≥ 16 px, larger in 大字版), an error summary in form order whose links
// move focus, lists as cards with no sideways scrolling, search filters
// behind 筛选, unbroken dates and 索引号, the grouped /apply chooser with the
// towns, and the receipt.
//   node --test --test-reporter=spec tests/browser/forms.spec.mjs
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  assertNoSidewaysScroll, DESKTOP, launchBrowser, newContext, PHONE, screenshot, signIn, startZwgk,
} from './harness.mjs';

const ID_NUMBER = '421221199003071238';

let server;
let browser;
let word;  // a two-character word of a generated record's title

before(async () => {
  [server, browser] = await Promise.all([startZwgk(), launchBrowser()]);
  // The seed opens its example catalogs as drafts (issue 17): the county
  // office publishes 义务教育's, shown as cards below.
  server.cli(['catalog', 'publish', '--domain', '义务教育', '--note', '审定']);
  server.cli(['dev', 'generate', '--records', '60']);
  server.cli(['search', 'reindex']);
  const newest = await (await fetch(`${server.baseUrl}/api/v1/search?sort=date`)).json();
  assert.ok(newest.total > 0, 'generated records are public');
  word = [...newest.hits[0].title].filter((c) => /\p{Script=Han}/u.test(c)).slice(0, 2).join('');
});
after(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

// The computed font size (px) of every visible form control inside `scope`.
async function controlSizes(page, scope) {
  return page.locator(scope).evaluateAll((roots) => {
    const out = [];
    for (const root of roots) {
      for (const el of root.querySelectorAll('input:not([type=hidden]), select, textarea, button')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        out.push({ what: `${el.tagName.toLowerCase()}#${el.id || el.name || el.textContent.trim()}`,
                   size: parseFloat(getComputedStyle(el).fontSize) });
      }
    }
    return out;
  });
}

function assertAtLeast(sizes, min, where) {
  assert.ok(sizes.length > 0, `${where}: no controls found`);
  for (const { what, size } of sizes) assert.ok(size >= min, `${where}: ${what} is ${size}px (< ${min}px)`);
}

// Every element matching `selector` sits on one line and does not wrap.
async function assertOneLine(page, selector, where) {
  const boxes = await page.locator(selector).evaluateAll((els) => els.map((el) => {
    const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.7;
    return { text: el.textContent, ws: getComputedStyle(el).whiteSpace, rects: el.getClientRects().length,
             height: el.getBoundingClientRect().height, lineHeight };
  }));
  assert.ok(boxes.length > 0, `${where}: nothing matches ${selector}`);
  for (const b of boxes) {
    assert.equal(b.ws, 'nowrap', `${where}: ${b.text} may wrap`);
    assert.equal(b.rects, 1, `${where}: ${b.text} is broken over ${b.rects} lines`);
    assert.ok(b.height < b.lineHeight * 1.5, `${where}: ${b.text} is ${b.height}px high`);
  }
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'js' : 'nojs';

  describe(`forms and phones (${javaScriptEnabled ? 'JavaScript on' : 'JavaScript off'})`, () => {
    let context;
    let problems;
    let page;

    before(async () => {
      ({ context, problems } = await newContext(browser, server.baseUrl, { javaScriptEnabled }));
      page = await context.newPage();
    });
    after(async () => {
      await context?.close();
    });

    test('controls are at least 16 px on /apply, /search and the record form, larger in 大字版', async () => {
      for (const viewport of [DESKTOP, PHONE]) {
        await page.setViewportSize(viewport);
        await page.goto('/apply');
        assertAtLeast(await controlSizes(page, 'main form'), 16, `/apply ${viewport.width}`);
        await page.goto(`/search?q=${encodeURIComponent(word)}`);
        assertAtLeast(await controlSizes(page, 'main form, header form'), 16, `/search ${viewport.width}`);
      }
      await page.setViewportSize(DESKTOP);
      const before = Math.min(...(await controlSizes(page, 'main form')).map((c) => c.size));
      await page.goto('/a11y/large?on=1&back=%2Fapply');
      const large = await controlSizes(page, 'main form');
      assertAtLeast(large, before + 2, '/apply 大字版');
      await screenshot(page, `issue14-h5-apply-large-${mode}-desktop`);
      await page.goto('/a11y/large?on=0&back=%2Fapply');

      const staff = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        const admin = await staff.context.newPage();
        await signIn(admin, { next: '/admin/records/new' });
        for (const viewport of [DESKTOP, PHONE]) {
          await admin.setViewportSize(viewport);
          await admin.reload();
          assertAtLeast(await controlSizes(admin, 'main form'), 16, `/admin/records/new ${viewport.width}`);
          await screenshot(admin, `issue14-h5-record-form-${mode}-${viewport === PHONE ? 'phone' : 'desktop'}`);
        }
      } finally {
        await staff.context.close();
      }
    });

    test('a refused /apply lists its errors in form order, linking to each field', async () => {
      // One submission per mode (the form allows 10 an hour from one address).
      await page.setViewportSize(DESKTOP);
      await page.goto('/apply');
      const form = page.locator('form.apply-form');
      await form.locator('#phone').fill('12');
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/apply'),
        form.locator('button[type="submit"]').click(),
      ]);
      const summary = page.locator('.error-summary');
      assert.equal(await summary.getAttribute('role'), 'alert');
      assert.equal(await summary.getAttribute('tabindex'), '-1');
      const hrefs = await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      // The linked fields in the order the form shows them.
      const order = await page.locator('form.apply-form').evaluate((f, ids) => {
        const all = [...f.querySelectorAll('[id]')].map((el) => el.id);
        return ids.map((id) => all.indexOf(id));
      }, hrefs.map((h) => h.slice(1)));
      assert.ok(hrefs.length >= 4, `summary lists ${hrefs}`);
      assert.ok(order.every((i) => i >= 0), `every link has its field: ${hrefs}`);
      assert.deepEqual(order, [...order].sort((a, b) => a - b), `form order: ${hrefs}`);
      assert.deepEqual(hrefs.slice(0, 2), ['#name', '#id_number']);
      assert.ok(hrefs.includes('#phone') && hrefs.includes('#unit'));
      // The summary comes before the form and takes focus on arrival.
      assert.ok(await page.evaluate(() => {
        const s = document.querySelector('.error-summary');
        const f = document.querySelector('form.apply-form');
        return Boolean(s.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING);
      }));
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'error-summary');
      for (const viewport of [DESKTOP, PHONE]) {
        await page.setViewportSize(viewport);
        await page.evaluate(() => window.scrollTo(0, 0));
        await screenshot(page, `issue14-h5-apply-errors-${mode}-${viewport === PHONE ? 'phone' : 'desktop'}`);
        // A link moves focus to its field.
        await summary.locator('a[href="#unit"]').click();
        assert.equal(await page.evaluate(() => document.activeElement?.id), 'unit');
        await summary.locator('a[href="#name"]').click();
        assert.equal(await page.evaluate(() => document.activeElement?.id), 'name');
        await assertNoSidewaysScroll(page, `/apply errors ${viewport.width}`);
      }
    });

    test('/apply offers the towns in their own group, with a guide to who holds what', async () => {
      for (const viewport of [DESKTOP, PHONE]) {
        await page.setViewportSize(viewport);
        await page.goto('/apply');
        const groups = await page.locator('#unit optgroup').evaluateAll((gs) => gs.map((g) => g.label));
        assert.deepEqual(groups, ['县政府及办公室', '县直部门', '乡镇人民政府']);
        const towns = await page.locator('#unit optgroup[label="乡镇人民政府"] option')
          .evaluateAll((os) => os.map((o) => o.value));
        assert.ok(towns.length >= 8, `towns: ${towns}`);
        assert.ok(towns.includes('鱼岳镇人民政府') && towns.includes('簰洲湾镇人民政府'));
        // Without JavaScript the guide opens by itself (a <details>).
        const guide = page.locator('details.unit-guide');
        assert.equal(await guide.locator('summary').innerText(), '哪个单位掌握这项信息？');
        assert.equal(await guide.locator('dt', { hasText: '县民政局' }).isVisible(), false);
        await guide.locator('summary').click();
        assert.equal(await guide.locator('dt', { hasText: '县民政局' }).isVisible(), true);
        assert.match(await guide.locator('dt:text-is("县民政局") + dd').innerText(), /社会救助/);
        // With JavaScript the chosen unit's hint shows under the select.
        await page.locator('#unit').selectOption('县教育局');
        const hint = page.locator('#unit-hint');
        if (javaScriptEnabled) {
          assert.match(await hint.innerText(), /义务教育/);
        } else {
          assert.equal(await hint.isVisible(), false);
        }
        await assertNoSidewaysScroll(page, `/apply ${viewport.width}`);
        await screenshot(page, `issue14-h5-apply-${mode}-${viewport === PHONE ? 'phone' : 'desktop'}`);
      }
    });

    test('the receipt shows both codes large, a print button and the warning', async () => {
      await page.setViewportSize(DESKTOP);
      await page.goto('/apply');
      const form = page.locator('form.apply-form');
      await form.locator('#name').fill('李四');
      await form.locator('#id_number').fill(ID_NUMBER);
      await form.locator('#phone').fill('13812345678');
      await form.locator('#address').fill('嘉鱼县簰洲湾镇1号');
      await form.locator('#unit').selectOption('簰洲湾镇人民政府');
      await form.locator('#description').fill(`本镇2025年涉农补贴发放名单（${mode}）`);
      await form.locator('#delivery_form').selectOption('paper');
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/apply'),
        form.locator('button[type="submit"]').click(),
      ]);
      // The finder may first offer published records: go on to apply.
      const goOn = page.locator('button', { hasText: '都不是，继续提交申请' });
      if (await goOn.count()) {
        await Promise.all([page.waitForURL((u) => u.pathname === '/apply'), goOn.click()]);
      }
      const code = page.locator('#query-code');
      assert.match((await code.innerText()).trim(), /^[2-9A-Z]{12}$/);
      assert.match((await page.locator('#tracking-number').innerText()).trim(), /^YSQ\d{10}$/);
      assert.match(await page.locator('.receipt-warning').innerText(), /查询码只显示这一次，无法找回，请抄写或打印保存/);
      const print = page.locator('button[data-print]');
      assert.equal(await print.textContent(), '打印回执');
      // print.js shows the button; without JavaScript the browser's print command is named instead.
      assert.equal(await print.isVisible(), javaScriptEnabled);
      for (const viewport of [DESKTOP, PHONE]) {
        await page.setViewportSize(viewport);
        const style = await code.evaluate((el) => ({ size: parseFloat(getComputedStyle(el).fontSize),
                                                     family: getComputedStyle(el).fontFamily }));
        assert.ok(style.size >= 20, `query code is ${style.size}px`);
        assert.match(style.family, /mono/i);
        await assertOneLine(page, '#query-code, #tracking-number', `receipt ${viewport.width}`);
        await assertNoSidewaysScroll(page, `receipt ${viewport.width}`);
        await screenshot(page, `issue14-h5-receipt-${mode}-${viewport === PHONE ? 'phone' : 'desktop'}`);
      }
    });

    test('at 390 px /records is a list of cards with unbroken 索引号 and dates', async () => {
      await page.setViewportSize(PHONE);
      await page.goto('/records');
      const rows = page.locator('table.record-table tbody tr');
      assert.ok(await rows.count() > 0);
      const card = await rows.first().evaluate((tr) => ({
        display: getComputedStyle(tr).display,
        head: getComputedStyle(tr.closest('table').querySelector('thead')).display,
        labels: [...tr.querySelectorAll('td[data-label]')].map((td) => getComputedStyle(td, '::before').content),
      }));
      assert.equal(card.display, 'block');
      assert.equal(card.head, 'none');
      assert.ok(card.labels.includes('"索引号："') || card.labels.some((l) => l.includes('索引号')), `labels ${card.labels}`);
      await assertNoSidewaysScroll(page, '/records 390');
      await assertOneLine(page, 'table.record-table .index-number', '/records 索引号');
      await assertOneLine(page, 'table.record-table time', '/records dates');
      await screenshot(page, `issue14-h5-records-${mode}-phone`);
      await page.setViewportSize(DESKTOP);
      assert.equal(await rows.first().evaluate((tr) => getComputedStyle(tr).display), 'table-row');
      await screenshot(page, `issue14-h5-records-${mode}-desktop`);
    });

    test('at 390 px search results come first, filters behind 筛选', async () => {
      await page.setViewportSize(PHONE);
      await page.goto(`/search?q=${encodeURIComponent(word)}`);
      const filters = page.locator('details.search-filters');
      assert.equal(await filters.locator('summary').innerText(), '筛选');
      assert.equal(await page.locator('.search-facets-wide').isVisible(), false);
      const facet = filters.locator('.search-facets a').first();
      assert.equal(await facet.isVisible(), false);
      assert.ok(await page.locator('.search-hit').first().isVisible());
      // The first result is on the first screen.
      const top = await page.locator('.search-hit').first().evaluate((el) => el.getBoundingClientRect().top);
      assert.ok(top < PHONE.height, `first hit at ${top}px`);
      await assertNoSidewaysScroll(page, '/search 390');
      await assertOneLine(page, '.search-hit time', '/search dates');
      await assertOneLine(page, '.search-hit .index-number', '/search 索引号');
      await screenshot(page, `issue14-h5-search-${mode}-phone`);
      // The disclosure opens without JavaScript and its filters work.
      await filters.locator('summary').click();
      assert.equal(await facet.isVisible(), true);
      await screenshot(page, `issue14-h5-search-filters-${mode}-phone`);
      await Promise.all([page.waitForURL((u) => u.pathname === '/search' && u.search !== ''), facet.click()]);
      assert.ok(await page.locator('.search-active').isVisible());
      assert.match(await page.locator('details.search-filters summary').innerText(), /筛选（已选 1 项）/);
      await page.setViewportSize(DESKTOP);
      await page.goto(`/search?q=${encodeURIComponent(word)}`);
      assert.equal(await page.locator('.search-facets-wide').isVisible(), true);
      assert.equal(await page.locator('details.search-filters').isVisible(), false);
      await screenshot(page, `issue14-h5-search-${mode}-desktop`);
    });

    test('at 390 px catalog items are cards, each headed by its 一级事项', async () => {
      // 义务教育 (附件1's second domain): its seeded catalog, published in before().
      const domains = await (await fetch(`${server.baseUrl}/api/v1/domains`)).json();
      const domain = (domains.domains ?? domains).find((d) => d.name === '义务教育');
      assert.ok(domain, 'the 义务教育 domain exists');
      await page.setViewportSize(PHONE);
      await page.goto(`/domains/${domain.id}`);
      const table = page.locator('table.catalog-table');
      assert.equal(await table.count(), 1);
      const cards = await table.locator('tbody tr').evaluateAll((trs) => {
        let group = '';
        return trs.map((tr) => {
          const merged = tr.querySelector('td[rowspan]');
          if (merged) group = merged.textContent.trim();
          const shown = [...tr.querySelectorAll('td')].filter((td) => td.getBoundingClientRect().height > 0);
          const first = shown.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)[0];
          return { group, display: getComputedStyle(tr).display, head: first.getAttribute('data-label'),
                   text: first.textContent.trim() };
        });
      });
      assert.ok(cards.length > 1);
      assert.ok(cards.some((c, i) => i > 0 && c.group === cards[i - 1].group), 'some items share a merged 一级事项');
      for (const c of cards) {
        assert.equal(c.display, 'flex');
        assert.equal(c.head, '一级事项');
        assert.equal(c.text, c.group);
      }
      await assertNoSidewaysScroll(page, 'catalog 390');
      await screenshot(page, `issue14-h5-catalog-${mode}-phone`);
      await page.setViewportSize(DESKTOP);
      // On a wide screen the table keeps its merged cells and hides the repeats.
      assert.equal(await table.locator('td.level1-repeat').first().isVisible(), false);
      await screenshot(page, `issue14-h5-catalog-${mode}-desktop`);
    });

    test('at 390 px the admin application list is cards without sideways scrolling', async () => {
      const staff = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        const admin = await staff.context.newPage();
        await signIn(admin, { next: '/admin/applications' });
        await admin.setViewportSize(PHONE);
        await admin.reload();
        const row = admin.locator('table.applications tbody tr').first();
        assert.equal(await row.evaluate((tr) => getComputedStyle(tr).display), 'block');
        await assertNoSidewaysScroll(admin, '/admin/applications 390');
        await screenshot(admin, `issue14-h5-admin-applications-${mode}-phone`);
        await admin.setViewportSize(DESKTOP);
        await screenshot(admin, `issue14-h5-admin-applications-${mode}-desktop`);
      } finally {
        await staff.context.close();
      }
    });

    test('a refused admin form (添加用户) lists its fields in form order; a link moves focus to the field', async () => {
      const staff = await newContext(browser, server.baseUrl, { javaScriptEnabled });
      try {
        const admin = await staff.context.newPage();
        await signIn(admin, { next: '/admin/users' });
        await admin.setViewportSize(DESKTOP);
        const form = admin.locator('form.new-user-form');
        await form.locator('#new-user-name').fill(`h5clerk${mode}`);
        await form.locator('#new-user-role').selectOption('clerk');
        // A 镇村信息员 with no unit and a password that is too short.
        await form.locator('#new-user-password').fill('short');
        await form.locator('#new-user-password-confirm').fill('short');
        await Promise.all([
          admin.waitForURL((u) => u.pathname === '/admin/users'),
          form.locator('button[type="submit"]').click(),
        ]);
        const summary = admin.locator('.error-summary');
        assert.equal(await summary.getAttribute('role'), 'alert');
        const hrefs = await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        assert.deepEqual(hrefs, ['#new-user-unit', '#new-user-password']);
        // Each message also stands beside its field, and the name is kept.
        assert.match(await admin.locator('#new-user-password-error').innerText(), /至少需要 10 个字符/);
        assert.equal(await admin.locator('#new-user-name').inputValue(), `h5clerk${mode}`);
        for (const viewport of [DESKTOP, PHONE]) {
          await admin.setViewportSize(viewport);
          await admin.evaluate(() => window.scrollTo(0, 0));
          await screenshot(admin, `issue14-h5-admin-summary-${mode}-${viewport === PHONE ? 'phone' : 'desktop'}`);
          await summary.locator('a[href="#new-user-password"]').click();
          assert.equal(await admin.evaluate(() => document.activeElement?.id), 'new-user-password');
          await summary.locator('a[href="#new-user-unit"]').click();
          assert.equal(await admin.evaluate(() => document.activeElement?.id), 'new-user-unit');
          await assertNoSidewaysScroll(admin, `/admin/users errors ${viewport.width}`);
        }
        assert.deepEqual(staff.problems.filter((p) => p !== '400 /admin/users'), []);
      } finally {
        await staff.context.close();
      }
    });

    test('no page errors', () => {
      // The refused /apply answers 400 on purpose.
      assert.deepEqual(problems.filter((p) => p !== '400 /apply'), []);
    });
  });
}
