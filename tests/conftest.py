"""Shared fixtures: a real PostgreSQL server for the session, and a fresh SQLite database per test."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


def _pg_bindir() -> Path | None:
    preferred = Path("/usr/lib/postgresql/15/bin")
    if (preferred / "initdb").exists():
        return preferred
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True).stdout.strip()
        if out and (Path(out) / "initdb").exists():
            return Path(out)
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _service_user() -> str:
    """initdb refuses root: run the server as the ``postgres`` system user (created if missing)."""
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True, capture_output=True)
    return "postgres"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server started for this test session; yields a superuser SQLAlchemy URL."""
    bindir = _pg_bindir()
    if bindir is None:
        pytest.fail("Không tìm thấy PostgreSQL (initdb) trên máy: cần gói postgresql-15.")
    base = Path(tempfile.mkdtemp(prefix="bieumau-pg-"))
    data, sockets, log = base / "data", base / "sock", base / "server.log"
    sockets.mkdir()
    prefix: list[str] = []
    if os.geteuid() == 0:
        user = _service_user()
        entry = pwd.getpwnam(user)
        for path in (base, sockets):
            os.chown(path, entry.pw_uid, entry.pw_gid)
        prefix = ["runuser", "-u", user, "--"]
    port = _free_port()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120)

    init = run(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
               "--locale=C.UTF-8", "--no-sync")
    if init.returncode != 0:
        init = run(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                   "--locale=C", "--no-sync")
    if init.returncode != 0:
        pytest.fail(f"initdb thất bại: {init.stderr.strip() or init.stdout.strip()}")
    options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60"
    start = run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60", "start")
    if start.returncode != 0:
        text = log.read_text(errors="replace") if log.exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"Không khởi động được PostgreSQL: {start.stderr.strip()} {text[-2000:]}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[object]:
    """A fresh, migrated SQLite database in ``tmp_path`` (a ``storage.database.Database``)."""
    from storage.database import open_database

    db = open_database(tmp_path / "bieumau.sqlite3", user="kiemthu")
    try:
        yield db
    finally:
        db.close()


STORED_TABLES = ("cell_values", "comments", "audit_log", "submission_status")


def stored_state(db: object) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables an import writes, to compare the database before and after a refusal."""
    with db.engine.connect() as conn:  # type: ignore[attr-defined]
        return {table: sorted((tuple(row) for row in conn.exec_driver_sql(f"SELECT * FROM {table}")), key=repr)
                for table in STORED_TABLES}


def fail_comment_inserts(db: object, message: str = "database or disk is full") -> None:
    """Make the database itself refuse every new note or justification (SQLite), as a full disk would."""
    with db.engine.begin() as conn:  # type: ignore[attr-defined]
        conn.exec_driver_sql(
            f"CREATE TRIGGER fail_comments BEFORE INSERT ON comments BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )
