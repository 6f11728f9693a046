#!/usr/bin/env bash
# Spec lint: validate openapi/openapi.json with openapi-spec-validator and lint
# it with Spectral (spectral:oas + the OWASP API security ruleset, through
# scripts/spec-lint/.spectral.yaml). Prints a summary grouped by rule and fails
# on any validator error and on any Spectral error or warning.
#
#   scripts/spec-lint.sh                   # openapi/openapi.json; exit 1 on findings
#   scripts/spec-lint.sh --full            # list every finding's location, not 3 per rule
#   scripts/spec-lint.sh path/to/spec.json # another document
#   scripts/spec-lint.sh --report-only     # print the same summary, always exit 0
#   GAINSLY_SPEC_LINT_REPORT_ONLY=1 scripts/spec-lint.sh   # the same as --report-only
#
# CI runs it without --report-only: the committed spec passes, and a new
# finding fails the run. Rules switched off are justified in docs/security.md
# ("Spec lint exceptions"). A tool that cannot be installed or crashes fails
# even in report-only mode.
#
# Pinned tools, installed on first use:
# - openapi-spec-validator: scripts/spec-lint/requirements.txt (versions and
#   hashes) in a virtualenv at ${GAINSLY_TOOLS_DIR:-/root/.cache/gainsly-tools}/spec-venv,
#   rebuilt when the requirements change;
# - Spectral and the OWASP ruleset: scripts/spec-lint/package-lock.json, `npm ci`
#   into scripts/spec-lint/node_modules (not committed), skipped while the lock is
#   unchanged. Needs node >= 18.18 and npm.
set -euo pipefail
cd "$(dirname "$0")/.."

REPORT_ONLY="${GAINSLY_SPEC_LINT_REPORT_ONLY:-0}"
FULL=""
SPEC=openapi/openapi.json
for arg in "$@"; do
  case "$arg" in
    --report-only) REPORT_ONLY=1 ;;
    --full) FULL=--full ;;
    -h | --help) sed -n '2,25p' "$0"; exit 0 ;;
    -*) echo "spec-lint: unknown option $arg" >&2; exit 2 ;;
    *) SPEC="$arg" ;;
  esac
done
[ -f "$SPEC" ] || { echo "spec-lint: no such file: $SPEC" >&2; exit 2; }
SPEC="$(cd "$(dirname "$SPEC")" && pwd)/$(basename "$SPEC")"

DIR=scripts/spec-lint
TOOLS_DIR="${GAINSLY_TOOLS_DIR:-/root/.cache/gainsly-tools}"
VENV="$TOOLS_DIR/spec-venv"

log() { printf '==> %s\n' "$*"; }

# --- openapi-spec-validator, in its own virtualenv ---------------------------
want="$(sha256sum "$DIR/requirements.txt" | cut -d' ' -f1)"
if [ "$(cat "$VENV/.requirements.sha256" 2>/dev/null || true)" != "$want" ]; then
  log "installing openapi-spec-validator ($DIR/requirements.txt) into $VENV"
  rm -rf "$VENV"
  mkdir -p "$TOOLS_DIR"
  python3 -m venv "$VENV" || { echo "python3 -m venv failed (Debian/Ubuntu: apt-get install python3-venv)" >&2; exit 1; }
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --require-hashes -r "$DIR/requirements.txt"
  echo "$want" >"$VENV/.requirements.sha256"
fi

# --- Spectral, from the lock file ---------------------------------------------
command -v npm >/dev/null 2>&1 || { echo "spec-lint: npm not found (apt-get install -y nodejs npm)" >&2; exit 1; }
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 18 || (a === 18 && b >= 18) ? 0 : 1)'; then
  echo "spec-lint: node >= 18.18 required, found $(node --version)" >&2
  exit 1
fi
export npm_config_cache="${npm_config_cache:-${XDG_CACHE_HOME:-$HOME/.cache}/npm}"
export npm_config_update_notifier=false
lock="$(sha256sum "$DIR/package-lock.json" | cut -d' ' -f1)"
if [ "$(cat "$DIR/node_modules/.gainsly-lock.sha256" 2>/dev/null || true)" != "$lock" ]; then
  log "npm ci in $DIR (node $(node --version), npm $(npm --version))"
  (cd "$DIR" && npm ci --no-audit --no-fund --prefer-offline --loglevel=error)
  echo "$lock" >"$DIR/node_modules/.gainsly-lock.sha256"
fi

WORK="$(mktemp -d -t gainsly-spec-lint.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

# --- run both -----------------------------------------------------------------
validator_version="$("$VENV/bin/python" -c 'from importlib.metadata import version; print(version("openapi-spec-validator"))')"
log "openapi-spec-validator $validator_version: ${SPEC#"$PWD/"}"
# The CLI gives the verdict; report.py lists every error (the CLI stops at the first).
validator_status=0
"$VENV/bin/openapi-spec-validator" "$SPEC" >"$WORK/validator.txt" 2>&1 || validator_status=$?
"$VENV/bin/python" "$DIR/report.py" validate "$SPEC" $FULL >"$WORK/validator-summary.txt"
if [ "$validator_status" -eq 0 ]; then
  echo "  OK"
else
  grep -v '^counts:' "$WORK/validator-summary.txt" || head -20 "$WORK/validator.txt"
fi
validator_errors="$(sed -n 's/^counts: errors=\([0-9]*\).*/\1/p' "$WORK/validator-summary.txt")"
if [ "$validator_status" -ne 0 ] && [ "${validator_errors:-0}" -eq 0 ]; then
  validator_errors=1 # the CLI failed on something the summary did not see
fi

spectral_version="$("$DIR/node_modules/.bin/spectral" --version)"
log "spectral $spectral_version ($DIR/.spectral.yaml: spectral:oas + @stoplight/spectral-owasp-ruleset)"
# Exit 0 = no finding at or above warn, 1 = findings; anything else is a crash.
spectral_status=0
"$DIR/node_modules/.bin/spectral" lint "$SPEC" --ruleset "$DIR/.spectral.yaml" \
  --format json --output "$WORK/spectral.json" --fail-severity warn --quiet \
  2>"$WORK/spectral.err" || spectral_status=$?
if [ "$spectral_status" -gt 1 ] || [ ! -s "$WORK/spectral.json" ]; then
  cat "$WORK/spectral.err" >&2
  echo "spec-lint: spectral did not run (exit $spectral_status)" >&2
  exit 1
fi
python3 "$DIR/report.py" spectral "$WORK/spectral.json" $FULL >"$WORK/spectral-summary.txt"
grep -v '^counts:' "$WORK/spectral-summary.txt" || echo "  OK"
spectral_errors="$(sed -n 's/^counts: errors=\([0-9]*\).*/\1/p' "$WORK/spectral-summary.txt")"
spectral_warnings="$(sed -n 's/^counts: .*warnings=\([0-9]*\).*/\1/p' "$WORK/spectral-summary.txt")"

summary="validator: $validator_errors errors; spectral: $spectral_errors errors, $spectral_warnings warnings"
if [ "$validator_errors" -eq 0 ] && [ "$spectral_status" -eq 0 ]; then
  log "spec-lint: passed ($summary)"
  exit 0
fi
if [ "$REPORT_ONLY" != "0" ]; then
  log "spec-lint: FINDINGS ($summary), not failing: report-only mode (see docs/security.md, "Spec lint exceptions")"
  exit 0
fi
log "spec-lint: FAILED ($summary)"
exit 1
