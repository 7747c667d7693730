#!/usr/bin/env bash
# Checks the Windows installer script (installer/bieumau.iss) under Wine, on Linux:
#   compiles it with the real Inno Setup compiler, installs it silently per user with both optional tasks,
#   installs a newer version over it, runs the .xlsx context action, uninstalls it, and checks after each
#   step the files, shortcuts, registry entries and that the user's data folder is kept.
#
# The program files are stand-ins (stub.c, compiled with MinGW): this workplace has no Windows Python, so
# the PyInstaller Windows build itself cannot be made here — this checks the installer, not the bundle.
#
#   installer/wine/check.sh [WORKDIR]
#
# Needs: Xvfb when there is no screen, wine with 32-bit support (Inno Setup's compiler and setup are 32-bit programs), the MinGW x86-64
# compiler (gcc-mingw-w64-x86-64-win32), npm (the Inno Setup compiler comes from the npm package
# "innosetup"), and the unofficial Vietnamese.isl: VIETNAMESE_ISL=/path/Vietnamese.isl, or it is
# downloaded from Inno Setup's repository (the pinned tag below).
set -euo pipefail
# Setup builds its (hidden) wizard even when silent, and Wine needs a screen for that.
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null; then
  exec xvfb-run -a "$0" "$@"
fi
cd "$(dirname "$0")/../.."
repo=$PWD

INNO_NPM=${INNO_NPM:-innosetup@6.4.1}
ISL_URL=https://raw.githubusercontent.com/jrsoftware/issrc/is-6_4_1/Files/Languages/Unofficial/Vietnamese.isl
ISL_SHA256=ab4360643e3a0c3973dcc7f46bc6a95150d3f5ffe592e351c7d9f48463055606  # as in build-windows.ps1
APP_ID='{6F1C2B8E-3D4A-4E5F-9A7B-B1E0C0DE2024}_is1'

work=$(realpath -m "${1:-$(mktemp -d /tmp/bieumau-wine.XXXXXX)}")
mkdir -p "$work"
# Wine turns command-line arguments into Windows text through the locale: it must be UTF-8 for «Báo cáo».
export LANG=C.UTF-8 LC_ALL=C.UTF-8
export WINEPREFIX="$work/prefix" WINEARCH=win64 WINEDEBUG=-all HOME="$work/home"
# no Linux menu entries for the Windows shortcuts
export WINEDLLOVERRIDES="winemenubuilder.exe=d;mscoree=d;mshtml=d"
mkdir -p "$HOME"

failures=0
ok() { echo "  ✔ $*"; }
bad() { echo "  ✘ $*"; failures=$((failures + 1)); }
expect() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
step() { echo "== $*"; }
run_wine() { wine "$@"; wineserver -w; }

for tool in wine wineserver x86_64-w64-mingw32-gcc npm; do
  command -v "$tool" >/dev/null || { echo "Thiếu công cụ: $tool" >&2; exit 2; }
done

step "Inno Setup compiler ($INNO_NPM) and Vietnamese.isl"
if [ ! -f "$work/inno/package/bin/ISCC.exe" ]; then
  mkdir -p "$work/inno"
  (cd "$work/inno" && npm pack --silent "$INNO_NPM" >/dev/null && tar xzf innosetup-*.tgz)
fi
iscc="$work/inno/package/bin/ISCC.exe"
isl=${VIETNAMESE_ISL:-$work/Vietnamese.isl}
if [ ! -f "$isl" ]; then
  curl -fsSL -o "$isl" "$ISL_URL" || { echo "Không tải được Vietnamese.isl từ $ISL_URL; đặt VIETNAMESE_ISL=đường/dẫn" >&2; exit 2; }
  echo "$ISL_SHA256  $isl" | sha256sum -c --quiet || { rm -f "$isl"; echo "Vietnamese.isl sai tổng kiểm" >&2; exit 2; }
fi

