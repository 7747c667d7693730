"""Review of a submission by the level above: approve (lock), return with a reason, unlock with a reason.

Only a unit above the submitting one in the unit tree may do these steps — a district for its communes, the
province for its departments and districts — and never a unit for itself. A department (sở) acts for its
province: the Sở consolidates the districts' and the other departments' figures for the province, so it
reviews what the province may review, except its own forms. The check lives here, below every
caller, so the app and any script are refused alike and nothing changes when they are.
"""

from __future__ import annotations

from forms.errors import BieumauError
from forms.messages import Msg, template
from forms.units import UnitTree
from storage.database import AccessError, Database
from storage.scopes import check_scope
from storage.status import (
    CHECKED,
    IN_PROGRESS,
    LOCKED,
    STATUS_NAMES_VI,
    SUBMITTED,
    SubmissionStatus,
    get_status,
    set_status,
)
from storage.units import load_unit_tree

APPROVABLE = (CHECKED, SUBMITTED)
RETURNED_TO = IN_PROGRESS
UNLOCKED_TO = SUBMITTED

# The refusals' catalogue keys (forms/messages.toml); ``fields`` fill their {named} holes. The names below
# hold the Vietnamese templates, which windows mark for Qt's translation until they render .text(lang).
KEYS = {
    "NO_REVIEWER": "review.no_reviewer",
    "UNKNOWN_UNIT": "unit.unknown_in_list",
    "OWN_UNIT": "review.own_unit",
    "NOT_ABOVE": "review.not_above",
    "NOT_SUBMITTED": "review.not_submitted",
    "RETURN_REASON": "review.return_reason",
    "RETURN_LOCKED": "review.return_locked",
    "NOTHING_TO_RETURN": "review.nothing_to_return",
    "UNLOCK_REASON": "status.reason_required",
    "LOGIN_NOT_REVIEWER": "review.login_not_reviewer",
}
NO_REVIEWER = template(KEYS["NO_REVIEWER"])
UNKNOWN_UNIT = template(KEYS["UNKNOWN_UNIT"])
OWN_UNIT = template(KEYS["OWN_UNIT"])
NOT_ABOVE = template(KEYS["NOT_ABOVE"])
NOT_SUBMITTED = template(KEYS["NOT_SUBMITTED"])
RETURN_REASON = template(KEYS["RETURN_REASON"])
RETURN_LOCKED = template(KEYS["RETURN_LOCKED"])
NOTHING_TO_RETURN = template(KEYS["NOTHING_TO_RETURN"])
UNLOCK_REASON = template(KEYS["UNLOCK_REASON"])
LOGIN_NOT_REVIEWER = template(KEYS["LOGIN_NOT_REVIEWER"])
_KEY_OF = {template(key): key for key in KEYS.values()}


class ReviewError(BieumauError):
    """A review step refused: one of the templates above and its ``fields``, rendered from the catalogue
    (``text(lang)``); ``fields["status"]``, when present, is a Vietnamese status name."""

    code = "review"

    def __init__(self, template: str, code: str | None = None, **fields: str) -> None:
        key = _KEY_OF.get(template)
        super().__init__(Msg(key, **fields) if key else template.format(**fields), code)
        self.template = template
        self.fields = fields


class NotReviewerError(ReviewError):
    """The acting unit is not above the unit whose form it tried to approve, return or unlock."""

    code = "not_reviewer"


def review_refusal(units: UnitTree, reviewer: str | None, unit: str) -> NotReviewerError | None:
    """Why ``reviewer`` may not approve, return or unlock ``unit``'s forms; None when it may, that is when
    ``reviewer`` — or, for a department, its province — is an ancestor of ``unit``."""
    if not reviewer:
        return NotReviewerError(NO_REVIEWER)
    for code in (reviewer, unit):
        if code not in units:
            return NotReviewerError(UNKNOWN_UNIT, "unknown_unit", unit=code)
    names = {"reviewer": units[reviewer].name, "unit": units[unit].name}
    if reviewer == unit:
        return NotReviewerError(OWN_UNIT, "own_unit", **names)
    acting_for = reviewer
    if units[reviewer].level == "so" and units[reviewer].parent in units:
        acting_for = units[reviewer].parent
    if not any(above.code == acting_for for above in units.ancestors(unit)):
        return NotReviewerError(NOT_ABOVE, **names)
    return None


