#!/usr/bin/env bash
# HTTP load test of gainsly-api on PostgreSQL (or SQLite), with wrk, plus two
# ceiling runs.
#
#   bash scripts/load.sh
#
# Installs wrk (and jq) from apt when missing, builds the release gainsly-api and
# the `ceiling` example, creates a fresh PostgreSQL database (dropped at exit),
# starts the server on it (LLM off, no embedded worker), registers a user,
# creates a program, stores its first LOAD_DAYS sessions, then runs wrk for a
# fixed duration and connection count against, in order:
#
#   ceiling   GET /  of crates/api/examples/ceiling.rs (bare actix-web, same workers)
#   ceiling_db GET /db/{id} of the same example: actix-web plus one single-row
#             query (a user by primary key) through the API's pool, on the
#             load database; the `vs ceiling_db` column is each run's req/s
#             as a share of this one
#   program   GET /api/programs/{id}
#   plan      GET /api/days/{date}/plan   (stored sessions, all LOAD_DAYS dates in turn)
#   top_set   POST /api/logs/top-set      (dated 30 days before the program: outside
#                                          the adapt runs' 14-day recovery window)
#   adapt     POST /api/days/{date}/adapt (blocking, `{}`, no LLM: a full re-plan; the
#                                          training dates in turn, so with more
#                                          connections than dates one date can be
#                                          re-planned by two requests at once)
#
# and prints a markdown table: requests/s, p50/p99 latency, errors (non-2xx +
# socket errors), the server-side mean from /metrics, PostgreSQL transactions
# per request (pg_stat_database), CPU use of the server, its PostgreSQL
# backends and wrk, and the server's RSS (VmHWM per run, reset before each run
# through /proc/<pid>/clear_refs; VmRSS after it); then notes: errors, server
# log warnings per run, the MILP solve times of the adapt run, peak RSS.
#
# Environment (defaults in brackets):
#   LOAD_DURATION [20s]  LOAD_CONNECTIONS [32]  LOAD_THREADS [2]  LOAD_TIMEOUT [30s]
#   LOAD_DAYS [56]       sessions stored before the runs (program: 12 weeks, PPL, 6 days)
#   LOAD_SETTLE [11]     seconds of pause after setup and after each API run (statistics)
#   LOAD_RUNS ["ceiling ceiling_db program plan top_set adapt"]
#   LOAD_BACKEND [postgres]  or sqlite: a fresh SQLite file in the work directory
#                            (the PG columns then read –)
#   LOAD_PG_HOST [127.0.0.1]  LOAD_PG_PORT [5432]  LOAD_PG_USER [postgres]  (trust auth)
#   LOAD_PG_SSLMODE [unset]  the URL's sslmode for the API and ceiling_db alike;
#                            unset is sqlx's default, `prefer`: TLS whenever the
#                            server offers it, loopback included (`disable`
#                            measures a same-host deployment without it)
#   LOAD_SKIP_BUILD [0]  set to 1 to use the binaries already built
#   LOAD_API_BIN         another gainsly-api binary to measure (an older build,
#                        for before/after figures; the ceilings stay this tree's)
#   LOAD_KEEP_LOGS [0]   set to 1 to keep the work directory (server logs, wrk output)
#   RUST_LOG             passed to the server (its default: info)
# Not part of CI: it is a benchmark, and its numbers depend on the machine.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

DURATION=${LOAD_DURATION:-20s}
CONNECTIONS=${LOAD_CONNECTIONS:-32}
THREADS=${LOAD_THREADS:-2}
TIMEOUT=${LOAD_TIMEOUT:-30s}
DAYS=${LOAD_DAYS:-56}
RUNS=${LOAD_RUNS:-ceiling ceiling_db program plan top_set adapt}
BACKEND=${LOAD_BACKEND:-postgres}
case $BACKEND in postgres | sqlite) ;; *) echo "LOAD_BACKEND must be postgres or sqlite" >&2; exit 2 ;; esac
PG_HOST=${LOAD_PG_HOST:-127.0.0.1}
PG_PORT=${LOAD_PG_PORT:-5432}
PG_USER=${LOAD_PG_USER:-postgres}
SETTLE=${LOAD_SETTLE:-11}
DB="gainsly_load_$$"
LUA_DIR="$ROOT/scripts/load"

