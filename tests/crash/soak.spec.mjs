// The soak's short form (issue 20), run by `make test`: 30 seconds of mixed
// reads, searches and staff writes; after warm-up the server's open file
// descriptors stay exactly flat and its RSS under a generous bound. `make
// soak` runs 30 minutes (soak.mjs).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { runSoak, soakSummary } from './soak.mjs';

test('soak: fds flat, RSS bounded after warm-up', async () => {
  const s = await runSoak({ seconds: 30, samples: 10, clients: 8, log: () => {} });
  console.log(soakSummary(s));
  assert.ok(s.requests > 100, `only ${s.requests} requests`);
  assert.deepEqual(s.problems, []);
  const after = s.samples.filter((x) => x.t >= s.warm.t).map((x) => x.fds);
  assert.ok(s.fdFlat, `open fds moved after warm-up: ${after.join(' ')}`);
  assert.ok(s.rssOk, `RSS past ${s.rssBoundKb} KiB: ${s.samples.map((x) => x.rssKb).join(' ')}`);
});
