-- POST /api/logs/top-set: 20 bodies (weights 80–127.5 kg, 5 reps @ RPE 8) in turn,
-- all for LOAD_EXERCISE_ID on LOAD_TOP_SET_DATE.
-- common.lua sits next to this script (LOAD_LUA_DIR overrides).
local here = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or "."
dofile((os.getenv("LOAD_LUA_DIR") or here) .. "/common.lua")

function init(args)
  local exercise = assert(os.getenv("LOAD_EXERCISE_ID"), "LOAD_EXERCISE_ID is not set")
  local date = assert(os.getenv("LOAD_TOP_SET_DATE"), "LOAD_TOP_SET_DATE is not set")
  -- wrk.format with its own header table would drop wrk.headers (the token).
  wrk.headers["Content-Type"] = "application/json"
  local reqs = {}
  for k = 0, 19 do
    local body = string.format(
      '{"date":"%s","exercise_id":%s,"weight_kg":%.1f,"reps":5,"rpe":8}',
      date, exercise, 80 + 2.5 * k)
    reqs[#reqs + 1] = wrk.format("POST", "/api/logs/top-set", nil, body)
  end
  cycle(reqs)
end
