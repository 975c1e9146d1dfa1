// Shared parts of the crash test, the disk-full test and the soak (issue 20):
// a zwgk instance on its own data directory (SQLite, or a PostgreSQL cluster
// this file starts and can restart), concurrent writers that log every write
// the server acknowledged, and the checks run after each restart. Traffic
// goes to 127.0.0.1 only. Not a test file itself (the runner picks up
// *.spec.mjs only).
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const zwgkBin = process.env.ZWGK_BIN ?? path.join(repoRoot, 'build', 'zwgk');

export const ADMIN = 'admin';
const ADMIN_PASSWORD = 'Zwgk-Crash-2026';
// Every request has this deadline: a request still unanswered then is a hang.
export const REQUEST_TIMEOUT_MS = 20_000;
const STARTUP_TIMEOUT_MS = 30_000;

// A small seeded PRNG (mulberry32), so a failing run can be repeated.
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cleanEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('ZWGK_')) env[k] = v;
  return env;
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

export function sh(cmd, args, { input = '', allowFail = false, env } = {}) {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8', timeout: 120_000, env: env ?? cleanEnv() });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0 && !allowFail) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}\n${r.stdout}${r.stderr}`);
  }
  return r;
}

// ---------------------------------------------------------------------------
// A throw-away PostgreSQL cluster (as scripts/with-postgres makes, but owned
// here so the test can restart it under load). fsync stays on.

