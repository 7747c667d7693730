#!/usr/bin/env bash
# installer/build.sh OUTDIR — builds the Linux one-folder bundle of bieumau into
#   OUTDIR/bieumau-<version>-linux-<arch>/bieumau   (the version comes from pyproject.toml)
# Sets up .venv like ./dev.sh when it is missing, and installs PyInstaller into it when absent.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "Cách dùng: installer/build.sh THƯ_MỤC_ĐÍCH" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
cd "$root"

py=.venv/bin/python
if [ ! -x "$py" ]; then
  echo "Tạo môi trường .venv…" >&2
  "${PYTHON:-python3}" -m venv .venv
  "$py" -m pip install -q --upgrade pip
  "$py" -m pip install -q -e .
fi
if ! "$py" -c "import PyInstaller" 2>/dev/null; then
  echo "Cài PyInstaller vào .venv…" >&2
  "$py" -m pip install -q "pyinstaller>=6.10"
fi

version=$("$py" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
name="bieumau-${version}-linux-$(uname -m)"
target="$out/$name"

work=$(mktemp -d "${TMPDIR:-/tmp}/bieumau-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
started=$(date +%s)
echo "Đóng gói bieumau $version…" >&2
if ! "$py" -m PyInstaller --noconfirm --log-level WARN --distpath "$work/dist" --workpath "$work/build" \
     installer/bieumau.spec >"$work/pyinstaller.log" 2>&1; then
  tail -40 "$work/pyinstaller.log" >&2
  echo "Đóng gói thất bại (nhật ký PyInstaller ở trên)." >&2
  exit 1
fi

rm -rf "$target"
mv "$work/dist/bieumau" "$target"
cp installer/bieumau.desktop resources/icons/bieumau.png "$target/"
cp installer/install-linux.sh "$target/install.sh"

size=$(du -sh "$target" | cut -f1)
echo "Bản đóng gói: $target/bieumau"
echo "Dung lượng: $size ($(du -sb "$target" | cut -f1) byte), thời gian: $(( $(date +%s) - started )) giây"
