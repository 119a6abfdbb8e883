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
# Settings (environment): HERITAGE_CLUSTER_DIR (the run folder; default a new private folder
# from mktemp -d, remembered in ~/.local/state/heritage-cluster.dir for `stop`), PORT (the
# proxy's, default 8600), HERITAGE_DATA, HERITAGE_TILES, HERITAGE_SECRETS_FILE (a secrets.toml
# for both copies, e.g. with [editors]).
#
# On a shared host nothing here trusts another local user: the run folder is the caller's own
# and private (mode 0700, owner checked before anything in it is read), `stop` removes and kills
# only what it checks is this cluster's, and the dashboards reach PostgreSQL as the role
# `heritage`, not a superuser, with a random password (SCRAM) kept in the run folder.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
pointer=${XDG_STATE_HOME:-$HOME/.local/state}/heritage-cluster.dir
port=${PORT:-8600}
python=${PYTHON:-$repo/.venv/bin/python}
pg_prefix=${TMPDIR:-/tmp}/heritage-cluster-pg.

private_dir() {  # folder: exists, is no symbolic link, is ours and only ours (mode 700)
  [ -d "$1" ] && [ ! -L "$1" ] && [ "$(stat -c %u "$1")" = "$(id -u)" ] && [ "$(stat -c %a "$1")" = 700 ]
}

run_dir() {  # the run folder `stop` and `status` use: the named one, or the one `start` remembered
  if [ -n "${HERITAGE_CLUSTER_DIR:-}" ]; then
    echo "$HERITAGE_CLUSTER_DIR"
  elif [ -f "$pointer" ] && [ "$(stat -c %u "$pointer")" = "$(id -u)" ]; then
    cat "$pointer"
  fi
}

new_run_dir() {  # a private run folder for `start`
  if [ -n "${HERITAGE_CLUSTER_DIR:-}" ]; then
    [ -e "$HERITAGE_CLUSTER_DIR" ] || mkdir -m 700 -p "$HERITAGE_CLUSTER_DIR"
    private_dir "$HERITAGE_CLUSTER_DIR" || {
      echo "HERITAGE_CLUSTER_DIR=$HERITAGE_CLUSTER_DIR must be a folder of yours with mode 700." >&2; exit 1; }
    echo "$HERITAGE_CLUSTER_DIR"
  else
    made=$(mktemp -d "${TMPDIR:-/tmp}/heritage-cluster.XXXXXX")  # mode 700
    mkdir -p "$(dirname "$pointer")"
    echo "$made" >"$pointer"
    echo "$made"
  fi
}

random_password() { python3 -c 'import secrets; print(secrets.token_urlsafe(24))'; }

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
  existing=$(run_dir)
  if [ -n "$existing" ] && [ -e "$existing/running" ]; then
    echo "already running (scripts/cluster.sh stop first); $existing" >&2; exit 1
  fi
  command -v haproxy >/dev/null || { echo "HAProxy is not installed (make haproxy installs it)." >&2; exit 1; }
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$bin" ] || { echo "PostgreSQL is not installed (make postgresql installs it)." >&2; exit 1; }
  dir=$(new_run_dir)
  touch "$dir/running"
  pg_port=$(free_port)
  # PostgreSQL's own folder where its user can reach it (the run folder is private to us).
  pg=$(mktemp -d "${pg_prefix}XXXXXX")
  echo "$pg" >"$dir/pg_dir"
  echo "$bin" >"$dir/pg_bin"
  [ "$(id -u)" = 0 ] && chown postgres "$pg"
  # Passwords, not trust: a superuser `cluster_admin` for setting up, and the role `heritage`
  # (no superuser, owner of its database only) that the dashboards connect as.
  admin_password=$(random_password)
  app_password=$(random_password)
  (umask 077; echo "$admin_password" >"$dir/admin.password"; echo "$app_password" >"$dir/heritage.password")
  cp "$dir/admin.password" "$pg/pwfile" && chmod 600 "$pg/pwfile"
  [ "$(id -u)" = 0 ] && chown postgres "$pg/pwfile"
  "${as_postgres[@]}" "$bin/initdb" -D "$pg/data" -U cluster_admin --pwfile="$pg/pwfile" \
    --auth=scram-sha-256 -E UTF8 >"$dir/initdb.log"
  rm -f "$pg/pwfile"
  "${as_postgres[@]}" "$bin/pg_ctl" -D "$pg/data" -o "-h 127.0.0.1 -p $pg_port -k $pg" -l "$pg/postgres.log" -w start </dev/null >/dev/null 2>&1
  admin=(env PGPASSWORD="$admin_password" "$bin/psql" -h 127.0.0.1 -p "$pg_port" -U cluster_admin -d postgres -v ON_ERROR_STOP=1 -q)
  "${admin[@]}" -v password="$app_password" <<'SQL'
