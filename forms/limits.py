"""Every size limit of the input bieumau accepts, in one place, with the Vietnamese reason for refusing.

Each reader — a typed cell, VALUES.csv, a workbook, a form definition (YAML, xlsx or stored in the
database), a rule expression — checks its input against these numbers before any work starts, so that
nothing accepted can make exporting, consolidating, checking or opening a form fail later. The limits
sit well above any real report: a commune's form has tens of rows, the largest benchmark 7.900.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from forms.errors import BieumauError
from forms.messages import Msg

# Numbers: rules, shares, sums over thousands of units and rounding at the written precision all run
# in Python's 28-digit decimal arithmetic; figures inside these limits leave room for all of them.
# (Excel cells hold 15 significant digits; a longer figure survives a submission as its raw text in _meta.)
MAX_SIGNIFICANT_DIGITS = 20
MAX_INTEGER_DIGITS = 15  # |x| < 10^15: a thousand trillion
MAX_DECIMALS = 10

# Texts
MAX_CELL_TEXT = 32_767  # Excel's own limit for one cell: a longer value, note or justification cannot be exported
MAX_NAME_TEXT = 2_000  # a title, an indicator name, a choice, an id in a form definition
MAX_SHOWN = 60  # characters of a refused text quoted back in a message
# a figure typed in at most this many characters is within every number limit above
SURELY_WITHIN_LENGTH = min(MAX_DECIMALS, MAX_INTEGER_DIGITS, MAX_SIGNIFICANT_DIGITS) + 1
LIMIT_MARK = "vượt giới hạn: "

# Rule expressions (FORMS.md §2)
MAX_EXPRESSION_LENGTH = 4_000
MAX_EXPRESSION_DEPTH = 100  # brackets, operators and calls nested in one another
MAX_EXPRESSION_TOKENS = 2_000  # names, numbers, operators, brackets and commas

# Form definitions
MAX_DEFINITION_BYTES = 5 * 2**20
MAX_DEFINITION_NODES = 200_000  # values in the definition with every YAML alias expanded
MAX_YAML_ALIASES = 100
MAX_INDICATORS = 20_000
MAX_COLUMNS = 100
MAX_RULES = 20_000

# Text files people hand the app (VALUES.csv, unit lists): a province's quarter is about 10 MB
MAX_TEXT_FILE_BYTES = 100 * 2**20

# Workbooks
MAX_WORKBOOK_BYTES = 50 * 2**20
MAX_UNCOMPRESSED = 150 * 2**20  # a real submission of 158.000 cells unpacks to about 20 MB
MAX_RATIO = 100  # XML compresses 5–20 times; far more is a bomb
MAX_PARTS = 5000
MAX_SHEET_ROWS = 100_000
MAX_SHEET_COLUMNS = 1_024  # column AMJ, LibreOffice's old limit; a consolidation's «Chi tiết» has a column per child
MAX_SHEET_CELLS = 2_000_000  # rows × columns of a sheet's used area, which the reader holds in memory


class LimitError(BieumauError):
    """An input past one of the limits above; nothing was read further or stored."""

    code = "limit"


def vn_int(number: int) -> str:
    """1242 → "1.242", the Vietnamese way."""
    return f"{number:,}".replace(",", ".")


def shown(text: str) -> str:
    """``text`` cut for quoting in a message, so a huge value never becomes a huge message."""
    return text if len(text) <= MAX_SHOWN else f"{text[:MAX_SHOWN]}… ({vn_int(len(text))} ký tự)"


# --- numbers ----------------------------------------------------------------------------------------
def number_problem(value: Decimal | float) -> str | None:
    """Why ``value`` cannot be accepted as a figure, or ``None`` when it is within the limits."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return "không phải là một số hữu hạn (vô cực hoặc không xác định)"
        value = Decimal(format(value, ".15g"))  # what an Excel cell holds
    if not value.is_finite():
        return "không phải là một số hữu hạn (vô cực hoặc không xác định)"
    if not value:
        return None
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite
    if len(digits) + exponent > MAX_INTEGER_DIGITS:
        return f"số quá lớn (giới hạn {MAX_INTEGER_DIGITS} chữ số phần nguyên)"
    if exponent < -MAX_DECIMALS:
        return f"quá nhiều chữ số thập phân ({-exponent}, giới hạn {MAX_DECIMALS})"
    if len(digits) > MAX_SIGNIFICANT_DIGITS and len(value.normalize().as_tuple().digits) > MAX_SIGNIFICANT_DIGITS:
        return (f"quá nhiều chữ số có nghĩa (giới hạn {MAX_SIGNIFICANT_DIGITS}); "
                "hãy làm tròn hoặc đổi đơn vị tính")
    return None


