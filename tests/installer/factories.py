"""Shared builders of the installer tests: the lines ``bieumau selftest`` must print, the version, and the
data folder a clerk on the previous release leaves behind."""

from __future__ import annotations

import csv
import tomllib
from datetime import UTC, datetime
from pathlib import Path

from forms.definitions import load_catalogue
from forms.numbers import parse_value
from operations.demo import demo_dir
from storage.database import MIGRATIONS, create_engine_for, current_revision, head_revision, upgrade

ROOT = Path(__file__).resolve().parents[2]

# One line per selftest step: what a clerk's IT helper would read after installing.
EXPECTED_LINES = (
    "✓ Phiên bản: bieumau ",
    "✓ Thư mục dữ liệu người dùng: ",
    "✓ Định dạng số kiểu Việt Nam: 1242,5 → «1.242,5»",
    "✓ Nạp danh mục biểu mẫu: 13 biểu mẫu",
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


FORM, UNIT, PERIOD = "VT-01", "24-STTTT", "2024Q2"


def first_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    base = ScriptDirectory.from_config(config).get_base()
    assert base is not None
    return base


def demo_cells() -> dict[tuple[str, str], str]:
    with (demo_dir() / "values" / "vt-01.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {(r["indicator"], r["column"]): r["value"] for r in csv.DictReader(handle)
                if r["unit"] == UNIT and r["period"] == PERIOD}


def build_old_home(home: Path) -> Path:
    """The data folder of a clerk on the previous release: units and figures in the first schema."""
    path = home / "bieumau.sqlite3"
    engine = create_engine_for(path)
    upgrade(engine, first_revision())
    form = load_catalogue()[FORM]
    now = datetime.now(UTC).replace(tzinfo=None)
    with (demo_dir() / "units.csv").open(encoding="utf-8-sig", newline="") as handle:
        units = list(csv.DictReader(handle))
    # Written as the old release wrote them: plain rows of the first revision's tables.
    with engine.begin() as conn:
        for u in units:
            conn.exec_driver_sql(
                "INSERT INTO units (code, name, level, parent, valid_from, valid_to, merged_into, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (u["code"], u["name"], u["level"], u["parent"] or None, u["valid_from"] or None,
                 u["valid_to"] or None, u["merged_into"] or None, now))
        for (indicator, column), raw in demo_cells().items():
            cell_type, choices = form.cell_type(form.indicator(indicator), column)
            number = parse_value(raw, cell_type, choices).number
            conn.exec_driver_sql(
                "INSERT INTO cell_values (form_id, unit, period, indicator, column_id, form_version, raw, number,"
                " user_name, changed_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'lan', ?, 1)",
                (FORM, UNIT, PERIOD, indicator, column, form.version, raw,
                 None if number is None else str(number), now))
    engine.dispose()
    assert current_revision(create_engine_for(path)) == first_revision() != head_revision()
    return home
