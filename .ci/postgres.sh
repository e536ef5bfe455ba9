# A throw-away PostgreSQL cluster for the test suites, from Debian's packages. Source this file,
# then `pg_start` exports TEST_POSTGRES_URL (a superuser URL on a free loopback port) and
# `pg_stop` removes the cluster. Nothing here is for production: fsync is off.

pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

# Runs a command as the cluster's owner: initdb refuses to run as root.
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    su postgres -s /bin/sh -c "$*"
  else
    sh -c "$*"
  fi
}

pg_start() {
  local bin port
  bin=$(pg_bin)
  if [ -z "$bin" ]; then
    echo "installing Debian's postgresql for the PostgreSQL suites"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
    bin=$(pg_bin)
  fi
  PG_DIR=$(mktemp -d /tmp/portal-pg-XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
  port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  pg_as_owner "'$bin/initdb' -D '$PG_DIR/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
  pg_as_owner "'$bin/pg_ctl' -D '$PG_DIR/data' -l '$PG_DIR/log' -w start -o \"-p $port -k '$PG_DIR' -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\"" >/dev/null
  export PG_DIR PG_BIN="$bin"
  export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (throw-away, $PG_DIR)"
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  pg_as_owner "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
