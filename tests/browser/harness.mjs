// Shared set-up for the browser tests: a fresh zwgk instance (own data dir,
// seeded, with an administrator) on a free loopback port, and Debian's
// Chromium driven by playwright-core. Not a test file itself (the runner
// picks up *.spec.mjs only).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const zwgkBin = process.env.ZWGK_BIN ?? path.join(repoRoot, 'build', 'zwgk');
export const screenshotDir = process.env.ZWGK_SCREENSHOT_DIR ?? path.join(repoRoot, 'build', 'screenshots');

export const ADMIN_NAME = 'admin';
export const ADMIN_PASSWORD = 'Zwgk-Test-2026';

// Viewports: a desktop window (every context starts at this size) and a phone.
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

const STARTUP_TIMEOUT_MS = 15_000;
const COMMAND_TIMEOUT_MS = 60_000;

// The child's environment without ZWGK_* settings, so a developer's
// ZWGK_DB or ZWGK_CONFIG cannot point a test at a real database.
function cleanEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('ZWGK_')) env[k] = v;
  }
  return env;
}

function run(args, input) {
  const r = spawnSync(zwgkBin, args, {
    cwd: repoRoot,
    env: cleanEnv(),
    input: input ?? '',
    encoding: 'utf8',
    timeout: COMMAND_TIMEOUT_MS,
  });
  if (r.error) throw new Error(`zwgk ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(`zwgk ${args.join(' ')} exited ${r.status ?? r.signal}\n${r.stdout}${r.stderr}`);
  }
  return r.stdout;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// Starts a seeded zwgk with an administrator; resolves once /healthz answers
// 200. Call stop() at the end (kills the server, removes the data dir).
export async function startZwgk() {
  if (!fs.existsSync(zwgkBin)) throw new Error(`${zwgkBin} not found: build first (make build)`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-browser-'));
  // An empty config file, so a developer's ./zwgk.toml (say, with a db URL)
  // is not read: the test instance runs on defaults plus these flags.
  const configFile = path.join(dataDir, 'zwgk.toml');
  fs.writeFileSync(configFile, '');
  const base = ['--config', configFile, '--data-dir', dataDir];
  run([...base, 'init']);
  run([...base, 'user', 'add', '--name', ADMIN_NAME, '--role', 'admin', '--password-stdin'],
      `${ADMIN_PASSWORD}\n`);

  const port = await freePort();
  const child = spawn(zwgkBin, [...base, 'serve', '--port', String(port)], {
    cwd: repoRoot,
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk) => {
    log = (log + chunk).slice(-20_000);  // the tail, for failure messages
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exitPromise;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  // Poll /healthz until it answers, the child dies, or the deadline passes.
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`zwgk serve exited (${exited.code ?? exited.signal}) before /healthz answered\n${log}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1_000) });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`zwgk serve: /healthz did not answer 200 within ${STARTUP_TIMEOUT_MS} ms\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const cli = (args, input) => run([...base, ...args], input);
  return { baseUrl, dataDir, stop, log: () => log, pid: child.pid, exited: () => exited, cli };
}

// Debian's Chromium, headless. playwright-core gives every launch a fresh
// temporary profile (user-data-dir) and removes it on close; the flags keep
// Chromium from calling out to the network, which is closed here.
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.ZWGK_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // Date inputs and other built-in widgets in Chinese, as a county
      // clerk's browser shows them.
      '--lang=zh-CN',
    ],
  });
}

// A new context; records uncaught page errors and failed same-origin
// responses so a test can assert there were none.
// Contexts made without JavaScript: page callbacks such as
// requestAnimationFrame never run in them, so nothing may wait on one.
const scriptlessContexts = new WeakSet();

export async function newContext(browser, baseUrl, { javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({
    baseURL: baseUrl,
    javaScriptEnabled,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: DESKTOP,
  });
  context.setDefaultTimeout(10_000);
  if (!javaScriptEnabled) scriptlessContexts.add(context);
  const problems = [];
  context.on('page', (page) => {
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('response', (res) => {
      const url = new URL(res.url());
      if (url.origin === baseUrl && res.status() >= 400 && url.pathname !== '/favicon.ico') {
        problems.push(`${res.status()} ${url.pathname}${url.search}`);
      }
    });
  });
  return { context, problems };
}

export async function screenshot(page, name) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

// Clicks `target` (a link or button) and resolves once the page it leads to has loaded.
export async function clickAndLoad(page, target) {
  await Promise.all([page.waitForLoadState('load'), target.click()]);
  await page.waitForLoadState('load');
}

// Submits `form` with its first submit button and resolves once the next page has loaded.
export async function submitForm(page, form) {
  await clickAndLoad(page, form.locator('button[type="submit"], button:not([type])').first());
}

// Signs in through the login form (the administrator unless name/password are given) and waits to land on `next`.
export async function signIn(page, { name = ADMIN_NAME, password = ADMIN_PASSWORD, next } = {}) {
  await page.goto(next === undefined ? '/admin/login' : `/admin/login?next=${encodeURIComponent(next)}`);
  const login = page.locator('form', { has: page.locator('input[name="password"]') });
  await login.locator('input[name="name"]').fill(name);
  await login.locator('input[name="password"]').fill(password);
  await submitForm(page, login);
  if (next !== undefined) await page.waitForURL((u) => u.pathname === next.split('?')[0]);
}

// Asserts the page does not scroll sideways: at most `limit` px wide (default: the window's width) plus `slack`.
export async function assertNoSidewaysScroll(page, where, { limit, slack = 0 } = {}) {
  const { scroll, client, culprits } = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    // The outermost elements that stick out, to name in the failure.
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (el.getBoundingClientRect().right <= width + 1) continue;
      if (out.some((o) => o.contains(el))) continue;
      out.push(el);
    }
    const name = (el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
      ? `.${el.className.trim().split(/\s+/).join('.')}` : '');
    return { scroll: document.documentElement.scrollWidth, client: width,
      culprits: out.slice(0, 5).map((el) => `${name(el.parentElement)} > ${name(el)}`) };
  });
  const max = limit ?? client;
  assert.ok(scroll <= max + slack,
    `${where}: page is ${scroll}px wide in a ${max}px window (sticking out: ${culprits.join(', ')})`);
}

// Screenshots `${name}-desktop` and `${name}-phone` (the latter must fit 390 px unless allowSidewaysScroll).
export async function screenshotBothWidths(page, name, { allowSidewaysScroll = false } = {}) {
  await page.setViewportSize(DESKTOP);
  await screenshot(page, `${name}-desktop`);
  await page.setViewportSize(PHONE);
  // Let resize handlers (ECharts redraws at the new width) run first; without
  // JavaScript there are none, and the animation frame would never come.
  if (!scriptlessContexts.has(page.context())) {
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  }
  if (!allowSidewaysScroll) await assertNoSidewaysScroll(page, name, { limit: PHONE.width, slack: 1 });
  await screenshot(page, `${name}-phone`);
  await page.setViewportSize(DESKTOP);
}

// Registers hooks that start zwgk and Chromium before the enclosing suite's
// tests (handing both to `ready`) and stop them after.
export function startForSuite(ready) {
  let server;
  let browser;
  before(async () => {
    [server, browser] = await Promise.all([startZwgk(), launchBrowser()]);
    ready(server, browser);
  });
  after(async () => {
    await Promise.all([browser?.close(), server?.stop()]);
  });
}
