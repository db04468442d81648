-- wrk script of the dashboard load bench: signs every request in (a cookie for pages, a bearer token for the API,
-- from the SHIFAN_AUTH_HEADER / SHIFAN_AUTH_VALUE environment variables so no secret shows in the process list),
-- counts the answers that are not 200 per thread, and prints one machine-readable summary line.
local name = os.getenv("SHIFAN_AUTH_HEADER")
local value = os.getenv("SHIFAN_AUTH_VALUE")
if name and value and name ~= "" then wrk.headers[name] = value end

-- SHIFAN_PATHS: a comma-separated list of paths asked in turn (every campaign's dashboard), instead of the URL's one.
local paths = {}
local list = os.getenv("SHIFAN_PATHS")
if list and list ~= "" then
   for p in string.gmatch(list, "[^,]+") do table.insert(paths, p) end
end
local counter = 0
if #paths > 0 then
   request = function()
      counter = counter + 1
      return wrk.format(nil, paths[(counter % #paths) + 1])
   end
end

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   non200 = 0
   first = ""
end

function response(status, headers, body)
   if status ~= 200 then
      non200 = non200 + 1
      if first == "" then first = tostring(status) end
   end
end

function done(summary, latency, requests)
   local bad = 0
   local firstStatus = ""
   for _, t in ipairs(threads) do
      bad = bad + t:get("non200")
      local f = t:get("first")
      if firstStatus == "" and f ~= nil and f ~= "" then firstStatus = f end
   end
   io.write(string.format("RESULT requests=%d non200=%d socket_errors=%d p50=%.1f p95=%.1f p99=%.1f max=%.1f first_bad=%s\n",
      summary.requests, bad, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
      latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000, firstStatus))
end
