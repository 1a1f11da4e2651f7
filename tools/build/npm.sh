#!/usr/bin/env bash
# Runs npm in one of the project's Node packages, for the Maven build: `npm.sh <package dir> <npm arguments…>`.
# Stops with one clear line when Node.js 20+ or npm is missing.
set -euo pipefail
package_dir=$1
shift
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "Stagedoor's build needs Node.js 20 or newer and npm on the PATH (Debian: apt-get install -y nodejs npm)." >&2
  exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "Stagedoor's build needs Node.js 20 or newer; this machine has $(node --version)." >&2
  exit 1
fi
cd "$package_dir"
exec npm --no-audit --no-fund --loglevel=error "$@"
