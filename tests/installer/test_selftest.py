"""``bieumau selftest`` from source: every check passes on a fresh HOME, and a broken install fails in words."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.installer.factories import ROOT, assert_all_steps_passed, pyproject_version


def _selftest(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    # Only HOME (and what the test adds): no display, no locale, no QT_QPA_PLATFORM, like a fresh login.
    return subprocess.run(
        [sys.executable, "-m", "cli", "selftest", *args],
        cwd=tmp_path, env={"HOME": str(home), **env}, capture_output=True, text=True, encoding="utf-8",
        timeout=180,
    )


def test_selftest_from_source_passes_every_check_with_a_fresh_home(tmp_path: Path) -> None:
    result = _selftest(tmp_path, "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert_all_steps_passed(result.stdout)
    assert f"✓ Phiên bản: bieumau {pyproject_version()}" in result.stdout
    assert "Traceback" not in result.stderr
    kept = {p.name for p in (tmp_path / "out").iterdir()}
    assert "cua-so-chinh.png" in kept
    assert any(name.endswith(".xlsx") for name in kept)
    # the user's own data folder receives no database from a self-test
    assert not list((tmp_path / "home").rglob("*.sqlite3"))


def test_selftest_reports_a_broken_data_folder_in_vietnamese_and_exits_1(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    result = _selftest(tmp_path, BIEUMAU_HOME=str(blocker))
    assert result.returncode == 1
    assert "✖ Thư mục dữ liệu người dùng: " in result.stdout
    assert "Tự kiểm tra KHÔNG ĐẠT: 1/10 bước có lỗi." in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_selftest_is_listed_in_the_command_line_help() -> None:
    result = subprocess.run([sys.executable, "-m", "cli", "--help"], cwd=ROOT, capture_output=True,
                            text=True, encoding="utf-8", timeout=60)
    assert "selftest" in result.stdout


def test_a_missing_qt_platform_is_reported_in_words_instead_of_aborting(tmp_path: Path) -> None:
    result = _selftest(tmp_path, QT_QPA_PLATFORM="khong-co")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "✖ Hiển thị cửa sổ chính: thiếu trình cắm nền Qt «khong-co»" in result.stdout
    assert "✓ Nhập lại sổ Excel vào cơ sở dữ liệu mới: " in result.stdout
