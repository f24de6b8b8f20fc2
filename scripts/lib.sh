# Shared by scripts/start and scripts/test.
VENV="${GPMB_VENV:-$PWD/.venv}"
PIP="$VENV/bin/pip"

step() { printf '\n==> %s\n' "$*"; }

ensure_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    local python="${PYTHON:-python3}"
    if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "GPMB needs Python >= 3.11 ($python is older or missing)." >&2
      exit 1
    fi
    step "Tạo môi trường ảo / creating $VENV"
    "$python" -m venv "$VENV" || {
      echo "python3 -m venv failed: on Debian, install the package python3-venv." >&2
      exit 1
    }
  fi
}

# Front-end libraries (Leaflet) come from the npm registry, pinned by package-lock.json,
# and are served from node_modules: no CDN, nothing vendored.
ensure_frontend() {
  if [ ! -d node_modules/leaflet ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    if ! command -v npm >/dev/null 2>&1; then
      echo "GPMB's map needs Node.js and npm (Debian: apt-get install nodejs npm)." >&2
      exit 1
    fi
    step "Thư viện giao diện / installing front-end libraries (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}
