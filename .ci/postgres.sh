# Sourced by .ci/run: a throwaway PostgreSQL server on 127.0.0.1 for the review-store tests.
#
# Installs Debian's postgresql when no server binaries are found (apt-get, as root or through
# passwordless sudo), creates a cluster in a temporary folder owned by an unprivileged user
# (initdb refuses to run as root), starts it on a free loopback port with password
# authentication, and exports REVREC_TEST_POSTGRES_URL. `stop_test_postgres` removes it all.
#
# REVREC_TEST_POSTGRES_URL already set: that server is used and nothing is started.
# REVREC_CI_POSTGRES=skip: no server; the PostgreSQL tests are skipped, the rest run.
# A server that cannot be started fails CI: PostgreSQL is part of what CI checks.

_pg_log() { echo "ci/postgres: $*" >&2; }

_pg_bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; fi
}

_pg_as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi
}

_pg_install() {
    _pg_log "installing postgresql from Debian's packages"
    _pg_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
        _pg_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            --no-install-recommends postgresql >&2
}

_pg_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_test_postgres() {
    if [ -n "${REVREC_TEST_POSTGRES_URL:-}" ]; then
        _pg_log "using the server in REVREC_TEST_POSTGRES_URL"
        return 0
    fi
    if [ "${REVREC_CI_POSTGRES:-}" = skip ]; then
        _pg_log "REVREC_CI_POSTGRES=skip: PostgreSQL tests will be skipped"
        return 0
    fi
    local bindir
    bindir=$(_pg_bindir)
    if [ -z "$bindir" ]; then
        _pg_install || { _pg_log "could not install postgresql"; return 1; }
        bindir=$(_pg_bindir)
        [ -n "$bindir" ] || { _pg_log "postgresql installed but no initdb found"; return 1; }
    fi

    # initdb and postgres refuse to run as root: run them as REVREC_CI_PG_USER (default
    # `postgres`, which the Debian package creates), made a system user if it is missing.
    local runas=()
    if [ "$(id -u)" = 0 ]; then
        local user=${REVREC_CI_PG_USER:-postgres}
        id -u "$user" >/dev/null 2>&1 || useradd --system --no-create-home "$user"
        runas=(runuser -u "$user" --)
    fi

    PG_TMP=$(mktemp -d /tmp/revrec-pg.XXXXXX)  # not $TMPDIR: the server user must reach it
    local password port
    password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
    port=$(_pg_free_port)
    printf '%s\n' "$password" >"$PG_TMP/pwfile"
    if [ ${#runas[@]} -gt 0 ]; then chown -R "${runas[2]}" "$PG_TMP"; fi

    "${runas[@]}" "$bindir/initdb" -D "$PG_TMP/data" -U revrec --pwfile="$PG_TMP/pwfile" \
        --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 ||
        { cat "$PG_TMP/initdb.log" >&2; return 1; }
    rm -f "$PG_TMP/pwfile"
    # fsync off: a throwaway cluster; the socket goes in the temp folder, not /run.
    "${runas[@]}" "$bindir/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TMP -c fsync=off \
            -c synchronous_commit=off -c full_page_writes=off" >/dev/null ||
        { cat "$PG_TMP/server.log" >&2; return 1; }
    PG_BINDIR=$bindir
    PG_RUNAS=("${runas[@]}")
    PGPASSWORD=$password "$bindir/createdb" -h 127.0.0.1 -p "$port" -U revrec revrec_test
    export REVREC_TEST_POSTGRES_URL="postgresql://revrec:$password@127.0.0.1:$port/revrec_test"
    _pg_log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

stop_test_postgres() {
    if [ -n "${PG_TMP:-}" ] && [ -d "$PG_TMP/data" ]; then
        "${PG_RUNAS[@]}" "$PG_BINDIR/pg_ctl" -D "$PG_TMP/data" -m immediate -w stop \
            >/dev/null 2>&1 || true
    fi
    if [ -n "${PG_TMP:-}" ]; then rm -rf "$PG_TMP"; fi
}
