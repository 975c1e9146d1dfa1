# Shared by the wrk benchmarks (sourced, not run): temp dir and cleanup,
# free ports, waiting for a server, starting zwgk and nginx, running wrk and
# collecting "label req/s p50 p99" rows. The caller sets `zwgk`, `duration`,
# `connections` and may set WRK_SCRIPT for per-request paths.

for cmd in wrk nginx python3; do
  command -v "$cmd" >/dev/null 2>&1 || { echo "$0: $cmd not found (run scripts/install-deps)" >&2; exit 1; }
done
[ -x "$zwgk" ] || { echo "$0: $zwgk not found (run make build)" >&2; exit 1; }
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

# Polls URL until it answers 200 (at most ~60 s); with a second argument,
# saves the body there.
wait_http() {
  python3 - "$@" <<'EOF'
import sys, time, urllib.request
url, out = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else None)
deadline = time.monotonic() + 60
while True:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            body = r.read()
            if r.status == 200:
                if out:
                    open(out, "wb").write(body)
                sys.exit(0)
    except OSError:
        pass
    if time.monotonic() > deadline:
        sys.exit(f"{url} did not answer 200 within 60 s")
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

# Starts `zwgk serve` on data dir $1 (initialised when empty); extra env as
# further arguments (e.g. ZWGK_THREADS=1). Sets $zwgk_pid and $zwgk_port.
start_zwgk() {
  local data=$1
  shift
  # Access log off (as for nginx): it is written at info level.
  local run=("${clean_env[@]}" ZWGK_LOG_LEVEL=warn "$@" "$zwgk" --config "$tmp/zwgk.toml" --data-dir "$data")
  if [ ! -e "$data/zwgk.db" ]; then
    "${run[@]}" init >"$data/init.log" 2>&1 || { cat "$data/init.log" >&2; exit 1; }
  fi
  zwgk_port=$(free_port)
  "${run[@]}" serve --port "$zwgk_port" >"$data/serve.log" 2>&1 &
  zwgk_pid=$!
  pids+=("$zwgk_pid")
  wait_http "http://127.0.0.1:$zwgk_port/healthz" || { cat "$data/serve.log" >&2; exit 1; }
}

# Starts nginx (1 worker) serving directory $1, `index.html` as the index and
# files without an extension as HTML. Sets $nginx_pid and $nginx_port.
start_nginx() {
  local root=$1
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
    root $root;
    index index.html;
  }
}
EOF
  # As root nginx's worker runs as nobody: let it read the pages.
  chmod a+rx "$tmp" && chmod -R a+rX "$root"
  "$nginx_bin" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/error.log" &
  nginx_pid=$!
  pids+=("$nginx_pid")
  wait_http "http://127.0.0.1:$nginx_port/" || { cat "$tmp/nginx/error.log" >&2; exit 1; }
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
# Runs wrk against URL (with the Lua script $WRK_SCRIPT when set) and
# appends "label req/s p50 p99" to results. Any non-2xx answer is an error.
bench() {
  local label=$1 url=$2 out script=()
  [ -n "${WRK_SCRIPT:-}" ] && script=(-s "$WRK_SCRIPT")
  echo "== $label: wrk -t1 -c$connections -d$duration --latency ${script[*]} $url" >&2
  out=$(wrk -t1 -c"$connections" -d"$duration" --latency "${script[@]}" "$url")
  echo "$out" >&2
  if grep -q 'Non-2xx' <<<"$out"; then
    echo "$0: $label answered non-2xx responses" >&2
    exit 1
  fi
  results+=("$(awk -v label="$label" '
    /^Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = $2 }
    $1 == "99%" { p99 = $2 }
    END { printf "%-44s %12s %10s %10s", label, rps, p50, p99 }' <<<"$out")")
}

print_results() {
  printf "%-44s %12s %10s %10s\n" "server / page" "req/s" "p50" "p99"
  printf "%s\n" "${results[@]}"
}