step "Wine prefix"
[ -d "$WINEPREFIX/drive_c" ] || { wineboot -i >/dev/null 2>&1; wineserver -w; }
local_app=$(winepath -u "$(wine cmd /c 'echo %LOCALAPPDATA%' | tr -d '\r')")
roaming=$(winepath -u "$(wine cmd /c 'echo %APPDATA%' | tr -d '\r')")
temp_dir=$(winepath -u "$(wine cmd /c 'echo %TEMP%' | tr -d '\r')")
desktop="$(dirname "$roaming")/../Desktop"
[ -d "$desktop" ] || desktop="$HOME/Desktop"
app="$local_app/Programs/bieumau"
data="$local_app/bieumau"

step "Stand-in program files"
x86_64-w64-mingw32-gcc -O2 -o "$work/stub.exe" installer/wine/stub.c
for version in 1 2; do
  payload="$work/payload-$version"
  rm -rf "$payload" && mkdir -p "$payload/_internal"
  cp "$work/stub.exe" "$payload/bieumau.exe"
  cp "$work/stub.exe" "$payload/bieumau-cli.exe"
  echo "shared $version" >"$payload/_internal/shared.txt"
done
echo "only in 0.0.1" >"$work/payload-1/_internal/only-in-old.txt"

compile() {  # version payload
  run_wine "$iscc" /Q "/DAppVersion=$1" "/DSourceDir=$(winepath -w "$2")" "/DVietnameseIsl=$(winepath -w "$isl")" \
    "/DProgramsRoot={localappdata}\\Programs" "/O$(winepath -w "$work/out")" "$(winepath -w "$repo/installer/bieumau.iss")"
}

step "Compile 0.0.1 and 0.0.2"
mkdir -p "$work/out"
compile 0.0.1 "$work/payload-1" >"$work/iscc-1.log" 2>&1 || { cat "$work/iscc-1.log"; exit 1; }
compile 0.0.2 "$work/payload-2" >"$work/iscc-2.log" 2>&1 || { cat "$work/iscc-2.log"; exit 1; }
setup1="$work/out/bieumau-0.0.1-windows-x64-setup.exe"
setup2="$work/out/bieumau-0.0.2-windows-x64-setup.exe"
expect "setup file named with the version" "[ -f '$setup1' ] && [ -f '$setup2' ]"
expect "the compiler printed no warning" "! grep -qi warning '$work/iscc-1.log'"

installed_version() {
  wine reg query "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\$APP_ID" /v DisplayVersion 2>/dev/null \
    | tr -d '\r' | awk '/DisplayVersion/ {print $NF}'
}
reg_default() {  # KEY → its default value; reg export writes UTF-16, which keeps Vietnamese intact
  local file="$work/reg-export.reg"
  rm -f "$file"
  wine reg export "$1" "$(winepath -w "$file")" >/dev/null 2>&1 || return 0
  iconv -f UTF-16 -t UTF-8 "$file" | tr -d '\r' | sed -n 's/^@="\(.*\)"$/\1/p' | head -n 1 | sed 's/\\\(.\)/\1/g'
}
xlsx_key='HKCU\Software\Classes\SystemFileAssociations\.xlsx\shell\bieumau'
xlsx_command() { reg_default "$xlsx_key\command"; }

step "Install 0.0.1 for the current user (Vietnamese, desktop icon, .xlsx action)"
expect "setup 0.0.1 exits 0" "run_wine '$setup1' /VERYSILENT /SUPPRESSMSGBOXES /CURRENTUSER /LANG=vi \
  /TASKS=desktopicon,xlsxmenu '/LOG=$(winepath -w "$work/install-1.log")'"
expect "program in %LOCALAPPDATA%\\Programs\\bieumau" "[ -f '$app/bieumau.exe' ] && [ -f '$app/bieumau-cli.exe' ]"
expect "uninstaller present" "[ -f '$app/unins000.exe' ]"
expect "Start-menu shortcut" "[ -f '$roaming/Microsoft/Windows/Start Menu/Programs/bieumau/bieumau.lnk' ]"
expect "Start-menu self-test shortcut" "ls '$roaming/Microsoft/Windows/Start Menu/Programs/bieumau/' | grep -q 'Tự kiểm tra'"
expect "desktop shortcut" "[ -f '$desktop/bieumau.lnk' ]"
expect "registered as version 0.0.1" "[ \"\$(installed_version)\" = 0.0.1 ]"
expect ".xlsx context action registered" "xlsx_command | grep -q 'bieumau.exe'"
expect "context action labelled «Mở bằng bieumau»" "[ \"\$(reg_default '$xlsx_key')\" = 'Mở bằng bieumau' ]"

