"""Writing or reading a workbook pauses the cyclic garbage collector and always gives it back."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from forms.collector import collector_paused
from tests.workbooks.conftest import SMALL_VALUES
from workbooks import WorkbookError, read_workbook, write_submission


def test_the_collector_is_paused_inside_and_back_on_after_even_on_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("hỏng")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_writing_reading_and_refusing_leave_the_collector_on(small_ctx, out: Path) -> None:
    path = write_submission(small_ctx, SMALL_VALUES, out / "nop.xlsx")
    assert gc.isenabled()
    read_workbook(path)
    assert gc.isenabled()
    path.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(WorkbookError):
        read_workbook(path)
    assert gc.isenabled()
