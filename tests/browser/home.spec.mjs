// The public portal and the admin login in Debian's Chromium, once with
// JavaScript and once without (the portal must work without it).
//   node --test --test-reporter=spec tests/browser/*.spec.mjs
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { ADMIN_NAME, ADMIN_PASSWORD, newContext, screenshot, startForSuite } from './harness.mjs';

// 附件1: the 26 pilot domains (names without the trailing 领域) and the unit
// responsible for each, as seeded by `zwgk init`.
const DOMAINS = {
  重大建设项目: '县发改局',
  义务教育: '县教育局',
  户籍管理: '县公安局',
  社会救助: '县民政局',
  养老服务: '县民政局',
  公共法律服务: '县司法局',
  财政预决算: '县财政局',
  就业创业: '县人社局',
  社会保险: '县人社局',
  国土空间规划: '县自然资源和规划局',
  征地补偿: '县自然资源和规划局',
  环境保护: '市生态环境局嘉鱼县分局',
  国有土地上房屋征收与补偿: '县住建局',
  保障性住房: '县住建局',
  农村危房改造: '县住建局',
  市政服务: '县住建局',
  城市综合执法: '县城管执法局',
  涉农补贴: '县农业农村局',
  公共文化服务: '县文旅局',
  医疗卫生: '县卫健局',
  安全生产: '县应急管理局',
  救灾: '县应急管理局',
  食品药品监管: '县市场监管局',
  公共资源交易: '县公共资源交易中心',
  扶贫: '县扶贫办',
  税收管理: '县税务局',
};
const UNITS = [...new Set(Object.values(DOMAINS))];
const COUNTY = '嘉鱼县';

let server;
let browser;

startForSuite((s, b) => {
  server = s;
  browser = b;
});

// For every link to /domains/{id} on the page: its text, its href, and the
// unit it is grouped under — the one unit name in the nearest enclosing
// element that names any unit (a section, list item or table row), or, when
// that element names several, the last unit name before the link.
function domainLinks(page, units) {
  return page.evaluate((units) => {
    const unitsIn = (text) => units.filter((u) => text.includes(u));
    const main = document.querySelector('main') ?? document.body;
    const links = [...main.querySelectorAll('a[href]')].filter((a) =>
      /^\/domains\/[^/?#]+$/.test(new URL(a.href).pathname));
    return links.map((a) => {
      let group = null;
      for (let el = a.parentElement; el && el !== document.body; el = el.parentElement) {
        const found = unitsIn(el.textContent);
        if (found.length === 1) group = found[0];
        if (found.length >= 1) break;
      }
      if (!group) {
        const range = document.createRange();
        range.setStart(main, 0);
        range.setEndBefore(a);
        const before = range.toString();
        let best = -1;
        for (const u of units) {
          const i = before.lastIndexOf(u);
          if (i > best) [best, group] = [i, u];
        }
      }
      return { text: a.textContent.trim(), href: new URL(a.href).pathname, group };
    });
  }, units);
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'js' : 'nojs';

  describe(`portal (${javaScriptEnabled ? 'JavaScript on' : 'JavaScript off'})`, () => {
    let context;
    let problems;
    let page;

    before(async () => {
      ({ context, problems } = await newContext(browser, server.baseUrl, { javaScriptEnabled }));
    });
    after(async () => {
      await context?.close();
    });

    test('home lists the county and the 26 domains grouped under their units', async () => {
      page = await context.newPage();
      const res = await page.goto('/');
      assert.equal(res.status(), 200);
      assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
      assert.match(await page.title(), new RegExp(COUNTY));
      assert.match(await page.locator('header').innerText(), new RegExp(COUNTY));
      const mainText = await page.locator('main').innerText();
      assert.match(mainText, new RegExp(COUNTY));
      for (const unit of UNITS) assert.ok(mainText.includes(unit), `home lacks unit ${unit}`);

      const links = await domainLinks(page, UNITS);
      const hrefs = new Set(links.map((l) => l.href));
      assert.equal(hrefs.size, 26, `distinct /domains/ links: ${[...hrefs].join(' ')}`);
      for (const [domain, unit] of Object.entries(DOMAINS)) {
        const link = links.find((l) => l.text.replace(/领域$/, '') === domain) ??
          links.find((l) => l.text.includes(domain));
        assert.ok(link, `no link for domain ${domain}`);
        assert.equal(link.group, unit, `${domain} should be grouped under ${unit}`);
      }
      await screenshot(page, `home-${mode}`);
      assert.deepEqual(problems, []);
    });

    test('a domain link leads to the domain page with its unit', async () => {
      page ??= await context.newPage();
      await page.goto('/');
      const link = page.locator('main a[href^="/domains/"]', { hasText: '保障性住房' }).first();
      const href = await link.getAttribute('href');
      await Promise.all([page.waitForURL((u) => u.pathname === href), link.click()]);
      assert.match(new URL(page.url()).pathname, /^\/domains\/[^/]+$/);
      assert.match(await page.locator('h1').first().innerText(), /保障性住房/);
      assert.match(await page.locator('main').innerText(), /县住建局/);
      assert.match(await page.locator('header').innerText(), new RegExp(COUNTY));
      await screenshot(page, `domain-${mode}`);
      assert.deepEqual(problems, []);
    });

    test('the large-type link switches body.large on and it stays on', async () => {
      page ??= await context.newPage();
      await page.goto('/');
      assert.equal(await page.locator('body.large').count(), 0);
      await page.getByRole('link', { name: /大字版/ }).click();
      await page.waitForSelector('body.large');
      assert.equal(new URL(page.url()).pathname, '/', 'the toggle returns to the page it came from');
      await screenshot(page, `large-${mode}`);
      await page.goto('/tasks');
      assert.equal(await page.locator('body.large').count(), 1, 'large type persists on /tasks');
      // Switch back so later tests see the standard page.
      await page.getByRole('link', { name: /标准/ }).click();
      await page.waitForSelector('body:not(.large)');
      assert.deepEqual(problems, []);
    });

    test('/admin asks anonymous users to log in; the admin gets in', async () => {
      page ??= await context.newPage();
      await page.goto('/admin');
      const login = new URL(page.url());
      assert.equal(login.pathname, '/admin/login');
      assert.equal(login.searchParams.get('next'), '/admin');
      await screenshot(page, `admin-login-${mode}`);

      const form = page.locator('form', { has: page.locator('input[name="password"]') });
      await form.locator('input[name="name"]').fill(ADMIN_NAME);
      await form.locator('input[name="password"]').fill(ADMIN_PASSWORD);
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/admin'),
        form.locator('button[type="submit"], input[type="submit"], button:not([type])').first().click(),
      ]);
      await page.locator('h1, h2').filter({ hasText: '管理' }).first().waitFor();
      await screenshot(page, `admin-${mode}`);
      assert.deepEqual(problems, []);
    });

    test('an unknown page is a 404 page in the site layout', async () => {
      const p = await context.newPage();
      const res = await p.goto('/no-such-page');
      assert.equal(res.status(), 404);
      assert.equal(await p.getAttribute('html', 'lang'), 'zh-CN');
      assert.ok(await p.locator('main a[href="/"]').count() >= 1, '404 page links back home');
      await p.close();
    });
  });
}
