"""Shared helpers of the upgrade fixtures (issue 20): running zwgk, talking to
it over HTTP, and reading every table of a SQLite or PostgreSQL database the
same way at fixture time and at test time."""

import base64
import hashlib
import http.cookiejar
import json
import os
import re
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

# Tables whose rows come and go by design (sessions end, attempts expire, the
# outbox drains, generations and index state move on): recorded, not checked.
VOLATILE = {"sessions", "login_attempts", "search_outbox", "search_state",
            "site_generation", "schema_migrations"}

SAMPLES = 3  # rows per table kept in full in the manifest


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def blob_hashes(data_dir):
    """{relative path: sha256} of every file in the blob store."""
    out = {}
    root = os.path.join(data_dir, "blobs")
    for dirpath, _, files in os.walk(root):
        for name in files:
            path = os.path.join(dirpath, name)
            out[os.path.relpath(path, data_dir)] = sha256_file(path)
    return dict(sorted(out.items()))


class Zwgk:
    """One zwgk binary on one data directory (and optionally a database URL)."""

    def __init__(self, binary, data_dir, db=None):
        self.binary, self.data_dir, self.db = binary, data_dir, db
        self.proc = None
        self.base = None

    def args(self, *rest):
        a = [self.binary, "--data-dir", self.data_dir]
        if self.db:
            a += ["--db", self.db]
        return a + list(rest)

    def cli(self, *rest, stdin=None, check=True):
        r = subprocess.run(self.args(*rest), input=stdin, capture_output=True,
                           text=True, timeout=300)
        if check and r.returncode != 0:
            raise RuntimeError(f"zwgk {' '.join(rest)} exited {r.returncode}:\n"
                               f"{r.stdout}\n{r.stderr}")
        return r

    def start(self, log_path):
        port = free_port()
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen(self.args("serve", "--port", str(port)),
                                     stdout=self.log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{port}"
        # Wait for the listener (migrations and a search rebuild run first);
        # bounded by the process exiting or 120 s, not by a fixed pause.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"zwgk serve exited {self.proc.returncode}; "
                                   f"see {log_path}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    pass
                if http_get(self.base + "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"zwgk serve did not answer; see {log_path}")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        if getattr(self, "log", None):
            self.log.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


def _open(opener, req):
    try:
        with opener.open(req, timeout=60) as r:
            return r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read(), dict(e.headers)


def http_get(url, headers=None, opener=None):
    opener = opener or urllib.request.build_opener(NoRedirect)
    return _open(opener, urllib.request.Request(url, headers=headers or {}))


def http_post(url, body, content_type, headers=None, opener=None):
    opener = opener or urllib.request.build_opener(NoRedirect)
    h = {"Content-Type": content_type, **(headers or {})}
    data = body if isinstance(body, bytes) else body.encode()
    return _open(opener, urllib.request.Request(url, data=data, headers=h,
                                                method="POST"))


def post_json(base, path, obj, token=None):
    h = {"Authorization": f"Bearer {token}"} if token else {}
    status, body, _ = http_post(base + path, json.dumps(obj, ensure_ascii=False),
                                "application/json", h)
    try:
        parsed = json.loads(body)
    except ValueError:
        parsed = {"raw": body.decode("utf-8", "replace")}
    return status, parsed


def multipart_upload(base, path, filename, content_type, data, token):
    boundary = "zwgkUpgradeFixtureBoundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"{filename}\"\r\nContent-Type: {content_type}\r\n\r\n"
            ).encode() + data + f"\r\n--{boundary}--\r\n".encode()
    status, resp, _ = http_post(base + path, body,
                                f"multipart/form-data; boundary={boundary}",
                                {"Authorization": f"Bearer {token}"})
    return status, resp


def sign_in(base, name, password):
    """Signs in through the login form as a browser would (CSRF cookie and
    field); returns an opener carrying the session, or None if refused."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    status, page, _ = http_get(base + "/admin/login", opener=opener)
    if status != 200:
        return None
    m = re.search(rb'name="_csrf"\s+value="([0-9a-f]+)"', page) or \
        re.search(rb'value="([0-9a-f]+)"\s+name="_csrf"', page)
    csrf = m.group(1).decode() if m else next(
        (c.value for c in jar if c.name == "zwgk_csrf"), "")
    form = urllib.parse.urlencode({"name": name, "password": password,
                                   "_csrf": csrf})
    status, _, _ = http_post(base + "/admin/login", form,
                             "application/x-www-form-urlencoded",
                             opener=opener)
    signed_in = any(c.name == "zwgk_session" and c.value for c in jar)
    return opener if status in (302, 303) and signed_in else None


# ---------------------------------------------------------------------------
# Database reading, the same on both engines: every value as text (NULL as
# None), rows keyed by the primary key.

class SqliteDb:
    engine = "sqlite"

    def __init__(self, path):
        self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    def tables(self):
        rows = self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT "
            "LIKE 'sqlite_%' ORDER BY name").fetchall()
        return [r[0] for r in rows]

    def columns(self, table):
        info = self.conn.execute(f'PRAGMA table_info("{table}")').fetchall()
        cols = [r[1] for r in info]
        pk = [r[1] for r in sorted(info, key=lambda r: r[5]) if r[5] > 0]
        return cols, pk

    def rows(self, table, cols):
        sel = ", ".join(f'"{c}"' for c in cols)
        out = []
        for r in self.conn.execute(f'SELECT {sel} FROM "{table}"'):
            out.append([None if v is None else
                        (v.hex() if isinstance(v, bytes) else str(v))
                        for v in r])
        return out

    def close(self):
        self.conn.close()


class PgDb:
    engine = "postgresql"

    def __init__(self, url):
        self.url = url

    def _q(self, sql):
        r = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
                            "-d", self.url, "-c", sql],
                           capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            raise RuntimeError(f"psql: {r.stderr}")
        return r.stdout

    def tables(self):
        return self._q("SELECT table_name FROM information_schema.tables "
                       "WHERE table_schema = 'public' AND table_type = "
                       "'BASE TABLE' ORDER BY table_name").split()

    def columns(self, table):
        cols = self._q(
            "SELECT column_name FROM information_schema.columns WHERE "
            f"table_schema = 'public' AND table_name = '{table}' "
            "ORDER BY ordinal_position").split()
        pk = self._q(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON "
            "a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE "
            f"i.indrelid = 'public.\"{table}\"'::regclass AND i.indisprimary "
            "ORDER BY array_position(i.indkey, a.attnum)").split()
        return cols, pk

    def rows(self, table, cols):
        # One JSON array of text values per row: no ambiguity with separators.
        sel = ", ".join(f'"{c}"::text' for c in cols)
        out = self._q(f'SELECT json_build_array({sel}) FROM "{table}"')
        return [json.loads(line) for line in out.splitlines() if line]

    def close(self):
        pass


def open_db(engine, where):
    return SqliteDb(where) if engine == "sqlite" else PgDb(where)


def row_key(cols, pk, row):
    idx = [cols.index(c) for c in pk] if pk else range(len(cols))
    return json.dumps([row[i] for i in idx], ensure_ascii=False)


def snapshot(db):
    """What the manifest records of each table: columns, primary key, count,
    every key, and a few rows in full."""
    out = {}
    for t in db.tables():
        cols, pk = db.columns(t)
        rows = db.rows(t, cols)
        keyed = sorted(rows, key=lambda r: _sort_key(row_key(cols, pk, r)))
        entry = {"columns": cols, "primary_key": pk, "count": len(rows)}
        if t not in VOLATILE:
            keys = [json.loads(row_key(cols, pk, r)) for r in keyed]
            ints = [int(k[0]) for k in keys if len(pk) == 1 and
                    isinstance(k[0], str) and k[0].lstrip("-").isdigit()]
            if pk and len(pk) == 1 and len(ints) == len(keys):
                entry["key_ranges"] = to_ranges(ints)
            else:
                entry["keys"] = keys
            pick = keyed[:SAMPLES - 1] + keyed[-1:] if len(keyed) >= SAMPLES \
                else keyed
            entry["samples"] = [dict(zip(cols, r)) for r in pick]
        out[t] = entry
    return out


def _sort_key(k):
    vals = json.loads(k)
    return [(0, int(v), "") if isinstance(v, str) and v.lstrip("-").isdigit()
            else (1, 0, str(v)) for v in vals]


def to_ranges(ints):
    out = []
    for i in sorted(ints):
        if out and out[-1][1] + 1 == i:
            out[-1][1] = i
        else:
            out.append([i, i])
    return out


def expected_keys(entry):
    """The fixture's keys of a table, as row_key strings."""
    if "key_ranges" in entry:
        return {json.dumps([str(i)]) for a, b in entry["key_ranges"]
                for i in range(a, b + 1)}
    return {json.dumps(k, ensure_ascii=False) for k in entry.get("keys", [])}
