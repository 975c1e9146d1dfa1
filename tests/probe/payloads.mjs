// The hostile probe's payloads (issue 12), kept so every later change is
// tried against them. Each is plain data; probe.spec.mjs sends them to a real
// zwgk process.

// `[[[…]]]` `depth` deep: copying or destroying it recursively overflowed
// the stack (60,000 deep, ~120 KB, killed the process).
export function nestedArrays(depth) {
  return '['.repeat(depth) + ']'.repeat(depth);
}

// The anonymous 依申请公开 API with the nested value where a name belongs.
export function nestedApplication(depth = 60_000) {
  return `{"unit":"县教育局","description":"x","applicant":${nestedArrays(depth)}}`;
}

// A signed-in user's record whose title is the nested value.
export function nestedRecord(depth = 60_000) {
  return `{"title":${nestedArrays(depth)}}`;
}

// Wrong JSON types (answered 500 with nlohmann's exception text).
export const wrongTypes = [
  { path: '/api/v1/records', body: '{"title": 5}' },
  { path: '/api/v1/records', body: '{"title": "t", "keywords": "not a list"}' },
  { path: '/api/v1/records', body: '{"title": "t", "catalog_item_id": "7"}' },
];

// Host-header poisoning of cached absolute URLs.
export const evilHost = 'evil.example';
export const hostPoisonPaths = ['/sitemap.xml', '/feeds/records.rss', '/feeds/records.json', '/'];

// Text that must never reach a client in an error.
export const internalMarkers = ['type_error', '[json.exception', 'SELECT ', 'UPDATE ', 'INSERT '];

// 30 MB announced, anonymous: buffered whole before any check (× 40 parallel
// took RSS from 97 MB to 1.4 GB).
export const hugeBodyBytes = 30 * 1024 * 1024;
export const hugeBodyParallel = 40;

// ---- Issue 20: the payload suite (payloads.spec.mjs) ----
// Every payload that could run script calls window.__xss(n); the browser
// pass defines that trap and fails if it is ever called.

// A value that is raw bytes on the wire (not valid UTF-8), kept apart from
// strings so the senders can put the bytes in unencoded.
export class RawBytes {
  constructor(hex) { this.bytes = Buffer.from(hex, 'hex'); }
}

export const payloadClasses = {
  xss: [
    '<script>__xss(1)</script>',
    '"><img src=x onerror=__xss(2)>',
    'javascript:__xss(3)',
    '<svg/onload=__xss(4)>',
    "' autofocus onfocus=__xss(5) x='",
    '</textarea></title><script>__xss(6)</script>',
    '<a href="javascript:__xss(7)">点我</a><iframe srcdoc="<script>parent.__xss(8)</script>">',
    '{{{x}}}<details open ontoggle=__xss(9)>',
  ],
  sqli: [
    "' OR '1'='1",
    "1; DROP TABLE records;--",
    "\" UNION ALL SELECT name, password_hash FROM users--",
    "%' AND 1=1 --",
    "1) OR (1=1",
  ],
  traversal: [
    '../../../../etc/passwd',
    '..\\..\\..\\windows\\win.ini',
    '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/static/../../../etc/passwd',
  ],
  header: [
    '/admin\r\nSet-Cookie: pwned=1',
    'x\r\nX-Injected: 1',
    '/\r\n\r\n<script>__xss(10)</script>',
    '%0d%0aX-Injected:%201',
  ],
  oversize: ['长'.repeat(40_000), 'A'.repeat(9_000)],
  nested: ['<div>'.repeat(3_000) + '深', '['.repeat(2_000) + ']'.repeat(2_000)],
  badutf8: [new RawBytes('ff fe 41'.replace(/ /g, '')), new RawBytes('c0af2e2e2f'),
    new RawBytes('eda080e6b58b'), new RawBytes('e6b5')],
  invisible: [
    '管\u200b理\u200d员\ufeff',
    'abc\u202efdp.exe',
    '\u2066<b>\u2069\u061c\u200e\u200f',
    '\u0000\u0007\u001b[31m',
  ],
};

// File names for upload fields: traversal, header breaking, markup, bidi.
export const hostileFileNames = [
  '../../../../tmp/zwgk-pwned.pdf',
  'a\r\nX-Injected: 1.pdf',
  '"><img src=x onerror=__xss(11)>.pdf',
  'invoice\u202efdp.exe',
];

// Text that must never reach a client: driver, SQL engine, exception and
// library words none of the payloads contain.
export const leakMarkers = [
  'sqlite', 'SQLITE_', 'syntax error', 'no such column', 'no such table', 'constraint failed',
  'json.exception', 'type_error', 'parse_error', 'std::', 'what()', 'terminate called',
  'libpq', 'PQexec', 'ERROR:  ', 'relation "', 'duplicate key', 'root:x:0:0', 'boost::',
];
