"""A real database of the demo province and a real submission exported from it by the command line,
copied fresh for each test, and the helpers every adversarial test uses: run a command, hash the database."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest

from cli.main import main

ROOT = Path(__file__).resolve().parents[2]
DEMO_UNITS = ROOT / "resources" / "demo" / "units.csv"
DEMO_VALUES = ROOT / "resources" / "demo" / "values" / "vt-01.csv"


@pytest.fixture(scope="session")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("pristine")
    db = base / "bieumau.sqlite3"
    assert main(["units", "import", str(DEMO_UNITS), "--db", str(db)]) == 0
    assert main(["values", "import", "--form", "VT-01", "--values", str(DEMO_VALUES), "--db", str(db)]) in (0, 1)
    out = base / "vt-01-nop.xlsx"
    assert main(["export", "--form", "VT-01", "--unit", "24-STTTT", "--period", "2024Q2", "--db", str(db),
                 "--out", str(out)]) in (0, 1)
    return {"db": db, "submission": out}


@pytest.fixture
def world(pristine: dict[str, Path], tmp_path: Path) -> dict[str, Path]:
    """A copy of the pristine database and submission, for one test to attack."""
    (tmp_path / "db").mkdir()
    db = tmp_path / "db" / "bieumau.sqlite3"
    shutil.copyfile(pristine["db"], db)
    submission = tmp_path / "vt-01-nop.xlsx"
    shutil.copyfile(pristine["submission"], submission)
    return {"db": db, "submission": submission, "dir": tmp_path}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``bieumau ARGS`` in this process; (exit status, stdout, stderr)."""
    capsys.readouterr()
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def refused_cleanly(code: int, err: str, *words: str) -> None:
    """Exit 2, a Vietnamese reason, no traceback, and a message of reasonable size."""
    assert code == 2, err
    assert "Traceback" not in err
    assert len(err) < 20_000, err[:500]
    for word in words:
        assert word in err, err


def rewrite(source: Path, target: Path, replace: dict[str, bytes | None], add: dict[str, bytes] | None = None) -> Path:
    """A copy of the zip ``source`` with parts replaced (None drops the part) and parts added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = replace.get(info.filename, old.read(info.filename))
            if data is not None:
                new.writestr(info.filename, data)
        for name, data in (add or {}).items():
            new.writestr(name, data)
    return target


def part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)
