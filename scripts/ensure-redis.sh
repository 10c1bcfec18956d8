#!/usr/bin/env bash
# Makes Debian's redis-server available to the multi-instance tests, which
# start and stop their own server on a loopback port. Installs the
# `redis-server` package with apt-get when it is missing and we are root;
# otherwise says why not. Under CI=true a failed install fails the test run.
set -uo pipefail

REDIS_SERVER="${REDIS_SERVER_PATH:-/usr/bin/redis-server}"
[ -x "$REDIS_SERVER" ] && exit 0

fail() {
  echo "ensure-redis: $1" >&2
  # In CI the Redis tests must run; elsewhere they are reported as pending.
  [ "${CI:-}" = "true" ] && exit 1
  exit 0
}

[ "$(id -u)" -eq 0 ] || fail "$REDIS_SERVER is missing and installing it needs root (sudo apt-get install redis-server)."
command -v apt-get >/dev/null 2>&1 || fail "$REDIS_SERVER is missing and there is no apt-get to install it."

echo "ensure-redis: installing Debian's redis-server package for the multi-instance tests..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || fail "apt-get update failed."
apt-get install -y -qq --no-install-recommends redis-server >/dev/null || fail "apt-get install redis-server failed."
[ -x "$REDIS_SERVER" ] || fail "redis-server was installed but $REDIS_SERVER is not there."
echo "ensure-redis: $("$REDIS_SERVER" --version 2>/dev/null)" >&2
