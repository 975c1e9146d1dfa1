// Disk full and a read-only data directory (issue 20), on a small tmpfs
// mounted for the test: writes fail with a clear Chinese message (503, not a
// 500), reads go on, nothing is corrupted, and writes succeed again once
// space returns. Needs root and a working `mount`; anywhere else (a CI
// container without mount rights) every test here is skipped, saying why.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  call, checkBlobs, checkDatabase, makeInstance, sh, startServer, verifyAcked, WRITES, prng,
} from './lib.mjs';

const MOUNT_SIZE = '48m';

// Mounts a tmpfs at a fresh directory; returns null and the reason when it
// cannot (not root, no mount rights).
function tryMount() {
  if (process.getuid?.() !== 0) return { reason: 'not running as root: cannot mount a small tmpfs' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-diskfull-'));
  const r = sh('mount', ['-t', 'tmpfs', '-o', `size=${MOUNT_SIZE}`, 'tmpfs', dir], { allowFail: true });
  if (r.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    return { reason: `mount -t tmpfs failed (${(r.stderr || r.stdout).trim()})` };
  }
  return { dir };
}

// Fills the file system: big chunks, then smaller ones, until nothing fits.
function fill(dir) {
  const file = path.join(dir, 'filler');
  const fd = fs.openSync(file, 'w');
  for (let chunk = 1 << 20; chunk >= 512; chunk >>= 1) {
    const buf = Buffer.alloc(chunk, 7);
    for (;;) {
      try { fs.writeSync(fd, buf); } catch (e) { if (e.code === 'ENOSPC') break; throw e; }
    }
  }
  fs.closeSync(fd);
  return file;
}

const mount = tryMount();
const skip = mount.reason ? `SKIPPED: ${mount.reason}` : false;

describe('disk full and read-only data directory', { skip }, () => {
  let inst;
  let server;
  const acked = [];
  const rand = prng(20);
  let ctx;

  before(async () => {
    inst = makeInstance({ dataDir: path.join(mount.dir, 'data') });
    server = await startServer(inst);
    ctx = { baseUrl: server.baseUrl, token: inst.token, rand, ack: (w) => acked.push(w) };
    for (const kind of ['record', 'upload', 'application', 'catalog']) {
      const r = await WRITES[kind](ctx);
      assert.ok(r.status === 201 || r.status === 303, `${kind}: ${r.status} ${r.body?.slice(0, 200)}`);
    }
  });

  after(async () => {
    await server?.stop();
    if (mount.dir) {
      sh('mount', ['-o', 'remount,rw', mount.dir], { allowFail: true });
      sh('umount', [mount.dir], { allowFail: true });
      fs.rmSync(mount.dir, { recursive: true, force: true });
    }
    inst?.remove();
  });

  test('disk full: writes answer 503 with a clear message, reads go on, writes resume when space returns', async () => {
    const filler = fill(mount.dir);
    // A write may still fit (SQLite reuses its WAL); an upload cannot. What
    // was acknowledged is checked after space returns.
    const refused = [];
    for (const kind of ['record', 'upload', 'application', 'upload']) refused.push(await WRITES[kind](ctx));
    const failed = refused.filter((r) => r.status !== 201 && r.status !== 303);
    assert.ok(failed.length > 0, 'a write on a full disk must fail');
    for (const r of failed) {
      assert.equal(r.status, 503, `a write on a full disk: ${r.status} ${r.body?.slice(0, 300)}`);
      assert.match(r.body, /磁盘空间已满/);
      assert.doesNotMatch(r.body, /zwgk\.db|SQLITE|disk is full|\/tmp\//i);
    }
    // The portal still reads.
    assert.equal((await call(server.baseUrl, 'GET', '/records')).status, 200);
    assert.equal((await call(server.baseUrl, 'GET', '/healthz')).status, 200);
    // The CLI says so too.
    const cli = inst.cli(['user', 'add', '--name', 'late', '--role', 'admin', '--password-stdin'],
      { input: 'Zwgk-Crash-2026\n', allowFail: true });
    assert.notEqual(cli.status, 0);
    assert.match(cli.stdout + cli.stderr, /磁盘空间不足/);

    fs.rmSync(filler);
    for (const kind of ['record', 'upload', 'application', 'catalog']) {
      const r = await WRITES[kind](ctx);
      assert.ok(r.status === 201 || r.status === 303, `${kind} after space returned: ${r.status} ${r.body?.slice(0, 200)}`);
    }
    assert.deepEqual(await verifyAcked(server.baseUrl, inst.token, acked), []);
    await server.stop();
    assert.equal(checkDatabase(inst, null), 'ok');
    assert.deepEqual(checkBlobs(inst.dataDir).torn, []);
  });

  test('read-only data directory: serve and the CLI refuse clearly, nothing changes, all works once writable', async () => {
    await server.stop();
    sh('mount', ['-o', 'remount,ro', mount.dir]);
    const cli = inst.cli(['user', 'add', '--name', 'ro', '--role', 'admin', '--password-stdin'],
      { input: 'Zwgk-Crash-2026\n', allowFail: true });
    assert.notEqual(cli.status, 0);
    assert.match(cli.stdout + cli.stderr, /只读|read-only|readonly/i);
    let started = null;
    try { started = await startServer(inst); } catch (e) { started = e; }
    if (started instanceof Error) {
      assert.match(started.message, /只读/, started.message);
    } else {
      // Serving read-only: pages read, writes refused with the message.
      server = started;
      assert.equal((await call(server.baseUrl, 'GET', '/records')).status, 200);
      const r = await WRITES.record({ ...ctx, baseUrl: server.baseUrl, ack: () => {} });
      assert.equal(r.status, 503, r.body?.slice(0, 300));
      assert.match(r.body, /只读/);
      await server.stop();
    }
    sh('mount', ['-o', 'remount,rw', mount.dir]);
    assert.equal(checkDatabase(inst, null), 'ok');
    server = await startServer(inst);
    ctx.baseUrl = server.baseUrl;
    const r = await WRITES.record(ctx);
    assert.equal(r.status, 201, r.body?.slice(0, 300));
    assert.deepEqual(await verifyAcked(server.baseUrl, inst.token, acked), []);
  });
});
