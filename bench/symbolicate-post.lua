-- wrk script for bench/symbolicate-load.sh: POST /symbolicate with the request bodies in
-- $WRK_BODIES (one JSON body per line), each connection going round them from its own start.
local bodies = {}
for line in io.lines(os.getenv("WRK_BODIES")) do
  bodies[#bodies + 1] = line
end
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 997)
end

function init(args)
  n = offset or 0
end

function request()
  n = n + 1
  local body = bodies[(n % #bodies) + 1]
  return wrk.format("POST", "/symbolicate", {["Content-Type"] = "application/json"}, body)
end
