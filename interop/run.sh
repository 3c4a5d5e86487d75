#!/usr/bin/env bash
# Runs the interop suite (interop/test_*.py) against a real `ideogate serve`: a fresh data
# directory, an account with credit and a key made with the CLI, the server on a free local
# port, then pytest with IDEOGATE_URL and IDEOGATE_KEY. Exits with pytest's status; "no tests
# collected" (5) counts as a failure. Expects `swift build` to have run (scripts/test does).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# IDEOGATE_BIN runs the suite against another build, e.g. a release binary.
bin="${IDEOGATE_BIN:-$root/.build/debug/ideogate}"
[ -x "$bin" ] || { echo "interop: $bin is missing; run swift build first" >&2; exit 1; }

# Python: a venv with the pinned requirements, reused while they are unchanged.
. interop/venv.sh
interop_venv venv interop/requirements.txt

data=$(mktemp -d "${TMPDIR:-/tmp}/ideogate-interop.XXXXXX")
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$data"
}
trap cleanup EXIT

account=$("$bin" account create --name interop --credit 50 --data-dir "$data" | tail -n 1)
key=$("$bin" key create --account "$account" --data-dir "$data" | tail -n 1)
port=$("$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
# Private webhooks allowed: test_webhooks.py receives a real webhook on 127.0.0.1.
"$bin" serve --host 127.0.0.1 --port "$port" --data-dir "$data" --log-level warning --allow-private-webhooks >"$data/server.log" 2>&1 &
server_pid=$!
url="http://127.0.0.1:$port"
for _ in $(seq 1 200); do
    if "$venv/bin/python" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1] + '/readyz', timeout=1)" "$url" 2>/dev/null; then
        break
    fi
    kill -0 "$server_pid" 2>/dev/null || { echo "interop: the server exited:" >&2; cat "$data/server.log" >&2; exit 1; }
    sleep 0.1
done

status=0
IDEOGATE_URL="$url" IDEOGATE_KEY="$key" "$venv/bin/python" -m pytest -q -p no:cacheprovider --ignore=interop/console interop "$@" || status=$?
if [ "$status" -eq 5 ]; then echo "interop: no tests were collected" >&2; status=1; fi
if [ "$status" -ne 0 ]; then echo "--- server log ---" >&2; tail -n 50 "$data/server.log" >&2; fi
exit "$status"
