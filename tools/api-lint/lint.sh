#!/usr/bin/env bash
# Lints docs/openapi.json with Spectral's OpenAPI rules (errors fail the build). Called by the Maven build.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v npm >/dev/null 2>&1; then
  echo "The API lint needs Node 20 and npm on the PATH (apt-get install -y nodejs npm)." >&2
  exit 1
fi
npm ci --no-audit --no-fund --loglevel=error >/dev/null
exec npx --no-install spectral lint ../../docs/openapi.json --ruleset .spectral.yaml --fail-severity=error
