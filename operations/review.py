"""Review by the level above, once for the approval window and ``bieumau review``: who is listed, the checks
report a reviewer reads before approving, and approve / return / unlock of several units, every one checked
before the first is changed. ``storage.review`` holds the ladder and refuses below every caller."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from forms.errors import BieumauError
from operations.changes import DocumentKey, OpChanges

if TYPE_CHECKING:
    from forms.model import Form
    from forms.periods import Period
    from forms.units import Unit, UnitTree
    from storage.database import Database
    from storage.review import ReviewError
    from storage.status import SubmissionStatus
    from validators.violations import Report

Step = Literal["approve", "return", "unlock"]
STEPS: tuple[Step, ...] = ("approve", "return", "unlock")

# The two sentences this module adds around storage.review's refusals; {named} holes like storage.review's,
# so a UI in another language renders them from its translation and the refusals' ``fields``.
NOTHING_CHANGED = "Không thay đổi gì, vì: {reasons}."
UNIT_REASON = "{unit}: {reason}"


class Progress(Protocol):
    """What a long operation reports to (desktop.background.TaskState fits): cancel point and progress."""

    def check(self) -> None: ...

    def progress(self, done: int, total: int, text: str) -> None: ...


class ReviewRefused(BieumauError):
    """One or more units cannot take the step; nothing was changed. ``refusals`` pairs each unit's name with
    storage.review's refusal, so a window can render the same sentence in its language."""

    code = "review"

    def __init__(self, refusals: Sequence[tuple[str, ReviewError]]) -> None:
        self.refusals = list(refusals)
        super().__init__(self.render(), self.refusals[0][1].code if len(self.refusals) == 1 else "review")

    def render(self, translate: Callable[[str], str] = str) -> str:
        """The refusal in the language of ``translate`` (Vietnamese by default): the same words for the app
        and the command line."""
        reasons = "; ".join(_one_line(_reason(name, error, translate)) for name, error in self.refusals)
        return translate(NOTHING_CHANGED).replace("{reasons}", reasons)


def _reason(unit_name: str, error: ReviewError, translate: Callable[[str], str]) -> str:
    fields = {k: translate(v) if k == "status" else v for k, v in error.fields.items()}
    text = translate(error.template).format(**fields)
    if unit_name in text:
        return text
    return translate(UNIT_REASON).replace("{unit}", unit_name).replace("{reason}", text)


def _one_line(text: str) -> str:
    return " ".join(text.split()).rstrip(".")


@dataclass(frozen=True)
class ReviewResult:
    """The statuses after the step, in the order asked, and what changed for the open windows."""

    statuses: tuple[SubmissionStatus, ...]
    changes: OpChanges = field(default_factory=OpChanges)


# --- who is listed -----------------------------------------------------------------------------------
def reviewers(units: UnitTree) -> list[Unit]:
    """Units that approve others: every unit with children (the province, its districts), in tree order."""
    return [u for u in units_in_tree_order(units) if units.children(u.code)]


def units_in_tree_order(units: UnitTree) -> list[Unit]:
    out: list[Unit] = []
    for root in units.roots():
        out.append(root)
        out.extend(units.descendants(root.code))
    return out


def children_reporting(units: UnitTree, reviewer: str, form: Form, period: Period) -> list[Unit]:
    """The children of ``reviewer`` that report ``form`` for ``period`` (one level of the approval window)."""
    return [u for u in units.children(reviewer, period.start, period.end) if u.level in form.levels]


def reviewable_units(units: UnitTree, reviewer: str, form: Form, period: Period) -> list[Unit]:
    """Every unit reporting ``form`` for ``period`` that ``reviewer`` may review (``bieumau review list``).
    A reviewer not in the unit list is refused; one reviewing nobody gets an empty list."""
    from storage.review import review_refusal

    refusal = review_refusal(units, reviewer, reviewer)
    if refusal is not None and refusal.code != "own_unit":
        raise refusal
    return [u for u in units if u.level in form.levels and u.active_during(period.start, period.end)
            and review_refusal(units, reviewer, u.code) is None]


def refusal_for(units: UnitTree, reviewer: str | None, unit: str) -> ReviewError | None:
    """Why ``reviewer`` may not approve, return or unlock ``unit``; None when it may or none is chosen yet
    (the window asks at the first step)."""
    from storage.review import review_refusal

    return None if reviewer is None else review_refusal(units, reviewer, unit)


def statuses(db: Database, form_id: str, period: str, units: Iterable[str]) -> dict[str, SubmissionStatus]:
    """The status of ``form_id`` for each of ``units`` ("chưa nhập" when none is stored)."""
    from storage.status import get_status

    return {code: get_status(db, form_id, code, period) for code in units}


# --- the checks report shown before approving ----------------------------------------------------------
def report_counts(report: Report) -> tuple[int, int]:
    """(errors, warnings) of a validation report; a value that cannot be read counts as an error."""
    from validators.violations import tally

    counted = tally(report.violations, report.parse_errors)
    return counted.errors, counted.warnings


