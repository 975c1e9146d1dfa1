#!/usr/bin/env bash
# The first visitor after a publication (issue 22): while a record is
# published every second through the API (create → submit → review →
# publish, one admin token), three wrk clients read /records, a domain page
# and the home page at the same time. Every publication makes those pages
# stale, so the requests after it render them again; the p99 of each page is
# what a visitor waits at worst (goal: ≤ 10 ms). The same three readers run
# first without publications, for comparison.
#
#   bench/wrk/publish.sh [path/to/zwgk]
#   RECORDS=1000000 WRK_DURATION=30s bench/wrk/publish.sh
#
# Uses the data directory of bench/wrk/records.sh (BENCH_DATA, default
# build/bench-<RECORDS>), generating it when missing; each run adds about one
# record per second of WRK_DURATION to it.
set -euo pipefail

cd "$(dirname "$0")/../.."
zwgk=$(realpath "${1:-build/zwgk}")
duration=${WRK_DURATION:-30s}
connections=${WRK_CONNECTIONS:-4}
records=${RECORDS:-1000000}
data=$(realpath -m "${BENCH_DATA:-build/bench-$records}")
source bench/wrk/lib.sh

run_cli() {
  "${clean_env[@]}" ZWGK_LOG_LEVEL=warn "$zwgk" --config "$tmp/zwgk.toml" --data-dir "$data" "$@"
}

mkdir -p "$data"
if [ ! -e "$data/generated-$records" ]; then
  rm -rf "$data" && mkdir -p "$data"
  echo "== generating $records records in $data" >&2
  run_cli init >&2
  run_cli dev generate --records "$records" >&2
  touch "$data/generated-$records"
fi
run_cli migrate >&2
if ! run_cli user list | grep -q "bench-publisher"; then
  echo "bench-publisher-pw-1A" | run_cli user add --name bench-publisher --role admin --password-stdin >&2
fi
token=$(run_cli token create --user bench-publisher | awk 'NR == 1 { print $1 }')

start_zwgk "$data"
base="http://127.0.0.1:$zwgk_port"
read -r domain domain_name unit_name < <(python3 -c "
import json, urllib.request
d = json.load(urllib.request.urlopen('$base/api/v1/domains'))['domains'][3]
print(d['id'], d['name'], d['responsible_unit']['name'])")

# Three readers at once, each on one page; "label req/s p50 p99" rows.
read_pages() {
  local label=$1 name readers=()
  declare -A urls=([records]="$base/records" [domain]="$base/domains/$domain" [home]="$base/")
  for name in records domain home; do
    wrk -t1 -c"$connections" -d"$duration" --latency "${urls[$name]}" >"$tmp/wrk-$name.txt" &
    readers+=($!)
  done
  wait "${readers[@]}"
  for name in records domain home; do
    if grep -q 'Non-2xx' "$tmp/wrk-$name.txt"; then
      cat "$tmp/wrk-$name.txt" >&2
      echo "$0: $name answered non-2xx responses" >&2
      exit 1
    fi
    results+=("$(awk -v label="$label $name" '
      /^Requests\/sec:/ { rps = $2 }
      $1 == "50%" { p50 = $2 }
      $1 == "99%" { p99 = $2 }
      END { printf "%-44s %12s %10s %10s", label, rps, p50, p99 }' "$tmp/wrk-$name.txt")")
  done
}

echo "== readers without publications ($duration)" >&2
read_pages "no writes:"

# The publisher: one record a second, each in the domain the readers watch,
# so every publication makes all three pages stale.
python3 - "$base" "$token" "$domain_name" "$unit_name" "$tmp/published.txt" <<'PY' &
import json, sys, time, urllib.request
base, token, domain, unit, out = sys.argv[1:6]
def call(path, body):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(),
        headers={"authorization": "Bearer " + token, "content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)
n, took = 0, []
start = time.monotonic()
while True:
    t0 = time.monotonic()
    rec = call("/api/v1/records", {"title": f"基准测试发布 {int(t0 * 1000)}", "unit": unit,
        "domain": domain, "formed_on": "2026-11-30", "topic": "民政、扶贫、救灾/社会福利",
        "genre": "通知", "body_html": "<p>每秒发布一条，看首个访问者等多久。</p>"})
    for step, body in (("submit", {}), ("review", {"outcome": "approved", "remarks": "同意"}),
                       ("publish", {})):
        call(f"/api/v1/records/{rec['id']}/{step}", body)
    n += 1
    took.append(time.monotonic() - t0)
    open(out, "w").write(f"{n} {1000 * max(took):.1f} {1000 * sum(took) / len(took):.1f}\n")
    time.sleep(max(0.0, start + n - time.monotonic()))
PY
publisher=$!
pids+=("$publisher")
sleep 1
echo "== readers while a record is published every second ($duration)" >&2
read_pages "publishing 1/s:"
stop "$publisher"
read -r published slowest mean <"$tmp/published.txt"
rss_kb=$(ps -o rss= -p "$zwgk_pid" | tr -d ' ')
stop "$zwgk_pid"

echo
echo "$records generated records; $published published during the run (each create+submit+review+publish: mean $mean ms, slowest $slowest ms)"
echo "three wrk -t1 -c$connections -d$duration at once on $(nproc) cores (they share them with zwgk); zwgk default threads; RSS after $(( rss_kb / 1024 )) MiB"
print_results