CREATE ROLE heritage LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'password';
CREATE DATABASE heritage OWNER heritage;
SQL
  store="postgresql://heritage:$app_password@127.0.0.1:$pg_port/heritage"
  (umask 077; echo "$store" >"$dir/store.url")
  # Create the schema once, before two copies race to migrate it.
  (cd "$repo" && HERITAGE_DATABASE_URL=$store "$python" -c 'from heritage.store import Store; Store()')
  secrets=()
  [ -n "${HERITAGE_SECRETS_FILE:-}" ] && secrets=(--secrets.files "$HERITAGE_SECRETS_FILE")
  servers=""
  event_servers=""
  for name in a b; do
    copy_port=$(free_port)
    # As `make run` starts it (app.py, settings from .streamlit/config.toml); each copy listens
    # on loopback only, behind the proxy.
    (cd "$repo"; HERITAGE_DATABASE_URL=$store setsid "$python" -m streamlit run \
      app.py --server.port "$copy_port" --server.address 127.0.0.1 "${secrets[@]}" \
      </dev/null >"$dir/copy-$name.log" 2>&1 & echo $! >"$dir/copy-$name.pid")
    servers+="    server $name 127.0.0.1:$copy_port check cookie $name"$'\n'
    event_servers+="    server $name 127.0.0.1:$copy_port track dashboards/$name cookie $name"$'\n'
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
    use_backend events if { path /api/events }
    default_backend dashboards
backend dashboards
    balance roundrobin
    cookie HERITAGE_SERVER insert indirect nocache
    option httpchk GET /_stcore/health
$servers
# The pages' event streams (Server-Sent Events: a presenter's move, an edit): each event is a
# small message that must reach the browser at once. By default HAProxy asks the kernel to hold
# small writes for more data (about 200 ms per event, measured: benchmarks/follow.py --copies 2);
# http-no-delay sends them as they come. The same copies, the same cookie, their health from
# the backend above (track), so an event stream goes to the copy its page is on.
backend events
    balance roundrobin
    cookie HERITAGE_SERVER insert indirect nocache
    option http-no-delay
$event_servers
CFG
  for name in a b; do wait_for "http://127.0.0.1:$(cat "$dir/copy-$name.port")/_stcore/health" 60; done
  # Its own log, not our output: a daemon holding our stdout would keep a caller's pipe open.
  haproxy -f "$dir/haproxy.cfg" -D -p "$dir/haproxy.pid" </dev/null >"$dir/haproxy.log" 2>&1
  wait_for "http://127.0.0.1:$port/_stcore/health" 20
  echo "copies: a on $(cat "$dir/copy-a.port"), b on $(cat "$dir/copy-b.port"); store postgresql://heritage@127.0.0.1:$pg_port/heritage (its URL with the password: $dir/store.url); logs in $dir"
  echo "http://127.0.0.1:$port/"
}

ours() {  # pid, what its command line must hold: true only for a live process of ours that is that
  [ -n "$1" ] && [ "$1" -gt 1 ] 2>/dev/null && [ -d "/proc/$1" ] && [ "$(stat -c %u "/proc/$1")" = "$(id -u)" ] \
    && tr '\0' ' ' <"/proc/$1/cmdline" | grep -qF -- "$2"
}

stop_pid() {  # pid file, what the process runs: kill the process group started with setsid, politely first
  [ -f "$1" ] || return 0
  pid=$(cat "$1")
  if ours "$pid" "$2"; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    ours "$pid" "$2" && kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}

stop() {
  dir=$(run_dir)
  [ -n "$dir" ] && [ -d "$dir" ] || { echo "not running"; return 0; }
  private_dir "$dir" || { echo "$dir is not a private folder of yours (mode 700); nothing was stopped." >&2; exit 1; }
  stop_pid "$dir/haproxy.pid" "haproxy -f $dir/haproxy.cfg"
  stop_pid "$dir/copy-a.pid" "streamlit run app.py"
  stop_pid "$dir/copy-b.pid" "streamlit run app.py"
  if [ -f "$dir/pg_dir" ]; then
    pg=$(cat "$dir/pg_dir")
    case "$pg" in
      "$pg_prefix"??????)
        if [ -d "$pg" ] && [ ! -L "$pg" ]; then
          "${as_postgres[@]}" "$(cat "$dir/pg_bin")/pg_ctl" -D "$pg/data" -m fast -w stop >/dev/null 2>&1 || true
          rm -rf -- "$pg"
        fi ;;
      *) echo "not removing $pg: not a folder this script made" >&2 ;;
    esac
  fi
  rm -rf -- "$dir"
  [ -f "$pointer" ] && [ "$(cat "$pointer")" = "$dir" ] && rm -f "$pointer"
  echo "stopped"
}

status() {
  dir=$(run_dir)
  [ -n "$dir" ] && [ -e "$dir/running" ] || { echo "not running"; return 0; }
  echo "running in $dir: proxy http://127.0.0.1:$port/"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: scripts/cluster.sh start|stop|status" >&2; exit 2 ;;
esac
