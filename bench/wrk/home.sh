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

for cmd in wrk nginx python3; do
  command -v "$cmd" >/dev/null 2>&1 || { echo "home.sh: $cmd not found (run scripts/install-deps)" >&2; exit 1; }
done
[ -x "$zwgk" ] || { echo "home.sh: $zwgk not found (run make build)" >&2; exit 1; }
nginx_bin=$(command -v nginx)

tmp=$(mktemp -d /tmp/zwgk-bench.XXXXXX)
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Polls URL until it answers 200 (at most ~15 s); with a second argument,
# saves the body there.
wait_http() {
  python3 - "$@" <<'EOF'
import sys, time, urllib.request
url, out = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else None)
deadline = time.monotonic() + 15
while True:
    try:
        with urllib.request.urlopen(url, timeout=1) as r:
            body = r.read()
            if r.status == 200:
                if out:
                    open(out, "wb").write(body)
                sys.exit(0)
    except OSError:
        pass
    if time.monotonic() > deadline:
        sys.exit(f"home.sh: {url} did not answer 200 within 15 s")
    time.sleep(0.05)
EOF
}

# zwgk runs on defaults: no ZWGK_* from the caller's environment, and an empty
# config file instead of a ./zwgk.toml that might name a real database.
clean_env=(env)
for v in $(compgen -e); do
  case $v in ZWGK_*) clean_env+=(-u "$v") ;; esac
done
: >"$tmp/zwgk.toml"

# Starts `zwgk serve` with a fresh seeded data dir; extra env as arguments
# (e.g. ZWGK_THREADS=1). Sets $zwgk_pid and $zwgk_port.
start_zwgk() {
  local data
  data=$(mktemp -d "$tmp/data.XXXX")
  # Access log off (as for nginx): it is written at info level.
  local run=("${clean_env[@]}" ZWGK_LOG_LEVEL=warn "$@" "$zwgk" --config "$tmp/zwgk.toml" --data-dir "$data")
  "${run[@]}" init >"$data/init.log" 2>&1 || { cat "$data/init.log" >&2; exit 1; }
  zwgk_port=$(free_port)
  "${run[@]}" serve --port "$zwgk_port" >"$data/serve.log" 2>&1 &
  zwgk_pid=$!
  pids+=("$zwgk_pid")
  wait_http "http://127.0.0.1:$zwgk_port/healthz" || { cat "$data/serve.log" >&2; exit 1; }
}

# Stops a server this script started and forgets its pid.
stop() {
  local pid=$1 kept=() p
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${pids[@]}"; do [ "$p" = "$pid" ] || kept+=("$p"); done
  pids=("${kept[@]}")
}

results=()
# Runs wrk against URL, appends "label req/s p50 p99" to results.
bench() {
  local label=$1 url=$2 out
  echo "== $label: wrk -t1 -c$connections -d$duration --latency $url" >&2
  out=$(wrk -t1 -c"$connections" -d"$duration" --latency "$url")
  echo "$out" >&2
  if grep -q 'Non-2xx' <<<"$out"; then
    echo "home.sh: $label answered non-2xx responses" >&2
    exit 1
  fi
  results+=("$(awk -v label="$label" '
    /^Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = $2 }
    $1 == "99%" { p99 = $2 }
    END { printf "%-28s %12s %10s %10s", label, rps, p50, p99 }' <<<"$out")")
}

# 1. zwgk with one HTTP thread; save its home page for nginx.
start_zwgk ZWGK_THREADS=1
mkdir -p "$tmp/www"
wait_http "http://127.0.0.1:$zwgk_port/" "$tmp/www/index.html"
bytes=$(wc -c <"$tmp/www/index.html")
bench "zwgk (threads=1)" "http://127.0.0.1:$zwgk_port/"
stop "$zwgk_pid"

# 2. zwgk with its default thread count.
start_zwgk
bench "zwgk (default threads)" "http://127.0.0.1:$zwgk_port/"
stop "$zwgk_pid"

# 3. nginx, one worker, serving the saved HTML.
nginx_port=$(free_port)
mkdir -p "$tmp/nginx"
cat >"$tmp/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  types { text/html html; }
  default_type text/html;
  charset utf-8;
  server {
    listen 127.0.0.1:$nginx_port;
    root $tmp/www;
    index index.html;
  }
}
EOF
# As root nginx's worker runs as nobody: let it read the page.
chmod a+rx "$tmp" "$tmp/www" && chmod a+r "$tmp/www/index.html"
"$nginx_bin" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/error.log" &
nginx_pid=$!
pids+=("$nginx_pid")
wait_http "http://127.0.0.1:$nginx_port/" || { cat "$tmp/nginx/error.log" >&2; exit 1; }
bench "nginx (1 worker, saved HTML)" "http://127.0.0.1:$nginx_port/"
stop "$nginx_pid"

echo
echo "Home page, $bytes bytes; wrk -t1 -c$connections -d$duration on $(nproc) cores (wrk shares them)"
printf "%-28s %12s %10s %10s\n" "server" "req/s" "p50" "p99"
printf "%s\n" "${results[@]}"
