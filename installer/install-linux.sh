#!/usr/bin/env bash
# Installs this bieumau bundle for the current user (no root needed); build.sh copies it into the bundle
# as install.sh.
#   ./install.sh              copy to ~/.local/opt/bieumau, add `bieumau` to ~/.local/bin, a menu entry
#                             and the icon; an update replaces the program files only
#   ./install.sh --uninstall  remove them again
# The user's data (~/.local/share/bieumau: database, backups, settings) is never touched.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
prefix=${BIEUMAU_PREFIX:-$HOME/.local}
app="$prefix/opt/bieumau"
bin="$prefix/bin/bieumau"
entry="${XDG_DATA_HOME:-$HOME/.local/share}/applications/bieumau.desktop"
icon="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps/bieumau.png"
data="${XDG_DATA_HOME:-$HOME/.local/share}/bieumau"

refresh_menus() {
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$(dirname "$entry")" || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$(dirname "$(dirname "$(dirname "$icon")")")" || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$app"
  rm -f "$bin" "$entry" "$icon"
  refresh_menus
  echo "Đã gỡ bieumau. Dữ liệu của bạn vẫn được giữ nguyên trong $data (xóa bằng tay nếu không cần nữa)."
  exit 0
fi

if [ "$here" != "$app" ]; then
  mkdir -p "$(dirname "$app")"
  rm -rf "$app.new"
  cp -a "$here" "$app.new"
  rm -rf "$app"
  mv "$app.new" "$app"
fi
mkdir -p "$(dirname "$bin")" "$(dirname "$entry")" "$(dirname "$icon")"
ln -sfn "$app/bieumau" "$bin"
cp "$app/bieumau.png" "$icon"
sed -e "s|^Exec=bieumau|Exec=\"$app/bieumau\"|" -e "s|^TryExec=bieumau|TryExec=$app/bieumau|" \
  "$app/bieumau.desktop" >"$entry"
refresh_menus
echo "Đã cài bieumau $("$app/bieumau" --version | cut -d' ' -f2) vào $app; lệnh: $bin; dữ liệu: $data"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "Lưu ý: thêm $prefix/bin vào PATH để gõ lệnh «bieumau» trong cửa sổ dòng lệnh." ;;
esac
