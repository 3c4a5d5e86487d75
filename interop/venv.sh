# Sourced by the interop runners: `interop_venv NAME REQUIREMENTS` makes (or reuses) a venv under
# .build-interop/NAME with the pinned requirements, reinstalling only when the file changes, and
# sets $venv to it.
interop_venv() {
    local name=$1 requirements=$2 python=${PYTHON:-python3}
    venv="$(pwd)/.build-interop/$name"
    mkdir -p "$(dirname "$venv")"
    if [ ! -x "$venv/bin/python" ]; then
        if ! "$python" -m venv "$venv" >/dev/null 2>&1; then
            # Debian's python3 ships without ensurepip unless python3-venv is installed.
            rm -rf "$venv"
            "$python" -m venv --without-pip "$venv"
            "$python" -m pip --python "$venv/bin/python" --version >/dev/null 2>&1 \
                || { echo "$name: cannot create a venv; install python3-venv (or pip >= 22.3)" >&2; return 1; }
        fi
    fi
    local stamp="$venv/.requirements.sha256" want
    want=$(sha256sum "$requirements" | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        if [ -x "$venv/bin/pip" ]; then
            "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements"
        else
            "$python" -m pip --python "$venv/bin/python" install -q --disable-pip-version-check -r "$requirements"
        fi
        echo "$want" > "$stamp"
    fi
}
