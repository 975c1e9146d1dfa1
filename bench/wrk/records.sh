#!/usr/bin/env bash
# The portal with many records (issue 5): home, domain, list and detail pages
# of zwgk serving a database of generated records, side by side with nginx
# (1 worker) serving the same pages saved to disk. Also the database size and
# the server's RSS after the run.
#
#   bench/wrk/records.sh [path/to/zwgk]
#   RECORDS=1000000 BENCH_DATA=build/bench-1m bench/wrk/records.sh
#   SERVER_THREADS=1 bench/wrk/records.sh   # zwgk with one HTTP thread, as
#                                           # nginx with one worker
#
# BENCH_DATA (default build/bench-<RECORDS>) is kept between runs: generating
# a million records takes a few minutes, so it is done once (`zwgk dev
# generate`). Rows marked "cold" request a random public record among all of
# them on every request, so the render cache is (almost) always missed; the
# other rows repeat one URL, as a busy page does, and are served from it.
set -euo pipefail

cd "$(dirname "$0")/../.."
zwgk=$(realpath "${1:-build/zwgk}")
duration=${WRK_DURATION:-10s}
connections=${WRK_CONNECTIONS:-32}
records=${RECORDS:-1000000}
data=$(realpath -m "${BENCH_DATA:-build/bench-$records}")
source bench/wrk/lib.sh

mkdir -p "$data"
if [ ! -e "$data/generated-$records" ]; then
  rm -rf "$data" && mkdir -p "$data"
  : >"$data/zwgk.toml"
  echo "== generating $records records in $data" >&2
  "${clean_env[@]}" "$zwgk" --config "$data/zwgk.toml" --data-dir "$data" init >&2
  start=$(date +%s)
  "${clean_env[@]}" "$zwgk" --config "$data/zwgk.toml" --data-dir "$data" dev generate --records "$records" >&2
  echo "generated in $(( $(date +%s) - start )) s" >&2
  touch "$data/generated-$records"
fi
db_bytes=$(stat -c %s "$data/zwgk.db")

# Public record ids: 2,000 "hot" ones for the saved pages, all for cold runs.
python3 - "$data/zwgk.db" "$tmp" <<'PY'
import random, sqlite3, sys
db, out = sys.argv[1], sys.argv[2]
ids = [r[0] for r in sqlite3.connect(db).execute(
    "SELECT id FROM pub_records WHERE status = 'published' AND disclosure = 'active'")]
random.seed(5)
hot = random.sample(ids, min(2000, len(ids)))
open(f"{out}/hot.lua", "w").write(
    "local ids = {" + ",".join(map(str, hot)) + "}\n"
    "local prefix = os.getenv('PREFIX') or '/records/'\n"
    "math.randomseed(7)\n"
    "request = function() return wrk.format('GET', prefix .. ids[math.random(#ids)]) end\n")
# A newline after the last id too: `while read` skips an unterminated line
# (the cause of nginx's 404s on one of the 2,000 pages in earlier runs).
open(f"{out}/hot.txt", "w").write("".join(f"{i}\n" for i in hot))
# Every public id, as ranges, so the script stays small: pick a random id and
# skip the few non-public ones by choosing from the list in chunks.
random.shuffle(ids)
cold = ids[:200000]
open(f"{out}/cold.lua", "w").write(
    "local ids = {" + ",".join(map(str, cold)) + "}\n"
    "local i = 0\n"
    "request = function() i = i % #ids + 1; return wrk.format('GET', '/records/' .. ids[i]) end\n")
print(len(ids), "public records", file=sys.stderr)
PY

server_threads=${SERVER_THREADS:-}
if [ -n "$server_threads" ]; then
  start_zwgk "$data" "ZWGK_THREADS=$server_threads"
else
  start_zwgk "$data"
fi
base="http://127.0.0.1:$zwgk_port"
domain=$(python3 -c "import json,urllib.request; print(json.load(urllib.request.urlopen('$base/api/v1/domains'))['domains'][3]['id'])")
detail=$(head -1 "$tmp/hot.txt")
declare -A pages=(
  [home]="/"
  [domain]="/domains/$domain"
  [list]="/records"
  [list_page_500]="/records?page=500"
  [list_filtered]="/records?year=2024&genre=%E9%80%9A%E7%9F%A5"
  [detail]="/records/$detail"
)
order=(home domain list list_page_500 list_filtered detail)

# Save every page (and the 2,000 hot details) for nginx, timing the first,
# uncached render of each.
mkdir -p "$tmp/www/records"
# (curl's own timing: a python3 start costs more than most renders.)
for name in "${order[@]}"; do
  took=$(curl -sf -o "$tmp/www/$name.html" -w '%{time_total}' "$base${pages[$name]}") ||
    { echo "$0: could not save ${pages[$name]}" >&2; exit 1; }
  echo "first render $name: $(awk -v s="$took" 'BEGIN { printf "%.1f", s * 1000 }') ms, $(wc -c <"$tmp/www/$name.html") bytes" >&2
done
cp "$tmp/www/home.html" "$tmp/www/index.html"
while read -r id; do
  curl -sf --retry 3 -o "$tmp/www/records/$id" "$base/records/$id" ||
    { echo "$0: could not save /records/$id" >&2; exit 1; }
done <"$tmp/hot.txt"

# Both servers run at once and each page is measured on zwgk, then at once
# on nginx: the machine's load drifts over minutes, and a ratio of rows
# taken minutes apart measured that drift as much as the servers.
start_nginx "$tmp/www"
nbase="http://127.0.0.1:$nginx_port"
for name in "${order[@]}"; do
  bench "zwgk $name" "$base${pages[$name]}"
  bench "nginx $name" "$nbase/$name.html"
done
WRK_SCRIPT=$tmp/hot.lua bench "zwgk detail, 2,000 hot records" "$base"
WRK_SCRIPT=$tmp/hot.lua bench "nginx detail, 2,000 hot records" "$nbase"
WRK_SCRIPT=$tmp/cold.lua bench "zwgk detail, cold (200k distinct)" "$base"
rss_kb=$(ps -o rss= -p "$zwgk_pid" | tr -d ' ')
stop "$nginx_pid"
stop "$zwgk_pid"

echo
echo "$records generated records; database $(( db_bytes / 1048576 )) MiB; zwgk RSS after the runs $(( rss_kb / 1024 )) MiB"
echo "wrk -t1 -c$connections -d$duration on $(nproc) cores (wrk shares them); zwgk ${server_threads:-default} threads, nginx 1 worker"
print_results
# Side by side: each page's zwgk and nginx rows and their ratio.
echo
printf "%s\n" "${results[@]}" | awk '
  { label = $0; sub(/ +[^ ]+ +[^ ]+ +[^ ]+ *$/, "", label)
    server = label; sub(/ .*/, "", server); page = label; sub(/^[^ ]+ /, "", page)
    rps[server, page] = $(NF - 2); if (!(page in seen)) { seen[page] = 1; order[++n] = page } }
  END {
    printf "%-36s %12s %12s %8s\n", "page", "zwgk req/s", "nginx req/s", "ratio"
    for (i = 1; i <= n; i++) {
      p = order[i]; z = rps["zwgk", p]; g = rps["nginx", p]
      printf "%-36s %12s %12s %8s\n", p, z, (g == "" ? "-" : g),
        (g == "" || g == 0 ? "-" : sprintf("%.0f %%", 100 * z / g))
    }
  }' 
