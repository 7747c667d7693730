"""Builders for workbook tests: a small form using every cell type, a context, and real files in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from forms.definitions import build_form, resolve_form
from forms.model import Form
from forms.periods import parse_period
from workbooks import SheetContext

SMALL_FORM = {
    "id": "TEST-01",
    "version": 2,
    "title": "Báo cáo thử nghiệm các kiểu ô",
    "period": "quarter",
    "levels": ["so"],
    "columns": [{"id": "th", "title": "Thực hiện"}, {"id": "kh", "title": "Kế hoạch"}],
    "indicators": [
        {"id": "bts", "title": "Tổng số trạm BTS", "unit": "trạm", "type": "integer", "min": 0,
         "complete": True, "section": "Hạ tầng"},
        {"id": "bts_4g", "title": "Trạm 4G", "unit": "trạm", "type": "integer", "min": 0, "parent": "bts",
         "columns": ["th"], "section": "Hạ tầng"},
        {"id": "bts_5g", "title": "Trạm 5G", "unit": "trạm", "type": "integer", "min": 0, "parent": "bts",
         "columns": ["th"], "section": "Hạ tầng"},
        {"id": "cap_km", "title": "Chiều dài cáp", "unit": "km", "type": "decimal", "min": 0, "decimals": 1,
         "section": "Hạ tầng"},
        {"id": "ty_le", "title": "Tỷ lệ hồ sơ đúng hạn", "unit": "%", "type": "percent", "min": 0, "max": 100,
         "decimals": 2, "section": "Dịch vụ"},
        {"id": "ghi_nhan", "title": "Tình hình triển khai", "type": "text", "columns": ["th"], "section": "Dịch vụ"},
        {"id": "co_5g", "title": "Đã cấp phép 5G", "type": "boolean", "columns": ["th"], "section": "Dịch vụ"},
        {"id": "muc_do", "title": "Mức độ trưởng thành", "type": "choice",
         "choices": ["bậc 1", "bậc 2", "bậc 3"], "columns": ["th"], "section": "Dịch vụ"},
    ],
}


@pytest.fixture(scope="session")
def small_form() -> Form:
    return build_form(SMALL_FORM, "test-01.yaml")


@pytest.fixture(scope="session")
def vt_form() -> Form:
    return resolve_form("VT-01")


def context(form: Form, period: str = "2024Q2") -> SheetContext:
    return SheetContext(
        form=form,
        unit_code="24-STTTT",
        unit_name="Sở Thông tin và Truyền thông tỉnh Bắc Giang",
        agency="UBND tỉnh Bắc Giang",
        place="Bắc Giang",
        period=parse_period(period),
        app_version="0.1.0",
        code_list_version="2025-07",
    )


@pytest.fixture
def small_ctx(small_form: Form) -> SheetContext:
    return context(small_form)


SMALL_VALUES = {
    ("bts", "th"): "3.775",
    ("bts", "kh"): "3.800",
    ("bts_4g", "th"): "1.647",
    ("bts_5g", "th"): "02",
    ("cap_km", "th"): "295,5",
    ("cap_km", "kh"): "300",
    ("ty_le", "th"): "97,45%",
    ("ty_le", "kh"): "82.5",
    ("ghi_nhan", "th"): "=Chưa thực hiện do Bộ TTTT chưa cấp phép",
    ("co_5g", "th"): "Không",
    ("muc_do", "th"): "bậc 2",
}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path
