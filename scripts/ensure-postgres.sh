#!/usr/bin/env bash
# Makes Debian's PostgreSQL server available to the connection tests, which
# create and start their own database in a temporary folder on a loopback port.
exec bash "$(dirname "$0")/ensure-debian-package.sh" ensure-postgres "${POSTGRES_BIN:-/usr/lib/postgresql/15/bin}/postgres" "connection tests" postgresql
