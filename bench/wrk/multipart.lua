-- V3 generate as multipart with a 1 MB style reference image (BENCH_IMAGE).
local boundary = "----ideogate-bench-7MA4YWxkTrZu0gW"
local f = assert(io.open(os.getenv("BENCH_IMAGE"), "rb"))
local image = f:read("*a")
f:close()
local parts = {
  "--" .. boundary .. '\r\nContent-Disposition: form-data; name="prompt"\r\n\r\na lighthouse at dusk\r\n',
  "--" .. boundary .. '\r\nContent-Disposition: form-data; name="rendering_speed"\r\n\r\nTURBO\r\n',
  "--" .. boundary .. '\r\nContent-Disposition: form-data; name="style_reference_images"; filename="ref.png"\r\nContent-Type: image/png\r\n\r\n' .. image .. "\r\n",
  "--" .. boundary .. "--\r\n",
}
wrk.method = "POST"
wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
local key = os.getenv("BENCH_KEY")
if key and key ~= "" then wrk.headers["Api-Key"] = key end
wrk.body = table.concat(parts)
