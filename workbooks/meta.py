"""The hidden, protected ``_meta`` sheet: which form, unit and period a workbook holds, and where.

Rows are records ``(kind, a, b, c)``: ``meta`` key/value pairs (form id, version and checksum, unit,
code-list version, period, app version, export time, workbook kind, values checksum), ``row``
(indicator → sheet row and its input columns), ``col`` (column → sheet letter), ``note`` (the Ghi chú letter) and, for
submissions, ``raws`` (JSON per row) / ``comment`` / ``justification`` entries. The values checksum lets an import
tell a file whose visible figures were edited after export.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice

from forms.values import CellKey

META_SHEET = "_meta"
FORMAT_VERSION = "2"
# format 2 seals these _meta entries, the notes and the justifications with the values (format 1 sealed
# only the values of submissions, so turning «submission» into «template» skipped the check)
SEALED_KEYS = ("format_version", "kind", "form_id", "form_version", "unit_code", "period_code", "sheet")
KINDS = ("submission", "template", "consolidated")

META_KEYS = (
    "format_version",
    "form_id",
    "form_version",
    "form_checksum",
    "form_title",
    "sheet",
    "unit_code",
    "unit_name",
    "code_list_version",
    "period_code",
    "period_name",
    "app_version",
    "exported_at",
    "kind",
    "values_checksum",
)



@dataclass
class MetaLayout:
    """Everything the ``_meta`` sheet says, in the shape the writer and the reader share."""

    meta: dict[str, str] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # indicator → 1-based sheet row
    columns: dict[str, str] = field(default_factory=dict)  # value column → sheet letter
    column_titles: dict[str, str] = field(default_factory=dict)
    inputs: dict[str, tuple[str, ...]] = field(default_factory=dict)  # indicator → its input columns
    note_letter: str = ""
    raws: dict[CellKey, str] = field(default_factory=dict)
    comments: dict[CellKey, str] = field(default_factory=dict)
    justifications: dict[CellKey, str] = field(default_factory=dict)

    @property
    def cells(self) -> list[CellKey]:
        """The input cells in sheet order."""
        return [(ind, col) for ind, cols in self.inputs.items() for col in cols]

    def address(self, key: CellKey) -> str:
        return f"{self.columns[key[1]]}{self.rows[key[0]]}"

    def records(self) -> Iterable[tuple[str, str, str, str]]:
        for key in META_KEYS:
            yield ("meta", key, self.meta.get(key, ""), "")
        for indicator, row in self.rows.items():
            yield ("row", indicator, str(row), " ".join(self.inputs.get(indicator, ())))
        for column, letter in self.columns.items():
            yield ("col", column, letter, self.column_titles.get(column, ""))
        if self.note_letter:
            yield ("note", self.note_letter, "", "")
        # one record per row keeps _meta small: a third of a big submission's figures carry a raw
        by_row: dict[str, dict[str, str]] = {}
        for (indicator, column), raw in self.raws.items():
            by_row.setdefault(indicator, {})[column] = raw
        for indicator, raws in by_row.items():
            for chunk in _chunks(raws):
                yield ("raws", indicator, json.dumps(chunk, ensure_ascii=False), "")
        for (indicator, column), text in self.comments.items():
            yield ("comment", indicator, column, text)
        for (indicator, column), text in self.justifications.items():
            yield ("justification", indicator, column, text)


def parse_records(rows: Iterable[Iterable[object]]) -> MetaLayout:
    """Rebuild the layout from the sheet's rows; unknown record kinds are ignored (newer writers)."""
    layout = MetaLayout()
    for row in rows:
        cells = [v if type(v) is str else _text(v) for v in islice(row, 4)]
        cells += [""] * (4 - len(cells))
        kind, a, b, c = cells
        if kind == "meta":
            layout.meta[a] = b
        elif kind == "row":
            try:
                layout.rows[a] = int(b)
            except ValueError:
                continue
            layout.inputs[a] = tuple(c.split())
        elif kind == "col":
            layout.columns[a] = b
            layout.column_titles[a] = c
        elif kind == "note":
            layout.note_letter = a
        elif kind == "raws":
            try:
                packed = json.loads(b)
            except ValueError:
                continue
            if isinstance(packed, dict):
                # JSON object keys are always strings
                layout.raws.update({(a, col): raw if type(raw) is str else str(raw) for col, raw in packed.items()})
        elif kind == "comment":
            layout.comments[(a, b)] = c
        elif kind == "justification":
            layout.justifications[(a, b)] = c
    return layout


