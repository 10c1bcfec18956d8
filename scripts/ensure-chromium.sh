#!/usr/bin/env bash
# Makes Debian's Chromium available to the browser tests (playwright-core drives
# it; Playwright's own browser downloads are not used). Installs the `chromium`
# package with apt-get when it is missing and we are root; otherwise says why
# not. Under CI=true a failed install fails the test run.
set -uo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0

fail() {
  echo "ensure-chromium: $1" >&2
  # In CI the browser tests must run; elsewhere they are reported as pending.
  [ "${CI:-}" = "true" ] && exit 1
  exit 0
}

[ "$(id -u)" -eq 0 ] || fail "$CHROMIUM is missing and installing it needs root (sudo apt-get install chromium)."
command -v apt-get >/dev/null 2>&1 || fail "$CHROMIUM is missing and there is no apt-get to install it."

echo "ensure-chromium: installing Debian's chromium package for the browser tests..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || fail "apt-get update failed."
# fonts-liberation so pages render real text; the other recommends are desktop services.
apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null || fail "apt-get install chromium failed."
[ -x "$CHROMIUM" ] || fail "chromium was installed but $CHROMIUM is not there."
echo "ensure-chromium: $("$CHROMIUM" --version 2>/dev/null)" >&2
