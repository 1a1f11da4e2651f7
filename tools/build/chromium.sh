#!/usr/bin/env bash
# Prints the path of the Chromium the browser tests drive (CHROMIUM_PATH, else Debian's chromium package). Where it is
# missing: installs Debian's package when run as root, otherwise stops with the one command to run.
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "$CHROMIUM_PATH"
  exit 0
fi
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "The browser tests need Chromium: run 'sudo apt-get install -y chromium' (or set CHROMIUM_PATH), then build again." >&2
    exit 1
  fi
  echo "Installing Debian's chromium package for the browser tests…" >&2
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >&2; then
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >&2
  fi
fi
command -v chromium
