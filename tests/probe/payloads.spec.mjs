// Issue 20, hostile input: every payload class (payloads.mjs) into every
// field of every form the administrator's pages and the public pages show,
// and into the fields of the /api/v1 JSON endpoints, against a real zwgk
// process. Then Chromium visits every page that shows what was stored with
// a window.__xss trap and asserts that nothing ran.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';

import { ADMIN_NAME, ADMIN_PASSWORD, launchBrowser, newContext, repoRoot, startZwgk } from
  '../browser/harness.mjs';
import { hostileFileNames, leakMarkers, payloadClasses, RawBytes } from './payloads.mjs';

let server;
let port;
let token;
const failures = [];
const adminJar = new Map();
const stats = { requests: 0, forms: 0, fields: 0, apiFields: 0 };

// Forms whose submission would end the probe's own session or lock the
// administrator out (the role matrix and lockout tests cover them), or start
// long jobs.
const SKIP_ACTIONS = [/\/logout/, /\/admin\/login/, /\/admin\/password/, /\/admin\/users\/\d+\/disabled/,
  /\/admin\/inspection\/run/];
// Pages not worth crawling: files, feeds, exports.
const SKIP_PAGES = /\.(css|js|png|jpg|svg|ico|pdf|xlsx|docx|csv|json|xml|rss|zip|ics)(\?|$)|\/static\/|\/files?\/|\/download|\/export|\/feeds\/|\/logout/;

function today(offsetDays = 0) {
  return new Date(Date.now() + 8 * 3600_000 + offsetDays * 86400_000).toISOString().slice(0, 10);
}

function toBuffer(v) {
  return v instanceof RawBytes ? v.bytes : Buffer.from(String(v), 'utf8');
}

function cookieHeader(jar) {
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

function keepCookies(jar, res) {
  for (const c of res.headers['set-cookie'] ?? []) {
    const [pair] = c.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    if (/max-age=0/i.test(c)) jar.delete(name);
    else jar.set(name, pair.slice(eq + 1).trim());
  }
}

// One request; never throws: a refused or unparsable answer is `error`.
function request(method, path, { body = Buffer.alloc(0), headers = {}, jar } = {}) {
  stats.requests += 1;
  return new Promise((resolve) => {
    const h = { 'content-length': body.length, ...headers };
    if (jar?.size) h.cookie = cookieHeader(jar);
    let req;
    try {
      req = http.request({ host: '127.0.0.1', port, method, path, agent: false, headers: h,
        maxHeaderSize: 1 << 22 }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const out = { status: res.statusCode, headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8') };
          if (jar) keepCookies(jar, out);
          resolve(out);
        });
        res.on('error', (e) => resolve({ error: e.message }));
      });
    } catch (e) {
      resolve({ error: `not sent: ${e.message}` });
      return;
    }
    req.on('error', (e) => resolve({ error: e.message }));
    req.setTimeout(20_000, () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

// ---- a small tolerant HTML form reader (the pages are our own templates) ----

function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|#39);/gi, (_, e) => {
    const k = e.toLowerCase();
    if (k === 'amp') return '&';
    if (k === 'lt') return '<';
    if (k === 'gt') return '>';
    if (k === 'quot') return '"';
    if (k === 'apos') return "'";
    if (k.startsWith('#x')) return String.fromCodePoint(parseInt(k.slice(2), 16));
    return String.fromCodePoint(parseInt(k.slice(1), 10));
  });
}

