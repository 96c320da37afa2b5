#!/usr/bin/env bash
# The load benchmark's client, wrk, from Debian's packages (as root), if missing.
set -euo pipefail
command -v wrk >/dev/null && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "wrk is missing; run 'make bench-deps' as root (apt-get install wrk)." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends wrk >/dev/null
command -v wrk >/dev/null
