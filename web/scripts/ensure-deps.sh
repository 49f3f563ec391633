#!/bin/sh
# Installs the UI's npm packages exactly as package-lock.json says, when node_modules is missing or older than the
# lockfile. No browser or binary downloads (playwright-core downloads nothing).
set -eu
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "web: npm ci"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.package-lock.json
fi
