#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the tests (issue 17), or reuses the one this script
# started before, and prints the shell lines that point the tests at it:
#
#   eval "$(scripts/start-postgres.sh)"    # sets ESPICE_TEST_POSTGRES_URL, PGPASSWORD, ESPICE_TEST_POSTGRES_CA
#
# Installs Debian's `postgresql` when missing (sudo when not root). The server is initdb'd into a
# temporary directory as the `postgres` user when run as root (as the current user otherwise),
# listens on 127.0.0.1 only, on a free port from 55432 up, and takes password (SCRAM) logins over
# TCP, plain or TLS (a certificate for localhost and 127.0.0.1 from a test CA made here, whose file
# is ESPICE_TEST_POSTGRES_CA). A role and database `espice_test` (the role may create databases:
# each test makes its own) are created once. Where it lives is kept in $ESPICE_PG_DIR/state
# (default /tmp/espice-pg), so a second run reuses the server. `scripts/start-postgres.sh --stop`
# stops it and removes its files.
# Safe to run again, and twice at once (a lock file serialises the runs).
set -euo pipefail

BASE="${ESPICE_PG_DIR:-/tmp/espice-pg}"
STATE="$BASE/state"
FIRST_PORT=55432
ROLE=espice_test
DATABASE=espice_test

log() { echo "start-postgres: $*" >&2; }

mkdir -p "$BASE"
chmod 755 "$BASE"
exec 9>"$BASE/lock"
flock 9

# Runs a command as the server's owner: `postgres` when we are root, ourselves otherwise. The
# lock stays with this script: a server started here must not inherit it.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@" 9>&-
  else
    "$@" 9>&-
  fi
}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

install_postgres() {
  if dpkg-query -W -f='${Status}' postgresql 2>/dev/null | grep -q "install ok installed" && [ -n "$(pg_bin)" ] \
    && command -v openssl >/dev/null; then
    return
  fi
  log "installing postgresql"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql openssl >/dev/null
}

# A test CA ($CA, readable by the tests) and the server's certificate and key, signed by it.
make_certificates() {
  local dir=$1
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=espice test CA" \
    -keyout "$dir/ca.key" -out "$CA" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
    -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$dir/server.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$CA" -CAkey "$dir/ca.key" \
    -CAcreateserial -CAserial "$dir/ca.srl" -days 3650 -extfile "$dir/server.ext" -out "$dir/server.pem" 2>/dev/null
  chmod 600 "$dir/server.key" "$dir/ca.key"
  chmod 644 "$CA"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/server.key" "$dir/server.pem"
  return 0
}

print_env() {
  echo "export ESPICE_TEST_POSTGRES_URL='postgres://$ROLE@127.0.0.1:$PORT/$DATABASE'"
  echo "export PGPASSWORD='$PASSWORD'"
  echo "export ESPICE_TEST_POSTGRES_CA='$CA'"
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

stop_server() {
  [ -f "$STATE" ] || return 0
  # shellcheck disable=SC1090
  . "$STATE"
  as_owner "$BIN/pg_ctl" -D "$DATA" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$DIR" "$STATE" "${CA:-}"
  log "stopped the server on port $PORT"
}

if [ "${1:-}" = "--stop" ]; then
  stop_server
  exit 0
fi

install_postgres
BIN=$(pg_bin) || { log "no PostgreSQL server binaries under /usr/lib/postgresql"; exit 1; }

# Reuse the server of an earlier run when it still answers with our password.
if [ -f "$STATE" ]; then
  # shellcheck disable=SC1090
  . "$STATE"
  if [ -f "${CA:-}" ] \
    && PGPASSWORD="$PASSWORD" psql -h 127.0.0.1 -p "$PORT" -U "$ROLE" -d "$DATABASE" -Atqc 'SELECT 1' >/dev/null 2>&1; then
    log "reusing the server on 127.0.0.1:$PORT (data in $DATA)"
    print_env
    exit 0
  fi
  if [ -d "${DATA:-}" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast stop >/dev/null 2>&1 || true
  fi
  rm -rf "${DIR:-/nonexistent}" "$STATE"
fi

PORT=$FIRST_PORT
while port_in_use "$PORT"; do
  PORT=$((PORT + 1))
  [ "$PORT" -lt $((FIRST_PORT + 100)) ] || { log "no free port in $FIRST_PORT-$PORT"; exit 1; }
done

DIR=$(mktemp -d "$BASE/data.XXXXXX")
DATA="$DIR/cluster"
PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
CA="$BASE/ca.pem"
make_certificates "$DIR"
[ "$(id -u)" -eq 0 ] && chown postgres: "$DIR"
chmod 700 "$DIR"

log "initdb in $DATA, port $PORT"
as_owner "$BIN/initdb" -D "$DATA" -U postgres -E UTF8 --no-locale \
  --auth-local=trust --auth-host=scram-sha-256 >"$BASE/initdb.log" 2>&1 \
  || { cat "$BASE/initdb.log" >&2; exit 1; }
# Throwaway data: no fsync. Sockets in the data directory, TCP on loopback only.
as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c full_page_writes=off -c max_connections=200 \
      -c ssl=on -c ssl_cert_file=$DIR/server.pem -c ssl_key_file=$DIR/server.key" \
  start >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }

as_owner "$BIN/psql" -h "$DIR" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
  -v role="$ROLE" -v password="$PASSWORD" -v database="$DATABASE" >/dev/null <<'SQL'
SET password_encryption = 'scram-sha-256';
CREATE ROLE :"role" LOGIN CREATEDB PASSWORD :'password';
-- Tests drop their scratch databases WITH (FORCE), which must end every session on them; an
-- autovacuum worker there can only be ended by a member of pg_signal_backend.
GRANT pg_signal_backend TO :"role";
CREATE DATABASE :"database" OWNER :"role";
SQL

cat >"$STATE" <<EOF
PORT=$PORT
DIR=$DIR
DATA=$DATA
PASSWORD=$PASSWORD
BIN=$BIN
CA=$CA
EOF
chmod 600 "$STATE"
log "server on 127.0.0.1:$PORT (data in $DATA; stop with scripts/start-postgres.sh --stop)"
print_env
