"""Cheap static checks of the packaging files that cannot run here (Inno Setup needs Windows): the version
comes from one place, the scripts name the executables the spec builds, the data folder is never removed."""

from __future__ import annotations

import configparser
import importlib.util
import os
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

from tests.installer.factories import ROOT, pyproject_version

INSTALLER = ROOT / "installer"
ICONS = ROOT / "resources" / "icons"


def _text(name: str) -> str:
    return (INSTALLER / name).read_text(encoding="utf-8")


def test_the_version_lives_only_in_pyproject() -> None:
    version = pyproject_version()
    for name in ("bieumau.iss", "bieumau.spec", "build.sh", "bieumau.desktop", "install-linux.sh"):
        assert version not in _text(name), f"{name} spells the version {version}; read it from pyproject.toml"
    iss = _text("bieumau.iss")
    assert "#ifndef AppVersion" in iss and "#error" in iss
    assert "AppVersion={#AppVersion}" in iss
    assert "OutputBaseFilename=bieumau-{#AppVersion}-" in iss


def test_the_windows_installer_installs_what_the_spec_builds() -> None:
    spec, iss = _text("bieumau.spec"), _text("bieumau.iss")
    assert re.search(r'COLLECT\((?s:.*)name="bieumau"', spec)
    assert 'executable("bieumau", ' in spec and 'executable("bieumau-cli", console=True)' in spec
    assert '#define SourceDir "..\\dist\\bieumau"' in iss
    assert '#define AppExe "bieumau.exe"' in iss
    assert '{app}\\bieumau-cli.exe"" selftest' in iss
    assert "SetupIconFile=..\\resources\\icons\\bieumau.ico" in iss


def test_the_windows_installer_speaks_vietnamese_and_english_and_offers_the_xlsx_menu() -> None:
    iss = _text("bieumau.iss")
    assert 'Name: "vi"; MessagesFile: "{#VietnameseIsl}"' in iss
    assert '#define VietnameseIsl "compiler:Languages\\Vietnamese.isl"' in iss
    assert 'Name: "en"; MessagesFile: "compiler:Default.isl"' in iss
    assert re.search(r'Name: "xlsxmenu";.*Flags: unchecked', iss)
    desktop_task = re.search(r'^Name: "desktopicon";.*$', iss, flags=re.M)
    assert desktop_task and "unchecked" not in desktop_task.group(0)  # on by default: how clerks start programs
    assert 'SystemFileAssociations\\.xlsx\\shell\\bieumau\\command"' in iss and "Tasks: xlsxmenu" in iss
    assert "vi.OpenWith=Mở bằng bieumau" in iss


def test_the_uninstaller_keeps_the_data_folder_and_says_so() -> None:
    iss = _text("bieumau.iss")
    sections = re.findall(r"^\[(\w+)\]", iss, flags=re.M)
    assert "UninstallDelete" not in sections
    assert "localappdata" not in iss.split("[Code]")[0].lower().replace("%localappdata%", "")
    assert "ExpandConstant('{localappdata}\\bieumau')" in iss
    assert "Dữ liệu của bạn KHÔNG bị xóa" in iss
    # platformdirs' folder on Windows is what the message names
    assert "user_data_dir(\"bieumau\", appauthor=False)" in (ROOT / "operations" / "paths.py").read_text(encoding="utf-8")


def test_the_desktop_entry_starts_the_bundle_with_vietnamese_and_english_names() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(INSTALLER / "bieumau.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"].split()[0] == "bieumau" and section["TryExec"] == "bieumau"
    assert section["Icon"] == "bieumau"
    assert section["Name"] == "bieumau" and "Biểu mẫu" in section["Name[vi]"]
    assert "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" in section["MimeType"]
    install = _text("install-linux.sh")
    assert "s|^Exec=bieumau|" in install and "s|^TryExec=bieumau|" in install


def test_the_desktop_entry_is_valid() -> None:
    # ./dev.sh test installs desktop-file-utils when missing, like the PostgreSQL server
    assert shutil.which("desktop-file-validate"), "desktop-file-validate is missing: apt-get install desktop-file-utils"
    result = subprocess.run(["desktop-file-validate", str(INSTALLER / "bieumau.desktop")], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_icon_is_a_clean_svg_with_a_256_pixel_png_and_a_windows_ico() -> None:
    svg = ET.parse(ICONS / "bieumau.svg").getroot()
    assert svg.tag.endswith("svg") and svg.get("viewBox") == "0 0 256 256"
    png = (ICONS / "bieumau.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (256, 256)
    reserved, kind, count = struct.unpack("<HHH", (ICONS / "bieumau.ico").read_bytes()[:6])
    assert (reserved, kind) == (0, 1) and count >= 4


def test_the_build_scripts_are_executable() -> None:
    for name in ("build.sh", "install-linux.sh"):
        assert os.access(INSTALLER / name, os.X_OK), name


def _launcher() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bieumau_launcher", INSTALLER / "launcher.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_opening_a_submission_from_the_file_manager_opens_its_form_unit_and_period(tmp_path: Path) -> None:
    import argparse

    from cli.commands.selftest import run  # builds a real submission workbook in --out

    assert run(argparse.Namespace(out=str(tmp_path))) == 0
    workbook = next(tmp_path.glob("*.xlsx"))
    launcher = _launcher()
    arguments = launcher.opened_file_arguments([str(workbook)])
    assert arguments[0] == "gui" and arguments[1:3] == ["--form", "CQS-01"]
    assert arguments[3:] == ["--unit", "24-STTTT", "--period", "2024Q2"]
    stranger = tmp_path / "khong-phai.xlsx"
    stranger.write_bytes(b"not a workbook")
    assert launcher.opened_file_arguments([str(stranger)]) == ["gui"]
    assert launcher.opened_file_arguments(["selftest"]) == ["selftest"]