log() { printf '%s %s\n' "$(date -u +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- tools -------------------------------------------------------------------

install_pkg() { # install_pkg COMMAND PACKAGE
  command -v "$1" >/dev/null && return 0
  command -v apt-get >/dev/null || die "$1 is missing; install the $2 package"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  log "installing $2 (apt)"
  $sudo apt-get install -y "$2" >/dev/null 2>&1 ||
    { $sudo apt-get update >/dev/null && $sudo apt-get install -y "$2" >/dev/null; } ||
    die "cannot install $2"
}
install_pkg wrk wrk
install_pkg jq jq
install_pkg curl curl
for c in createdb dropdb psql pg_isready; do
  command -v "$c" >/dev/null || die "$c is missing (postgresql-client)"
done
pg_isready -q -h "$PG_HOST" -p "$PG_PORT" || die "no PostgreSQL at $PG_HOST:$PG_PORT"

# --- build -------------------------------------------------------------------

if [ "${LOAD_SKIP_BUILD:-0}" != 1 ]; then
  log "building the release gainsly-api and the ceiling example"
  cargo build --release -p gainsly-api --bin gainsly-api --example ceiling
fi
TARGET=$(cargo metadata --format-version 1 --no-deps | jq -r .target_directory)
API_BIN="${LOAD_API_BIN:-$TARGET/release/gainsly-api}"
CEILING_BIN="$TARGET/release/examples/ceiling"
[ -x "$API_BIN" ] || die "$API_BIN is not built"

# --- lifecycle ---------------------------------------------------------------

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gainsly-load.XXXXXX")
SERVER_PID=""
DB_CREATED=0

stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 50); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

CEILING_DB_PID=""
stop_ceiling_db() {
  [ -n "$CEILING_DB_PID" ] || return 0
  kill "$CEILING_DB_PID" 2>/dev/null || true
  wait "$CEILING_DB_PID" 2>/dev/null || true
  CEILING_DB_PID=""
}

cleanup() {
  local rc=$?
  stop_server
  stop_ceiling_db
  if [ "$DB_CREATED" = 1 ]; then
    dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" --if-exists --force "$DB" ||
      log "could not drop database $DB"
  fi
  if [ "${LOAD_KEEP_LOGS:-0}" = 1 ]; then
    log "logs kept in $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local p
  for p in $(seq 18080 18999); do
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  die "no free port in 18080-18999"
}

wait_http() { # wait_http URL LOGFILE
  for _ in $(seq 600); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$2" >&2; die "server exited"; }
    sleep 0.1
  done
  cat "$2" >&2
  die "no answer from $1 within 60 s"
}

# --- measurements --------------------------------------------------------------

CLK_TCK=$(getconf CLK_TCK)
TABLE="$WORK/table.md"
NOTES="$WORK/notes.md"
: >"$NOTES"

kib() { awk -v k="$2" '$1 == k":" { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
# utime + stime of processes, in clock ticks (field 2, the name, has no spaces here).
ticks() {
  local p t=0
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] || continue
    t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$t"
}
pg_pids() {
  [ "$BACKEND" = postgres ] || return 0
  psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -Atc \
    "SELECT pid FROM pg_stat_activity WHERE datname = '$DB'" 2>/dev/null || true
}
# Seconds of CPU (user + sys) of waited-for children, from a `times` dump.
times_cpu() {
  sed -n 2p "$1" | awk '{
    s = 0
    for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); s += a[1] * 60 + a[2] }
    printf "%.3f", s }'
}
# Sum of the _sum and _count series of an HTTP route, or of a whole metric.
metric() { # metric FILE NAME [ROUTE]
  awk -v name="$2" -v route="${3:-}" '
    index($0, name "{") == 1 || $1 == name {
      if (route == "" || index($0, "route=\"" route "\"") > 0) s += $NF
    }
    END { printf "%.6f", s }' "$1"
}
# Committed + rolled back transactions of the load database (each statement
# outside a transaction is one). Busy backends may hold these counters back for
# up to 10 s after going idle (PostgreSQL's PGSTAT_IDLE_INTERVAL), hence the
# LOAD_SETTLE pause after setup and after each run.
pg_xacts() {
  [ "$BACKEND" = postgres ] || { echo 0; return 0; }
  psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -Atc \
    "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '$DB'" 2>/dev/null || echo 0
}
# Cumulative count of a histogram bucket (no other labels).
bucket() { awk -v b="$2{le=\"$3\"}" 'index($0, b " ") == 1 { print $NF }' "$1"; }
# WARN/ERROR lines in a log, colours stripped.
warnings() { sed 's/\x1b\[[0-9;]*m//g' "$1" 2>/dev/null | grep -E ' (WARN|ERROR) ' || true; }
scrape() { curl -fsS "http://$ADDR/metrics" >"$1" 2>/dev/null || : >"$1"; }

