-- wrk script of bench/peers/run: POSTs the file named by BODY (when set) as JSON, and prints one
-- machine-readable line at the end: requests, duration and latency percentiles in microseconds,
-- and the errors (socket errors and non-2xx/3xx answers).
local body_file = os.getenv("BODY")
if body_file and body_file ~= "" then
  local file = assert(io.open(body_file, "r"))
  wrk.method = "POST"
  wrk.body = file:read("*a")
  file:close()
  wrk.headers["Content-Type"] = "application/json"
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d p999_us=%d errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency:percentile(99.9),
    e.connect + e.read + e.write + e.timeout + e.status))
end
