#!/usr/bin/env bash
# Run a command with a throw-away PostgreSQL server on loopback, in a temporary directory.
# The server is stopped and its directory removed when the command ends, whatever happens.
# The command sees HERITAGE_TEST_DATABASE_URL; the store's tests then run against it too.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ]; then
  echo "PostgreSQL is not installed (make postgresql installs it)." >&2
  exit 1
fi
dir=$(mktemp -d /tmp/heritage-pg.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_postgres=()
if [ "$(id -u)" = 0 ]; then  # initdb refuses to run as root
  chown postgres "$dir"
  as_postgres=(runuser -u postgres --)
fi
stop() {
  "${as_postgres[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
"${as_postgres[@]}" "$bin/initdb" -D "$dir/data" -U heritage --auth=trust -E UTF8 >"$dir/initdb.log"
"${as_postgres[@]}" "$bin/pg_ctl" -D "$dir/data" -o "-h 127.0.0.1 -p $port -k $dir" -l "$dir/server.log" -w start >/dev/null
"${as_postgres[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U heritage heritage_test
export HERITAGE_TEST_DATABASE_URL="postgresql://heritage@127.0.0.1:$port/heritage_test"
export HERITAGE_REQUIRE_POSTGRES=1
"$@"
