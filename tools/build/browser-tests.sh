#!/usr/bin/env bash
# The console's browser tests, for the Maven build: finds (or installs) Chromium, then runs console/test.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
CHROMIUM_PATH="$("$root/tools/build/chromium.sh")"
export CHROMIUM_PATH
exec "$root/tools/build/npm.sh" "$root/console" test