def text_problem(text: str, limit: int = MAX_CELL_TEXT) -> str | None:
    if len(text) > limit:
        return f"nội dung quá dài ({vn_int(len(text))} ký tự, giới hạn {vn_int(limit)})"
    return None


def check_text(text: str, where: str, limit: int = MAX_CELL_TEXT) -> None:
    if len(text) > limit:
        raise LimitError(Msg("limit.text_too_long", where=where, length=vn_int(len(text)), limit=vn_int(limit)))


def check_typed(raw: str, where: str) -> None:
    """A value as it arrives from a file (CSV, workbook): its length, and its figure when it reads as
    one — refused here so that nothing past a limit is stored and fails later."""
    check_text(raw, where)
    from forms.numbers import parse_value

    parsed = parse_value(raw, "decimal")
    if parsed.kind == "error" and parsed.problem and LIMIT_MARK in parsed.problem:
        raise LimitError(f"{where}: {parsed.problem}.")
    bare = raw.strip()
    if bare.lower().lstrip("+-") in ("inf", "infinity", "nan", "snan", "∞"):
        raise LimitError(Msg("limit.not_finite", where=where, value=shown(bare)))
    if _EXPONENT.match(bare):
        raise LimitError(Msg("limit.exponent", where=where, value=shown(bare), digits=MAX_INTEGER_DIGITS,
                             decimals=MAX_DECIMALS))


_EXPONENT = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)\s*[eE]\s*[+-]?\d+$")


# --- expressions ------------------------------------------------------------------------------------
def expression_length_problem(text: str) -> str | None:
    if len(text) > MAX_EXPRESSION_LENGTH:
        return (f"biểu thức quá dài ({vn_int(len(text))} ký tự, giới hạn {vn_int(MAX_EXPRESSION_LENGTH)})")
    return None


def depth_problem() -> str:
    return (f"biểu thức lồng quá sâu (quá {MAX_EXPRESSION_DEPTH} tầng ngoặc, phép tính hoặc hàm lồng nhau); "
            "hãy viết gọn lại, ví dụ dùng sum(a, b, c) thay cho a + b + c + …")


def tokens_problem() -> str:
    return f"biểu thức quá lớn (quá {vn_int(MAX_EXPRESSION_TOKENS)} ký hiệu: tên, số, phép tính, ngoặc, dấu phẩy)"


def round_places_problem(places: Decimal) -> str | None:
    if places != places.to_integral_value() or not 0 <= places <= MAX_DECIMALS:
        return f"số chữ số làm tròn phải là số nguyên từ 0 đến {MAX_DECIMALS}"
    return None


# --- form definitions -------------------------------------------------------------------------------
def definition_problems(data: Any) -> list[tuple[str, str]]:
    """``(name, reason)`` of every limit a definition dictionary breaks (walked without recursion, so
    an alias bomb or a deep nesting is counted, not expanded or followed to the end)."""
    problems: list[tuple[str, str]] = []
    nodes = 0
    for path, value, depth in _walk(data):
        if depth > MAX_EXPRESSION_DEPTH:
            problems.append((path[:MAX_SHOWN], f"định nghĩa lồng nhau quá sâu (quá {MAX_EXPRESSION_DEPTH} tầng)"))
            return problems
        nodes += 1
        if nodes > MAX_DEFINITION_NODES:
            problems.append(("", f"định nghĩa quá lớn (quá {vn_int(MAX_DEFINITION_NODES)} giá trị, kể cả các "
                                 "tham chiếu YAML được mở rộng)"))
            return problems
        if isinstance(value, str):
            limit = MAX_EXPRESSION_LENGTH if path.endswith(("expr", "computed")) else MAX_NAME_TEXT
            if len(value) > limit:
                problems.append((path, f"chuỗi quá dài ({vn_int(len(value))} ký tự, giới hạn {vn_int(limit)})"))
        elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            problem = number_problem(value if isinstance(value, float) else Decimal(value))
            if problem is not None:
                problems.append((path, f"số {shown(str(value))}: {problem}"))
    if isinstance(data, dict):
        for key, limit in (("indicators", MAX_INDICATORS), ("columns", MAX_COLUMNS), ("rules", MAX_RULES)):
            entries = data.get(key)
            if isinstance(entries, list) and len(entries) > limit:
                problems.append((key, f"quá nhiều mục ({vn_int(len(entries))}, giới hạn {vn_int(limit)})"))
    return problems


