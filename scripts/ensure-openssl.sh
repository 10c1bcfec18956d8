#!/usr/bin/env bash
# Makes Debian's openssl command available: the TLS tests and the benchmark make a
# self-signed certificate for 127.0.0.1 with it, so no key ships with the repository.
exec bash "$(dirname "$0")/ensure-debian-package.sh" ensure-openssl "${OPENSSL_PATH:-/usr/bin/openssl}" "TLS tests" openssl
