-- Walks the pages of the 10,317-task policy by offset, 100 tasks a page, so the load is not one
-- cached answer. `path` is set from the command line: wrk ... -s bench/wrk-pages.lua URL -- PATH
local counter = 0
local path
function init(args)
  path = args[1]
end
function request()
  counter = counter + 1
  return wrk.format("GET", path .. "&offset=" .. ((counter * 100) % 10300))
end
