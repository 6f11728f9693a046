#!/usr/bin/env bash
# TypeScript client check: install the pinned toolchain (npm ci), generate
# clients/typescript/src/schema.ts from openapi/openapi.json, and type-check
# the typed example and the negative checks with `tsc`. Exits non-zero when the
# spec no longer fits the client code (or the types stopped biting).
#
# With GAINSLY_URL set (e.g. http://127.0.0.1:8080) it also runs the example
# against that live server: register, create a program, fetch today's plan.
set -euo pipefail
cd "$(dirname "$0")/../clients/typescript"

command -v npm >/dev/null 2>&1 || { echo "ts-client: npm not found (apt-get install -y nodejs npm)" >&2; exit 1; }
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 18 ]; then
  echo "ts-client: node >= 18 required, found $(node --version)" >&2
  exit 1
fi

# A persistent download cache outside the clone; npm ci still installs exactly
# what package-lock.json pins (and verifies the integrity hashes).
export npm_config_cache="${npm_config_cache:-${XDG_CACHE_HOME:-$HOME/.cache}/npm}"
export npm_config_update_notifier=false

echo "ts-client: npm ci (node $(node --version), npm $(npm --version))"
npm ci --no-audit --no-fund --prefer-offline --loglevel=error

echo "ts-client: openapi-typescript ../../openapi/openapi.json -> src/schema.ts"
npm run --silent generate

echo "ts-client: tsc -p . ($(./node_modules/.bin/tsc --version))"
./node_modules/.bin/tsc -p .

if [ -n "${GAINSLY_URL:-}" ]; then
  echo "ts-client: running the example against $GAINSLY_URL"
  ./node_modules/.bin/tsc -p tsconfig.example.json
  node .build/example.js
fi
echo "ts-client: ok"
