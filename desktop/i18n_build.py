"""The translations build step (``./dev.sh translations`` or ``python -m desktop.i18n_build``); a
developer's tool, never imported by the app.

1. ``pyside6-lupdate`` extracts every marked text of ``desktop/`` into ``resources/translations/bieumau_en.ts``
   (no obsolete entries, no source locations: the file changes only when a text does);
2. each new, unfinished message takes the English that the previous file or the seed
   (``resources/translations/seed/bieumau_en.ts``, the Vietnamese→English pairs of the old context-free
   translation) had for the same Vietnamese source, whatever its context;
3. ``pyside6-lrelease`` compiles ``bieumau_en.ts`` and the hand-written ``qtbase_vi.ts`` to the ``.qm``
   files the app loads.

Running it twice changes nothing. Texts no file knows stay unfinished and are listed: translate them in
Qt Linguist (or by hand in the .ts) and run it again. A text known only up to accelerators, quotes and
end punctuation ("Lưu…" for "&Lưu", "Không ghi được ảnh «%1»." for "Không ghi được ảnh %1") gets that
English as a suggestion, still unfinished: confirm or correct it in Linguist.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree.ElementTree import ElementTree

from defusedxml import ElementTree as SafeET

ROOT = Path(__file__).resolve().parent.parent
DESKTOP = ROOT / "desktop"
TRANSLATIONS = ROOT / "resources" / "translations"
SEED = TRANSLATIONS / "seed" / "bieumau_en.ts"
ENGLISH_TS = TRANSLATIONS / "bieumau_en.ts"
COMPILED = ("bieumau_en", "qtbase_vi")  # every .ts compiled to a .qm beside it


class BuildError(Exception):
    """A missing tool or a tool that failed: the message says which."""


def tool(name: str) -> str:
    """The PySide6 tool's path: beside this Python (the venv's bin) first, then on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise BuildError(f"Không tìm thấy {name}: cài PySide6 (./dev.sh setup) rồi chạy lại.")
    return found


def _run(args: list[str]) -> None:
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BuildError(f"{Path(args[0]).name} thất bại (mã {done.returncode}):\n{done.stdout}{done.stderr}")


def sources() -> list[Path]:
    """desktop/ and operations/ (whose shared texts are marked with a ``tr`` handed in by the window)."""
    found = [*DESKTOP.rglob("*.py"), *(ROOT / "operations").rglob("*.py")]
    return sorted(p for p in found if p.name != Path(__file__).name)


def lupdate(ts: Path) -> None:
    """Extract the marked texts of ``desktop/`` into ``ts``, keeping the translations it already has."""
    _run([tool("pyside6-lupdate"), *map(str, sources()), "-no-obsolete", "-locations", "none",
          "-source-language", "vi_VN", "-target-language", "en_GB", "-ts", str(ts)])


def lrelease(ts: Path, qm: Path) -> None:
    _run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)])


def messages(ts: Path) -> list[tuple[str, str, str | None]]:
    """(context, source, translation or None when unfinished) of every message of a .ts file."""
    found = []
    for context in SafeET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            finished = translation is not None and translation.get("type") is None and bool(translation.text)
            found.append((name, message.findtext("source") or "", translation.text if finished else None))
    return found


def known_translations(*files: Path) -> dict[str, str]:
    """Source → translation of the finished messages of ``files``, whatever the context; earlier files win."""
    known: dict[str, str] = {}
    for path in files:
        if path.is_file():
            for _context, source, translation in messages(path):
                if translation is not None:
                    known.setdefault(source, translation)
    return known


_DECORATION = re.compile(r"[&«»\"“”']")


def loose(text: str) -> str:
    """A text without accelerators, quotes and end punctuation, for suggesting a translation."""
    return _DECORATION.sub("", text).strip().rstrip(".:…").strip()


def suggestions(known: dict[str, str]) -> dict[str, str]:
    """loose(source) → translation, where every source with that loose form agrees."""
    found: dict[str, str | None] = {}
    for source, translation in known.items():
        key = loose(source)
        found[key] = translation if found.get(key, translation) == translation else None
    return {k: v for k, v in found.items() if v is not None}


def fill(ts: Path, known: dict[str, str]) -> list[str]:
    """Finish the unfinished messages of ``ts`` whose source ``known`` translates, suggest (unfinished) a
    translation for those it knows loosely; the sources left unfinished."""
    tree: ElementTree = SafeET.parse(ts)
    near = suggestions(known)
    missing = []
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        source = message.findtext("source") or ""
        if translation is None or translation.get("type") != "unfinished":
            continue
        if source in known:
            translation.text = known[source]
            del translation.attrib["type"]
            continue
        if not translation.text and loose(source) in near:
            translation.text = near[loose(source)]
        missing.append(source)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return missing


def build() -> list[str]:
    """The whole step; returns the texts still untranslated."""
    known = known_translations(ENGLISH_TS, SEED)  # read before lupdate rewrites the file
    lupdate(ENGLISH_TS)
    missing = fill(ENGLISH_TS, known)
    lupdate(ENGLISH_TS)  # once more, so the file is in lupdate's own layout and a rerun changes nothing
    for name in COMPILED:
        lrelease(TRANSLATIONS / f"{name}.ts", TRANSLATIONS / f"{name}.qm")
    return missing


def main() -> int:
    try:
        missing = build()
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Đã cập nhật {ENGLISH_TS.relative_to(ROOT)} và các tệp .qm.")
    if missing:
        print(f"Còn {len(missing)} câu chưa dịch (hiện bằng tiếng Việt; có thể đã có bản gợi ý) — dịch trong "
              f"{ENGLISH_TS.name} bằng Qt Linguist:", file=sys.stderr)
        for source in missing:
            print(f"  {source!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
