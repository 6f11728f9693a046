-- GET /api/days/{date}/plan over LOAD_DATES (sessions stored beforehand by load.sh).
-- common.lua sits next to this script (LOAD_LUA_DIR overrides).
local here = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or "."
dofile((os.getenv("LOAD_LUA_DIR") or here) .. "/common.lua")

function init(args)
  local reqs = {}
  for _, d in ipairs(load_dates()) do
    reqs[#reqs + 1] = wrk.format("GET", "/api/days/" .. d .. "/plan")
  end
  cycle(reqs)
end
