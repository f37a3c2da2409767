-- GET /health, keep-alive: the daemon's request rate with no work behind it (the ceiling that
-- single-event ingest is compared with in the same run). The RESULT line is single.lua's.
dofile("scripts/bench/single.lua")
wrk.method = "GET"
wrk.body = nil
wrk.headers["Content-Type"] = nil
