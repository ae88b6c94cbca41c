-- wrk script: GET one of the tickets listed in TICKETS, round robin, with TOKEN.
local token = os.getenv("TOKEN")
local tickets = {}
for id in string.gmatch(os.getenv("TICKETS"), "[^,]+") do tickets[#tickets + 1] = id end
local n = 0

function request()
  n = n + 1
  return wrk.format("GET", "/api/v1/tickets/" .. tickets[(n % #tickets) + 1],
    {["Authorization"] = "Bearer " .. token})
end