function attrs(text) {
  const out = {};
  for (const m of text.matchAll(/([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    out[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

function parseForms(html, pagePath) {
  const forms = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const a = attrs(m[1]);
    const inner = m[2];
    const fields = [];
    for (const f of inner.matchAll(/<(input|textarea|select|button)\b([^>]*)>/gi)) {
      const tag = f[1].toLowerCase();
      const fa = attrs(f[2]);
      if (!fa.name || 'disabled' in fa) continue;
      const type = tag === 'input' ? (fa.type ?? 'text').toLowerCase() : tag;
      if (tag === 'button') {
        if ((fa.type ?? 'submit') === 'submit' && !fields.some((x) => x.type === 'button')) {
          fields.push({ name: fa.name, type: 'button', value: fa.value ?? '' });
        }
        continue;
      }
      let value = fa.value ?? '';
      if (tag === 'textarea') {
        const rest = inner.slice(f.index + f[0].length);
        value = decodeEntities(rest.slice(0, rest.search(/<\/textarea>/i)));
      }
      if (tag === 'select') {
        const rest = inner.slice(f.index + f[0].length);
        const body = rest.slice(0, rest.search(/<\/select>/i));
        const options = [...body.matchAll(/<option\b([^>]*)>([^<]*)/gi)].map((o) => {
          const oa = attrs(o[1]);
          return { value: 'value' in oa ? oa.value : decodeEntities(o[2]).trim(), selected: 'selected' in oa };
        });
        value = (options.find((o) => o.selected) ?? options.find((o) => o.value) ?? { value: '' }).value;
      }
      fields.push({ name: fa.name, type, value, checked: 'checked' in fa, accept: fa.accept ?? '' });
    }
    const action = new URL(a.action || pagePath, `http://x${pagePath}`);
    forms.push({ method: (a.method ?? 'get').toUpperCase(), action: action.pathname + action.search,
      multipart: /multipart/i.test(a.enctype ?? ''), fields, page: pagePath });
  }
  return forms;
}

function links(html) {
  const out = [];
  for (const m of html.matchAll(/href="(\/[^"#]*)"/g)) {
    const href = decodeEntities(m[1]);
    if (!href.startsWith('//') && !SKIP_PAGES.test(href)) out.push(href);
  }
  return out;
}

function shape(path) {
  return path.split('?')[0].replace(/\/\d+(?=\/|$)/g, '/N').replace(/\/\d{4}-\d\d(-\d\d)?/g, '/D');
}

// A plausible value, so a payload in one field is not refused only because
// another field was empty.
function plausible(field) {
  const n = field.name.toLowerCase();
  if (field.value && field.type !== 'text' && field.type !== 'textarea') return field.value;
  if (field.value) return field.value;
  switch (field.type) {
    case 'date': return today(1);
    case 'month': return today().slice(0, 7);
    case 'number': return '1';
    case 'email': return 'probe@example.cn';
    case 'tel': return '13800138000';
    case 'url': return 'https://example.cn/';
    default: break;
  }
  if (/phone|tel|mobile/.test(n)) return '13800138000';
  if (/email/.test(n)) return 'probe@example.cn';
  if (/(^|_)(on|date|until|deadline)$|_on$|date/.test(n)) return today(1);
  if (/year/.test(n)) return '2026';
  if (/id_number|id_card/.test(n)) return '11010519491231002X';
  if (/password/.test(n)) return 'Probe-Pass-2026x';
  if (/url|link|href/.test(n)) return 'https://example.cn/';
  if (/days|count|copies|pages|limit|size|order|weight|number|amount|fee/.test(n)) return '1';
  if (/code/.test(n)) return '11420000MB1234567X';
  return '探针测试内容';
}

function formPairs(form, target, payload) {
  const pairs = [];
  const radios = new Set();
  for (const f of form.fields) {
    if (f.type === 'file' || f.type === 'submit' || f.type === 'reset' || f.type === 'image') continue;
    if (f.name === target) { pairs.push([f.name, payload]); continue; }
    if (f.type === 'checkbox' && !f.checked) continue;
    if (f.type === 'radio') {
      if (radios.has(f.name)) continue;
      const group = form.fields.filter((x) => x.name === f.name);
      const pick = group.find((x) => x.checked) ?? group[0];
      radios.add(f.name);
      pairs.push([f.name, pick.value]);
      continue;
    }
    pairs.push([f.name, f.type === 'hidden' || f.type === 'button' ? f.value : plausible(f)]);
  }
  return pairs;
}

function percent(v) {
  if (v instanceof RawBytes) return [...v.bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  return encodeURIComponent(v);
}

function urlencoded(pairs) {
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${percent(v)}`).join('&');
}

function multipart(pairs, files) {
  const boundary = '----zwgkprobe7d93a1';
  const parts = [];
  for (const [k, v] of pairs) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n`), toBuffer(v),
      Buffer.from('\r\n'));
  }
  for (const { name, filename, content, type } of files) {
    // The file name goes in raw: CR/LF and quotes are the point.
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="`),
      Buffer.from(filename), Buffer.from(`"\r\nContent-Type: ${type}\r\n\r\n`), content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

const SAMPLE_PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n' +
  '2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

function sampleFiles(form, filename) {
  return form.fields.filter((f) => f.type === 'file').map((f) => ({
    name: f.name, filename: filename ?? 'probe.pdf', content: SAMPLE_PDF, type: 'application/pdf' }));
}

// What every answer to a payload must satisfy. `baseline` is the text of
// the page the form came from: a marker already there (an ops page naming
// SQLite) is not a leak.
function check(res, ctx, baseline = '') {
  if (res.error && /EPIPE|ECONNRESET/.test(res.error) && /\] (oversize|nested)$/.test(ctx)) {
    return;  // refused (413) and closed before the whole body was sent
  }
  if (res.error) {
    failures.push(`${ctx}: no valid answer (${res.error})`);
    return;
  }
  if (res.status >= 500) {
    const id = res.headers['x-request-id'];
    // The log line with the detail, under the request id the answer names.
    const logged = server.log().split('\n').filter((l) => id && l.includes(id) && !/ \d+B [\d.]+ms /.test(l));
    failures.push(`${ctx}: ${res.status} ${logged.join(' | ').slice(0, 600) || res.body.slice(0, 200)}`);
  }
  for (const m of leakMarkers) {
    if (res.body.includes(m) && !baseline.includes(m)) failures.push(`${ctx}: the answer shows "${m}"`);
  }
  for (const p of [server.dataDir, repoRoot]) {
    if (res.body.includes(p)) failures.push(`${ctx}: the answer shows the path ${p}`);
  }
  for (const [k, v] of Object.entries(res.headers)) {
    if (String(v).length > 8192) failures.push(`${ctx}: answer header ${k} is ${String(v).length} bytes: ${String(v).slice(0, 80)}`);
  }
  if (res.headers['x-injected']) failures.push(`${ctx}: injected header X-Injected`);
  if ((res.headers['set-cookie'] ?? []).some((c) => c.startsWith('pwned'))) {
    failures.push(`${ctx}: injected Set-Cookie`);
  }
  const location = res.headers.location ?? '';
  if (/^[a-z]+:|^\/\//i.test(location) && !location.startsWith(`http://127.0.0.1:${port}`)) {
    failures.push(`${ctx}: redirects off site to ${location}`);
  }
}

// The payloads a field gets: one of each class, the variant rotating with
// the field's number, so the whole set is spread over all fields.
let rotation = 0;
function payloadsForField() {
  rotation += 1;
  return Object.entries(payloadClasses).map(([cls, variants]) => ({
    cls, value: variants[rotation % variants.length] }));
}

async function submitForm(form, jar, baseline) {
  const targets = form.fields.filter((f) => !['_csrf', 'website'].includes(f.name) &&
    !['submit', 'reset', 'image', 'button'].includes(f.type));
  stats.forms += 1;
  for (const field of targets) {
    stats.fields += 1;
    if (field.type === 'file') {
      for (const filename of hostileFileNames) {
        const { body, type } = multipart(formPairs(form, null, null), sampleFiles(form, filename));
        const res = await request('POST', form.action, { body, headers: { 'content-type': type }, jar });
        check(res, `${form.method} ${form.action} file ${field.name}=${JSON.stringify(filename)}`, baseline);
      }
      continue;
    }
    for (const { cls, value } of payloadsForField()) {
      const pairs = formPairs(form, field.name, value);
      const ctx = `${form.method} ${form.action} [${field.name}] ${cls}`;
      let res;
      if (form.method === 'GET') {
        const sep = form.action.includes('?') ? '&' : '?';
        res = await request('GET', `${form.action}${sep}${urlencoded(pairs)}`, { jar });
      } else if (form.multipart) {
        const { body, type } = multipart(pairs, sampleFiles(form));
        res = await request('POST', form.action, { body, headers: { 'content-type': type }, jar });
      } else {
        res = await request('POST', form.action, { body: Buffer.from(urlencoded(pairs)),
          headers: { 'content-type': 'application/x-www-form-urlencoded' }, jar });
      }
      check(res, ctx, baseline);
    }
    if (form.method === 'GET') {
      // The result page of an XSS payload in a search or filter box is a
      // page that shows the input: the browser pass visits it.
      const sep = form.action.includes('?') ? '&' : '?';
      shown.add(`${form.action}${sep}${urlencoded(formPairs(form, field.name, payloadClasses.xss[1]))}`);
    }
  }
  if (server.exited()) failures.push(`zwgk died after ${form.method} ${form.action}\n${server.log()}`);
}

// Crawls from `start` (same-site links under `prefix`), at most two pages
// of each path shape; returns the pages read and the forms found on them.
async function crawl(start, prefix, jar, { maxPages }) {
  const seen = new Set();
  const perShape = new Map();
  const queue = [...start];
  const pages = [];
  while (queue.length && pages.length < maxPages) {
    const path = queue.shift();
    if (seen.has(path)) continue;
    seen.add(path);
    const s = shape(path);
    if ((perShape.get(s) ?? 0) >= (path.includes('?') ? 1 : 2)) continue;
    perShape.set(s, (perShape.get(s) ?? 0) + 1);
    const res = await request('GET', path, { jar });
    if (res.error || res.status !== 200 || !/text\/html/.test(res.headers['content-type'] ?? '')) continue;
    pages.push({ path, html: res.body });
    for (const l of links(res.body)) {
      if (l.startsWith(prefix) && !seen.has(l)) queue.push(l);
    }
  }
  return pages;
}

const shown = new Set();
const formKeys = new Set();

async function probeForms(pages, jar) {
  for (const { path, html } of pages) {
    for (const form of parseForms(html, path)) {
      if (SKIP_ACTIONS.some((re) => re.test(form.action))) continue;
      const key = `${form.method} ${shape(form.action)} ${form.fields.map((f) => f.name).sort().join(',')}`;
      if (formKeys.has(key)) continue;
      formKeys.add(key);
      await submitForm(form, jar, html);
      if (jar === adminJar && !(await stillSignedIn())) {
        failures.push(`${form.method} ${form.action}: the administrator's session ended`);
        await signInJar(adminJar);
      }
    }
  }
}

async function stillSignedIn() {
  const res = await request('GET', '/admin', { jar: adminJar });
  return res.status === 200;
}

async function signInJar(jar) {
  const page = await request('GET', '/admin/login', { jar });
  const form = parseForms(page.body, '/admin/login').find((f) => f.fields.some((x) => x.name === 'password'));
  const pairs = formPairs(form, null, null).map(([k, v]) =>
    [k, k === 'name' ? ADMIN_NAME : k === 'password' ? ADMIN_PASSWORD : v]);
  const res = await request('POST', form.action, { body: Buffer.from(urlencoded(pairs)),
    headers: { 'content-type': 'application/x-www-form-urlencoded' }, jar });
  assert.ok(res.status === 303 || res.status === 302, `sign-in: ${res.status} ${res.body.slice(0, 200)}`);
  assert.ok(jar.has('zwgk_session'), 'signed in');
}

// ---- JSON API ----

function jsonBody(obj, field, value) {
  if (value instanceof RawBytes) {
    const marker = '@@zwgk-raw-bytes@@';
    const [a, b] = JSON.stringify({ ...obj, [field]: marker }).split(marker);
    return Buffer.concat([Buffer.from(a), value.bytes, Buffer.from(b)]);
  }
  // The nested class as JSON structure, not as a string.
  if (typeof value === 'string' && value.startsWith('[[[')) {
    return Buffer.from(JSON.stringify({ ...obj, [field]: '@@nested@@' }).replace('"@@nested@@"', value));
  }
  return Buffer.from(JSON.stringify({ ...obj, [field]: value }));
}

async function apiCall(method, path, obj, { auth = true } = {}) {
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  if (auth) headers.authorization = `Bearer ${token}`;
  return request(method, path, { body: Buffer.from(JSON.stringify(obj)), headers });
}

async function probeApi(path, base, { auth = true } = {}) {
  for (const field of Object.keys(base)) {
    stats.apiFields += 1;
    for (const { cls, value } of payloadsForField()) {
      const headers = { 'content-type': 'application/json', accept: 'application/json' };
      if (auth) headers.authorization = `Bearer ${token}`;
      const res = await request('POST', path, { body: jsonBody(base, field, value), headers });
      check(res, `POST ${path} {${field}} ${cls}`);
      if (!res.error && res.body && /json/.test(res.headers['content-type'] ?? '') && res.status !== 413) {
        try { JSON.parse(res.body); } catch { failures.push(`POST ${path} {${field}} ${cls}: answer is not JSON`); }
      }
    }
  }
  if (server.exited()) failures.push(`zwgk died after POST ${path}\n${server.log()}`);
}

const RECORD = { title: '县民政局召开冬季救助工作会议', unit: '县民政局', domain: '社会救助', formed_on: '2026-02-10',
  topic: '民政、扶贫、救灾/社会福利', genre: '通知', disclosure: 'active', body_html: '<p>正文。</p>' };

// One line per distinct failure (the payload class and detail folded), so a
// hole shows once, with how often it was hit.
function summarize(list) {
  const counts = new Map();
  for (const f of list) {
    const key = f.replace(/\] \w+:/, ']:').replace(/\} \w+:/, '}:').replace(/（请求编号 \w+）/, '').slice(0, 400);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${n}× ${k}`).join('\n');
}

describe('hostile payloads in every field (issue 20)', () => {
  let browser;
  let consultation;
  let record;
  before(async () => {
    [server, browser] = await Promise.all([startZwgk(), launchBrowser()]);
    port = Number(new URL(server.baseUrl).port);
    token = server.cli(['token', 'create', '--user', ADMIN_NAME]).trim().split(/\s+/).pop();
    // Something to comment on and something to edit, with payloads in it
    // from the start.
    const c = await apiCall('POST', '/api/v1/consultations', {
      title: `征求意见${payloadClasses.xss[0]}`, unit: '县民政局', opens_on: today(0), closes_on: today(29),
      body: `第一条 ${payloadClasses.xss[1]}`, explanation: payloadClasses.xss[3], sections: ['第一条'] });
    assert.equal(c.status, 201, c.body);
    consultation = JSON.parse(c.body);
    const r = await apiCall('POST', '/api/v1/records', { ...RECORD, title: `信息${payloadClasses.xss[1]}`,
      body_html: `<p>${payloadClasses.xss[0]}${payloadClasses.xss[6]}</p>` });
    assert.ok(r.status < 300, r.body);
    record = JSON.parse(r.body);
    // Published, so the public pages show it too (whatever the review
    // steps answer, the probe goes on).
    await apiCall('POST', `/api/v1/records/${record.id}/submit`, {});
    await apiCall('POST', `/api/v1/records/${record.id}/review`, { outcome: 'approved' });
    await apiCall('POST', `/api/v1/records/${record.id}/publish`, {});
  });
  after(async () => { await Promise.all([browser?.close(), server?.stop()]); });

  test('every form field and API field: no 500, no internal text, no injected header, alive', async () => {
    const started = Date.now();
    await signInJar(adminJar);
    const anon = new Map();
    const publicStart = ['/', '/apply', '/messages', '/consultations', `/consultations/${consultation.id}`,
      '/apply/status', '/messages/status', '/search?q=%E6%95%99%E8%82%B2'];
    const publicPages = await crawl(publicStart, '/', anon, { maxPages: 60 });
    const adminPages = await crawl(['/admin'], '/admin', adminJar, { maxPages: 160 });
    for (const p of [...publicPages, ...adminPages]) shown.add(p.path);
    await probeForms(publicPages, anon);
    await probeForms(adminPages, adminJar);

    await probeApi('/api/v1/applications', { unit: '县教育局', description: '申请公开学校名单', name: '张三',
      applicant: '张三', phone: '13800138000', email: 'a@example.cn', address: '县城', id_type: '身份证',
      id_number: '11010519491231002X', delivery: '电子邮件', form: '电子' }, { auth: false });
    await probeApi('/api/v1/messages', { type: '找错', unit: '县教育局', title: '网页有错', text: '第二段有错字',
      name: '李四', phone: '13800138000', email: 'b@example.cn' }, { auth: false });
    await probeApi(`/api/v1/consultations/${consultation.id}/comments`, { name: '王五', phone: '13800138000',
      email: 'c@example.cn', section: '第一条', text: '建议' }, { auth: false });
    await probeApi('/api/v1/records', { ...RECORD, doc_number: '嘉政〔2026〕1号', keywords: ['探针'] });
    await probeApi(`/api/v1/records/${record.id}`, { ...RECORD, change_note: '修改' });
    await probeApi('/api/v1/consultations', { title: '征求意见', unit: '县民政局', opens_on: today(0),
      closes_on: today(29), body: '第一条', explanation: '说明', short_reason: '理由' });
    await probeApi('/api/v1/decisions', { title: '决策', unit: '县民政局', year: 2026, legal_basis: '条例',
      deciding_body: '县政府常务会议', planned_decision_on: today(60), note: '备注' });
    await probeApi('/api/v1/guides', { name: '事项', unit: '县民政局', domain: '社会救助', service: '服务',
      time_limit: '5个工作日', description: '说明', source: '来源' });
    await probeApi('/api/v1/units', { name: '县探针局', kind: 'department', credit_code: '11420000MB1234567X' });
    await probeApi('/api/v1/domains', { name: '探针领域' });
    await probeApi('/api/v1/villages/1/postings', { title: '村务', kind: 'finance', period: '2026-01', body: '内容' });

    // A second crawl finds the pages of what the first round created.
    const adminAgain = await crawl(['/admin'], '/admin', adminJar, { maxPages: 200 });
    for (const p of adminAgain) shown.add(p.path);
    await probeForms(adminAgain, adminJar);

    const alive = await request('GET', '/healthz');
    assert.equal(alive.status, 200, `zwgk died\n${server.log()}`);
    console.log(`payloads: ${stats.forms} forms, ${stats.fields} form fields, ${stats.apiFields} API fields, ` +
      `${stats.requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
      `${shown.size} pages for the browser`);
    assert.ok(stats.forms >= 40, `only ${stats.forms} forms found`);
    assert.equal(failures.length, 0, `${failures.length} failures:\n${summarize(failures)}\n` +
      `server log tail:\n${server.log().slice(-4000)}`);
  });

  test('the browser runs none of the stored or reflected payloads', async () => {
    const visit = async (jarPaths, signedIn) => {
      const { context } = await newContext(browser, server.baseUrl);
      const ran = [];
      await context.exposeFunction('__zwgkReport', (what) => { ran.push(what); });
      await context.addInitScript(() => {
        window.__xss = (n) => window.__zwgkReport(`__xss(${n}) at ${location.pathname}`);
        document.addEventListener('securitypolicyviolation', (e) => {
          window.__zwgkReport(`CSP refused ${e.violatedDirective} at ${location.pathname}: ${e.sample}`);
        });
      });
      const page = await context.newPage();
      page.on('dialog', async (d) => { ran.push(`dialog "${d.message()}" at ${page.url()}`); await d.dismiss(); });
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) ran.push(`console: ${m.text().slice(0, 200)}`);
      });
      if (signedIn) {
        await page.goto('/admin/login');
        const login = page.locator('form', { has: page.locator('input[name="password"]') });
        await login.locator('input[name="name"]').fill(ADMIN_NAME);
        await login.locator('input[name="password"]').fill(ADMIN_PASSWORD);
        await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/admin/login')),
          login.locator('button[type="submit"], button:not([type])').first().click()]);
      }
      for (const path of jarPaths) {
        const ok = await page.goto(path, { waitUntil: 'load' }).then(() => true,
          (e) => { ran.push(`goto ${path}: ${e.message}`); return false; });
        if (!ok) continue;
        // Markup that would run on a click or in a frame, even where CSP
        // stopped it on load: event-handler attributes, javascript: links,
        // srcdoc frames.
        const armed = await page.evaluate(() => {
          const out = [];
          for (const el of document.querySelectorAll('*')) {
            for (const a of el.attributes) {
              const risky = /^on/i.test(a.name) ||
                (/^(href|src|action|formaction|xlink:href)$/i.test(a.name) && /^\s*javascript:/i.test(a.value)) ||
                a.name === 'srcdoc';
              if (risky) out.push(`<${el.tagName.toLowerCase()} ${a.name}="${a.value.slice(0, 60)}">`);
            }
          }
          return out;
        });
        for (const a of armed) ran.push(`${path}: ${a}`);
      }
      await context.close();
      return ran;
    };
    const paths = [...shown];
    const publicPaths = paths.filter((p) => !p.startsWith('/admin'));
    const adminPaths = paths.filter((p) => p.startsWith('/admin'));
    const ran = (await Promise.all([visit(publicPaths, false), visit(adminPaths, true)])).flat();
    console.log(`browser: ${publicPaths.length} public and ${adminPaths.length} admin pages visited`);
    assert.deepEqual(ran, []);
  });

  test('405 names the allowed methods; errors carry a request id', async () => {
    const wrong = await request('PUT', '/apply');
    assert.equal(wrong.status, 405);
    assert.deepEqual(wrong.headers.allow.split(', ').sort(), ['GET', 'HEAD', 'POST']);
    assert.match(wrong.headers['x-request-id'], /^[0-9a-f]{12}$/);
    const postOnly = await request('GET', '/api/v1/records/1/publish', { headers: { accept: 'application/json' } });
    assert.equal(postOnly.status, 405);
    assert.equal(postOnly.headers.allow, 'POST');
    const missing = await request('GET', '/no-such-page');
    assert.equal(missing.status, 404);
    assert.match(missing.headers['x-request-id'], /^[0-9a-f]{12}$/);
  });
});