def _walk(data: Any) -> Iterator[tuple[str, Any, int]]:
    stack: list[tuple[str, Any, int]] = [("", data, 0)]
    while stack:
        path, value, depth = stack.pop()
        yield path, value, depth
        if isinstance(value, dict):
            stack.extend((f"{path}.{k}" if path else str(k), v, depth + 1) for k, v in value.items())
            stack.extend((f"{path}.{k}" if path else str(k), k, depth + 1) for k in value)
        elif isinstance(value, (list, tuple)):
            stack.extend((f"{path}[{i + 1}]{_named(v)}", v, depth + 1) for i, v in enumerate(value))


def _named(entry: Any) -> str:
    """" r1" for an entry with an id, so that a problem names the rule or indicator, not only its place."""
    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
        return f" {shown(entry['id'])}"
    return ""


def yaml_alias_problem(text: str) -> str | None:
    """Count the aliases (``*name``) of a YAML text by its tokens, before anything is built from them."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    aliases = 0
    try:
        for token in yaml.scan(text, Loader=loader):
            if isinstance(token, yaml.AliasToken):
                aliases += 1
                if aliases > MAX_YAML_ALIASES:
                    return f"quá nhiều tham chiếu YAML (*bí danh), giới hạn {MAX_YAML_ALIASES}"
    except yaml.YAMLError:
        return None  # the loader reports the syntax error with its line
    return None


# --- workbooks --------------------------------------------------------------------------------------
def sheet_area_problem(rows: int, columns: int) -> str | None:
    if rows > MAX_SHEET_ROWS:
        return f"trang tính dùng tới dòng {vn_int(rows)} (giới hạn {vn_int(MAX_SHEET_ROWS)} dòng)"
    if columns > MAX_SHEET_COLUMNS:
        return f"trang tính dùng tới cột thứ {vn_int(columns)} (giới hạn {vn_int(MAX_SHEET_COLUMNS)} cột)"
    if rows * columns > MAX_SHEET_CELLS:
        return (f"vùng dữ liệu của trang tính quá lớn ({vn_int(rows)} dòng × {vn_int(columns)} cột, "
                f"giới hạn {vn_int(MAX_SHEET_CELLS)} ô)")
    return None


_DIMENSION = re.compile(rb"""<(?:\w+:)?dimension\s[^>]*?\bref\s*=\s*["']([^"']*)["']""")
# every attribute r="12" (a row) or r="XFD1048576" (a cell), found in one pass
_R = re.compile(rb"""\sr\s*=\s*["']\$?([A-Za-z]*)\$?(\d+)""")
_REF = re.compile(r"\$?([A-Za-z]+)\$?(\d+)")


def column_number(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def sheet_extent(xml: bytes) -> tuple[int, int]:
    """(last row, last column) a worksheet part declares or uses — its ``<dimension>``, every row and
    cell reference and the count of rows — read from the XML before any parser lays the sheet out."""
    rows = columns = 0
    found = _DIMENSION.search(xml)
    if found is not None:
        for letters, digits in _REF.findall(found.group(1).decode("ascii", "replace")):
            rows, columns = max(rows, int(digits)), max(columns, column_number(letters))
    refs = _R.findall(xml)
    numbers = {digits for _letters, digits in refs}
    if numbers:
        rows = max(rows, max(map(int, numbers)))
    rows = max(rows, xml.count(b"<row") + xml.count(b":row"))  # rows without r still take a line each
    letters = {letters for letters, _digits in refs}
    letters.discard(b"")
    if letters:
        columns = max(columns, max(column_number(found.decode("ascii")) for found in letters))
    return rows, columns


_ESCAPED_REF = re.compile(rb"""\s(?:r|ref)\s*=\s*["'][^"'<>]*&""")


def sheet_problem(xml: bytes) -> str | None:
    """Why a worksheet part is too large to lay out, or None."""
    if _ESCAPED_REF.search(xml) is not None:
        # "&#88;FD1048576" is XFD1048576 to a parser but not to the count above
        return "địa chỉ ô được viết bằng mã ký tự (&#…;), điều Excel không bao giờ làm"
    return sheet_area_problem(*sheet_extent(xml))
