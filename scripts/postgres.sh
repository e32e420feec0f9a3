# Sourced by scripts/run-tests: starts a throw-away PostgreSQL server for the test suite
# and exports MIEUX_TEST_DATABASE_URL. It runs as a non-root user (PostgreSQL refuses
# root, and CI runs as root), listens on 127.0.0.1 only and is stopped on exit.

pg_bindir() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

start_test_postgres() {
    local bindir port dir owner
    bindir=$(pg_bindir)
    if [ -z "$bindir" ]; then
        if [ "$(id -u)" = 0 ]; then
            echo "PostgreSQL is missing: installing it from Debian's packages" >&2
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
            bindir=$(pg_bindir)
        fi
    fi
    if [ -z "$bindir" ]; then
        echo "PostgreSQL is not installed; its tests will skip (and fail under CI=true)" >&2
        return 0
    fi
    dir=$(mktemp -d /tmp/mieux-pg.XXXXXX)
    owner=$(id -un)
    if [ "$(id -u)" = 0 ]; then
        owner=postgres
        id -u "$owner" >/dev/null 2>&1 || useradd --system --no-create-home "$owner"
        chown "$owner" "$dir"
    fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u "$owner" -- "$@"; else "$@"; fi; }
    as_owner "$bindir/initdb" -D "$dir/data" -U mieux -A trust --no-sync -E UTF8 >/dev/null
    # Durability is not what tests measure: fsync off makes CREATE DATABASE per test cheap.
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o \
        "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null
    export MIEUX_TEST_DATABASE_URL="postgresql+psycopg://mieux@127.0.0.1:$port/postgres"
    export MIEUX_TEST_PG_STOP="$bindir/pg_ctl -D $dir/data -m immediate stop"
    export MIEUX_TEST_PG_OWNER="$owner"
    export MIEUX_TEST_PG_DIR="$dir"
    echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') started on 127.0.0.1:$port" >&2
}

stop_test_postgres() {
    if [ -n "${MIEUX_TEST_PG_STOP:-}" ]; then
        if [ "$(id -u)" = 0 ]; then
            runuser -u "$MIEUX_TEST_PG_OWNER" -- $MIEUX_TEST_PG_STOP >/dev/null 2>&1 || true
        else
            $MIEUX_TEST_PG_STOP >/dev/null 2>&1 || true
        fi
        rm -rf "$MIEUX_TEST_PG_DIR"
    fi
}