def row_note(inputs: tuple[str, ...], titles: Mapping[str, str], comments: Mapping[str, str]) -> str:
    """The Ghi chú text of a row from its cells' comments (by column), titled when several."""
    parts = [(col, comments[col]) for col in inputs if comments.get(col)]
    if len(parts) == 1:
        return parts[0][1]
    return "; ".join(f"{titles.get(col, col)}: {text}" for col, text in parts)


def _chunks(raws: dict[str, str], limit: int = 30000) -> Iterable[dict[str, str]]:
    """Split so that no cell exceeds Excel's 32.767 characters."""
    chunk: dict[str, str] = {}
    size = 0
    for column, raw in raws.items():
        item = len(column) + len(raw) + 8
        if chunk and size + item > limit:
            yield chunk
            chunk, size = {}, 0
        chunk[column] = raw
        size += item
    if chunk:
        yield chunk


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def canonical_number(value: Decimal | float | int) -> str:
    """A number as Excel keeps it: 15 significant digits, so a float round trip compares equal."""
    return format(float(value), ".15g")


def values_checksum(cells: Mapping[CellKey, object], raws: Mapping[CellKey, str]) -> str:
    """SHA-256 over sorted ``indicator, column, content, raw`` lines of the visible cells.

    Numbers enter as their 15-digit form (what the cell holds), texts as written; a raw text kept
    in ``_meta`` (e.g. "1.242" for the number 1242) is part of the line, so editing either the
    visible figure or the hidden raw changes the sum.
    """
    lines = []
    get_raw = raws.get
    for key, value in cells.items():
        kind = type(value)
        if kind is float:  # nearly every cell: skip the general dispatch
            content = "n:" + format(value, ".15g")
        elif value is None or value == "":
            continue
        elif kind is str:
            content = "s:" + value
        elif isinstance(value, bool):
            content = f"b:{int(value)}"
        elif isinstance(value, int | float | Decimal):
            content = "n:" + canonical_number(value)
        else:
            content = "s:" + str(value)
        lines.append(f"{key[0]}\t{key[1]}\t{content}\t{get_raw(key, '')}")
    if not lines:
        return hashlib.sha256().hexdigest()
    lines.sort()
    # one digest call over the joined lines, each ending with a newline as it always did
    return hashlib.sha256(("\n".join(lines) + "\n").encode("utf-8")).hexdigest()


def sealed_checksum(meta: Mapping[str, str], cells: Mapping[CellKey, object], raws: Mapping[CellKey, str],
                    comments: Mapping[CellKey, str], justifications: Mapping[CellKey, str]) -> str:
    """Format 2's SHA-256: which workbook this is (kind, form, unit, period, sheet), then the values as
    ``values_checksum`` sums them, then every note and justification kept in ``_meta``. A template
    passes no values, notes or justifications: those are the clerk's to fill, its identity is not."""
    lines = [f"meta\t{key}\t{meta.get(key, '')}" for key in SEALED_KEYS]
    lines.append(f"values\t{values_checksum(cells, raws)}")
    for kind, texts in (("comment", comments), ("justification", justifications)):
        lines.extend(sorted(f"{kind}\t{ind}\t{col}\t{text}" for (ind, col), text in texts.items() if text))
    return hashlib.sha256(("\n".join(lines) + "\n").encode("utf-8")).hexdigest()
