"""Consolidation of a synthetic province (10 districts, 209 communes, the ten bundled forms, one year
of data in a SQLite file) for one quarter, against a pandas groupby on the same rows in the same run."""

from __future__ import annotations

import random
import resource
import statistics
import tempfile
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from forms.definitions import load_catalogue
from forms.model import Form
from forms.numbers import format_number, parse_value
from forms.periods import Period, periods_of_year
from forms.units import Unit, UnitTree

YEAR = 2024
QUARTER = Period("quarter", YEAR, 2)
DISTRICTS = 10
COMMUNES = 209
REPEAT = 3


def province() -> list[Unit]:
    units = [Unit("P", "Tỉnh Thử Nghiệm", "tinh")]
    for d in range(DISTRICTS):
        units.append(Unit(f"D{d}", f"Huyện {d + 1}", "huyen", "P"))
    for c in range(COMMUNES):
        d = c % DISTRICTS
        units.append(Unit(f"D{d}X{c:03d}", f"Xã {c + 1}", "xa", f"D{d}"))
    return units


def periods_for(form: Form) -> list[Period]:
    if form.period == "nine_months":
        return [Period("nine_months", YEAR)]
    return periods_of_year(form.period, YEAR)


def covering(form: Form) -> Period:
    """The period of the form's kind that the benchmark quarter falls in (June for a monthly form)."""
    for period in periods_for(form):
        if period.start <= QUARTER.end <= period.end:
            return period
    return periods_for(form)[-1]


def _raw(form: Form, ind, column: str, rng: random.Random) -> str | None:
    cell_type, choices = form.cell_type(ind, column)
    if cell_type == "integer":
        return format_number(rng.randrange(0, 3000), 0)
    if cell_type == "decimal":
        return format_number(Decimal(rng.randrange(0, 50000)) / 10, 1)
    if cell_type == "percent":
        return format_number(Decimal(rng.randrange(0, 10000)) / 100, 2)
    if cell_type == "boolean":
        return rng.choice(("Có", "Không"))
    if cell_type == "choice":
        return choices[0] if choices else None
    return "Đang triển khai theo kế hoạch"


def fill(db, catalogue: dict[str, Form], communes: list[str]) -> int:
    """Bulk-insert a year of commune values straight into the table (setup, not what is measured)."""
    from storage.schema import cell_values

    rng = random.Random(9)
    now = datetime.now(UTC)
    total = 0
    with db.session() as session:
        for form in catalogue.values():
            cells = [(ind, c) for ind in form.indicators if not ind.computed for c in form.columns_of(ind)]
            for period in periods_for(form):
                batch = []
                for unit in communes:
                    for ind, column in cells:
                        raw = _raw(form, ind, column, rng)
                        if raw is None:
                            continue
                        cell_type, choices = form.cell_type(ind, column)
                        batch.append({
                            "form_id": form.id, "unit": unit, "period": period.code, "indicator": ind.id,
                            "column_id": column, "form_version": form.version, "raw": raw,
                            "number": parse_value(raw, cell_type, choices).number, "user_name": "bench",
                            "changed_at": now, "version": 1,
                        })
                session.execute(cell_values.insert(), batch)
                total += len(batch)
    return total


def pandas_groupby(db, catalogue: dict[str, Form], codes: list[str]) -> tuple[float, int]:
    """The same rows read by the same query into pandas, then summed per district and per cell."""
    import pandas as pd
    import sqlalchemy as sa

    from storage.schema import cell_values

    started = time.perf_counter()
    rows = 0
    parents = {code: code.split("X")[0] for code in codes}
    with db.engine.connect() as conn:
        for form in catalogue.values():
            query = sa.select(cell_values.c.unit, cell_values.c.indicator, cell_values.c.column_id,
                              cell_values.c.raw, cell_values.c.number).where(
                cell_values.c.form_id == form.id, cell_values.c.period == covering(form).code,
                cell_values.c.raw != "", cell_values.c.unit.in_(codes))
            frame = pd.read_sql(query, conn)
            frame["number"] = pd.to_numeric(frame["number"], errors="coerce")
            frame["district"] = frame["unit"].map(parents)
            by_district = frame.groupby(["district", "indicator", "column_id"])["number"].sum()
            by_district.groupby(level=["indicator", "column_id"]).sum()
            rows += len(frame)
    return time.perf_counter() - started, rows


def main() -> None:
    import sqlalchemy as sa

    from storage.database import open_database
    from storage.schema import cell_values
    from storage.units import save_units
    from workbooks.consolidation import consolidate, units_to_read

    catalogue = load_catalogue()
    units = province()
    tree = UnitTree(units)
    communes = [u.code for u in units if u.level == "xa"]
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "tinh.sqlite3", user="bench", daily_backup=False)
        save_units(db, units, user="bench")
        started = time.perf_counter()
        stored = fill(db, catalogue, communes)
        with db.session(write=False) as session:
            assert session.execute(sa.select(sa.func.count()).select_from(cell_values)).scalar() == stored
        print(f"tỉnh giả lập: {DISTRICTS} huyện, {COMMUNES} xã, {len(catalogue)} biểu, số liệu năm {YEAR}: "
              f"{format_number(stored)} giá trị (nạp trong {time.perf_counter() - started:.1f} s)")

        ours: list[float] = []
        theirs: list[float] = []
        read = 0
        for _ in range(REPEAT):
            started = time.perf_counter()
            results = [consolidate(db, form, "P", covering(form).code, tree, recursive=True)
                       for form in catalogue.values()]
            ours.append(time.perf_counter() - started)
            codes = [c for c in units_to_read(tree, "P", QUARTER, recursive=True) if c in set(communes)]
            elapsed, read = pandas_groupby(db, catalogue, codes)
            theirs.append(elapsed)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        reported = sum(len(r.reported) for r in results)
        ours_best, theirs_best = min(ours), min(theirs)
        print(f"tổng hợp cả tỉnh, {len(catalogue)} biểu, kỳ chứa {QUARTER.name_vi} ({format_number(read)} dòng đọc, "
              f"{reported} lượt huyện tổng hợp từ xã): bieumau {ours_best:.2f} s "
              f"(trung vị {statistics.median(ours):.2f} s); pandas groupby trên cùng truy vấn {theirs_best:.2f} s; "
              f"tỷ lệ {ours_best / theirs_best:.1f}×")
        print(f"bộ nhớ tối đa (RSS) khi đã nạp cả tỉnh: {rss:.0f} MB")
        db.close()


if __name__ == "__main__":
    main()
