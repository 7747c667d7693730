"""The rule engine: full validation of one unit's form for one period, and an incremental session
for the entry grid that re-runs only the checks reading the edited cell."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from forms.model import Form
from forms.periods import Period, parse_period
from forms.units import UnitTree
from forms.values import CellKey, ValueSource
from validators.cells import Cells, World
from validators.checks import Check, all_checks
from validators.checks.computed import computed_value
from validators.checks.targets import TargetStatus, statuses
from validators.program import Program
from validators.violations import Report, Violation, parse_problem


@dataclass(frozen=True)
class Delta:
    """What one edit changed: violations that appeared and went, and every cell whose state may differ."""

    added: tuple[Violation, ...] = ()
    removed: tuple[Violation, ...] = ()
    cells_affected: frozenset[CellKey] = field(default_factory=frozenset)


def report_of(violations: list[Violation]) -> Report:
    """Split ``type`` violations off into parse problems (FORMS.md §5 lists them apart), and the
    checks that could not run into ``not_checked``."""
    return Report(
        violations=[v for v in violations if v.kind not in ("type", "not_checked")],
        parse_errors=[parse_problem(v) for v in violations if v.kind == "type"],
        not_checked=[v for v in violations if v.kind == "not_checked"],
    )


class Engine:
    """Checks of one form, prepared once: parsed expressions, the check list and the cell index."""

    def __init__(self, form: Form, units: UnitTree | None = None) -> None:
        self.form = form
        self.units = units
        self.program = Program.of(form)
        self.checks: list[Check] = all_checks(self.program)
        self._runs = tuple(check.run for check in self.checks)
        self.readers: dict[CellKey, list[int]] = {}
        for i, check in enumerate(self.checks):
            for cell in check.reads:
                self.readers.setdefault(cell, []).append(i)
        # typed cell -> computed cells derived from it, so the grid repaints them after an edit
        self.derived: dict[CellKey, set[CellKey]] = {}
        for indicator in self.program.computed:
            for column in form.columns_of(form.indicator_map[indicator]):
                for source_cell in self.program.expand([(indicator, column)]) - {(indicator, column)}:
                    self.derived.setdefault(source_cell, set()).add((indicator, column))

    @property
    def evaluations(self) -> int:
        """Checks run by one full validation (for benchmarks)."""
        return len(self.checks)

    def world(self, source: ValueSource | None) -> World:
        return World(self.form, self.program.computed, self.units, source)

    def validate(self, unit: str, period_code: str, source: ValueSource,
                 world: World | None = None) -> Report:
        """Every check on ``unit``'s values for ``period_code``; ``world`` may be shared across units
        of one run so that other periods are read once."""
        world = world or self.world(source)
        cells = world.sheet(unit, parse_period(period_code))
        found: list[Violation] = []
        for run in self._runs:
            hit = run(cells)
            if hit:
                found.extend(hit)
        return report_of(found)

    def session(self, unit: str, period_code: str, source: ValueSource) -> Session:
        return Session(self, unit, parse_period(period_code), source)


class Session:
    """The grid's live view of one sheet: edit a cell, get back exactly what changed."""

    def __init__(self, engine: Engine, unit: str, period: Period, source: ValueSource) -> None:
        self.engine = engine
        self.world = engine.world(source)
        self.cells: Cells = self.world.sheet(unit, period)
        self._found: list[list[Violation]] = [check.run(self.cells) for check in engine.checks]
        self._states: dict[CellKey, Counter[str]] = {}
        for found in self._found:
            self._count(found, 1)

    # --- reading ----------------------------------------------------------------------------------
    @property
    def violations(self) -> list[Violation]:
        """Current violations, parse problems included (kind ``type``), in check order."""
        return [v for found in self._found for v in found if v.kind != "not_checked"]

    @property
    def not_checked(self) -> list[Violation]:
        """Checks that could not run because an input holds text ("chưa kiểm tra được")."""
        return [v for found in self._found for v in found if v.kind == "not_checked"]

    @property
    def report(self) -> Report:
        return report_of([v for found in self._found for v in found])

    def cell_state(self, indicator: str, column: str) -> str | None:
        """'error' when an error-severity violation touches the cell, else 'warning', else None."""
        counts = self._states.get((indicator, column))
        if not counts:
            return None
        if counts["error"] > 0:
            return "error"
        return "warning" if counts["warning"] > 0 else None

    def computed(self, indicator: str, column: str) -> Decimal | None:
        return computed_value(self.cells, indicator, column)

    def targets(self) -> list[TargetStatus]:
        return statuses(self.cells)

    # --- editing ----------------------------------------------------------------------------------
    def set_raw(self, indicator: str, column: str, raw: str | None) -> Delta:
        """Store the typed text of one cell and re-run the checks that read it."""
        self.cells.set_raw(indicator, column, raw)
        added: list[Violation] = []
        removed: list[Violation] = []
        affected: set[CellKey] = {(indicator, column), *self.engine.derived.get((indicator, column), ())}
        for i in self.engine.readers.get((indicator, column), ()):
            before = self._found[i]
            after = self.engine.checks[i].run(self.cells)
            if after == before:
                continue
            old, new = Counter(before), Counter(after)
            gone, came = list((old - new).elements()), list((new - old).elements())
            self._count(gone, -1)
            self._count(came, 1)
            removed.extend(gone)
            added.extend(came)
            for v in (*gone, *came):
                affected.update(v.cells)
            self._found[i] = after
        return Delta(tuple(added), tuple(removed), frozenset(affected))

    def _count(self, found: list[Violation], step: int) -> None:
        for v in found:
            for cell in v.cells:
                self._states.setdefault(cell, Counter())[v.severity] += step
