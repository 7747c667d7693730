"""``bieumau units grant`` through the real console script: a district login limited to its own units."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from storage.database import AccessError, Database, open_database
from storage.values import read_values, write_value

BIEUMAU = Path(sys.executable).with_name("bieumau")


def bieumau(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "BIEUMAU_HOME": str(home)}
    return subprocess.run([str(BIEUMAU), *args], capture_output=True, text=True, encoding="utf-8", env=env,
                          timeout=120)


def new_role() -> str:
    return "huyen_" + uuid.uuid4().hex[:8]  # logins belong to the whole server, shared by the session's tests


def role_exists(db: Database, role: str) -> bool:
    with db.engine.connect() as conn:
        return conn.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first() is not None


def test_a_granted_login_writes_its_district_and_is_refused_elsewhere(
    pg_db: Database, pg_url: str, form, tmp_path: Path
) -> None:
    write_value(pg_db, form, "X21", "2024Q2", "bts", "th", "9", user="tinh")
    role = new_role()
    done = bieumau("units", "grant", "--db", pg_url, role, "H1", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"Tài khoản «{role}»" in done.stdout and "Huyện Một (H1)" in done.stdout
    assert f"ALTER ROLE {role} PASSWORD" in done.stdout
    district_url = sa.make_url(pg_url).set(username=role).render_as_string(hide_password=False)
    district = open_database(district_url, user=role)
    try:
        write_value(district, form, "H1", "2024Q2", "bts", "th", "3", user=role)
        write_value(district, form, "X11", "2024Q2", "bts", "th", "2", user=role)
        with pytest.raises(AccessError, match="không có quyền"):
            write_value(district, form, "X21", "2024Q2", "bts", "th", "1", user=role)
        with pytest.raises(AccessError, match="không có quyền"):
            write_value(district, form, "H2", "2024Q2", "bts", "th", "1", user=role)
    finally:
        district.close()
    assert read_values(pg_db, "KT-01", "X11", "2024Q2")[("bts", "th")].raw == "2"
    assert read_values(pg_db, "KT-01", "X21", "2024Q2")[("bts", "th")].raw == "9"
    again = bieumau("units", "grant", "--db", pg_url, role, "H1", home=tmp_path)
    assert again.returncode == 0 and "ALTER ROLE" not in again.stdout  # the login already exists


def test_an_unknown_unit_or_a_bad_login_name_is_refused_in_vietnamese(pg_db: Database, pg_url: str,
                                                                       tmp_path: Path) -> None:
    role = new_role()
    done = bieumau("units", "grant", "--db", pg_url, role, "ZZ", home=tmp_path)
    assert done.returncode == 2 and "Không có đơn vị mã «ZZ»" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not role_exists(pg_db, role)
    bad = bieumau("units", "grant", "--db", pg_url, "Huyện-Một", "H1", home=tmp_path)
    assert bad.returncode == 2 and "không hợp lệ" in bad.stderr and "Traceback" not in bad.stderr
    missing = bieumau("units", "grant", "--db", pg_url, "--no-create-login", role, "H1", home=tmp_path)
    assert missing.returncode == 2 and f"Chưa có tài khoản «{role}»" in missing.stderr
    assert not role_exists(pg_db, role)


def test_sqlite_is_refused_and_left_untouched(sqlite_db: Database, tmp_path: Path) -> None:
    path = sqlite_db.path
    assert path is not None
    sqlite_db.close()
    files = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    before = path.read_bytes()
    home = tmp_path / "nha"
    for target in (["--db", str(path)], ["--db", f"sqlite:///{path}"], ["--db", str(tmp_path / "moi.sqlite3")], []):
        done = bieumau("units", "grant", *target, "huyen_mot", "H1", home=home)
        assert done.returncode == 2, done.stdout
        assert "chỉ dùng với cơ sở dữ liệu PostgreSQL" in done.stderr and "Traceback" not in done.stderr
    assert path.read_bytes() == before
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == files  # no file, backup or folder made