printf '| run | requests/s | vs ceiling_db | p50 ms | p99 ms | errors | server mean ms | PG xacts / request | CPU %% of a core: server / PG / wrk | peak RSS MiB (run) | RSS after MiB | load 1m |\n' >"$TABLE"
printf '|---|---|---|---|---|---|---|---|---|---|---|---|\n' >>"$TABLE"

# run_case NAME LUA URL PID [ROUTE]: one wrk run against process PID.
run_case() {
  local name=$1 lua=$2 url=$3 pid=$4 route=${5:-}
  local out="$WORK/wrk-$name.txt" before_metrics="$WORK/m0-$name" after_metrics="$WORK/m1-$name"
  log "run $name: wrk -t$THREADS -c$CONNECTIONS -d$DURATION $url"
  echo 5 >"/proc/$pid/clear_refs" 2>/dev/null || true # reset VmHWM
  local x0=0 w0
  if [ -n "$route" ]; then
    scrape "$before_metrics"
    x0=$(pg_xacts)
  fi
  w0=$(warnings "$LOG" | wc -l)
  local -A pg0=()
  local p srv0
  for p in $(pg_pids); do pg0[$p]=$(ticks "$p"); done
  srv0=$(ticks "$pid")
  # `times` in this shell (not in a subshell): the CPU of waited-for children,
  # which between these two dumps is wrk alone.
  times >"$WORK/times0"
  LOAD_LUA_DIR="$LUA_DIR" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" \
    --timeout "$TIMEOUT" --latency -s "$LUA_DIR/$lua" "$url" >"$out" 2>&1 ||
    { cat "$out" >&2; die "wrk failed ($name)"; }
  times >"$WORK/times1"
  local srv1 pg_ticks=0 hwm rss load
  srv1=$(ticks "$pid")
  # Backends that started during the run count whole; ones that ended are lost
  # (rare: the pool keeps its connections).
  for p in $(pg_pids); do
    pg_ticks=$((pg_ticks + $(ticks "$p") - ${pg0[$p]:-0}))
  done
  hwm=$(kib "$pid" VmHWM)
  rss=$(kib "$pid" VmRSS)
  load=$(cut -d' ' -f1 /proc/loadavg)
  local x1=0 w1
  if [ -n "$route" ]; then
    sleep "$SETTLE"
    scrape "$after_metrics"
    x1=$(pg_xacts)
  fi
  w1=$(warnings "$LOG" | wc -l)
  local result
  result=$(grep '^LOAD_RESULT' "$out") || { cat "$out" >&2; die "no result line ($name)"; }
  # shellcheck disable=SC2086
  eval "local ${result#LOAD_RESULT }"
  # shellcheck disable=SC2154
  local secs errors
  secs=$(awk -v d="$duration_us" 'BEGIN { print d / 1e6 }')
  errors=$((status_errors + socket_errors))
  local server_mean="–" pg_pct="–" xacts="–"
  if [ -n "$route" ]; then
    local s0 s1 c0 c1
    s0=$(metric "$before_metrics" gainsly_http_request_duration_seconds_sum "$route")
    s1=$(metric "$after_metrics" gainsly_http_request_duration_seconds_sum "$route")
    c0=$(metric "$before_metrics" gainsly_http_request_duration_seconds_count "$route")
    c1=$(metric "$after_metrics" gainsly_http_request_duration_seconds_count "$route")
    server_mean=$(awk -v s="$s1" -v t="$s0" -v c="$c1" -v d="$c0" \
      'BEGIN { if (c > d) printf "%.2f", (s - t) / (c - d) * 1000; else print "–" }')
    # Per request the server finished (it finishes more than wrk counts in its window).
    if [ "$BACKEND" = postgres ]; then
      xacts=$(awk -v a="$x1" -v b="$x0" -v c="$c1" -v d="$c0" \
        'BEGIN { if (c > d) printf "%.1f", (a - b) / (c - d); else print "–" }')
      pg_pct=$(awk -v a="$pg_ticks" -v t="$CLK_TCK" -v s="$secs" \
        'BEGIN { printf "%.0f", a / t / s * 100 }')
    fi
  fi
  local rps share="–"
  rps=$(awk -v r="$requests" -v s="$secs" 'BEGIN { printf "%.0f", r / s }')
  if [ "$name" = ceiling_db ]; then CEILING_DB_RPS=$rps; fi
  if [ -n "${CEILING_DB_RPS:-}" ]; then
    share=$(awk -v r="$rps" -v c="$CEILING_DB_RPS" 'BEGIN { if (c > 0) printf "%.0f %%", r / c * 100; else print "–" }')
  fi
  local srv_pct wrk_pct
  srv_pct=$(awk -v a="$srv1" -v b="$srv0" -v t="$CLK_TCK" -v s="$secs" 'BEGIN { printf "%.0f", (a - b) / t / s * 100 }')
  wrk_pct=$(awk -v a="$(times_cpu "$WORK/times1")" -v b="$(times_cpu "$WORK/times0")" -v s="$secs" \
    'BEGIN { printf "%.0f", (a - b) / s * 100 }')
  # shellcheck disable=SC2154
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s / %s / %s | %s | %s | %s |\n' \
    "$name" "$rps" "$share" \
    "$(awk -v u="$p50_us" 'BEGIN { printf "%.2f", u / 1000 }')" \
    "$(awk -v u="$p99_us" 'BEGIN { printf "%.2f", u / 1000 }')" \
    "$errors" "$server_mean" "$xacts" "$srv_pct" "$pg_pct" "$wrk_pct" \
    "$(mib "$hwm")" "$(mib "$rss")" "$load" >>"$TABLE"
  if [ "$errors" -gt 0 ]; then
    echo "- $name: $status_errors non-2xx, $socket_errors socket errors of $requests requests" >>"$NOTES"
  fi
  if [ "$w1" -gt "$w0" ]; then
    echo "- $name: $((w1 - w0)) server log warnings: $(warnings "$LOG" | tail -n +$((w0 + 1)) |
      sed -E 's/^[^ ]+ +//' | cut -c1-120 | sort | uniq -c | sort -rn | head -3 |
      awk '{ n = $1; $1 = ""; printf "%s%s ×%d", (NR > 1 ? "; " : ""), substr($0, 2), n }')" >>"$NOTES"
  fi
  if [ "$name" = adapt ] && [ -n "$route" ]; then
    local n0 n1 t0 t1 a0 a1 b0 b1
    n0=$(metric "$before_metrics" gainsly_solver_seconds_count)
    n1=$(metric "$after_metrics" gainsly_solver_seconds_count)
    t0=$(metric "$before_metrics" gainsly_solver_seconds_sum)
    t1=$(metric "$after_metrics" gainsly_solver_seconds_sum)
    a0=$(bucket "$before_metrics" gainsly_solver_seconds_bucket 0.064)
    a1=$(bucket "$after_metrics" gainsly_solver_seconds_bucket 0.064)
    b0=$(bucket "$before_metrics" gainsly_solver_seconds_bucket 0.128)
    b1=$(bucket "$after_metrics" gainsly_solver_seconds_bucket 0.128)
    awk -v n="$n1" -v m="$n0" -v t="$t1" -v u="$t0" -v a="${a1:-0}" -v b="${a0:-0}" \
      -v c="${b1:-0}" -v d="${b0:-0}" 'BEGIN {
        k = n - m
        if (k > 0) printf "- adapt: %d MILP solves, mean %.1f ms; %.0f%% within 64 ms, %.0f%% over 128 ms (budget: 100 ms of wall time)\n",
          k, (t - u) / k * 1000, (a - b) / k * 100, (k - (c - d)) / k * 100 }' >>"$NOTES"
  fi
}

