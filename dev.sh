#!/usr/bin/env bash
# One entry point for newcomers and CI: sets up .venv (once per pyproject change), then
#   ./dev.sh app [ARGS…]   starts bieumau on its embedded default (SQLite in the user data folder, demo data)
#   ./dev.sh test          ruff + import-linter + the whole pytest suite (PostgreSQL included)
#   ./dev.sh bench         the benchmarks in bench/, printing ratios against the raw libraries
#   ./dev.sh translations  lupdate desktop/ into resources/translations/bieumau_en.ts, fill it, lrelease the .qm
set -euo pipefail
cd "$(dirname "$0")"

setup() {
  local py=${PYTHON:-python3}
  if [ ! -x .venv/bin/python ]; then
    "$py" -m venv .venv
  fi
  local stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e '.[dev]'
    touch "$stamp"
  fi
}

need_test_tools() {
  # The storage tests start their own PostgreSQL server and the installer tests validate the
  # .desktop entry; install what the machine lacks (CI runs as root with the package registries).
  local missing=()
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
    missing+=(postgresql)
  fi
  command -v desktop-file-validate >/dev/null 2>&1 || missing+=(desktop-file-utils)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ]; then
    echo "Cài đặt cho bộ kiểm thử: ${missing[*]}…" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Thiếu gói: ${missing[*]} (sudo apt-get install ${missing[*]}) rồi chạy lại." >&2
    exit 1
  fi
}

cmd=${1:-app}
shift || true
case "$cmd" in
  app)
    setup
    exec .venv/bin/bieumau "$@"
    ;;
  test)
    setup
    need_test_tools
    export QT_QPA_PLATFORM=offscreen
    .venv/bin/ruff check .
    .venv/bin/lint-imports
    status=0
    .venv/bin/python -m pytest "$@" || status=$?
    if [ "$status" = 5 ]; then
      echo "pytest không chạy bài kiểm thử nào (mã 5): coi là thất bại." >&2
      exit 1
    fi
    exit "$status"
    ;;
  bench)
    setup
    export QT_QPA_PLATFORM=offscreen
    exec .venv/bin/python -m bench "$@"
    ;;
  translations)
    setup
    exec .venv/bin/python -m desktop.i18n_build "$@"
    ;;
  *)
    echo "Cách dùng: ./dev.sh app | test | bench | translations" >&2
    exit 2
    ;;
esac
