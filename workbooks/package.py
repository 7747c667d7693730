"""Checks of an .xlsx package before any parser sees it: size, zip structure, zip bombs, XML entity
declarations, and formulas in the cells we read.

Everything here works on the zip directory and raw bytes, so a hostile file is refused before
python-calamine or openpyxl could be tricked by it.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import unescape

from forms.limits import MAX_PARTS, MAX_RATIO, MAX_UNCOMPRESSED, MAX_WORKBOOK_BYTES, sheet_problem
from forms.messages import Msg
from workbooks.errors import WorkbookError

RATIO_FLOOR = 2**20  # small parts may compress well without harm
CHUNK = 2**20

# "<!DOCTYPE" or "<!ENTITY" in any case, in each encoding an XML part may use; one pattern per encoding
# keeps the literal "<!" prefix that lets the regex engine skip quickly to candidates
_DECLARATIONS = tuple(
    re.compile(re.escape("<!".encode(encoding)) + b"(?:" + re.escape("doctype".encode(encoding)) + b"|"
               + re.escape("entity".encode(encoding)) + b")", re.I)
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
# every formula tag contains this; sheets without formulas (every submission) normally do not, so the
# full scan runs only where it can find something
_FORMULA_HINT = re.compile(rb"f[\s>/]")
_BUILTIN_PERCENT = re.compile(rb"""numFmtId\s*=\s*["'](?:9|10)["']""")
_CELL_START = re.compile(rb"<(?:\w+:)?c[\s>]")
_CELL_REF = re.compile(rb"""\br\s*=\s*["']([A-Za-z]{1,3}[0-9]{1,7})["']""")
_FORMULA_TEXT = re.compile(rb"<(?:\w+:)?f(?:\s[^>]*)?(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_SHEET = re.compile(rb"<(?:\w+:)?sheet\s[^>]*?/?>", re.S)
_ATTR = re.compile(rb"""([\w:]+)\s*=\s*["']([^"']*)["']""")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\s[^>]*>")
_VALUE = re.compile(rb"(?:\s|<(?:\w+:)?f[^>]*(?:/>|>.*?</(?:\w+:)?f>))*<(?:\w+:)?v>([^<]*)</", re.S)
_XFS = re.compile(rb"<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>", re.S)
_XF = re.compile(rb"<(?:\w+:)?xf\s[^>]*?/?>", re.S)
_NUMFMT = re.compile(rb"<(?:\w+:)?numFmt\s[^>]*?/?>", re.S)
PERCENT_BUILTIN = {"9", "10"}
_REL = re.compile(rb"<(?:\w+:)?Relationship\s[^>]*?/?>", re.S)
_OVERRIDE = re.compile(rb"<(?:\w+:)?(?:Override|Default)\s[^>]*?/?>", re.S)
WORKBOOK_PART = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_WORKBOOK_TYPE = "spreadsheetml.sheet.main+xml"
# what a reader could run or fetch: macros (VBA or Excel 4 macro sheets), ActiveX and OLE objects,
# links to other workbooks; judged by content and relationship types, whatever the part is called
_ACTIVE_CONTENT = ("vbaproject", "macroenabled", "macrosheet", "activex", "oleobject", "externallink",
                   "vbadata", "dialogsheet")
_SHEET_TYPES = ("spreadsheetml.worksheet+xml", "spreadsheetml.chartsheet+xml", "/worksheet", "/chartsheet")


@dataclass
class Package:
    """The checked package: sheet name → part name, the bytes of the worksheet parts, and the file's
    bytes as they were checked, so that the parser reads exactly what was checked."""

    path: Path
    content: bytes = b""
    sheets: dict[str, str] = field(default_factory=dict)
    parts: dict[str, bytes] = field(default_factory=dict)
    percent_styles: frozenset[str] = frozenset()  # cell style indexes whose number format shows "%"

    def percent_cells(self, sheet: str) -> set[str]:
        """Addresses of cells formatted as Excel percentages: typing "97,45%" stores 0.9745 there."""
        if not self.percent_styles:
            return set()
        data = self.parts.get(self.sheets.get(sheet, ""), b"")
        found = set()
        for match in _CELL_TAG.finditer(data):
            attrs = dict(_ATTR.findall(match.group(0)))
            if attrs.get(b"s", b"").decode("utf-8", "replace") in self.percent_styles and b"r" in attrs:
                found.add(attrs[b"r"].decode("utf-8", "replace").upper())
        return found

    def error_cells(self, sheet: str) -> dict[str, str]:
        """Cell address → Excel error («#DIV/0!», «#N/A» …) of every error cell (t="e") of ``sheet``."""
        data = self.parts.get(self.sheets.get(sheet, ""), b"")
        found: dict[str, str] = {}
        if b't="e"' not in data and b"t='e'" not in data:
            return found
        for match in _CELL_TAG.finditer(data):
            attrs = dict(_ATTR.findall(match.group(0)))
            if attrs.get(b"t") == b"e" and b"r" in attrs:
                value = _VALUE.match(data, match.end())
                text = value.group(1).decode("utf-8", "replace") if value else "#lỗi"
                found[attrs[b"r"].decode("utf-8", "replace").upper()] = text
        return found

    def formulas(self, sheet: str) -> dict[str, str]:
        """Cell address → formula text of every formula cell of ``sheet``."""
        data = self.parts.get(self.sheets.get(sheet, ""), b"")
        found: dict[str, str] = {}
        if _FORMULA_HINT.search(data) is None:
            return found
        for match in _FORMULA.finditer(data):
            pos = match.start()
            start = None
            for cell in _CELL_START.finditer(data, max(0, pos - 4096), pos):
                start = cell.start()
            if start is None:
                continue
            ref = _CELL_REF.search(data, start, data.find(b">", start) + 1)
            if ref is None:
                continue
            text_match = _FORMULA_TEXT.match(data, pos)
            text = b""
            if text_match is not None and text_match.group(1):
                text = text_match.group(1)
            formula = unescape(text.decode("utf-8", "replace"), {"&quot;": '"', "&apos;": "'"})
            found[ref.group(1).decode("utf-8", "replace").upper()] = "=" + formula if formula else "(công thức dùng chung)"
        return found


def refuse(path: Path, reason: str | Msg, code: str) -> WorkbookError:
    """The refusal of ``path``; a ``reason`` from the catalogue follows the reader's language."""
    return WorkbookError(Msg("workbook.refused", name=Path(path).name, reason=reason), code)


def open_package(path: Path, max_bytes: int = MAX_WORKBOOK_BYTES, max_uncompressed: int = MAX_UNCOMPRESSED) -> Package:
    """Check ``path`` and return its sheets; raises ``WorkbookError`` naming the file and the reason."""
    path = Path(path)
    try:
        size = os.stat(path).st_size
    except FileNotFoundError:
        raise WorkbookError(Msg("workbook.not_found", path=path), "not_found") from None
    except OSError as exc:
        raise refuse(path, Msg("workbook.reason.unreadable", error=exc.strerror or exc), "unreadable") from None
    if path.is_dir():
        raise refuse(path, Msg("workbook.reason.directory"), "not_xlsx")
    if size == 0:
        raise refuse(path, Msg("workbook.reason.empty"), "empty")
    if size > max_bytes:
        raise refuse(path, Msg("workbook.reason.too_large", size=f"{size / 2**20:.1f}",
                               limit=f"{max_bytes / 2**20:.0f}"), "too_large")
    content = _read_bytes(path, max_bytes)
    head = content[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise refuse(
            path,
            Msg("workbook.reason.legacy_xls"),
            "not_xlsx",
        )
    if not head.startswith(b"PK\x03\x04"):
        raise refuse(path, Msg("workbook.reason.not_xlsx"), "not_xlsx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise refuse(path, Msg("workbook.reason.broken_zip"), "not_xlsx") from None
    with archive:
        infos = archive.infolist()
        _check_directory(path, infos, max_uncompressed)
        by_name = {info.filename: info for info in infos}
        if "[Content_Types].xml" not in by_name or WORKBOOK_PART not in by_name:
            raise refuse(path, Msg("workbook.reason.no_workbook"), "not_xlsx")
        package = Package(path, content)
        small = {name: _scan_part(path, archive, by_name[name], True)
                 for name in ("[Content_Types].xml", "_rels/.rels", WORKBOOK_PART, WORKBOOK_RELS, "xl/styles.xml")
                 if name in by_name}
        sheet_parts = _judge_structure(path, small, by_name)
        for info in infos:
            if info.is_dir() or info.filename in small:
                continue
            keep = info.filename.lower() in sheet_parts
            data = _scan_part(path, archive, info, keep)
            if keep:
                package.parts[info.filename.lower()] = data  # part names are case-insensitive (OPC)
        package.sheets = _sheet_parts(path, small.get(WORKBOOK_PART, b""), small.get(WORKBOOK_RELS, b""))
        for name, part in package.sheets.items():
            too_large = sheet_problem(package.parts.get(part, b""))
            if too_large is not None:
                raise refuse(path, f"trang «{name}»: {too_large}.", "too_large")
        package.percent_styles = _percent_styles(small.get("xl/styles.xml", b""))
    return package


def _judge_structure(path: Path, small: dict[str, bytes], by_name: dict[str, zipfile.ZipInfo]) -> set[str]:
    """Refuse active content and a workbook the reader would find elsewhere; return every part that is
    a sheet by its content type or by the workbook's relationships — the parts whose formulas count."""
    types = small.get("[Content_Types].xml", b"")
    sheets: set[str] = set()
    for match in _OVERRIDE.finditer(types):
        attrs = dict(_ATTR.findall(match.group(0)))
        kind = attrs.get(b"ContentType", b"").decode("utf-8", "replace").lower()
        if any(word in kind for word in _ACTIVE_CONTENT):
            raise refuse(path, _active_reason(kind), "active_content")
        part = attrs.get(b"PartName", b"").decode("utf-8", "replace").lstrip("/")
        if part.lower() == WORKBOOK_PART and _WORKBOOK_TYPE not in kind:
            raise refuse(path, _active_reason(kind), "active_content")
        if part and any(word in kind for word in _SHEET_TYPES):
            sheets.add(part.lower())
    for rels in ("_rels/.rels", WORKBOOK_RELS):
        for match in _REL.finditer(small.get(rels, b"")):
            attrs = dict(_ATTR.findall(match.group(0)))
            kind = attrs.get(b"Type", b"").decode("utf-8", "replace").lower()
            if any(word in kind for word in _ACTIVE_CONTENT):
                raise refuse(path, _active_reason(kind), "active_content")
            target = attrs.get(b"Target", b"").decode("utf-8", "replace")
            if attrs.get(b"TargetMode", b"").lower() == b"external":
                raise refuse(path, f"sổ liên kết ra ngoài tệp («{target[:80]}»); hãy gỡ liên kết rồi gửi lại.",
                             "active_content")
            if rels == "_rels/.rels" and kind.endswith("/officedocument") and \
                    os.path.normpath(target.lstrip("/")).replace("\\", "/") != WORKBOOK_PART:
                raise refuse(path, "phần workbook nằm ở chỗ không chuẩn; tệp đã bị sửa.", "tampered")
            if rels == WORKBOOK_RELS and any(word in kind for word in _SHEET_TYPES):
                sheets.add(_resolve(target).lower())
    for name in by_name:
        if name.lower().endswith((".bin", ".vba")) and "vba" in name.lower():
            raise refuse(path, _active_reason("vbaProject"), "active_content")
    return sheets


def _active_reason(kind: str) -> str:
    if "external" in kind:
        return "sổ có liên kết tới sổ Excel khác (external link); hãy gỡ liên kết rồi gửi lại."
    return ("sổ có macro hoặc nội dung chạy được (VBA, macro sheet, ActiveX, OLE); chỉ nhận sổ .xlsx không "
            "có macro — hãy lưu lại dạng «Excel Workbook (.xlsx)».")


def _resolve(target: str) -> str:
    part = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return os.path.normpath(part).replace("\\", "/")


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The whole file, read once (its size was checked before); a file that grew meanwhile is refused."""
    try:
        with open(path, "rb") as handle:
            content = handle.read(max_bytes + 1)
    except OSError as exc:
        raise refuse(path, Msg("workbook.reason.unreadable", error=exc.strerror or exc), "unreadable") from None
    if len(content) > max_bytes:
        raise refuse(path, f"tệp quá lớn (giới hạn {max_bytes / 2**20:.0f} MB).", "too_large")
    return content


def _declares_entities(window: bytes) -> bool:
    # every declaration begins "<!", so a window without "!" (nearly every part) needs no pattern search
    return b"!" in window and any(pattern.search(window) for pattern in _DECLARATIONS)


def _check_directory(path: Path, infos: list[zipfile.ZipInfo], max_uncompressed: int) -> None:
    if len(infos) > MAX_PARTS:
        raise refuse(path, f"tệp nén chứa quá nhiều phần ({len(infos)}).", "zip_bomb")
    seen: set[str] = set()
    for info in infos:
        # two entries of one name: readers disagree on which one counts, so the checked one may not be read
        name = info.filename.replace("\\", "/").lower()
        if name in seen:
            raise refuse(path, f"tệp nén có hai phần cùng tên «{info.filename}»; tệp đã bị sửa.", "tampered")
        seen.add(name)
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise refuse(
                path,
                f"phần «{info.filename}» nén bất thường ({info.compress_size} byte bung ra "
                f"{info.file_size / 2**20:.0f} MB) — có dấu hiệu «bom nén».",
                "zip_bomb",
            )
        if total > max_uncompressed:
            raise refuse(
                path,
                f"nội dung giải nén quá lớn (trên {max_uncompressed / 2**20:.0f} MB) — có dấu hiệu «bom nén».",
                "zip_bomb",
            )


def _scan_part(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, keep: bool) -> bytes:
    """Read one part (never more than its declared size) and refuse DOCTYPE/ENTITY declarations."""
    kept: list[bytes] = []
    tail = b""
    try:
        with archive.open(info) as stream:
            read = 0
            while True:
                chunk = stream.read(CHUNK)
                if not chunk:
                    break
                read += len(chunk)
                if read > info.file_size:
                    raise refuse(path, f"phần «{info.filename}» lớn hơn kích thước khai báo.", "zip_bomb")
                if _declares_entities(tail + chunk):
                    raise refuse(
                        path,
                        f"phần «{info.filename}» chứa khai báo DOCTYPE/ENTITY của XML (có thể là tấn công "
                        "mở rộng thực thể); tệp Excel bình thường không có.",
                        "xml_entities",
                    )
                tail = chunk[-32:]
                if keep:
                    kept.append(chunk)
    except WorkbookError:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError):
        raise refuse(path, f"phần «{info.filename}» bị hỏng hoặc được mã hóa.", "damaged") from None
    return b"".join(kept)


def _sheet_parts(path: Path, workbook_xml: bytes, rels_xml: bytes) -> dict[str, str]:
    """Sheet name → worksheet part, read from workbook.xml and its relationships (entity-free by now)."""
    targets: dict[str, str] = {}
    for match in _REL.finditer(rels_xml):
        attrs = dict(_ATTR.findall(match.group(0)))
        rel_id = attrs.get(b"Id", b"").decode("utf-8", "replace")
        targets[rel_id] = _resolve(attrs.get(b"Target", b"").decode("utf-8", "replace")).lower()
    sheets: dict[str, str] = {}
    for match in _SHEET.finditer(workbook_xml):
        attrs = {k.split(b":")[-1]: v for k, v in _ATTR.findall(match.group(0))}
        name = unescape(attrs.get(b"name", b"").decode("utf-8", "replace"), {"&quot;": '"', "&apos;": "'"})
        rel_id = attrs.get(b"id", b"").decode("utf-8", "replace")
        if name and rel_id in targets:
            sheets[name] = targets[rel_id]
    if not sheets:
        raise refuse(path, Msg("workbook.reason.no_sheet"), "not_xlsx")
    return sheets


def _percent_styles(styles_xml: bytes) -> frozenset[str]:
    """Indexes of cellXfs whose number format is a percentage (built-in 9, 10 or a code with %)."""
    if b"%" not in styles_xml and _BUILTIN_PERCENT.search(styles_xml) is None:
        return frozenset()
    percent_formats = set(PERCENT_BUILTIN)
    for match in _NUMFMT.finditer(styles_xml):
        attrs = dict(_ATTR.findall(match.group(0)))
        code = unescape(attrs.get(b"formatCode", b"").decode("utf-8", "replace"), {"&quot;": '"'})
        if "%" in re.sub(r'"[^"]*"|\\.', "", code):
            percent_formats.add(attrs.get(b"numFmtId", b"").decode("utf-8", "replace"))
    block = _XFS.search(styles_xml)
    if block is None:
        return frozenset()
    found = set()
    for index, match in enumerate(_XF.finditer(block.group(0))):
        attrs = dict(_ATTR.findall(match.group(0)))
        if attrs.get(b"numFmtId", b"0").decode("utf-8", "replace") in percent_formats:
            found.add(str(index))
    return frozenset(found)
