// The crash test's short form (issue 20), run by `make test`: a few kill -9
// against a running zwgk on SQLite and on PostgreSQL, and one PostgreSQL
// restart under load. `make crash` runs the full 100 kills (crash.mjs).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { runCrash, summary } from './crash.mjs';

function assertClean(r, { kills, pgRestarts = 0 }) {
  console.log(summary(r));
  assert.equal(r.kills, kills);
  assert.equal(r.pgRestarts, pgRestarts);
  // The writers got through to the server at all: a run that acknowledged
  // nothing would prove nothing.
  assert.ok(r.acked >= kills, `only ${r.acked} acknowledged writes`);
  for (const kind of ['record', 'application', 'catalog', 'upload']) {
    assert.ok(r.ackedByKind[kind] > 0, `no acknowledged ${kind} write`);
  }
  assert.deepEqual(r.lost, [], 'acknowledged writes lost');
  assert.deepEqual(r.integrity, [], 'database integrity');
  assert.deepEqual(r.blobs.torn, [], 'torn blobs');
  assert.deepEqual(r.search, [], 'search index drift');
  assert.deepEqual(r.problems, [], 'hangs, 500s or unexpected answers');
}

describe('crash: kill -9 under concurrent writes', () => {
  test('SQLite: 3 kills, nothing acknowledged lost', async () => {
    const r = await runCrash({ db: 'sqlite', kills: 3, log: () => {} });
    assertClean(r, { kills: 3 });
  });

  test('PostgreSQL: 2 kills of zwgk and 1 restart of PostgreSQL under load', async () => {
    const r = await runCrash({ db: 'postgres', kills: 2, pgRestarts: 1, log: () => {} });
    assertClean(r, { kills: 2, pgRestarts: 1 });
  });
});
