"""Storage speed: one edit (p50/p95, synchronous=FULL), importing 158.400 values vs raw executemany (and vs the same
value and audit rows inserted raw into bieumau's tables), and reading a province's values for consolidation."""

from __future__ import annotations

import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from forms.definitions import build_form
from forms.model import Form
from forms.units import Unit
from storage.database import open_database
from storage.units import save_units
from storage.value_source import DatabaseValueSource
from storage.values import ValueRow, import_values, read_period_values, write_value

COLUMNS = ("th", "kh", "c3", "c4", "c5", "c6")
PERIOD = "2024Q2"
IMPORT_PERIODS = ("2024Q3", "2024Q4", "2025Q1")


def bench_form() -> Form:
    data = {
        "id": "BENCH-01", "version": 1, "title": "Biểu đo tốc độ", "period": "quarter", "levels": ["xa"],
        "columns": [{"id": c, "title": c.upper()} for c in COLUMNS],
        "indicators": [{"id": f"i{n}", "title": f"Chỉ tiêu {n}", "type": "integer", "min": 0} for n in range(120)],
        "rules": [],
    }
    return build_form(data, "bench-01.yaml")


def province() -> list[Unit]:
    units = [Unit("P", "Tỉnh", "tinh")]
    for d in range(10):
        units.append(Unit(f"D{d}", f"Huyện {d}", "huyen", "P"))
        units += [Unit(f"D{d}C{c}", f"Xã {d}.{c}", "xa", f"D{d}") for c in range(22)]
    return units


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _bare_rows(path: Path, rows: list[ValueRow]) -> float:
    """Seconds for the raw library to store the same texts: one executemany into a one-index table."""
    raw = _raw_connection(path)
    raw.execute("CREATE TABLE v (form_id TEXT, unit TEXT, period TEXT, indicator TEXT, column_id TEXT, raw TEXT,"
                " UNIQUE (form_id, unit, period, indicator, column_id))")
    started = time.perf_counter()
    raw.execute("BEGIN")
    raw.executemany("INSERT INTO v VALUES (?, ?, ?, ?, ?, ?)",
                    [("BENCH-01", r.unit, r.period, r.indicator, r.column, r.raw) for r in rows])
    raw.execute("COMMIT")
    seconds = time.perf_counter() - started
    raw.close()
    return seconds


def _raw_connection(path: Path) -> sqlite3.Connection:
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA journal_mode = WAL")
    raw.execute("PRAGMA synchronous = FULL")
    raw.execute("PRAGMA foreign_keys = ON")
    return raw


def _bare_rows_with_audit(path: Path, units: list[Unit], rows: list[ValueRow]) -> float:
    """Seconds to insert the rows an import writes (a value row and an audit row per value, numbers
    already parsed) with bare executemany into bieumau's own tables and indexes: what is left of the
    import once parsing, checks and SQLAlchemy are taken away."""
    open_database(path, user="bench", daily_backup=False).close()
    raw = _raw_connection(path)
    raw.executemany("INSERT INTO units (code, name, level, parent, updated_at) VALUES (?, ?, ?, ?, ?)",
                    [(u.code, u.name, u.level, u.parent, "2026-01-01 00:00:00") for u in units])
    at = "2026-01-01 00:00:00.000001"
    values = [("BENCH-01", r.unit, r.period, r.indicator, r.column, 1, r.raw, r.raw.replace(".", ""), "bench", at, 1)
              for r in rows]
    audits = [("BENCH-01", r.unit, r.period, r.indicator, r.column, "value", "", r.raw, "bench", at, "import:b.csv")
              for r in rows]
    started = time.perf_counter()
    raw.execute("BEGIN")
    raw.executemany("INSERT INTO cell_values (form_id, unit, period, indicator, column_id, form_version, raw, number,"
                    " user_name, changed_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
    raw.executemany("INSERT INTO audit_log (form_id, unit, period, indicator, column_id, kind, old_raw, new_raw,"
                    " user_name, at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", audits)
    raw.execute("COMMIT")
    seconds = time.perf_counter() - started
    raw.close()
    return seconds


def main() -> None:
    form = bench_form()
    units = province()
    communes = [u.code for u in units if u.level == "xa"]
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "bench.sqlite3", user="bench")
        save_units(db, units, user="bench")

        # (a) one edit as the clerk types it: a short transaction with fsync (synchronous=FULL)
        write_value(db, form, communes[0], PERIOD, "i0", "th", "1", user="bench")
        times = []
        for n in range(200):
            started = time.perf_counter()
            write_value(db, form, rng.choice(communes), PERIOD, f"i{rng.randrange(120)}", rng.choice(COLUMNS),
                        f"{n}.{n % 1000:03d}", user="bench")
            times.append(time.perf_counter() - started)
        times.sort()
        p50, p95 = statistics.median(times), times[int(len(times) * 0.95)]
        print(f"một lần sửa ô (synchronous=FULL): p50 {_ms(p50)}, p95 {_ms(p95)}")

        # (b) a province's file: 220 communes × 120 indicators × 6 columns. The disk is shared, so each
        # of three quarters is imported beside the two raw calls on the same rows, and the best of each kept.
        ours, bare, floor = [], [], []
        for n, period in enumerate(IMPORT_PERIODS):
            rows = [ValueRow(u, period, f"i{i}", c, f"{rng.randrange(1, 5000):,}".replace(",", "."))
                    for u in communes for i in range(120) for c in COLUMNS]
            started = time.perf_counter()
            summary = import_values(db, form, rows, user="bench", source="import:bench.csv")
            ours.append(time.perf_counter() - started)
            bare.append(_bare_rows(Path(folder) / f"raw{n}.sqlite3", rows))
            floor.append(_bare_rows_with_audit(Path(folder) / f"floor{n}.sqlite3", units, rows))
        best, bare_best, floor_best = min(ours), min(bare), min(floor)
        print(f"nhập {len(rows):,} giá trị (kiểm tra, số hóa, lịch sử sửa), tốt nhất trong {len(ours)} lần: {best:.2f} s "
              f"({summary.new:,} mới); executemany thô: {bare_best:.2f} s; tỷ lệ {best / bare_best:.1f}×")
        print(f"  cùng các dòng giá trị và dòng lịch sử sửa, executemany thô vào các bảng của bieumau: "
              f"{floor_best:.2f} s ({floor_best / bare_best:.1f}× executemany thô)")

        # (c) consolidation reads every commune of the province
        started = time.perf_counter()
        everything = read_period_values(db, form.id, "2024Q3")
        at_once = time.perf_counter() - started
        source = DatabaseValueSource(db)
        started = time.perf_counter()
        cells = sum(len(source.raw_values(form.id, u, "2024Q3")) for u in communes)
        per_unit = time.perf_counter() - started
        print(f"đọc số liệu cả tỉnh ({len(everything)} xã, {cells:,} ô): một truy vấn {at_once:.2f} s; "
              f"từng đơn vị qua ValueSource {per_unit:.2f} s; tỷ lệ {per_unit / at_once:.1f}×")
        db.close()


if __name__ == "__main__":
    main()
