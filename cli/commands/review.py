"""``bieumau review list|approve|return|unlock``: the approval window's steps for scripts and servers.

The acting unit is ``--as-unit`` or the app's «đơn vị của tôi»; storage.review decides who may review whom.
Several units in one call: every one is checked before the first is changed, so a refusal changes nothing;
each unit is then changed in its own transaction, which re-checks its status under a lock.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from forms.errors import BieumauError

STEPS = {
    "approve": "duyệt và khóa số liệu",
    "return": "trả lại để sửa (cần --reason)",
    "unlock": "mở khóa số liệu đã duyệt (cần --reason)",
}


def add_parser(sub: argparse._SubParsersAction) -> None:
    review = sub.add_parser("review", help="xem trạng thái, duyệt, trả lại, mở khóa biểu của đơn vị cấp dưới")
    steps = review.add_subparsers(dest="review_command", parser_class=type(review))
    listing = steps.add_parser("list", help="trạng thái biểu của các đơn vị mình được duyệt")
    _common(listing)
    listing.set_defaults(run=run_list)
    for step, text in STEPS.items():
        parser = steps.add_parser(step, help=text)
        _common(parser)
        parser.add_argument("units", nargs="+", metavar="UNIT", help="mã đơn vị")
        if step != "approve":
            parser.add_argument("--reason", required=True, metavar="LÝ_DO", help="lý do, được ghi vào nhật ký")
        parser.set_defaults(run=run_step, step=step)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--form", required=True, metavar="FORM", help="mã biểu trong danh mục")
    parser.add_argument("--period", required=True, metavar="P", help="kỳ báo cáo, ví dụ 2024Q2 hoặc «Quý II/2024»")
    parser.add_argument("--as-unit", metavar="CODE", help="đơn vị của người duyệt (mặc định: «đơn vị của tôi»)")
    parser.add_argument("--db", metavar="DB", help="đường dẫn tệp SQLite hoặc URL SQLAlchemy")


def _acting_unit(args: argparse.Namespace) -> str:
    if args.as_unit:
        return args.as_unit
    from operations.context import MY_UNIT, Settings
    from operations.paths import data_dir

    code = Settings(data_dir() / "settings.json").get(MY_UNIT)
    if not isinstance(code, str) or not code:
        raise BieumauError("Chưa chọn «đơn vị của tôi»: thêm --as-unit MÃ_ĐƠN_VỊ, hoặc chọn trong ứng dụng "
                           "(Cài đặt → Đơn vị của tôi…).", "no_reviewer")
    return code


@contextmanager
def _opened(args: argparse.Namespace) -> Iterator[tuple[Any, Any, str, Any, Any]]:
    """(form, period, acting unit, database, unit tree) of a review command; the database closed after."""
    from cli.commands.opening import open_command_db
    from forms.definitions import resolve_form
    from forms.periods import form_period
    from storage.units import load_unit_tree

    form = resolve_form(args.form)
    period = form_period(form, args.period)
    reviewer = _acting_unit(args)
    db = open_command_db(args, daily_backup=False)
    try:
        yield form, period, reviewer, db, load_unit_tree(db)
    finally:
        db.close()


def run_list(args: argparse.Namespace) -> int:
    from storage.review import review_refusal
    from storage.status import STATUS_NAMES_VI, get_status

    with _opened(args) as (form, period, reviewer, db, units):
        refusal = review_refusal(units, reviewer, reviewer or "")
        if refusal is not None and refusal.code != "own_unit":
            raise refusal
        reviewed = [u for u in units if u.level in form.levels and u.active_during(period.start, period.end)
                    and review_refusal(units, reviewer, u.code) is None]
        print(f"{form.id}, {period.name_vi} — đơn vị duyệt: {units[reviewer].name}")
        if not reviewed:
            print("Không có đơn vị nào báo cáo biểu này mà đơn vị trên được duyệt.")
        for unit in reviewed:
            status = get_status(db, form.id, unit.code, period.code)
            when = f"{status.changed_at.astimezone():%d/%m/%Y %H:%M}" if status.changed_at else ""
            extra = " · ".join(part for part in (status.user, when, status.reason) if part)
            print(f"{unit.code}\t{unit.name}\t{STATUS_NAMES_VI[status.status]}" + (f"\t{extra}" if extra else ""))
    return 0


def run_step(args: argparse.Namespace) -> int:
    from storage import review
    from storage.status import STATUS_NAMES_VI

    with _opened(args) as (form, period, reviewer, db, units):
        refusals = [_refusal(db, units, reviewer, code, args, form.id, period.code) for code in args.units]
        refusals = [text for text in refusals if text]
        if refusals:
            reasons = "; ".join(" ".join(text.split()).rstrip(".") for text in refusals)
            raise BieumauError(f"Không thay đổi gì, vì: {reasons}.", "review")
        for code in args.units:
            if args.step == "approve":
                done = review.approve(db, form.id, code, period.code, reviewer=reviewer, user=db.user, source="api")
            elif args.step == "return":
                done = review.return_submission(db, form.id, code, period.code, args.reason, reviewer=reviewer,
                                                user=db.user, source="api")
            else:
                done = review.unlock(db, form.id, code, period.code, args.reason, reviewer=reviewer, user=db.user,
                                     source="api")
            print(f"{code}\t{units[code].name}\t{STATUS_NAMES_VI[done.status]}")
    return 0


def _refusal(db, units, reviewer: str | None, code: str, args: argparse.Namespace, form_id: str,
             period: str) -> str | None:
    """Why ``code`` cannot take this step, checked before anything is written; None when it can."""
    from storage import review
    from storage.status import get_status

    refusal = review.review_refusal(units, reviewer, code)
    if refusal is None:
        refusal = review.step_refusal(args.step, get_status(db, form_id, code, period), getattr(args, "reason", ""),
                                      unit_name=units[code].name)
    if refusal is None:
        return None
    return refusal.message if units[code].name in refusal.message else f"{units[code].name}: {refusal.message}"
