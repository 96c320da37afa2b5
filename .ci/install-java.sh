#!/usr/bin/env bash
# Install a Java runtime for the Nu HTML checker (vnu.jar, from npm) when none is on the machine.
# Needs root (apt-get). vnu-jar's own postinstall would download a JDK; `make node-deps` skips
# install scripts, so Java always comes from Debian.
set -euo pipefail
if command -v java >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Java is missing and installing it needs root: sudo apt-get install -y default-jre-headless" >&2
  exit 1
fi
echo "Installing Debian's Java runtime for the HTML checker…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null
java -version
