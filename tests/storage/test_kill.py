"""A writer killed with SIGKILL at random moments: the database always opens, is intact, and keeps every
value the writer reported committed; an import is never half-applied. A full disk refuses cleanly."""

from __future__ import annotations

import itertools
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from forms.errors import BieumauError
from storage.database import open_database
from storage.forms import register_form
from storage.schema import cell_values
from storage.units import save_units
from storage.values import ValueRow, import_values, write_value
from tests.storage import writer_process
from tests.storage.conftest import FORM_DATA, UNITS, make_form

KILLS = 200
SCRIPT_LAUNCHES = 12  # launched as a script like any program; the rest are forked to save start-up time


def _launch_script(args: list[str]) -> tuple[int, object]:
    proc = subprocess.Popen([sys.executable, str(Path(writer_process.__file__)), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return proc.pid, proc


def _launch_fork(args: list[str]) -> tuple[int, int]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: write until killed
        os.close(read_end)
        try:
            writer_process.main(args, write_end)
        except BaseException as exc:
            os.write(2, f"writer failed: {exc!r}\n".encode())
        finally:
            os._exit(1)
    os.close(write_end)
    return pid, read_end


def _read_all(fd: int) -> str:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode()


def _cells(path: Path) -> dict[tuple[str, str, str, str], str]:
    db = open_database(path, user="kiemthu", daily_backup=False)
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            rows = conn.execute(sa.select(cell_values.c.unit, cell_values.c.period, cell_values.c.indicator,
                                          cell_values.c.column_id, cell_values.c.raw))
            return {(u, p, i, c): raw for u, p, i, c, raw in rows}
    finally:
        db.close()


@pytest.mark.slow
def test_a_writer_killed_200_times_loses_nothing_it_reported_and_never_half_imports(tmp_path: Path) -> None:
    path = tmp_path / "bieumau.sqlite3"
    db = open_database(path, user="kiemthu")
    save_units(db, UNITS, user="kiemthu")
    register_form(db, make_form())
    db.close()
    form_file = tmp_path / "kt-01.json"
    form_file.write_text(json.dumps(FORM_DATA, ensure_ascii=False), encoding="utf-8")
    region = set(writer_process.batch_cells())
    rng = random.Random(5)
    reported: set[int] = set()
    next_single, next_batch, batch_value, batches_reported = 0, 1, None, 0
    for launch in itertools.count():
        # on a loaded machine a writer gets less done before its kill: go on until enough was reported
        if launch >= KILLS and ((len(reported) > 200 and batches_reported > 10) or launch >= 2 * KILLS):
            break
        mode = "single" if launch % 2 == 0 else "batch"
        start = next_single if mode == "single" else next_batch
        args = [mode, str(path), str(form_file), str(start)]
        if launch < SCRIPT_LAUNCHES:
            pid, proc = _launch_script(args)
            time.sleep(rng.uniform(0.3, 1.5))
        else:
            pid, fd = _launch_fork(args)
            time.sleep(rng.uniform(0.0, 0.4))
        os.kill(pid, signal.SIGKILL)
        if launch < SCRIPT_LAUNCHES:
            out = proc.communicate()[0].decode()  # type: ignore[attr-defined]
        else:
            os.waitpid(pid, 0)
            out = _read_all(fd)
        numbers = [int(line.split()[1]) for line in out.splitlines() if line.startswith(("OK ", "BATCH "))]

        stored = _cells(path)  # opens every time, integrity ok
        if mode == "single":
            reported.update(numbers)
            for n in reported:
                assert stored.get(writer_process.single_cell(n)) == str(n), f"giá trị {n} đã báo ghi nhưng mất"
            next_single = max(reported, default=-1) + 1
        else:
            in_region = [stored[cell] for cell in region if cell in stored]
            assert len(in_region) in (0, len(region)), "một lô nhập bị ghi dở dang"
            distinct = set(in_region)
            assert len(distinct) <= 1, f"lô nhập bị trộn: {sorted(distinct)[:5]}"
            value = distinct.pop() if distinct else None
            if numbers:
                batches_reported += len(numbers)
                assert value in (f"b{numbers[-1]}", f"b{numbers[-1] + 1}")
            else:
                assert value in (batch_value, f"b{start}")
            batch_value = value
            next_batch = max([*numbers, start]) + 2
    assert len(reported) > 200 and batches_reported > 10, (len(reported), batches_reported)


def test_a_full_disk_during_an_import_is_refused_in_vietnamese_and_nothing_is_half_written(tmp_path: Path) -> None:
    form = make_form()
    db = open_database(tmp_path / "day.sqlite3", user="kiemthu")
    save_units(db, UNITS, user="kiemthu")
    write_value(db, form, "H1", "2024Q2", "bts", "th", "1", user="kiemthu")
    with db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    db.engine.dispose()

    @sa.event.listens_for(db.engine, "connect")
    def _small_disk(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 8}")

    rows = [ValueRow(u.code, f"{y}Q{q}", "ghi_chu", "th", "Nội dung khá dài " * 20)
            for u in UNITS for y in range(2000, 2030) for q in (1, 2, 3, 4)]
    with pytest.raises(BieumauError) as refused:
        import_values(db, form, rows, user="kiemthu", source="import:lon.csv")
    assert "Ổ đĩa đã đầy" in refused.value.message
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM cell_values").scalar() == 1
        assert conn.exec_driver_sql("SELECT count(*) FROM audit_log WHERE source = 'import:lon.csv'").scalar() == 0
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    db.close()
