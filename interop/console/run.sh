#!/usr/bin/env bash
# Runs the console's browser suite (interop/console/test_console.py): a real `ideogate serve` on a
# fresh data directory and a free local port, a redemption code made with the CLI, then pytest
# driving headless Chromium through chromedriver. Screenshots go to test-output/console/.
# Expects `swift build` to have run (scripts/test does); installs Debian's chromium and
# chromium-driver when they are missing and it runs as root (as on CI and a fresh machine).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
bin="$root/.build/debug/ideogate"
[ -x "$bin" ] || { echo "console suite: $bin is missing; run swift build first" >&2; exit 1; }

chromium_bin=$(command -v chromium || command -v chromium-browser || true)
driver_bin=$(command -v chromedriver || true)
if { [ -z "$chromium_bin" ] || [ -z "$driver_bin" ]; } && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "console suite: installing chromium and chromium-driver" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
    chromium_bin=$(command -v chromium || command -v chromium-browser || true)
    driver_bin=$(command -v chromedriver || true)
fi
if [ -z "$chromium_bin" ] || [ -z "$driver_bin" ]; then
    echo "console suite: chromium and chromedriver are needed: apt-get update && apt-get install -y chromium chromium-driver" >&2
    exit 1
fi

# Python: a venv with the pinned requirements, reused while they are unchanged.
. interop/venv.sh
interop_venv console-venv interop/console/requirements.txt

data=$(mktemp -d "${TMPDIR:-/tmp}/ideogate-console.XXXXXX")
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$data"
}
trap cleanup EXIT

port=$("$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
# A fresh data directory: the first start prints the admin token, which the operator test signs in with.
"$bin" serve --host 127.0.0.1 --port "$port" --data-dir "$data" --sandbox-delay-ms 400 >"$data/server.log" 2>&1 &
server_pid=$!
url="http://127.0.0.1:$port"
for _ in $(seq 1 200); do
    if "$venv/bin/python" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1] + '/readyz', timeout=1)" "$url" 2>/dev/null; then
        break
    fi
    kill -0 "$server_pid" 2>/dev/null || { echo "console suite: the server exited:" >&2; cat "$data/server.log" >&2; exit 1; }
    sleep 0.1
done
admin_token=$(grep -o 'adm-[A-Za-z0-9]*' "$data/server.log" | head -n 1)
[ -n "$admin_token" ] || { echo "console suite: no admin token in the first-run banner" >&2; exit 1; }
code=$("$bin" code create --count 1 --amount 5 --memo console-suite --data-dir "$data" 2>/dev/null | grep -o 'IDG-[A-Z0-9-]*' | head -n 1)

mkdir -p test-output/console
status=0
IDEOGATE_CONSOLE_URL="$url" IDEOGATE_ADMIN_TOKEN="$admin_token" IDEOGATE_CODE="$code" \
    CHROMIUM_BIN="$chromium_bin" CHROMEDRIVER_BIN="$driver_bin" SCREENSHOTS="$root/test-output/console" \
    "$venv/bin/python" -m pytest -q -p no:cacheprovider --confcutdir interop/console interop/console/test_console.py "$@" || status=$?
if [ "$status" -eq 5 ]; then echo "console suite: no tests were collected" >&2; status=1; fi
if [ "$status" -ne 0 ]; then echo "--- server log ---" >&2; tail -n 50 "$data/server.log" >&2; fi
exit "$status"
