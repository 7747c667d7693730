"""A writer for the kill tests: writes values in a loop and prints each one only after its commit.

``single DB FORM.json START``: one cell per transaction, cell ``i`` gets the text ``str(i)``.
``batch DB FORM.json START``: one import of every cell of the batch region per transaction, all "b<k>".
"""

from __future__ import annotations

import json
import os
import sys

UNITS = ("H1", "H2", "X11", "X12", "X21", "T")
CELLS = (("bts", "th"), ("bts", "kh"), ("bts_4g", "th"), ("cap", "th"), ("cap", "kh"), ("ty_le", "th"),
         ("ghi_chu", "th"))
SINGLE_YEARS = range(1900, 2100)
BATCH_YEARS = range(1800, 1812)


def single_cell(i: int) -> tuple[str, str, str, str]:
    cell = CELLS[i % len(CELLS)]
    i //= len(CELLS)
    unit = UNITS[i % len(UNITS)]
    i //= len(UNITS)
    year = SINGLE_YEARS[(i // 4) % len(SINGLE_YEARS)]
    return unit, f"{year}Q{i % 4 + 1}", cell[0], cell[1]


def batch_cells() -> list[tuple[str, str, str, str]]:
    return [(u, f"{y}Q{q}", ind, col) for u in UNITS for y in BATCH_YEARS for q in (1, 2, 3, 4) for ind, col in CELLS]


def main(argv: list[str], out: int = 1) -> None:
    from forms.definitions import build_form
    from storage.database import open_database
    from storage.values import ValueRow, import_values, write_value

    mode, path, form_file, start = argv[0], argv[1], argv[2], int(argv[3])
    with open(form_file, encoding="utf-8") as stream:
        form = build_form(json.load(stream), os.path.basename(form_file))
    db = open_database(path, user="ghi", daily_backup=False)
    os.write(out, b"READY\n")
    n = start
    while True:
        if mode == "single":
            unit, period, ind, col = single_cell(n)
            write_value(db, form, unit, period, ind, col, str(n), user="ghi", source="api")
            os.write(out, f"OK {n}\n".encode())
        else:
            rows = [ValueRow(u, p, i, c, f"b{n}") for u, p, i, c in batch_cells()]
            import_values(db, form, rows, user="ghi", source=f"import:lo-{n}.csv")
            os.write(out, f"BATCH {n}\n".encode())
        n += 1


if __name__ == "__main__":
    main(sys.argv[1:], sys.stdout.fileno())
