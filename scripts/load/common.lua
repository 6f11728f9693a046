-- Shared by the scenario scripts of scripts/load.sh (loaded with dofile).
--
-- Environment: LOAD_TOKEN (bearer token, optional), LOAD_DATES (comma-separated
-- YYYY-MM-DD), LOAD_EXERCISE_ID, LOAD_TOP_SET_DATE.
-- Every script ends with one machine-readable line, parsed by load.sh:
--   LOAD_RESULT requests=… duration_us=… p50_us=… p99_us=… mean_us=… max_us=…
--               status_errors=… socket_errors=…
-- status_errors are non-2xx/3xx answers; socket_errors are connect, read,
-- write and timeout errors (wrk records no latency for those).

local token = os.getenv("LOAD_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

-- The load.sh dates, as a Lua list.
function load_dates()
  local dates = {}
  for d in string.gmatch(os.getenv("LOAD_DATES") or "", "[^,]+") do
    dates[#dates + 1] = d
  end
  assert(#dates > 0, "LOAD_DATES is empty")
  return dates
end

-- Thread numbers, so that each thread starts at a different place in a
-- request list (set in the main state, read as the global `tid` in threads).
local next_tid = 0
function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
end

-- Cycles through pre-formatted requests (wrk.format once per request, in init).
function cycle(reqs)
  local i = (tid or 0) * math.floor(#reqs / 2)
  request = function()
    i = i % #reqs + 1
    return reqs[i]
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "LOAD_RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d mean_us=%d max_us=%d status_errors=%d socket_errors=%d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), latency.mean, latency.max,
    e.status, e.connect + e.read + e.write + e.timeout))
end
