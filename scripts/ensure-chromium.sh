#!/usr/bin/env bash
# Makes Debian's Chromium available to the browser tests (playwright-core drives
# it; Playwright's own browser downloads are not used). fonts-liberation so pages
# render real text; the other recommends are desktop services.
exec bash "$(dirname "$0")/ensure-debian-package.sh" ensure-chromium "${CHROMIUM_PATH:-/usr/bin/chromium}" "browser tests" chromium fonts-liberation
