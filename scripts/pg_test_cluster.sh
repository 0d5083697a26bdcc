#!/usr/bin/env bash
# Start a throw-away PostgreSQL cluster for the tests and print the URL to export as TEST_DATABASE_URL.
#   eval "$(scripts/pg_test_cluster.sh start)"   # sets TEST_DATABASE_URL
#   scripts/pg_test_cluster.sh stop
# Uses Debian's postgresql (apt-get install -y postgresql). Runs the server as the postgres user when root.
set -euo pipefail
DIR="${PG_TEST_DIR:-/tmp/carbon-pg-test}"
PORT="${PG_TEST_PORT:-54329}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -n "$BIN" ] || { echo "postgresql is not installed (apt-get install -y postgresql)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-start}" in
  start)
    if [ ! -f "$DIR/PG_VERSION" ]; then
      mkdir -p "$DIR"; [ "$(id -u)" = 0 ] && chown postgres "$DIR"
      as_pg "$BIN/initdb" -D "$DIR" -A trust -U postgres --no-sync >/dev/null
    fi
    if ! as_pg "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
      as_pg "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w \
        -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
    fi
    as_pg "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='carbon_test'" | grep -q 1 \
      || as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres carbon_test
    echo "export TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:$PORT/carbon_test"
    ;;
  stop)
    as_pg "$BIN/pg_ctl" -D "$DIR" -m fast stop >/dev/null || true
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
