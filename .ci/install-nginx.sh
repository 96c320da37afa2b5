#!/usr/bin/env bash
# Install Debian's nginx with its cache-purge and brotli-static modules when missing, so the
# suite can check deploy/nginx/ with the real `nginx -t` and serve through it on loopback
# (tests/deploy/). Needs root (apt-get). Only the binary is wanted: the package must not start
# a server on this machine.
set -euo pipefail
MODULES=/usr/lib/nginx/modules
if command -v nginx >/dev/null 2>&1 && [ -f "$MODULES/ngx_http_cache_purge_module.so" ] \
  && [ -f "$MODULES/ngx_http_brotli_static_module.so" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "nginx is missing and installing it needs root:" \
    "sudo apt-get install -y nginx libnginx-mod-http-cache-purge" \
    "libnginx-mod-http-brotli-static" >&2
  exit 1
fi
echo "Installing Debian's nginx for the deployment tests…"
export DEBIAN_FRONTEND=noninteractive
# Debian starts a freshly installed service unless a policy says no; say no for the length of
# the install when the machine has no policy of its own (container images usually do).
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends nginx libnginx-mod-http-cache-purge \
  libnginx-mod-http-brotli-static >/dev/null
nginx -v