step "The .xlsx context action starts bieumau with the file"
rm -f "$temp_dir/bieumau-stub.log"
command_line=$(xlsx_command)
# Split the registered command as Windows would ("EXE" "%1", with %1 replaced) and start it.
eval "verb=(${command_line//%1/C:\\Báo cáo\\CQS-01 Yên Dũng.xlsx})"
run_wine "${verb[@]}" || true
expect "bieumau.exe received the workbook path" "grep -q 'CQS-01 Yên Dũng.xlsx' '$temp_dir/bieumau-stub.log'"

step "The user works: a database appears in the data folder"
mkdir -p "$data/backups"
echo "values" >"$data/bieumau.sqlite3"
echo "backup" >"$data/backups/bieumau-2026-11-23.sqlite3"

step "Install 0.0.2 over it"
expect "setup 0.0.2 exits 0" \
  "run_wine '$setup2' /VERYSILENT /SUPPRESSMSGBOXES /CURRENTUSER /LANG=vi '/LOG=$(winepath -w "$work/install-2.log")'"
expect "registered as version 0.0.2" "[ \"\$(installed_version)\" = 0.0.2 ]"
expect "new program files" "grep -q 'shared 2' '$app/_internal/shared.txt'"
expect "old _internal files removed" "[ ! -e '$app/_internal/only-in-old.txt' ]"
expect "database kept" "grep -q values '$data/bieumau.sqlite3'"
expect "backups kept" "[ -f '$data/backups/bieumau-2026-11-23.sqlite3' ]"
expect "tasks chosen before are kept on update" "xlsx_command | grep -q 'bieumau.exe'"

step "Uninstall"
expect "uninstaller exits 0" "run_wine '$app/unins000.exe' /VERYSILENT /SUPPRESSMSGBOXES"
for _ in $(seq 1 30); do [ -e "$app/unins000.exe" ] || break; sleep 1; wineserver -w; done
expect "program folder removed" "[ ! -e '$app/bieumau.exe' ] && [ ! -e '$app/_internal' ]"
expect "Start-menu entries removed" "[ ! -e '$roaming/Microsoft/Windows/Start Menu/Programs/bieumau/bieumau.lnk' ]"
expect "desktop shortcut removed" "[ ! -e '$desktop/bieumau.lnk' ]"
expect ".xlsx context action removed" "[ -z \"\$(xlsx_command)\" ]"
expect "uninstall entry removed" "[ -z \"\$(installed_version)\" ]"
expect "user's database kept after uninstall" "grep -q values '$data/bieumau.sqlite3'"
expect "user's backups kept after uninstall" "[ -f '$data/backups/bieumau-2026-11-23.sqlite3' ]"

step "A fresh install with the default choices, then uninstall"
expect "setup 0.0.2 exits 0" "run_wine '$setup2' /VERYSILENT /SUPPRESSMSGBOXES /CURRENTUSER"
expect "desktop shortcut by default" "[ -f '$desktop/bieumau.lnk' ]"
expect "no .xlsx context action unless asked for" "[ -z \"\$(xlsx_command)\" ]"
expect "uninstaller exits 0" "run_wine '$app/unins000.exe' /VERYSILENT /SUPPRESSMSGBOXES"
for _ in $(seq 1 30); do [ -e "$app/unins000.exe" ] || break; sleep 1; wineserver -w; done
expect "program folder removed" "[ ! -e '$app/bieumau.exe' ]"
expect "user's database still kept" "grep -q values '$data/bieumau.sqlite3'"

echo
if [ "$failures" -eq 0 ]; then
  echo "Bộ cài Windows: mọi kiểm tra đều đạt (Wine $(wine --version), $INNO_NPM). Thư mục: $work"
else
  echo "Bộ cài Windows: $failures kiểm tra không đạt. Thư mục: $work" >&2
  exit 1
fi
