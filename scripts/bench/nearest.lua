-- wrk script: GET /api/v1/clinics/nearest?limit=10 at each of the 10,000 fixed points in turn (points.tsv).
local points = {}
local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
for line in io.lines(here .. "points.tsv") do
  local lat, lon = line:match("^([%d%.]+)\t([%d%.]+)$")
  if lat then points[#points + 1] = { lat, lon } end
end
local i = 0
request = function()
  i = i % #points + 1
  return wrk.format("GET", "/api/v1/clinics/nearest?lat=" .. points[i][1] .. "&lon=" .. points[i][2] .. "&limit=10")
end
