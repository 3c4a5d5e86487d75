-- V3 generate as JSON, the gateway's most common request.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("BENCH_KEY")
if key and key ~= "" then wrk.headers["Api-Key"] = key end
wrk.body = '{"prompt":"a lighthouse at dusk, the word Ideogate in neon","rendering_speed":"TURBO","num_images":1,"aspect_ratio":"16x9"}'
