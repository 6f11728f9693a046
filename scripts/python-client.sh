#!/usr/bin/env bash
# Python client check: generate clients/python/gainsly_client from the OpenAPI
# document with openapi-python-client (pinned), type-check the journey and the
# negative checks with mypy --strict, then run clients/python/journey.py
# against a live server: register, create a program, plan a day, adapt it,
# log a top set, read the recovery state. Exits non-zero when the spec no
# longer generates, the example no longer type-checks, or a step's answer is
# not the documented one.
#
#   scripts/python-client.sh                          # own server (see below)
#   GAINSLY_URL=http://127.0.0.1:8080 scripts/python-client.sh   # an existing server
#   scripts/python-client.sh --generate-only          # generate and type-check, no journey
#
# Without GAINSLY_URL it builds gainsly-api (debug, as scripts/schemathesis.sh
# does) and starts it on a free loopback port with a fresh SQLite database in
# a temporary directory and the LLM off, and stops it afterwards.
#
# Tools: clients/python/requirements.txt (versions and hashes) in a virtualenv
# at ${GAINSLY_TOOLS_DIR:-/root/.cache/gainsly-tools}/pyclient-venv, rebuilt when
# the requirements change; mypy's cache lives beside it. Python >= 3.11 (the
# generated code uses typing.Self and enum.StrEnum).
set -euo pipefail
cd "$(dirname "$0")/.."

RUN_JOURNEY=1
for arg in "$@"; do
  case "$arg" in
    --generate-only) RUN_JOURNEY=0 ;;
    -h | --help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "python-client: unknown argument $arg" >&2; exit 2 ;;
  esac
done

CLIENT_DIR=clients/python
TOOLS_DIR="${GAINSLY_TOOLS_DIR:-/root/.cache/gainsly-tools}"
VENV="$TOOLS_DIR/pyclient-venv"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/root/.cache/gainsly-target}"

log() { printf '==> %s\n' "$*"; }

if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "python-client: Python >= 3.11 required, found $(python3 --version)" >&2
  exit 1
fi

want="$(sha256sum "$CLIENT_DIR/requirements.txt" | cut -d' ' -f1)"
if [ "$(cat "$VENV/.requirements.sha256" 2>/dev/null || true)" != "$want" ]; then
  log "installing $CLIENT_DIR/requirements.txt (openapi-python-client, mypy) into $VENV"
  rm -rf "$VENV"
  mkdir -p "$TOOLS_DIR"
  python3 -m venv "$VENV" || { echo "python3 -m venv failed (Debian/Ubuntu: apt-get install python3-venv)" >&2; exit 1; }
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --require-hashes -r "$CLIENT_DIR/requirements.txt"
  echo "$want" >"$VENV/.requirements.sha256"
fi
# openapi-python-client runs ruff (from the venv) on what it generates.
export PATH="$VENV/bin:$PATH"

WORK="$(mktemp -d -t gainsly-pyclient.XXXXXX)"
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

SPEC=openapi/openapi.json

log "openapi-python-client $(openapi-python-client --version | awk '{print $NF}'): $SPEC -> $CLIENT_DIR/gainsly_client"
rm -rf "$CLIENT_DIR/gainsly_client"
# --fail-on-warning: an operation or schema the generator had to skip fails the check.
openapi-python-client generate --path "$SPEC" --meta none \
  --config "$CLIENT_DIR/openapi-python-client.yaml" \
  --output-path "$CLIENT_DIR/gainsly_client" --fail-on-warning >"$WORK/generate.log" 2>&1 ||
  { cat "$WORK/generate.log" >&2; echo "python-client: openapi-python-client failed" >&2; exit 1; }

log "mypy --strict journey.py negative.py ($(mypy --version | awk '{print $2}'))"
(cd "$CLIENT_DIR" && mypy --config-file mypy.ini --cache-dir "$TOOLS_DIR/pyclient-mypy-cache")

if [ "$RUN_JOURNEY" = 0 ]; then
  log "python-client: generated and type-checked (journey not run)"
  exit 0
fi

if [ -z "${GAINSLY_URL:-}" ]; then
  log "cargo build -p gainsly-api"
  cargo build --quiet -p gainsly-api
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

log "journey.py against $GAINSLY_URL"
status=0
(cd "$CLIENT_DIR" && GAINSLY_URL="$GAINSLY_URL" "$VENV/bin/python" journey.py) || status=$?
if [ -n "$SERVER_PID" ] && [ "$status" -ne 0 ]; then
  echo "--- server log (last 40 lines) ---" >&2
  tail -40 "$WORK/server.log" >&2
fi
exit "$status"
