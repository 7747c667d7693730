"""The real Linux bundle: built with installer/build.sh, it passes its self-test in an empty environment."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import pytest

from tests.installer.factories import (
    FORM,
    PERIOD,
    ROOT,
    UNIT,
    assert_all_steps_passed,
    build_old_home,
    demo_cells,
    pyproject_version,
)

pytestmark = pytest.mark.slow

BUILD_TIMEOUT = 15 * 60
MAX_BUNDLE_BYTES = 260 * 2**20


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    result = subprocess.run([str(ROOT / "installer" / "build.sh"), str(out)], capture_output=True, text=True,
                            encoding="utf-8", timeout=BUILD_TIMEOUT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Dung lượng: " in result.stdout
    folder = out / f"bieumau-{pyproject_version()}-linux-x86_64"
    assert (folder / "bieumau").is_file(), sorted(p.name for p in out.iterdir())
    return folder


def _bare(bundle: Path, tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    # env -i: no PATH (so no Python), no DISPLAY, no locale, a fresh HOME — a clean office PC.
    extra = [f"{key}={value}" for key, value in env.items()]
    return subprocess.run(["env", "-i", f"HOME={home}", *extra, str(bundle / "bieumau"), *args], cwd=tmp_path,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


def test_the_bundle_passes_its_selftest_in_an_empty_environment(bundle: Path, tmp_path: Path) -> None:
    result = _bare(bundle, tmp_path, "selftest")
    assert result.returncode == 0, result.stdout + result.stderr
    assert_all_steps_passed(result.stdout)
    assert f"✓ Phiên bản: bieumau {pyproject_version()} (bản đóng gói)" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_the_bundle_reports_the_pyproject_version(bundle: Path, tmp_path: Path) -> None:
    result = _bare(bundle, tmp_path, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"bieumau {pyproject_version()}"


def test_the_bundled_app_opens_on_the_demo_province_at_first_start(bundle: Path, tmp_path: Path) -> None:
    shot = tmp_path / "cua-so.png"
    result = _bare(bundle, tmp_path, "gui", "--screenshot", str(shot), QT_QPA_PLATFORM="offscreen")
    assert result.returncode == 0, result.stdout + result.stderr
    assert shot.stat().st_size > 10_000
    assert (tmp_path / "home" / ".local" / "share" / "bieumau" / "bieumau.sqlite3").is_file()


def test_the_bundle_upgrades_a_previous_release_database_and_keeps_its_figures(bundle: Path, tmp_path: Path) -> None:
    home = build_old_home(tmp_path / "du-lieu")
    out = tmp_path / "vt-01.csv"
    result = _bare(bundle, tmp_path, "values", "export", "--form", FORM, "--unit", UNIT, "--period", PERIOD,
                   "--out", str(out), BIEUMAU_HOME=str(home))
    assert result.returncode == 0, result.stdout + result.stderr
    with out.open(encoding="utf-8-sig", newline="") as handle:
        assert {(r["indicator"], r["column"]): r["value"] for r in csv.DictReader(handle)} == demo_cells()
    assert list((home / "backups").glob("*truoc-nang-cap*"))


def test_the_bundle_carries_what_the_app_reads_and_leaves_out_what_it_does_not(bundle: Path) -> None:
    inside = bundle / "_internal"
    assert len(list((inside / "forms" / "catalogue").glob("*.yaml"))) == len(list((ROOT / "forms" / "catalogue").glob("*.yaml")))
    assert (inside / "storage" / "migrations" / "env.py").is_file()
    revisions = {p.name for p in (ROOT / "storage" / "migrations" / "versions").glob("[0-9]*.py")}
    assert {p.name for p in (inside / "storage" / "migrations" / "versions").glob("*.py")} == revisions
    assert (inside / "resources" / "demo" / "units.csv").is_file()
    translations = ROOT / "resources" / "translations"
    shipped = {p.name for p in translations.glob("*.qm")} if translations.is_dir() else set()
    assert {p.name for p in (inside / "resources" / "translations").glob("*")} >= shipped
    assert (inside / "resources" / "icons" / "bieumau.png").is_file()
    assert {p.name for p in (inside / "babel" / "locale-data").iterdir()} == {"root.dat", "vi.dat", "vi_VN.dat", "en.dat"}
    assert (inside / "babel" / "global.dat").is_file()
    platforms = {p.name for p in (inside / "PySide6" / "Qt" / "plugins" / "platforms").iterdir()}
    assert {"libqxcb.so", "libqoffscreen.so"} <= platforms
    names = {p.name for p in inside.rglob("*")}
    for unused in ("tkinter", "matplotlib", "IPython", "pytest", "hypothesis", "numpy", "pandas",
                   "libQt6Network.so.6", "libQt6Qml.so.6", "libQt6Quick.so.6", "libQt6WebEngineCore.so.6",
                   "libgtk-3.so.0"):
        assert unused not in names, f"{unused} should not be in the bundle"
    assert not [p for p in inside.rglob("*") if p.is_symlink() and not p.exists()], "dangling links"
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    assert size < MAX_BUNDLE_BYTES, f"bundle is {size / 2**20:.0f} MB"
