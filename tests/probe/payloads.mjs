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
