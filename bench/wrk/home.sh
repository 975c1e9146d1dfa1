#!/usr/bin/env bash
# Home page throughput: zwgk (1 HTTP thread, then the default) against nginx
# (1 worker) serving the HTML zwgk rendered for the same page, all on loopback.
#
#   bench/wrk/home.sh [path/to/zwgk]        (default build/zwgk; `make bench`)
#   WRK_DURATION=5s WRK_CONNECTIONS=32 bench/wrk/home.sh
#
# Each server gets a fresh data dir / temp dir and a free port; everything it
# started is stopped and removed at exit. Prints a table of req/s, p50, p99.
set -euo pipefail

cd "$(dirname "$0")/../.."
zwgk=$(realpath "${1:-build/zwgk}")
duration=${WRK_DURATION:-10s}
connections=${WRK_CONNECTIONS:-32}
source bench/wrk/lib.sh

# 1. zwgk with one HTTP thread; save its home page for nginx.
mkdir -p "$tmp/data1" "$tmp/data2" "$tmp/www"
start_zwgk "$tmp/data1" ZWGK_THREADS=1
wait_http "http://127.0.0.1:$zwgk_port/" "$tmp/www/index.html"
bytes=$(wc -c <"$tmp/www/index.html")
bench "zwgk (threads=1)" "http://127.0.0.1:$zwgk_port/"
stop "$zwgk_pid"

# 2. zwgk with its default thread count.
start_zwgk "$tmp/data2"
bench "zwgk (default threads)" "http://127.0.0.1:$zwgk_port/"
stop "$zwgk_pid"

# 3. nginx, one worker, serving the saved HTML.
start_nginx "$tmp/www"
bench "nginx (1 worker, saved HTML)" "http://127.0.0.1:$nginx_port/"
stop "$nginx_pid"

echo
echo "Home page, $bytes bytes; wrk -t1 -c$connections -d$duration on $(nproc) cores (wrk shares them)"
print_results