def check_reviewer(db: Database, reviewer: str | None, unit: str) -> UnitTree:
    """Refuse unless ``reviewer`` is above ``unit`` in the unit tree stored in ``db`` and, on a server, the
    login itself belongs to ``reviewer``: «đơn vị của tôi» is a claim, the login's scope is the proof.
    Returns the tree it read, for the caller's messages."""
    units = load_unit_tree(db)
    refusal = review_refusal(units, reviewer, unit)
    if refusal is not None:
        raise refusal
    assert reviewer is not None  # review_refusal refuses a missing reviewer
    with db.session(write=False) as session:
        try:
            check_scope(session, db, {reviewer})
        except AccessError:
            raise NotReviewerError(LOGIN_NOT_REVIEWER, "login_scope", reviewer=units[reviewer].name) from None
    return units


def step_refusal(step: str, current: SubmissionStatus, reason: str = "", *, unit_name: str = "") -> ReviewError | None:
    """Why ``step`` ("approve", "return", "unlock") cannot be taken from ``current``; None when it can
    (approving an approved form and unlocking an unlocked one are allowed and change nothing)."""
    if step == "approve":
        if current.status in (*APPROVABLE, LOCKED):
            return None
        return ReviewError(NOT_SUBMITTED, "not_submitted", form=current.form_id, unit=unit_name or current.unit,
                           status=STATUS_NAMES_VI[current.status])
    if step == "return":
        if not reason.strip():
            return ReviewError(RETURN_REASON, "reason_required")
        if current.status == LOCKED:
            return ReviewError(RETURN_LOCKED, "locked")
        if current.status not in APPROVABLE:
            return ReviewError(NOTHING_TO_RETURN, "not_submitted")
        return None
    if step == "unlock":
        return ReviewError(UNLOCK_REASON, "reason_required") if not reason.strip() else None
    raise ValueError(step)


def _checked(db: Database, step: str, form_id: str, unit: str, period: str, reviewer: str | None,
             reason: str = "") -> SubmissionStatus:
    units = check_reviewer(db, reviewer, unit)
    current = get_status(db, form_id, unit, period)
    refusal = step_refusal(step, current, reason, unit_name=units[unit].name)
    if refusal is not None:
        raise refusal
    return current


def approve(db: Database, form_id: str, unit: str, period: str, *, reviewer: str | None, user: str,
            source: str = "typed") -> SubmissionStatus:
    """Mark ``unit``'s form "đã duyệt" on behalf of ``reviewer``: from then on no value can be written
    until it is unlocked. Approving an approved form changes nothing."""
    current = _checked(db, "approve", form_id, unit, period, reviewer)
    if current.status == LOCKED:
        return current
    return set_status(db, form_id, unit, period, LOCKED, user=user, error_count=current.error_count,
                      warning_count=current.warning_count, source=source, allowed_from=APPROVABLE)


def return_submission(db: Database, form_id: str, unit: str, period: str, reason: str, *,
                      reviewer: str | None, user: str, source: str = "typed") -> SubmissionStatus:
    """Send a submitted form back to ``unit`` for correction, with the reason it will read."""
    _checked(db, "return", form_id, unit, period, reviewer, reason)
    return set_status(db, form_id, unit, period, RETURNED_TO, user=user, reason=reason, source=source,
                      allowed_from=APPROVABLE)


def unlock(db: Database, form_id: str, unit: str, period: str, reason: str, *, reviewer: str | None,
           user: str, source: str = "typed") -> SubmissionStatus:
    """Unlock an approved form, back to "đã nộp" so the reviewer can return or approve it again."""
    current = _checked(db, "unlock", form_id, unit, period, reviewer, reason)
    if current.status != LOCKED:
        return current
    return set_status(db, form_id, unit, period, UNLOCKED_TO, user=user, reason=reason, source=source,
                      allowed_from=(LOCKED,))
