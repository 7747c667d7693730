"""Workbook speed: exporting 158.000 numeric cells against xlsxwriter writing the same cells raw, and
reading one submission and 200 submissions against python-calamine reading the same files raw."""

from __future__ import annotations

import gc
import random
import tempfile
import time
from pathlib import Path

from forms.definitions import build_form, resolve_form
from forms.model import Form
from forms.periods import parse_period
from workbooks import SheetContext, read_workbook, write_submission

COLUMNS = 20
ROWS = 7900  # 7.900 × 20 = 158.000 cells
FILES = 200
# best of several runs: a single run on a shared machine measures the neighbours as much as the code
EXPORT_REPEAT = 2
READ_REPEAT = 3


def big_form() -> Form:
    indicators = []
    for n in range(ROWS):
        item = {"id": f"i{n}", "title": f"Chỉ tiêu số {n} của biểu đo tốc độ", "unit": "đơn vị",
                "type": "integer" if n % 4 else "decimal", "min": 0, "section": f"Phần {n // 500 + 1}"}
        if n % 4 == 0:
            item["decimals"] = 1
        indicators.append(item)
    data = {
        "id": "BENCH-WB", "version": 1, "title": "Biểu đo tốc độ sổ Excel", "period": "quarter", "levels": ["xa"],
        "columns": [{"id": f"c{i}", "title": f"Cột {i}"} for i in range(COLUMNS)],
        "indicators": indicators,
    }
    return build_form(data, "bench-wb.yaml")


def context(form: Form) -> SheetContext:
    return SheetContext(form, "24-STTTT", "Sở Thông tin và Truyền thông tỉnh Bắc Giang", "UBND tỉnh Bắc Giang",
                        "Bắc Giang", parse_period("2024Q2"), "bench")


def big_values(form: Form) -> dict[tuple[str, str], str]:
    rng = random.Random(8)
    values = {}
    for ind in form.indicators:
        for col in form.column_ids:
            number = rng.randint(0, 2_000_000)
            if ind.type == "decimal":
                values[(ind.id, col)] = f"{number // 10},{number % 10}"
            elif number % 3 == 0:  # a third typed with thousands dots, as clerks do
                values[(ind.id, col)] = f"{number:,}".replace(",", ".")
            else:
                values[(ind.id, col)] = str(number)
    return values


def raw_xlsxwriter(form: Form, values: dict[tuple[str, str], str], path: Path) -> None:
    import xlsxwriter

    from forms.numbers import parse_value

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for row, ind in enumerate(form.indicators):
        for col, column in enumerate(form.column_ids):
            sheet.write_number(row, col, float(parse_value(values[(ind.id, column)], ind.type).value))
    book.close()


def raw_calamine(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_index(0).to_python()
    book.close()
    return len(rows)


def timed(action, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()  # a clean heap for every run: none pays for the garbage the one before left behind
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> dict[str, float]:
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        form = big_form()
        values = big_values(form)
        ctx = context(form)
        cells = len(values)

        ours = timed(lambda: write_submission(ctx, values, tmp / "big.xlsx"), EXPORT_REPEAT)
        raw = timed(lambda: raw_xlsxwriter(form, values, tmp / "raw.xlsx"), EXPORT_REPEAT)
        results.update(export_s=ours, export_raw_s=raw, export_ratio=ours / raw)
        print(f"xuất {cells:,} ô: {ours:.2f} s; xlsxwriter thô {raw:.2f} s; tỷ lệ {ours / raw:.1f}×")

        read_ours = timed(lambda: read_workbook(tmp / "big.xlsx"), READ_REPEAT)
        read_raw = timed(lambda: raw_calamine(tmp / "big.xlsx"), READ_REPEAT)
        assert read_workbook(tmp / "big.xlsx").values == values
        results.update(import_one_s=read_ours, import_one_raw_s=read_raw, import_one_ratio=read_ours / read_raw)
        print(f"đọc 1 bản nộp {cells:,} ô: {read_ours:.2f} s; calamine thô {read_raw:.2f} s; "
              f"tỷ lệ {read_ours / read_raw:.1f}×")

        real = resolve_form("VT-01")
        rng = random.Random(200)
        paths = []
        for n in range(FILES):
            small = {(ind.id, col): str(rng.randint(0, 5000)) for ind in real.indicators
                     for col in real.columns_of(ind)}
            paths.append(write_submission(context(real), small, tmp / f"nop-{n:03d}.xlsx"))
        many = timed(lambda: [read_workbook(p) for p in paths], READ_REPEAT)
        many_raw = timed(lambda: [raw_calamine(p) for p in paths], READ_REPEAT)
        results.update(import_many_s=many, import_many_raw_s=many_raw, import_many_ratio=many / many_raw)
        print(f"đọc {FILES} bản nộp VT-01: {many:.2f} s ({many / FILES * 1000:.1f} ms/tệp); calamine thô "
              f"{many_raw:.2f} s; tỷ lệ {many / many_raw:.1f}×")
    return results


if __name__ == "__main__":
    main()
