-- wrk script for bench/run.sh: POSTs GraphQL requests, cycling through the request
-- bodies (one JSON document a line) in the file named by $WRK_BODIES. Each wrk thread
-- starts at a different line.
local bodies = {}
for line in io.lines(os.getenv("WRK_BODIES")) do
  if #line > 0 then
    bodies[#bodies + 1] = line
  end
end
local headers = { ["Content-Type"] = "application/json" }
local threads = 0
local i = 0

function setup(thread)
  thread:set("start", threads)
  threads = threads + 1
end

function init(args)
  i = (tonumber(start) or 0) * 37
end

function request()
  i = i % #bodies + 1
  return wrk.format("POST", nil, headers, bodies[i])
end
