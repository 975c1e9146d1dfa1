// The soak (issue 20): mixed public reads, searches and staff writes against
// one `zwgk serve` for a while, sampling its RSS (/proc/PID/status) and open
// file descriptors (/proc/PID/fd). Samples are taken with the load paused
// and every request answered, with connections closed after each request, so
// the fd count is the server's own (database, index, log) and must not move
// after warm-up; RSS may settle but must not keep growing.
//
//   node tests/crash/soak.mjs [--seconds 1800] [--samples 30] [--clients 8]
//        [--db sqlite|postgres]
//
// Prints one line per sample (seconds, requests, RSS KiB, fds) and a summary;
// exits 1 when fds moved after warm-up or RSS grew past the bound.
import crypto from 'node:crypto';
import http from 'node:http';
import { pathToFileURL } from 'node:url';

import {
  fdCount, fdTargets, makeInstance, prng, rssKb, startPostgres, startServer,
} from './lib.mjs';

// One request on its own connection (agent: false closes it afterwards).
function request(port, method, path, { body, headers = {} } = {}) {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent: false,
      headers: { ...headers, ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.setTimeout(20_000, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: 0, error: e.message }));
    req.end(body);
  });
}

const WORDS = ['教育', '通知', '社会救助', '养老', '公开', '崩溃', 'jiaoyu', '规划', '补贴', '办事'];
const PAGES = ['/', '/records', '/xxgk', '/api/v1/records', '/apply', '/feeds/records.rss', '/sitemap.xml',
  '/api/v1/domains', '/services', '/messages'];

export async function runSoak({ seconds = 1800, samples = 30, clients = 8, db = 'sqlite', seed, log = console.log } = {}) {
  seed ??= crypto.randomInt(2 ** 31);
  const rand = prng(seed);
  const pg = db === 'postgres' ? await startPostgres() : null;
  const inst = makeInstance({ dbUrl: pg?.url });
  const out = { seed, samples: [], statuses: {}, requests: 0, problems: [] };
  try {
    const server = await startServer(inst);
    const { port, pid } = server;
    const auth = { authorization: `Bearer ${inst.token}`, 'content-type': 'application/json' };
    const ids = [];
    const one = async () => {
      const x = rand();
      let r;
      if (x < 0.45) {
        r = await request(port, 'GET', PAGES[Math.floor(rand() * PAGES.length)]);
      } else if (x < 0.6 && ids.length) {
        r = await request(port, 'GET', `/records/${ids[Math.floor(rand() * ids.length)]}`);
        if (r.status === 404) r.status = 200;  // a draft is not public: fine
      } else if (x < 0.85) {
        const q = encodeURIComponent(WORDS[Math.floor(rand() * WORDS.length)]);
        r = await request(port, 'GET', rand() < 0.5 ? `/search?q=${q}` : `/api/v1/search?q=${q}`);
      } else {
        const body = JSON.stringify({ title: `浸泡测试 ${out.requests}`, unit: '县教育局', domain: '义务教育',
          formed_on: '2026-11-02', topic: '民政、扶贫、救灾/社会福利', genre: '通知',
          body_html: `<p>浸泡 ${'正文'.repeat(50)}</p>` });
        r = await request(port, 'POST', '/api/v1/records', { body, headers: auth });
        if (r.status === 201) {
          const id = JSON.parse(r.body).id;
          ids.push(id);
          if (rand() < 0.5) {
            await request(port, 'POST', `/api/v1/records/${id}/submit`, { body: '{}', headers: auth });
            await request(port, 'POST', `/api/v1/records/${id}/review`,
              { body: '{"outcome":"approved","remarks":"同意"}', headers: auth });
            await request(port, 'POST', `/api/v1/records/${id}/publish`, { body: '{}', headers: auth });
          }
        }
      }
      out.requests++;
      out.statuses[r.status] = (out.statuses[r.status] ?? 0) + 1;
      if (r.status === 0 || r.status >= 400) out.problems.push(`${r.status} ${r.error ?? r.body.slice(0, 200)}`);
    };
    // Idle: every request answered; the server closes each connection after
    // its answer, which it may do a moment after the client saw the end, so
    // the smallest of a few readings is the count at rest.
    const sample = async (t) => {
      let fds = Infinity;
      for (let i = 0; i < 20; i++) {
        fds = Math.min(fds, fdCount(pid));
        await new Promise((r) => setTimeout(r, 10));
      }
      const s = { t, requests: out.requests, rssKb: rssKb(pid), fds, targets: fdTargets(pid) };
      const prev = out.samples.at(-1);
      if (prev && prev.fds !== fds) {
        const count = (list) => list.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map());
        const a = count(prev.targets), b = count(s.targets);
        const diff = [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k))
          .map((k) => `${k}: ${a.get(k) ?? 0}→${b.get(k) ?? 0}`);
        log(`  soak fds moved: ${diff.join(', ')}`);
      }
      out.samples.push(s);
      log(`  soak t=${String(t).padStart(5)}s requests=${String(s.requests).padStart(7)} rss=${s.rssKb} KiB fds=${s.fds}`);
    };
    const start = Date.now();
    const slice = (seconds * 1000) / samples;
    await sample(0);
    // Warm-up bursts: more requests at once than the server has threads, so
    // the connection pool and the index open what they keep open.
    for (let b = 0; b < 5; b++) await Promise.all(Array.from({ length: 48 }, one));
    for (let k = 1; k <= samples; k++) {
      const until = start + k * slice;
      await Promise.all(Array.from({ length: clients }, async () => {
        while (Date.now() < until) await one();
      }));
      await sample(Math.round((Date.now() - start) / 1000));
    }
    if (server.exited()) out.problems.push(`zwgk exited ${JSON.stringify(server.exited())}`);
    await server.stop();
  } finally {
    await inst.server?.stop();
    inst.remove();
    pg?.stop();
  }
  // Warm-up: the first third of the samples (pools fill, the index opens).
  const warm = out.samples[Math.max(1, Math.floor(out.samples.length / 3))];
  const last = out.samples.at(-1);
  out.warm = warm;
  out.last = last;
  out.fdFlat = out.samples.filter((s) => s.t >= warm.t).every((s) => s.fds === warm.fds);
  out.rssBoundKb = Math.round(warm.rssKb * 1.5 + 64 * 1024);
  out.rssOk = out.samples.filter((s) => s.t >= warm.t).every((s) => s.rssKb <= out.rssBoundKb);
  out.ok = out.fdFlat && out.rssOk && out.problems.length === 0;
  return out;
}

export function soakSummary(s) {
  return `soak: seed ${s.seed}, ${s.requests} requests ${JSON.stringify(s.statuses)}, ` +
    `RSS ${s.samples[0].rssKb} KiB at start, ${s.warm.rssKb} KiB after warm-up (t=${s.warm.t}s), ` +
    `${s.last.rssKb} KiB at the end (t=${s.last.t}s; bound ${s.rssBoundKb}); ` +
    `fds ${s.samples[0].fds} at start, ${s.warm.fds} after warm-up, ${s.last.fds} at the end ` +
    `(${s.fdFlat ? 'flat' : 'MOVED'}); problems ${s.problems.length}`;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name, def) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : def;
  };
  const s = await runSoak({ seconds: Number(arg('seconds', 1800)), samples: Number(arg('samples', 30)),
    clients: Number(arg('clients', 8)), db: arg('db', 'sqlite') });
  console.log(soakSummary(s));
  for (const p of s.problems.slice(0, 20)) console.log(`  problem: ${p}`);
  process.exit(s.ok ? 0 : 1);
}

