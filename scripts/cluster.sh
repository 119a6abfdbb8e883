#!/usr/bin/env bash
# Two copies of the dashboard behind HAProxy, sharing one PostgreSQL store, all on loopback.
#
#   scripts/cluster.sh start    # prints the address to open (the proxy) as its last line
#   scripts/cluster.sh stop     # stops the proxy, both copies and PostgreSQL; removes the folder
#   scripts/cluster.sh status
#
# HAProxy (Debian's package; `make haproxy` installs it) sends each browser to one copy and
# keeps it there with a cookie (HERITAGE_SERVER=a|b): a Streamlit session lives in one copy's
# memory over one websocket, which HAProxy passes through. Live sessions and observations live
# in the shared store, so a follower on one copy follows a presenter on the other.
#
# Settings (environment): HERITAGE_CLUSTER_DIR (default /tmp/heritage-cluster), PORT (the
# proxy's, default 8600), HERITAGE_DATA, HERITAGE_TILES, HERITAGE_SECRETS_FILE (a secrets.toml
# for both copies, e.g. with [editors]).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${HERITAGE_CLUSTER_DIR:-/tmp/heritage-cluster}
port=${PORT:-8600}
python=${PYTHON:-$repo/.venv/bin/python}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
as_postgres=()
[ "$(id -u)" = 0 ] && as_postgres=(runuser -u postgres --)  # initdb refuses to run as root

wait_for() {  # url, seconds
  for _ in $(seq 1 $(( $2 * 5 ))); do
    [ "$(curl -s --max-time 2 "$1" || true)" = ok ] && return 0
    sleep 0.2
  done
  echo "no answer from $1" >&2
  return 1
}

start() {
  [ -e "$dir/running" ] && { echo "already running (scripts/cluster.sh stop first); $dir" >&2; exit 1; }
  command -v haproxy >/dev/null || { echo "HAProxy is not installed (make haproxy installs it)." >&2; exit 1; }
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$bin" ] || { echo "PostgreSQL is not installed (make postgresql installs it)." >&2; exit 1; }
  mkdir -p "$dir"
  touch "$dir/running"
  pg_port=$(free_port)
  # PostgreSQL's own folder where its user can reach it (the cluster folder may be private).
  pg=$(mktemp -d /tmp/heritage-cluster-pg.XXXXXX)
  echo "$pg" >"$dir/pg_dir"
  echo "$bin" >"$dir/pg_bin"
  [ "$(id -u)" = 0 ] && chown postgres "$pg"
  "${as_postgres[@]}" "$bin/initdb" -D "$pg/data" -U heritage --auth=trust -E UTF8 >"$dir/initdb.log"
  "${as_postgres[@]}" "$bin/pg_ctl" -D "$pg/data" -o "-h 127.0.0.1 -p $pg_port -k $pg" -l "$pg/postgres.log" -w start </dev/null >/dev/null 2>&1
  "${as_postgres[@]}" "$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U heritage heritage
  store="postgresql://heritage@127.0.0.1:$pg_port/heritage"
  # Create the schema once, before two copies race to migrate it.
  (cd "$repo" && HERITAGE_DATABASE_URL=$store "$python" -c 'from heritage.store import Store; Store()')
  secrets=()
  [ -n "${HERITAGE_SECRETS_FILE:-}" ] && secrets=(--secrets.files "$HERITAGE_SECRETS_FILE")
  servers=""
  for name in a b; do
    copy_port=$(free_port)
    # As `make run` starts it (app.py, settings from .streamlit/config.toml); each copy listens
    # on loopback only, behind the proxy.
    (cd "$repo"; HERITAGE_DATABASE_URL=$store setsid "$python" -m streamlit run \
      app.py --server.port "$copy_port" --server.address 127.0.0.1 "${secrets[@]}" \
      </dev/null >"$dir/copy-$name.log" 2>&1 & echo $! >"$dir/copy-$name.pid")
    servers+="    server $name 127.0.0.1:$copy_port check cookie $name"$'\n'
    echo "$copy_port" >"$dir/copy-$name.port"
  done
  cat >"$dir/haproxy.cfg" <<CFG
global
    maxconn 4096
defaults
    mode http
    # A copy that dies is found within about 2 s (checks every second, down after 2 failures);
    # a request that cannot reach it is sent to the other copy (redispatch), so live pages
    # (their event streams and websockets reconnect by themselves) carry on there.
    option redispatch
    retries 2
    default-server inter 1s fall 2 rise 2
    timeout connect 2s
    timeout client 1h
    timeout server 1h
    timeout tunnel 1h
frontend heritage
    bind 127.0.0.1:$port
    default_backend dashboards
backend dashboards
    balance roundrobin
    cookie HERITAGE_SERVER insert indirect nocache
    option httpchk GET /_stcore/health
$servers
CFG
  for name in a b; do wait_for "http://127.0.0.1:$(cat "$dir/copy-$name.port")/_stcore/health" 60; done
  # Its own log, not our output: a daemon holding our stdout would keep a caller's pipe open.
  haproxy -f "$dir/haproxy.cfg" -D -p "$dir/haproxy.pid" </dev/null >"$dir/haproxy.log" 2>&1
  wait_for "http://127.0.0.1:$port/_stcore/health" 20
  echo "copies: a on $(cat "$dir/copy-a.port"), b on $(cat "$dir/copy-b.port"); store $store; logs in $dir"
  echo "http://127.0.0.1:$port/"
}

stop_pid() {  # pid file, kill the process group started with setsid, politely first
  [ -f "$1" ] || return 0
  pid=$(cat "$1")
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$1"
}

stop() {
  [ -d "$dir" ] || { echo "not running"; return 0; }
  if [ -f "$dir/haproxy.pid" ]; then
    kill -TERM "$(cat "$dir/haproxy.pid")" 2>/dev/null || true
    rm -f "$dir/haproxy.pid"
  fi
  stop_pid "$dir/copy-a.pid"
  stop_pid "$dir/copy-b.pid"
  if [ -f "$dir/pg_dir" ]; then
    pg=$(cat "$dir/pg_dir")
    "${as_postgres[@]}" "$(cat "$dir/pg_bin")/pg_ctl" -D "$pg/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$pg"
  fi
  rm -rf "$dir"
  echo "stopped"
}

status() {
  [ -e "$dir/running" ] || { echo "not running"; return 0; }
  echo "running in $dir: proxy http://127.0.0.1:$port/"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: scripts/cluster.sh start|stop|status" >&2; exit 2 ;;
esac
