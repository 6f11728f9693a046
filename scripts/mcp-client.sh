#!/usr/bin/env bash
# MCP client check: the official MCP Python SDK (pinned, a client no one here
# wrote) lists Gainsly's tools and calls every one of them against a live
# server, over Streamable HTTP (/mcp) and over stdio (gainsly-mcp on the REST API),
# in the current protocol revision and the previous one (initialize); a
# `read` token lists only the read tools. scripts/mcp-client/journey.py says
# what each step checks.
#
#   scripts/mcp-client.sh                                  # own server (see below)
#   GAINSLY_URL=http://127.0.0.1:8080 scripts/mcp-client.sh   # an existing server
#
# Without GAINSLY_URL it builds gainsly-api and gainsly-mcp (debug) and starts
# gainsly-api on a free loopback port with a fresh SQLite database in a
# temporary directory and the LLM off, and stops it afterwards.
#
# Tools: scripts/mcp-client/requirements.txt (versions and hashes) in a
# virtualenv at ${GAINSLY_TOOLS_DIR:-/root/.cache/gainsly-tools}/mcp-venv,
# rebuilt when the requirements change. Python >= 3.10.
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
  -h | --help) sed -n '2,19p' "$0"; exit 0 ;;
  "") ;;
  *) echo "mcp-client: unknown argument $1" >&2; exit 2 ;;
esac

DIR=scripts/mcp-client
TOOLS_DIR="${GAINSLY_TOOLS_DIR:-/root/.cache/gainsly-tools}"
VENV="$TOOLS_DIR/mcp-venv"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/root/.cache/gainsly-target}"

log() { printf '==> %s\n' "$*"; }

if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
  echo "mcp-client: Python >= 3.10 required, found $(python3 --version)" >&2
  exit 1
fi

want="$(sha256sum "$DIR/requirements.txt" | cut -d' ' -f1)"
if [ "$(cat "$VENV/.requirements.sha256" 2>/dev/null || true)" != "$want" ]; then
  log "installing $DIR/requirements.txt (the MCP Python SDK) into $VENV"
  rm -rf "$VENV"
  mkdir -p "$TOOLS_DIR"
  python3 -m venv "$VENV" || { echo "python3 -m venv failed (Debian/Ubuntu: apt-get install python3-venv)" >&2; exit 1; }
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --require-hashes -r "$DIR/requirements.txt"
  echo "$want" >"$VENV/.requirements.sha256"
fi

WORK="$(mktemp -d -t gainsly-mcpclient.XXXXXX)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "cargo build -p gainsly-api -p gainsly-mcp"
cargo build --quiet -p gainsly-api -p gainsly-mcp
MCP_BIN="$CARGO_TARGET_DIR/debug/gainsly-mcp"

if [ -z "${GAINSLY_URL:-}" ]; then
  BIN="$CARGO_TARGET_DIR/debug/gainsly-api"
  PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
  GAINSLY_URL="http://127.0.0.1:$PORT"
  mkdir -p "$WORK/data"
  log "starting gainsly-api on $GAINSLY_URL (data in $WORK/data, LLM off)"
  GAINSLY_BIND="127.0.0.1:$PORT" \
    GAINSLY_DATA_DIR="$WORK/data" \
    GAINSLY_LLM_MODE=off \
    GAINSLY_LOG_FORMAT=json \
    RUST_LOG="${RUST_LOG:-warn}" \
    "$BIN" serve >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    curl -fsS "$GAINSLY_URL/health" >/dev/null 2>&1 && break
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      cat "$WORK/server.log" >&2
      echo "gainsly-api exited during start-up" >&2
      exit 1
    fi
    sleep 0.1
  done
  curl -fsS "$GAINSLY_URL/health" >/dev/null
fi

log "journey.py ($("$VENV/bin/python" -c 'import importlib.metadata as m; print("mcp", m.version("mcp"))')) against $GAINSLY_URL"
status=0
GAINSLY_URL="$GAINSLY_URL" GAINSLY_MCP_BIN="$MCP_BIN" "$VENV/bin/python" "$DIR/journey.py" || status=$?
if [ -n "$SERVER_PID" ] && [ "$status" -ne 0 ]; then
  echo "--- server log (last 40 lines) ---" >&2
  tail -40 "$WORK/server.log" >&2
fi
exit "$status"
