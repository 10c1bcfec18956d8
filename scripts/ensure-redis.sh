#!/usr/bin/env bash
# Makes Debian's redis-server available to the shared-store tests, which start
# and stop their own server on a loopback port.
exec bash "$(dirname "$0")/ensure-debian-package.sh" ensure-redis "${REDIS_SERVER_PATH:-/usr/bin/redis-server}" "shared-store tests" redis-server
