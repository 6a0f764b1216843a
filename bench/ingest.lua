-- wrk script for bench/webhook_ingest.py: every request is a distinct Docebo delivery.
-- Args: <Authorization header value> <message id prefix>
local counter = 0
local next_thread = 0

function setup(thread)
  thread:set("tid", next_thread)
  next_thread = next_thread + 1
end

function init(args)
  auth = args[1]
  prefix = args[2]
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"message_id":"%s-%d-%d","webhook_id":1,"event":"user.created","payload":{"user_id":%d,"username":"u%d@example.com"}}',
    prefix, tid, counter, counter, counter)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["Authorization"] = auth}, body)
end

function done(summary, latency, requests)
  io.write(string.format(
    'RESULT {"requests":%d,"non2xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.duration, latency:percentile(50), latency:percentile(99)))
end