export async function startPostgres() {
  const pgBin = fs.readdirSync('/usr/lib/postgresql').sort().map((v) => `/usr/lib/postgresql/${v}/bin`)
    .filter((d) => fs.existsSync(`${d}/pg_ctl`)).pop();
  if (!pgBin) throw new Error('PostgreSQL is not installed (scripts/install-deps)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-crash-pg-'));
  const asPg = process.getuid() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  if (asPg.length) fs.chownSync(dir, Number(sh('id', ['-u', 'postgres']).stdout.trim()), 0);
  const port = await freePort();
  const pg = (bin, args, opts) => (asPg.length ? sh(asPg[0], [...asPg.slice(1), `${pgBin}/${bin}`, ...args], opts)
    : sh(`${pgBin}/${bin}`, args, opts));
  pg('initdb', ['-D', `${dir}/data`, '-U', 'zwgk', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const start = () => pg('pg_ctl', ['-D', `${dir}/data`, '-l', `${dir}/server.log`, '-w', '-o',
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir}`, 'start']);
  start();
  const url = `postgresql://zwgk@127.0.0.1:${port}/postgres`;
  const psql = (sql) => sh('psql', ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', url, '-c', sql]).stdout;
  return {
    url,
    psql,
    // An immediate stop is PostgreSQL crashing: it recovers from its WAL.
    restart: () => {
      pg('pg_ctl', ['-D', `${dir}/data`, '-m', 'immediate', 'stop']);
      start();
    },
    stop: () => {
      pg('pg_ctl', ['-D', `${dir}/data`, '-m', 'immediate', 'stop'], { allowFail: true });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------
// A zwgk instance: data directory, admin token, a server that can be killed.

export function makeInstance({ dataDir, dbUrl } = {}) {
  if (!fs.existsSync(zwgkBin)) throw new Error(`${zwgkBin} not found: build first (make app)`);
  dataDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-crash-'));
  fs.mkdirSync(dataDir, { recursive: true });
  const configFile = path.join(dataDir, '..', `${path.basename(dataDir)}.toml`);
  // Writers send X-Forwarded-For so the public API's per-address limit
  // applies to each simulated applicant, as behind nginx.
  fs.writeFileSync(configFile, 'trusted_proxies = "127.0.0.1"\n');
  const base = ['--config', configFile, '--data-dir', dataDir, ...(dbUrl ? ['--db', dbUrl] : [])];
  const cli = (args, opts) => sh(zwgkBin, [...base, ...args], opts);
  cli(['init']);
  cli(['user', 'add', '--name', ADMIN, '--role', 'admin', '--password-stdin'], { input: `${ADMIN_PASSWORD}\n` });
  const token = cli(['token', 'create', '--user', ADMIN]).stdout.trim().split(/\s+/)[0];
  return { dataDir, configFile, base, cli, token, dbUrl, server: null,
    remove: () => { fs.rmSync(dataDir, { recursive: true, force: true }); fs.rmSync(configFile, { force: true }); } };
}

export async function startServer(inst, { port } = {}) {
  port ??= await freePort();
  const child = spawn(zwgkBin, [...inst.base, 'serve', '--port', String(port)], {
    env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (c) => { log = (log + c).slice(-20_000); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  const exit = new Promise((resolve) => child.on('exit', (code, signal) => { exited = { code, signal }; resolve(exited); }));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (exited) throw new Error(`zwgk serve exited (${exited.code ?? exited.signal}) at start\n${log}`);
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1_000) });
      if (res.status === 200) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`zwgk serve: /healthz not 200 within ${STARTUP_TIMEOUT_MS} ms\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const server = {
    pid: child.pid, port, baseUrl, log: () => log, exited: () => exited,
    kill9: async () => { if (!exited) { child.kill('SIGKILL'); } return exit; },
    stop: async () => {
      if (!exited) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exit;
        clearTimeout(t);
      }
    },
  };
  inst.server = server;
  return server;
}

// ---------------------------------------------------------------------------
// HTTP with a deadline. Resolves {status, body, headers} or {error}; a
// request that passes the deadline resolves {error: 'timeout'}.

export async function call(baseUrl, method, url, { token, json, form, multipart, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  let body;
  if (json !== undefined) { h['content-type'] = 'application/json'; body = JSON.stringify(json); }
  if (form !== undefined) body = new URLSearchParams(form);
  if (multipart !== undefined) {
    body = new FormData();
    for (const [k, v] of Object.entries(multipart)) {
      if (v && typeof v === 'object' && 'bytes' in v) body.append(k, new Blob([v.bytes], { type: v.type }), v.filename);
      else body.append(k, v);
    }
  }
  try {
    const res = await fetch(`${baseUrl}${url}`, { method, headers: h, body, redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const text = await res.text();
    return { status: res.status, body: text, headers: res.headers };
  } catch (e) {
    const name = e?.name === 'TimeoutError' ? 'timeout' : (e?.cause?.code ?? e?.message ?? String(e));
    return { error: name };
  }
}

// ---------------------------------------------------------------------------
// The writers. Each write is logged in `acked` only when the server answered
// it with success and an id; verify() looks every one of them up again.

const TOPIC = '民政、扶贫、救灾/社会福利';
let serial = 0;
const uniq = (tag) => `${tag}-${process.pid}-${Date.now().toString(36)}-${(serial++).toString(36)}`;

// A valid 18-digit resident id (GB 11643 check digit) for a made-up person.
function residentId(n) {
  const base = `11010119900307${String(n % 1000).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...base].reduce((s, d, i) => s + Number(d) * w[i], 0);
  return base + '10X98765432'[sum % 11];
}

export const WRITES = {
  async record(ctx) {
    const tag = uniq('记录');
    const input = { title: `崩溃测试 ${tag}`, unit: '县教育局', domain: '义务教育', formed_on: '2026-11-02',
      topic: TOPIC, genre: '通知', body_html: `<p>正文 ${tag}</p>` };
    const r = await call(ctx.baseUrl, 'POST', '/api/v1/records', { token: ctx.token, json: input });
    if (r.status !== 201) return r;
    const j = JSON.parse(r.body);
    ctx.ack({ kind: 'record', id: j.id, title: input.title, body_html: j.body_html });
    // Half the records go on to publication, so the search index has work.
    if (ctx.rand() < 0.5) {
      for (const [step, body] of [['submit', undefined], ['review', { outcome: 'approved', remarks: '同意' }],
        ['publish', undefined]]) {
        const s = await call(ctx.baseUrl, 'POST', `/api/v1/records/${j.id}/${step}`, { token: ctx.token, json: body ?? {} });
        if (s.status !== 200) return s;
      }
      ctx.ack({ kind: 'published', id: j.id, title: input.title });
    }
    return r;
  },
  async application(ctx) {
    const n = serial;
    const description = `申请公开崩溃测试信息 ${uniq('申请')}`;
    const r = await call(ctx.baseUrl, 'POST', '/api/v1/applications', {
      headers: { 'x-forwarded-for': `198.18.${(n >> 8) & 255}.${n & 255}` },
      json: { applicant: { type: '自然人', name: '张三', id_type: '居民身份证', id_number: residentId(n),
        phone: '13800138000', address: '某县某路1号', email: 'a@example.com' },
      unit: '县教育局', description, delivery: '电子邮件' } });
    if (r.status !== 201) return r;
    const j = JSON.parse(r.body);
    if (j.tracking_number) ctx.ack({ kind: 'application', tracking_number: j.tracking_number, query_code: j.query_code, description });
    return r;
  },
  async catalog(ctx) {
    const level2 = `崩溃测试事项 ${uniq('目录')}`;
    const r = await call(ctx.baseUrl, 'POST', '/admin/catalog/2/items', { token: ctx.token, form: {
      level1: '崩溃测试', level2, elements: '要素', basis: '《中华人民共和国政府信息公开条例》',
      time_limit: '信息形成之日起20个工作日内', subject: '县教育局', channels: '政府网站',
      public: '1', proactive: '1', county: '1' } });
    if (r.status === 303 && /done=/.test(r.headers.get('location') ?? '')) ctx.ack({ kind: 'catalog', level2 });
    return r;
  },
  async upload(ctx) {
    const tag = uniq('附件');
    const rec = await call(ctx.baseUrl, 'POST', '/api/v1/records', { token: ctx.token, json: {
      title: `附件测试 ${tag}`, unit: '县教育局', domain: '义务教育', formed_on: '2026-11-03', topic: TOPIC, genre: '通知',
      body_html: '<p>附件</p>' } });
    if (rec.status !== 201) return rec;
    const id = JSON.parse(rec.body).id;
    ctx.ack({ kind: 'record', id, title: `附件测试 ${tag}`, body_html: '<p>附件</p>' });
    const bytes = Buffer.concat([Buffer.from(`%PDF-1.4\n% ${tag}\n`), crypto.randomBytes(2_000 + Math.floor(ctx.rand() * 60_000)),
      Buffer.from('\n%%EOF\n')]);
    const filename = `${tag}.pdf`;
    const r = await call(ctx.baseUrl, 'POST', `/admin/records/${id}/attach`, { token: ctx.token,
      multipart: { file: { bytes, type: 'application/pdf', filename } } });
    if (r.status === 303 && /done=/.test(r.headers.get('location') ?? '')) {
      ctx.ack({ kind: 'upload', id, filename, sha256: crypto.createHash('sha256').update(bytes).digest('hex') });
    }
    return r;
  },
};

// Runs `n` writer loops until stop() is called; returns counts and the
// problems (hangs, 500s) seen while the server was meant to be up.
export function startWriters({ baseUrl, token, n, rand, acked, kinds = Object.keys(WRITES), isDisrupted = () => false }) {
  let stopped = false;
  const stats = { requests: 0, statuses: {}, errors: {}, problems: [] };
  const ctx = { baseUrl, token, rand, ack: (w) => acked.push(w) };
  const note = (r, kind) => {
    stats.requests++;
    const key = r.error ?? r.status;
    const bucket = r.error ? stats.errors : stats.statuses;
    bucket[key] = (bucket[key] ?? 0) + 1;
    if (r.error === 'timeout') stats.problems.push(`${kind}: no answer within ${REQUEST_TIMEOUT_MS} ms (hang)`);
    else if (r.status >= 500 && r.status !== 503) stats.problems.push(`${kind}: ${r.status} ${r.body.slice(0, 300)}`);
    else if (!r.error && r.status >= 400 && r.status !== 503 && !isDisrupted()) {
      stats.problems.push(`${kind}: unexpected ${r.status} ${r.body.slice(0, 300)}`);
    }
  };
  const loops = Array.from({ length: n }, async () => {
    while (!stopped) {
      const kind = kinds[Math.floor(rand() * kinds.length)];
      const r = await WRITES[kind](ctx);
      note(r, kind);
      // A refused connection means the server is down: wait for stop().
      if (r.error && r.error !== 'timeout') await new Promise((res) => setTimeout(res, 20));
    }
  });
  return { stats, stop: async () => { stopped = true; await Promise.all(loops); return stats; } };
}

// ---------------------------------------------------------------------------
// Checks after a restart.

// Every acknowledged write is there with its content. Returns lost writes.
export async function verifyAcked(baseUrl, token, acked) {
  const lost = [];
  const recordOf = new Map();
  const getRecord = async (id) => {
    if (!recordOf.has(id)) {
      const r = await call(baseUrl, 'GET', `/api/v1/records/${id}`, { token });
      recordOf.set(id, r.status === 200 ? JSON.parse(r.body) : { missing: r.status ?? r.error });
    }
    return recordOf.get(id);
  };
  let catalogPage = null;
  for (const w of acked) {
    if (w.kind === 'record') {
      const j = await getRecord(w.id);
      if (j.missing || j.title !== w.title || j.body_html !== w.body_html) lost.push({ ...w, found: j.missing ?? j.title });
    } else if (w.kind === 'published') {
      const j = await getRecord(w.id);
      if (j.status !== 'published') lost.push({ ...w, found: j.status ?? j.missing });
    } else if (w.kind === 'application') {
      const r = await call(baseUrl, 'GET', `/api/v1/applications/status?tracking_number=${w.tracking_number}` +
        `&query_code=${w.query_code}`);
      if (r.status !== 200 || JSON.parse(r.body).description !== w.description) lost.push({ ...w, found: r.status ?? r.error });
    } else if (w.kind === 'catalog') {
      if (catalogPage === null) catalogPage = (await call(baseUrl, 'GET', '/admin/catalog/2', { token })).body ?? '';
      if (!catalogPage.includes(w.level2)) lost.push(w);
    } else if (w.kind === 'upload') {
      const j = await getRecord(w.id);
      const a = (j.attachments ?? []).find((x) => x.filename === w.filename);
      if (!a) { lost.push({ ...w, found: 'no attachment' }); continue; }
      const res = await fetch(`${baseUrl}${a.url}`, { headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const got = crypto.createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex');
      if (res.status !== 200 || got !== w.sha256) lost.push({ ...w, found: `${res.status} ${got}` });
    }
  }
  return lost;
}

// Every blob's sha256 matches its name; counts temp files left by a kill.
export function checkBlobs(dataDir) {
  const root = path.join(dataDir, 'blobs');
  const out = { blobs: 0, torn: [], temps: 0, stray: [] };
  if (!fs.existsSync(root)) return out;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) { walk(p); continue; }
      if (e.name.startsWith('.') && e.name.includes('.tmp-')) { out.temps++; continue; }
      if (!/^[0-9a-f]{64}$/.test(e.name)) { out.stray.push(p); continue; }
      out.blobs++;
      const h = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
      if (h !== e.name) out.torn.push(p);
    }
  };
  walk(root);
  return out;
}

// The database's own check: SQLite integrity_check, or PostgreSQL amcheck
// on every B-tree index plus a count query that reads every table.
export function checkDatabase(inst, pg) {
  if (!pg) {
    const r = sh('sqlite3', [path.join(inst.dataDir, 'zwgk.db'), 'PRAGMA integrity_check;']);
    return r.stdout.trim();
  }
  pg.psql('CREATE EXTENSION IF NOT EXISTS amcheck');
  const bad = pg.psql(`SELECT count(*) FROM (SELECT bt_index_check(c.oid, true) FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE am.amname = 'btree' AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')) x`);
  return /^\d+$/.test(bad.trim()) ? 'ok' : bad.trim();
}

// Drains the search outbox and compares the index with the database.
export function checkSearch(inst) {
  inst.cli(['search', 'drain']);
  const r = inst.cli(['search', 'check'], { allowFail: true });
  return { ok: r.status === 0, text: (r.stdout + r.stderr).trim() };
}

export function fdCount(pid) { return fs.readdirSync(`/proc/${pid}/fd`).length; }
// What each open fd points at (sockets and pipes by kind), for a report
// when the count moves.
export function fdTargets(pid) {
  const out = [];
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    try { out.push(fs.readlinkSync(`/proc/${pid}/fd/${fd}`).replace(/:\[\d+\]$/, '')); } catch { /* closed meanwhile */ }
  }
  return out.sort();
}
export function rssKb(pid) {
  return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
}
