-- GET the URL given to wrk (authenticated when LOAD_TOKEN is set).
-- common.lua sits next to this script (LOAD_LUA_DIR overrides).
local here = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or "."
dofile((os.getenv("LOAD_LUA_DIR") or here) .. "/common.lua")
