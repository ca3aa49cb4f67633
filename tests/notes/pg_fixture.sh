#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL + PostGIS cluster for the notes store tests.
#
#   pg_fixture.sh start STATE_DIR   initdb into a fresh temporary directory, start it on a free loopback port
#                                   (listen_addresses=127.0.0.1, unix socket in the temporary directory), create the
#                                   database mobmap_test with the postgis extension, and write the GDAL connection
#                                   string to STATE_DIR/connection
#   pg_fixture.sh stop STATE_DIR    stops the cluster and removes its directory
#
# As root the server runs as the unprivileged 'postgres' user (PostgreSQL refuses to run as root). On failure it
# writes the reason to STATE_DIR/failure and exits 1, so the tests that need the database fail with that reason.
set -euo pipefail
action="${1:?usage: pg_fixture.sh start|stop STATE_DIR}"
state="${2:?usage: pg_fixture.sh start|stop STATE_DIR}"
mkdir -p "$state"

# Without the server or PostGIS installed (a machine where scripts/install-deps has not run), the PostgreSQL cases
# print SKIPPED and pass; a server that is installed but does not start is a failure.
skip() {
  echo "pg_fixture: SKIPPED: $*" | tee "$state/skip" >&2
  exit 0
}

fail() {
  echo "pg_fixture: $*" | tee "$state/failure" >&2
  exit 1
}

bindir=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then bindir="$d"; break; fi
done

as_owner=()
if [[ "$(id -u)" == 0 ]]; then
  id postgres >/dev/null 2>&1 || fail "running as root and there is no 'postgres' user to run the server as"
  as_owner=(runuser -u postgres --)
fi

if [[ "$action" == stop ]]; then
  if [[ -f "$state/datadir" ]]; then
    tmp="$(cat "$state/datadir")"
    [[ -n "$bindir" && -d "$tmp/data" ]] && "${as_owner[@]}" "$bindir/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$tmp"
  fi
  rm -f "$state/datadir" "$state/connection"
  exit 0
fi

[[ "$action" == start ]] || fail "unknown action '$action' (start or stop)"
rm -f "$state/failure" "$state/connection" "$state/skip"
[[ -n "$bindir" ]] || skip "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (install the Debian package postgresql; scripts/install-deps does)"
ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1 ||
  skip "PostGIS is not installed (Debian package postgresql-15-postgis-3; scripts/install-deps installs it)"

tmp="$(mktemp -d /tmp/mobmap-pg.XXXXXX)"
echo "$tmp" >"$state/datadir"
chmod 755 "$tmp"
[[ ${#as_owner[@]} -gt 0 ]] && chown postgres: "$tmp"

"${as_owner[@]}" "$bindir/initdb" -D "$tmp/data" -U mobmap --auth=trust -E UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 ||
  fail "initdb failed: $(tail -n 5 "$tmp/initdb.log" | tr '\n' ' ')"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
started=""
for port in $(seq $((54320 + RANDOM % 500)) 55000); do
  port_in_use "$port" && continue
  if "${as_owner[@]}" "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $tmp -c fsync=off" start >/dev/null 2>&1; then
    started="$port"
    break
  fi
  grep -q "could not bind\|already in use" "$tmp/server.log" 2>/dev/null || break
done
[[ -n "$started" ]] || fail "PostgreSQL did not start: $(tail -n 5 "$tmp/server.log" 2>/dev/null | tr '\n' ' ')"

psql_cmd=("$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$started" -U mobmap)
"${psql_cmd[@]}" -d postgres -c "CREATE DATABASE mobmap_test" >"$tmp/setup.log" 2>&1 ||
  fail "cannot create the test database: $(tr '\n' ' ' <"$tmp/setup.log")"
"${psql_cmd[@]}" -d mobmap_test -c "CREATE EXTENSION postgis" >>"$tmp/setup.log" 2>&1 ||
  fail "cannot create the postgis extension: $(tr '\n' ' ' <"$tmp/setup.log")"

echo "PG:host=127.0.0.1 port=$started dbname=mobmap_test user=mobmap" >"$state/connection"
echo "pg_fixture: PostgreSQL + PostGIS on 127.0.0.1:$started ($tmp)"
