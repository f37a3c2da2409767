-- One tracked event per request (the original README's event shape), keep-alive.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"event_type":"document_processed","event_data":{"device_type":"GaN-HEMT","processing_time_ms":1500,"file_size_mb":2.5},"service_name":"pdf-service","user_id":"u-42"}'

-- One parseable line: rate (answered requests/s), latency in ms, non-2xx and socket errors.
function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local socket = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    "RESULT requests=%d rate=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status, socket))
end