def check_counts(db: Database, form: Form, units: UnitTree, codes: Sequence[str], period: str,
                 progress: Progress | None = None) -> dict[str, tuple[int, int]]:
    """(errors, warnings) of a full validation of each unit's form: what a reviewer should see before
    approving. Reads every value, so the window runs it off the UI thread."""
    from storage.value_source import DatabaseValueSource
    from validators.engine import Engine

    engine = Engine(form, units)
    source = DatabaseValueSource(db)
    world = engine.world(source)
    out: dict[str, tuple[int, int]] = {}
    for i, code in enumerate(codes):
        if progress is not None:
            progress.check()
            progress.progress(i, len(codes), units[code].name if code in units else code)
        out[code] = report_counts(engine.validate(code, period, source, world))
    return out


# --- the steps -------------------------------------------------------------------------------------------
def refusals(db: Database, units: UnitTree, step: Step, form_id: str, period: str, codes: Sequence[str], *,
             reviewer: str | None, reason: str = "") -> list[tuple[str, ReviewError]]:
    """Every unit of ``codes`` that cannot take ``step``, with why (unit name, refusal); empty when all can."""
    from storage.review import review_refusal, step_refusal
    from storage.status import get_status

    found: list[tuple[str, ReviewError]] = []
    for code in codes:
        name = units[code].name if code in units else code
        refusal = review_refusal(units, reviewer, code)
        if refusal is None:
            refusal = step_refusal(step, get_status(db, form_id, code, period), reason, unit_name=name)
        if refusal is not None:
            found.append((name, refusal))
    return found


def review(db: Database, step: Step, form_id: str, period: str, codes: Sequence[str], *, reviewer: str | None,
           user: str, reason: str = "", source: str = "typed", origin: object | None = None) -> ReviewResult:
    """Approve, return or unlock ``form_id`` of the units ``codes`` for ``period`` on behalf of ``reviewer``.
    All or nothing: every unit is checked before the first is changed (a refusal raises ``ReviewRefused``
    and changes nothing); each unit is then changed in its own transaction, which storage.review checks
    again under a lock. Every change is audited by storage."""
    from forms.periods import parse_period
    from storage import review as ladder
    from storage.units import load_unit_tree

    period = parse_period(period).code
    if step not in STEPS:
        raise ValueError(step)
    units = load_unit_tree(db)
    refused = refusals(db, units, step, form_id, period, codes, reviewer=reviewer, reason=reason)
    if refused:
        raise ReviewRefused(refused)
    done: list[SubmissionStatus] = []
    for code in codes:
        if step == "approve":
            done.append(ladder.approve(db, form_id, code, period, reviewer=reviewer, user=user, source=source))
        elif step == "return":
            done.append(ladder.return_submission(db, form_id, code, period, reason, reviewer=reviewer, user=user,
                                                 source=source))
        else:
            done.append(ladder.unlock(db, form_id, code, period, reason, reviewer=reviewer, user=user,
                                      source=source))
    keys = [DocumentKey(form_id, code, period) for code in codes]
    return ReviewResult(tuple(done), OpChanges.of_statuses(keys, origin=origin))


def approve(db: Database, key: DocumentKey, *, reviewer: str | None, user: str, source: str = "typed",
            origin: object | None = None) -> ReviewResult:
    """Mark one unit's form "đã duyệt": from then on no value can be written until it is unlocked."""
    return review(db, "approve", key.form_id, key.period, [key.unit], reviewer=reviewer, user=user, source=source,
                  origin=origin)


def return_form(db: Database, key: DocumentKey, reason: str, *, reviewer: str | None, user: str,
                source: str = "typed", origin: object | None = None) -> ReviewResult:
    """Send a submitted form back to the unit for correction, with the reason it will read."""
    return review(db, "return", key.form_id, key.period, [key.unit], reviewer=reviewer, user=user, reason=reason,
                  source=source, origin=origin)


def unlock(db: Database, key: DocumentKey, reason: str, *, reviewer: str | None, user: str, source: str = "typed",
           origin: object | None = None) -> ReviewResult:
    """Unlock an approved form, back to "đã nộp" so the reviewer can return or approve it again."""
    return review(db, "unlock", key.form_id, key.period, [key.unit], reviewer=reviewer, user=user, reason=reason,
                  source=source, origin=origin)


def submit(db: Database, key: DocumentKey, file: str, *, user: str, source: str = "export",
           origin: object | None = None) -> ReviewResult:
    """Record that the unit submitted ``file`` ("đã nộp", with the time): an approved form stays approved."""
    from storage.status import record_submission

    done = record_submission(db, key.form_id, key.unit, key.period, user=user, file=file, source=source)
    return ReviewResult((done,), OpChanges.of_statuses([DocumentKey(key.form_id, key.unit, done.period)], origin))
