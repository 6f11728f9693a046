-- POST /api/days/{date}/adapt (blocking, no signals: a full re-plan) over the
-- training dates in LOAD_DATES, in turn; a date is re-planned again on each pass.
-- common.lua sits next to this script (LOAD_LUA_DIR overrides).
local here = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or "."
dofile((os.getenv("LOAD_LUA_DIR") or here) .. "/common.lua")

function init(args)
  -- wrk.format with its own header table would drop wrk.headers (the token).
  wrk.headers["Content-Type"] = "application/json"
  local reqs = {}
  for _, d in ipairs(load_dates()) do
    reqs[#reqs + 1] = wrk.format("POST", "/api/days/" .. d .. "/adapt", nil, "{}")
  end
  cycle(reqs)
end
