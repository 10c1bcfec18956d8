#!/usr/bin/env bash
# Makes a program from a Debian package available to the tests: when PROGRAM is
# missing, installs PACKAGE... with apt-get if we are root; otherwise says why
# not. Under CI=true a failed install fails the test run; elsewhere the tests
# that need the program are reported as pending.
#
# Usage: ensure-debian-package.sh NAME PROGRAM PURPOSE PACKAGE...
set -uo pipefail

NAME="$1" PROGRAM="$2" PURPOSE="$3"
shift 3
[ -x "$PROGRAM" ] && exit 0

fail() {
  echo "$NAME: $1" >&2
  [ "${CI:-}" = "true" ] && exit 1
  exit 0
}

[ "$(id -u)" -eq 0 ] || fail "$PROGRAM is missing and installing it needs root (sudo apt-get install $*)."
command -v apt-get >/dev/null 2>&1 || fail "$PROGRAM is missing and there is no apt-get to install it."

echo "$NAME: installing Debian's $1 package for the $PURPOSE..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || fail "apt-get update failed."
apt-get install -y -qq --no-install-recommends "$@" >/dev/null || fail "apt-get install $* failed."
[ -x "$PROGRAM" ] || fail "$1 was installed but $PROGRAM is not there."
echo "$NAME: $("$PROGRAM" --version 2>/dev/null)" >&2
