-- wrk script: POST a comment to one of the tickets listed in TICKETS (comma-separated),
-- round robin, with the bearer token in TOKEN. Spreading the writes over many tickets is
-- what concurrent users do; writers to one ticket take turns by design.
local token = os.getenv("TOKEN")
local tickets = {}
for id in string.gmatch(os.getenv("TICKETS"), "[^,]+") do tickets[#tickets + 1] = id end
local n = 0
local thread_offset = 0
local counter = 0

function setup(thread)
  thread:set("thread_offset", counter * 7)
  counter = counter + 1
end

function request()
  n = n + 1
  local id = tickets[((n + thread_offset) % #tickets) + 1]
  return wrk.format("POST", "/api/v1/tickets/" .. id .. "/events",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token},
    '{"type":"comment","body":"Đo tải: ghi chú kiểm tra hiệu năng"}')
end
