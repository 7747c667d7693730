"""Shared helpers for the installer tests: the lines ``bieumau selftest`` must print, a clean environment."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# One line per selftest step: what a clerk's IT helper would read after installing.
EXPECTED_LINES = (
    "✓ Phiên bản: bieumau ",
    "✓ Thư mục dữ liệu người dùng: ",
    "✓ Định dạng số kiểu Việt Nam: 1242,5 → «1.242,5»",
    "✓ Nạp danh mục biểu mẫu: 10 biểu mẫu",
    "✓ Tạo cơ sở dữ liệu mới: SQLite",
    "✓ Nạp dữ liệu mẫu: ",
    "✓ Kiểm tra số liệu: ",
    "✓ Xuất sổ Excel nộp lên: ",
    "✓ Nhập lại sổ Excel vào cơ sở dữ liệu mới: ",
    "✓ Hiển thị cửa sổ chính: ",
    "Tự kiểm tra đạt: 10/10 bước.",
)


def pyproject_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def assert_all_steps_passed(stdout: str) -> None:
    lines = stdout.splitlines()
    for expected in EXPECTED_LINES:
        assert any(line.startswith(expected) for line in lines), f"missing «{expected}» in:\n{stdout}"
    assert not any(line.startswith("✖") for line in lines), stdout