# --- machine notes -------------------------------------------------------------

{
  echo "- $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git describe --always --dirty 2>/dev/null || echo '? (not a git checkout)')"
  echo "- $(nproc) CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr)"
  if [ "$BACKEND" = postgres ]; then
    echo "- $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), $(psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -Atc 'SHOW server_version' | cut -d' ' -f1 | sed 's/^/PostgreSQL /')"
  else
    echo "- $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), SQLite (a file in the work directory)"
  fi
  echo "- wrk -t$THREADS -c$CONNECTIONS -d$DURATION --timeout $TIMEOUT, server and wrk on the same machine"
  echo "- load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$WORK/machine.md"

# --- ceiling -------------------------------------------------------------------

if [[ " $RUNS " == *" ceiling "* ]]; then
  [ -x "$CEILING_BIN" ] || die "$CEILING_BIN is not built"
  PORT=$(free_port)
  ADDR="127.0.0.1:$PORT"
  LOG="$WORK/ceiling.log"
  "$CEILING_BIN" "$ADDR" >"$LOG" 2>&1 &
  SERVER_PID=$!
  wait_http "http://$ADDR/" "$WORK/ceiling.log"
  run_case ceiling get.lua "http://$ADDR/" "$SERVER_PID"
  stop_server
fi

# --- the API on a fresh database -------------------------------------------------

mkdir -p "$WORK/data"
if [ "$BACKEND" = postgres ]; then
  createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$DB"
  DB_CREATED=1
  DB_URL="postgres://$PG_USER@$PG_HOST:$PG_PORT/$DB${LOAD_PG_SSLMODE:+?sslmode=$LOAD_PG_SSLMODE}"
else
  DB_URL="sqlite://$WORK/data/load.db?mode=rwc"
fi
PORT=$(free_port)
ADDR="127.0.0.1:$PORT"
LOG="$WORK/api.log"
DATABASE_URL="$DB_URL" \
  GAINSLY_BIND="$ADDR" \
  GAINSLY_DATA_DIR="$WORK/data" \
  GAINSLY_JWT_SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n')" \
  GAINSLY_LLM_MODE=off \
  GAINSLY_EMBEDDED_WORKER=false \
  GAINSLY_ACCESS_TOKEN_MINUTES=240 \
  GAINSLY_AUTH_RATE_LIMIT_PER_MINUTE=1000 \
  GAINSLY_ADAPT_RATE_LIMIT_PER_MINUTE=1000000 \
  "$API_BIN" >"$LOG" 2>&1 &
SERVER_PID=$!
wait_http "http://$ADDR/health" "$WORK/api.log"
log "gainsly-api (pid $SERVER_PID) on $ADDR, database $DB_URL"

api() { # api METHOD PATH [BODY]: prints the body; fails on a non-2xx answer
  local args=(-fsS -X "$1" "http://$ADDR$2" -H "authorization: Bearer ${TOKEN:-}")
  [ $# -ge 3 ] && args+=(-H 'content-type: application/json' -d "$3")
  curl "${args[@]}" || die "$1 $2 failed"
}

TOKEN=$(api POST /api/auth/register \
  '{"email":"load@example.com","password":"correct horse battery","name":"Load"}' |
  jq -r .access_token)
START=$(date -u +%F)
PROGRAM_ID=$(api POST /api/programs "{\"name\":\"Load\",
  \"goals\":[{\"goal\":\"hypertrophy\",\"weight\":7},{\"goal\":\"strength\",\"weight\":3}],
  \"split_template\":\"ppl\",\"days_per_week\":6,\"duration_weeks\":12,
  \"session_minutes\":60,\"start_date\":\"$START\"}" | jq -r .id)

log "storing $DAYS sessions from $START"
ALL_DATES=()
TRAINING_DATES=()
t0=$(date +%s%N)
for i in $(seq 0 $((DAYS - 1))); do
  d=$(date -u -d "$START + $i day" +%F)
  kind=$(api GET "/api/days/$d/plan" | jq -r .kind)
  ALL_DATES+=("$d")
  if [ "$kind" = training ]; then TRAINING_DATES+=("$d"); fi
done
t1=$(date +%s%N)
[ "${#TRAINING_DATES[@]}" -gt 0 ] || die "no training day among the first $DAYS"
echo "- setup: $DAYS sessions generated one after another in $(( (t1 - t0) / 1000000 )) ms (${#TRAINING_DATES[@]} training days)" >>"$NOTES"

# A barbell squat-pattern exercise tracked by weight and reps, for the top sets.
EXERCISE_ID=$(api GET '/api/exercises?pattern=squat&equipment=barbell&limit=50' |
  jq -r '[.[] | select(.tracking == "weight_reps")][0].id // empty')
[ -n "$EXERCISE_ID" ] || EXERCISE_ID=$(api GET '/api/exercises?limit=200' |
  jq -r '[.[] | select(.tracking == "weight_reps")][0].id')

export LOAD_TOKEN="$TOKEN" LOAD_EXERCISE_ID="$EXERCISE_ID"
export LOAD_TOP_SET_DATE
LOAD_TOP_SET_DATE=$(date -u -d "$START - 30 day" +%F)
echo "- server RSS after setup: $(mib "$(kib "$SERVER_PID" VmRSS)") MiB (VmHWM $(mib "$(kib "$SERVER_PID" VmHWM)") MiB)" >>"$NOTES"
PEAK=$(kib "$SERVER_PID" VmHWM)
sleep "$SETTLE" # let the setup's statistics reach pg_stat_database

for run in $RUNS; do
  case $run in
    ceiling) continue ;;
    ceiling_db)
      [ -x "$CEILING_BIN" ] || die "$CEILING_BIN is not built"
      CEILING_PORT=$(free_port)
      USER_ID=$(api GET /api/auth/me | jq -r .id)
      CEILING_DATABASE_URL="$DB_URL" "$CEILING_BIN" "127.0.0.1:$CEILING_PORT" >"$WORK/ceiling_db.log" 2>&1 &
      CEILING_DB_PID=$!
      for _ in $(seq 600); do
        curl -fsS -o /dev/null "http://127.0.0.1:$CEILING_PORT/db/$USER_ID" 2>/dev/null && break
        kill -0 "$CEILING_DB_PID" 2>/dev/null || { cat "$WORK/ceiling_db.log" >&2; die "ceiling exited"; }
        sleep 0.1
      done
      run_case ceiling_db get.lua "http://127.0.0.1:$CEILING_PORT/db/$USER_ID" "$CEILING_DB_PID"
      stop_ceiling_db
      continue ;;
    program)
      run_case program get.lua "http://$ADDR/api/programs/$PROGRAM_ID" "$SERVER_PID" \
        '/api/programs/{program_id}' ;;
    plan)
      export LOAD_DATES
      LOAD_DATES=$(IFS=,; echo "${ALL_DATES[*]}")
      run_case plan plan.lua "http://$ADDR/" "$SERVER_PID" '/api/days/{date}/plan' ;;
    top_set)
      run_case top_set top_set.lua "http://$ADDR/" "$SERVER_PID" '/api/logs/top-set' ;;
    adapt)
      export LOAD_DATES
      LOAD_DATES=$(IFS=,; echo "${TRAINING_DATES[*]}")
      run_case adapt adapt.lua "http://$ADDR/" "$SERVER_PID" '/api/days/{date}/adapt' ;;
    *) die "unknown run $run (LOAD_RUNS)" ;;
  esac
  h=$(kib "$SERVER_PID" VmHWM)
  if [ "$h" -gt "$PEAK" ]; then PEAK=$h; fi
done
echo "- server peak RSS over setup and all runs: $(mib "$PEAK") MiB; RSS at the end: $(mib "$(kib "$SERVER_PID" VmRSS)") MiB" >>"$NOTES"
echo "- load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$NOTES"

echo
cat "$WORK/machine.md"
echo
cat "$TABLE"
echo
cat "$NOTES"
