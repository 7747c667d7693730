"""One open form for one unit and period: its values, versions, comments, status and live checks.

Qt-free on purpose: the grid model, the undo commands and the tests all go through it. Every write
goes straight to the database (one short transaction per cell), then to the incremental checker.

The value path: ``changed`` is the one place that drops a text equal to what is stored; a typed text
is parsed once, by the checker's sheet, and ``parsed`` reads that same reading back (no second cache);
a write tells which violations appeared and went (``WriteOutcome.added``/``removed``) so views update
by that delta, and returns the ``OpChanges`` the desktop publishes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from forms.numbers import Parsed
from forms.periods import Period, parse_period
from forms.values import CellKey
from operations.changes import NO_CHANGES, DocumentKey, OpChanges
from validators.messages import BLANK_HINT, violation_text  # noqa: F401 - windows import them from here

if TYPE_CHECKING:
    from forms.model import Form, Indicator
    from operations.context import AppContext

NOTE_COLUMN = ""  # a row's Ghi chú is stored as a note on the row with no column


@dataclass
class WriteOutcome:
    """What one write changed: the cells whose value or check state moved."""

    cells: set[CellKey] = field(default_factory=set)
    saved_at: datetime | None = None
    conflicts: list[str] = field(default_factory=list)
    # the checker's delta: violations (not_checked included) that appeared and went with this write
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    changes: OpChanges = NO_CHANGES


def cell_order(form: Form):
    """Sort key of a violation by where it is in the grid: row, then column (cells of none come last)."""
    rows = {ind.id: i for i, ind in enumerate(form.indicators)}
    columns = {c.id: i for i, c in enumerate(form.columns)}

    def key(v) -> tuple[int, int]:
        places = sorted((rows.get(i, len(rows)), columns.get(c, -1)) for i, c in (tuple(x) for x in v.cells))
        return places[0] if places else (len(rows) + 1, 0)

    return key


class FormDocument:
    """The operation behind every edit of one open form: read, write values, notes and justifications."""

    def __init__(self, ctx: AppContext, form: Form, unit: str, period: str | Period) -> None:
        from forms.values import OverlayValues
        from storage.comments import read_comments
        from storage.forms import register_form
        from storage.status import get_status
        from storage.value_source import DatabaseValueSource
        from storage.values import read_values

        self.ctx = ctx
        self.form = form
        self.unit = unit
        self.period = period if isinstance(period, Period) else parse_period(period)
        register_form(ctx.db, form)
        stored = read_values(ctx.db, form.id, unit, self.period.code)
        self.values: dict[CellKey, str] = {k: v.raw for k, v in stored.items()}
        self.versions: dict[CellKey, int] = {k: v.version for k, v in stored.items()}
        self.comments: dict[CellKey, dict[str, str]] = read_comments(ctx.db, form.id, unit, self.period.code)
        self.status = get_status(ctx.db, form.id, unit, self.period.code)
        self.last_saved: datetime | None = max((v.changed_at for v in stored.values()), default=None)
        self._targets: dict[str, str] | None = None
        # the engine reads this form's cells from the document (live: edited in place) and the rest from the database
        self.source = OverlayValues(DatabaseValueSource(ctx.db), {(form.id, unit, self.period.code): self.values})
        self._start_checks()

    @property
    def key(self) -> DocumentKey:
        return DocumentKey(self.form.id, self.unit, self.period.code)

    # --- checks -----------------------------------------------------------------------------
    def _start_checks(self) -> None:
        from validators.engine import Engine

        self.engine = Engine(self.form, self.ctx.units)
        self.session = self.engine.session(self.unit, self.period.code, self.source)

    @property
    def violations(self) -> list:
        return list(self.session.violations)

    @property
    def not_checked(self) -> list:
        """Checks that could not run because a cell holds text ("chưa kiểm tra được")."""
        return list(self.session.not_checked)

    def cell_state(self, key: CellKey) -> str | None:
        return self.session.cell_state(*key)

    def messages_for(self, key: CellKey) -> list[tuple[str, str]]:
        """(severity, sentence in the interface language) of every violation touching the cell."""
        out = []
        for v in self.session.violations:
            if key in (tuple(c) for c in v.cells):
                out.append((v.severity, violation_text(v, self.form, self.ctx.lang)))
        return out

    def target_status(self, indicator: str) -> str | None:
        """Đạt / Không đạt / Chưa có số liệu from the engine's target check; None without a target."""
        if self._targets is None:
            self._targets = {t.indicator: t.status for t in self.session.targets()}
        return self._targets.get(indicator)

    def counts(self) -> tuple[int, int]:
        from validators.violations import tally

        return tally(self.session.violations)

    def is_justified(self, v) -> bool:
        return any(self.comments.get(tuple(c), {}).get("justification") for c in v.cells)

    def unjustified_warnings(self) -> int:
        return sum(1 for v in self.session.violations if not v.is_error and not self.is_justified(v))

    # --- reading ----------------------------------------------------------------------------
    @property
    def locked(self) -> bool:
        from storage.status import LOCKED

        return self.status.status == LOCKED

    def raw(self, key: CellKey) -> str:
        return self.values.get(key, "")

    def parsed(self, key: CellKey) -> Parsed:
        """The cell's text as its type reads it: the checker's own reading, parsed once per typed text."""
        return self.session.cells.parsed_at(key)

    def computed(self, key: CellKey) -> Decimal | None:
        return self.session.computed(*key)

    def is_editable(self, indicator: Indicator, column: str) -> bool:
        return not self.locked and not indicator.computed and column in self.form.columns_of(indicator)

    def note(self, indicator: str, column: str = NOTE_COLUMN, kind: str = "note") -> str:
        return self.comments.get((indicator, column), {}).get(kind, "")

    def text(self, key: CellKey) -> str:
        """What a grid cell holds: the row's note in the Ghi chú column, else the typed value."""
        return self.note(key[0]) if key[1] == NOTE_COLUMN else self.raw(key)

    def changed(self, changes: Iterable[tuple[CellKey, str]]) -> list[tuple[CellKey, str, str]]:
        """(cell, stored text, new text) of each change that differs from what is stored: the one place
        where a text equal to the stored one is dropped (a write, an undo step)."""
        out = []
        for key, text in changes:
            new = text.strip() if isinstance(text, str) else ""
            old = self.text(key)
            if new != old:
                out.append((key, old, new))
        return out

    # --- writing ----------------------------------------------------------------------------
    def write(self, changes: Iterable[tuple[CellKey, str]], *, source: str = "typed") -> WriteOutcome:
        """Store new texts (values, and the row notes of the Ghi chú column): one cell in its own short
        transaction, several (a paste, an undo of a paste) in one; then re-check only what they touch."""
        from storage.values import ConflictError, write_value, write_values

        triples = self.changed(changes)
        outcome = WriteOutcome()
        for key, _old, text in [t for t in triples if t[0][1] == NOTE_COLUMN]:
            self._store_comment(key, "note", text)
            outcome.cells.add(key)
            outcome.saved_at = datetime.now()
        values = [(key, text) for key, _old, text in triples if key[1] != NOTE_COLUMN]
        if not values:
            return self._finish(outcome)
        if len(values) == 1:
            (key, text), = values
            try:
                stored = write_value(
                    self.ctx.db, self.form, self.unit, self.period.code, key[0], key[1], text,
                    user=self.ctx.user, source=source, expected_version=self.versions.get(key),
                )
            except ConflictError as exc:
                outcome.conflicts.append(exc.message)
                self._reload_cells([key], outcome)
                outcome.cells.add(key)
                return self._finish(outcome, values_changed=True)
            self.versions[key] = stored.version
        else:
            write_values(
                self.ctx.db, self.form, self.unit, self.period.code, dict(values),
                user=self.ctx.user, source=source,
            )
            self._reload_versions()
        outcome.saved_at = datetime.now()
        self.last_saved = outcome.saved_at
        for key, text in values:
            self._apply_local(key, text, outcome)
        self._noted_value_change()
        return self._finish(outcome, values_changed=True)

    def _finish(self, outcome: WriteOutcome, *, values_changed: bool = False) -> WriteOutcome:
        if values_changed or outcome.cells:
            outcome.changes = OpChanges.of_values([self.key], origin=self)
        return outcome

    def _noted_value_change(self) -> None:
        """The status the write just stored, without reading it back: a form nobody had started becomes
        "đang nhập" (``storage.status.note_value_change`` did the same in the write's transaction)."""
        from dataclasses import replace

        from storage.status import IN_PROGRESS, NOT_STARTED

        now = datetime.now(UTC)  # as storage stamps it
        if self.status.status == NOT_STARTED:
            self.status = replace(self.status, status=IN_PROGRESS, user=self.ctx.user, changed_at=now,
                                  last_value_change=now)
        else:
            self.status = replace(self.status, last_value_change=now)

    def _apply_local(self, key: CellKey, text: str, outcome: WriteOutcome) -> None:
        if text:
            self.values[key] = text
        else:
            self.values.pop(key, None)
            self.versions.pop(key, None)
        self._targets = None
        outcome.cells.add(key)
        delta = self.session.set_raw(key[0], key[1], text)
        outcome.cells.update(tuple(c) for c in delta.cells_affected)
        outcome.added.extend(delta.added)
        outcome.removed.extend(delta.removed)

    def _reload_cells(self, keys: list[CellKey], outcome: WriteOutcome) -> None:
        from storage.values import read_values

        stored = read_values(self.ctx.db, self.form.id, self.unit, self.period.code)
        for key in keys:
            value = stored.get(key)
            text = value.raw if value else ""
            if value:
                self.versions[key] = value.version
            if text != self.raw(key):
                self._apply_local(key, text, outcome)

    def _reload_versions(self) -> None:
        from storage.values import read_values

        stored = read_values(self.ctx.db, self.form.id, self.unit, self.period.code)
        self.versions = {k: v.version for k, v in stored.items()}

    def set_note(self, indicator: str, column: str, text: str, kind: str = "note") -> WriteOutcome:
        """Store a cell's note or justification ("" deletes it); a justification may quiet a warning."""
        key = (indicator, column)
        outcome = WriteOutcome()
        if text.strip() != self.note(indicator, column, kind):
            self._store_comment(key, kind, text.strip())
            outcome.cells.add(key)
            outcome.saved_at = datetime.now()
        return self._finish(outcome)

    def _store_comment(self, key: CellKey, kind: str, text: str) -> None:
        from storage.comments import set_comment

        set_comment(
            self.ctx.db, self.form.id, self.unit, self.period.code, key[0], key[1], text,
            kind=kind, user=self.ctx.user,
        )
        entry = self.comments.setdefault(key, {})
        if text:
            entry[kind] = text
        else:
            entry.pop(kind, None)

    def history(self, key: CellKey) -> list:
        from storage.audit import history

        return history(self.ctx.db, self.form.id, self.unit, self.period.code, key[0], key[1])

    def mark_checked(self) -> tuple[bool, str, OpChanges]:
        """Move the form to "đã kiểm tra" when no error and no unjustified warning is left."""
        from storage.status import CHECKED, set_status

        errors, _warnings = self.counts()
        unjustified = self.unjustified_warnings()
        if errors or unjustified:
            parts = []
            if errors:
                parts.append(f"{errors} lỗi")
            if unjustified:
                parts.append(f"{unjustified} cảnh báo chưa giải trình")
            return (False, "Chưa thể đánh dấu đã kiểm tra: còn " + " và ".join(parts) + ". Số liệu vẫn được lưu.",
                    NO_CHANGES)
        self.status = set_status(
            self.ctx.db, self.form.id, self.unit, self.period.code, CHECKED, user=self.ctx.user,
            error_count=0, warning_count=len(self.session.violations),
        )
        return True, "Biểu mẫu đã được đánh dấu «Đã kiểm tra».", OpChanges.of_statuses([self.key], origin=self)
