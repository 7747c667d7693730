"""Storage test builders: a small form, a province with two districts and their communes, databases with them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from forms.definitions import build_form
from forms.model import Form
from forms.units import Unit
from storage.database import Database, open_database
from storage.units import save_units

FORM_DATA = {
    "id": "KT-01",
    "version": 1,
    "title": "Biểu kiểm thử hạ tầng",
    "period": "quarter",
    "levels": ["huyen", "xa"],
    "columns": [{"id": "th", "title": "Thực hiện"}, {"id": "kh", "title": "Kế hoạch"}],
    "indicators": [
        {"id": "bts", "title": "Tổng số trạm BTS", "unit": "trạm", "type": "integer", "min": 0},
        {"id": "bts_4g", "title": "Trạm 4G", "unit": "trạm", "type": "integer", "parent": "bts", "columns": ["th"]},
        {"id": "cap", "title": "Cáp ngầm hóa", "unit": "km", "type": "decimal", "decimals": 1},
        {"id": "ty_le", "title": "Tỷ lệ hộ cáp quang", "unit": "%", "type": "percent", "columns": ["th"]},
        {"id": "ghi_chu", "title": "Ghi chú", "type": "text", "columns": ["th"]},
    ],
    "rules": [],
}

UNITS = [
    Unit("T", "Tỉnh Kiểm Thử", "tinh"),
    Unit("H1", "Huyện Một", "huyen", "T"),
    Unit("H2", "Huyện Hai", "huyen", "T"),
    Unit("X11", "Xã Một Một", "xa", "H1"),
    Unit("X12", "Xã Một Hai", "xa", "H1"),
    Unit("X21", "Xã Hai Một", "xa", "H2"),
    Unit("S1", "Sở Một", "so", "T"),
    Unit("S2", "Sở Hai", "so", "T"),
]


def make_form(**changes: object) -> Form:
    data = {**FORM_DATA, **changes}
    return build_form(data, "kt-01.yaml")


@pytest.fixture
def form() -> Form:
    return make_form()


@pytest.fixture
def db(sqlite_db: Database) -> Database:
    save_units(sqlite_db, UNITS, user="kiemthu")
    return sqlite_db


@pytest.fixture
def pg_url(postgres_server: str) -> Iterator[str]:
    """A fresh database on the session's PostgreSQL server."""
    name = "t_" + uuid.uuid4().hex[:12]
    admin = sa.create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.make_url(postgres_server).set(database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    db = open_database(pg_url, user="kiemthu")
    save_units(db, UNITS, user="kiemthu")
    try:
        yield db
    finally:
        db.close()


def db_file(db: Database) -> Path:
    assert db.path is not None
    return db.path
