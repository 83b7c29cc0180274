#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL server for the app tests on
# the second engine (issue 10): installs Debian's postgresql where missing,
# starts it on 127.0.0.1 in a temporary data directory with a password,
# exports AFTERCARE_TEST_PG (the URL of an empty database), runs "$@", and
# stops the server and removes its directory whatever happened.
#   .ci/postgres.sh go test ./app
set -euo pipefail

# A server given from outside: use it as it is.
if [ -n "${AFTERCARE_TEST_PG:-}" ]; then
  echo "postgres.sh: using the server in AFTERCARE_TEST_PG" >&2
  exec "$@"
fi

bindir=""
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && bindir="$d"; done
if [ -z "$bindir" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "postgres.sh: installing PostgreSQL from Debian's packages" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || true
  fi
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && bindir="$d"; done
fi
if [ -z "$bindir" ]; then
  if [ -n "${AFTERCARE_CI:-}" ]; then
    echo "postgres.sh: no PostgreSQL server could be installed: the app tests' PostgreSQL pass cannot run" >&2
    exit 1
  fi
  echo "postgres.sh: SKIPPED the PostgreSQL pass of the app tests: no PostgreSQL server here and none could be installed (apt-get install postgresql as root, or set AFTERCARE_TEST_PG to a server's empty database)" >&2
  exit 0
fi

# The server refuses to run as root: run it as the postgres account then.
as=()
if [ "$(id -u)" -eq 0 ]; then as=(runuser -u postgres --); fi

dir=$(mktemp -d /tmp/aftercare-pg.XXXXXX)
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
port=${PGTEST_PORT:-$((20000 + RANDOM % 20000))}
pw="ci-$RANDOM$RANDOM"
stop() {
  "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

printf '%s\n' "$pw" >"$dir/pw"
[ "$(id -u)" -eq 0 ] && chown postgres "$dir/pw"
"${as[@]}" "$bindir/initdb" -D "$dir/data" -U aftercare --pwfile="$dir/pw" -A scram-sha-256 -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
# A port another program holds makes the start fail: try a few.
started=""
for try in 1 2 3 4 5; do
  if "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null; then
    started=1
    break
  fi
  port=$((20000 + RANDOM % 20000))
done
[ -n "$started" ] || { cat "$dir/server.log" >&2; exit 1; }
PGPASSWORD="$pw" "$bindir/psql" -h 127.0.0.1 -p "$port" -U aftercare -d postgres -qc "CREATE DATABASE aftercare_test" >/dev/null

export AFTERCARE_TEST_PG="postgres://aftercare:$pw@127.0.0.1:$port/aftercare_test?sslmode=disable"
echo "postgres.sh: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
"$@"
