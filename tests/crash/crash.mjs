// The crash test (issue 20): concurrent writers (records with publication,
// public applications, catalog edits, uploads) against a running
// `zwgk serve`, `kill -9` at random moments, restart, then verify: every
// acknowledged write is there with its content, the database passes its
// integrity check, no blob is torn, and `zwgk search check` finds no drift
// once the outbox is drained. On PostgreSQL it also restarts PostgreSQL
// itself under load: zwgk must reconnect, and requests in flight must end
// in success or 503, never 500, never hang.
//
//   node tests/crash/crash.mjs [--db sqlite|postgres] [--kills 100]
//        [--pg-restarts 10] [--writers 6] [--seed N] [--check-every 10]
//
// Prints a summary line per engine and exits 1 if anything was lost or
// found broken.
import crypto from 'node:crypto';
import { pathToFileURL } from 'node:url';

import {
  checkBlobs, checkDatabase, checkSearch, makeInstance, prng, startPostgres, startServer, startWriters,
  verifyAcked, call,
} from './lib.mjs';

// Lets the writers run until the killer fires at a random moment: between
// minMs and maxMs of load (measured in wall time only to pick the moment;
// nothing asserts on it).
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

export async function runCrash({ db = 'sqlite', kills = 5, pgRestarts = 0, writers = 6, seed,
  checkEvery = 1, minMs = 150, maxMs = 1_500, log = console.log } = {}) {
  seed ??= crypto.randomInt(2 ** 31);
  const rand = prng(seed);
  const pg = db === 'postgres' ? await startPostgres() : null;
  const inst = makeInstance({ dbUrl: pg?.url });
  const acked = [];
  const result = { db, seed, kills: 0, pgRestarts: 0, acked: 0, lost: [], integrity: [], blobs: null,
    search: [], problems: [], requests: 0, statuses: {}, errors: {} };
  const merge = (stats) => {
    result.requests += stats.requests;
    for (const [k, v] of Object.entries(stats.statuses)) result.statuses[k] = (result.statuses[k] ?? 0) + v;
    for (const [k, v] of Object.entries(stats.errors)) result.errors[k] = (result.errors[k] ?? 0) + v;
    result.problems.push(...stats.problems);
  };
  const verifyRound = async (server, round, full) => {
    const before = result.lost.length;
    const lost = await verifyAcked(server.baseUrl, inst.token, full ? acked : acked.slice(round.from));
    if (full) result.lost = lost; else result.lost.push(...lost);
    if (result.lost.length > before) log(`  round ${round.n}: LOST ${JSON.stringify(lost.slice(0, 3))}`);
  };
  try {
    let server = await startServer(inst);
    for (let n = 1; n <= kills; n++) {
      const round = { n, from: acked.length };
      const w = startWriters({ baseUrl: server.baseUrl, token: inst.token, n: writers, rand, acked });
      await pause(minMs + rand() * (maxMs - minMs));
      await server.kill9();
      result.kills++;
      merge(await w.stop());
      // While it is down: the files as the crash left them.
      const integrity = checkDatabase(inst, pg);
      if (integrity !== 'ok') result.integrity.push(`kill ${n}: ${integrity}`);
      const blobs = checkBlobs(inst.dataDir);
      result.blobs = blobs;
      if (blobs.torn.length || blobs.stray.length) result.problems.push(`kill ${n}: blobs ${JSON.stringify(blobs)}`);
      if (n % checkEvery === 0 || n === kills) {
        const s = checkSearch(inst);
        if (!s.ok) result.search.push(`kill ${n}: ${s.text}`);
      }
      server = await startServer(inst);
      await verifyRound(server, round, false);
      log(`  ${db} kill ${n}/${kills}: acked so far ${acked.length}, lost ${result.lost.length}`);
    }
    // PostgreSQL restarted (crashed) under load while zwgk keeps running.
    for (let n = 1; n <= pgRestarts; n++) {
      const round = { n: `pg${n}`, from: acked.length };
      let disrupted = false;
      const w = startWriters({ baseUrl: server.baseUrl, token: inst.token, n: writers, rand, acked,
        isDisrupted: () => disrupted });
      await pause(minMs + rand() * (maxMs - minMs));
      disrupted = true;
      pg.restart();
      result.pgRestarts++;
      // zwgk reconnects: a write succeeds again (bounded attempts).
      let back = false;
      for (let i = 0; i < 200 && !back; i++) {
        const r = await call(server.baseUrl, 'GET', '/api/v1/records/1', { token: inst.token });
        back = r.status === 200 || r.status === 404;
        if (!back) await pause(50);
      }
      if (!back) result.problems.push(`pg restart ${n}: zwgk did not reconnect`);
      await pause(200);
      merge(await w.stop());
      if (server.exited()) result.problems.push(`pg restart ${n}: zwgk exited ${JSON.stringify(server.exited())}`);
      await verifyRound(server, round, false);
      log(`  postgres restart ${n}/${pgRestarts}: acked so far ${acked.length}, lost ${result.lost.length}`);
    }
    // The end: every write of the whole run, once more, after a clean restart.
    await server.stop();
    const integrity = checkDatabase(inst, pg);
    if (integrity !== 'ok') result.integrity.push(`final: ${integrity}`);
    const s = checkSearch(inst);
    if (!s.ok) result.search.push(`final: ${s.text}`);
    result.searchText = s.text;
    server = await startServer(inst);
    await verifyRound(server, { n: 'final' }, true);
    await server.stop();
    result.blobs = checkBlobs(inst.dataDir);
    result.acked = acked.length;
    result.ackedByKind = acked.reduce((m, w) => ({ ...m, [w.kind]: (m[w.kind] ?? 0) + 1 }), {});
  } finally {
    await inst.server?.stop();
    inst.remove();
    pg?.stop();
  }
  result.ok = result.lost.length === 0 && result.integrity.length === 0 && result.search.length === 0 &&
    result.problems.length === 0 && result.blobs.torn.length === 0;
  return result;
}

export function summary(r) {
  return `crash ${r.db}: seed ${r.seed}, ${r.kills} kills, ${r.pgRestarts} PostgreSQL restarts, ` +
    `${r.requests} requests, ${r.acked} acked writes ${JSON.stringify(r.ackedByKind)}, lost ${r.lost.length}, ` +
    `integrity ${r.integrity.length ? r.integrity.join('; ') : 'ok'}, ` +
    `blobs ${r.blobs.blobs} (torn ${r.blobs.torn.length}, temp files left ${r.blobs.temps}), ` +
    `search ${r.search.length ? r.search.join('; ') : 'no drift'}, statuses ${JSON.stringify(r.statuses)}, ` +
    `connection errors ${JSON.stringify(r.errors)}, problems ${r.problems.length}`;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name, def) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : def;
  };
  const r = await runCrash({
    db: arg('db', 'sqlite'), kills: Number(arg('kills', 100)), pgRestarts: Number(arg('pg-restarts', 0)),
    writers: Number(arg('writers', 6)), seed: arg('seed') ? Number(arg('seed')) : undefined,
    checkEvery: Number(arg('check-every', 10)),
  });
  console.log(summary(r));
  for (const p of r.problems.slice(0, 20)) console.log(`  problem: ${p}`);
  for (const l of r.lost.slice(0, 20)) console.log(`  lost: ${JSON.stringify(l)}`);
  process.exit(r.ok ? 0 : 1);
}
