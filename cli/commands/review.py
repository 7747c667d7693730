"""``bieumau review list|approve|return|unlock|status``: the approval window's steps and the dashboard's table
for scripts and servers, through the same operations (operations.review, operations.completeness).

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
    status = steps.add_parser("status", help="tình hình nộp báo cáo của một kỳ: đơn vị nào đã nộp biểu nào, "
                                             "trễ hạn, còn thiếu")
    status.add_argument("--period", required=True, metavar="P", help="kỳ báo cáo, ví dụ 2024Q2 hoặc «Quý II/2024»")
    status.add_argument("--unit", metavar="U", help="đơn vị và các đơn vị cấp dưới (mặc định: cả tỉnh)")
    status.add_argument("--form", action="append", metavar="FORM",
                        help="chỉ biểu này (mã trong danh mục hoặc tệp định nghĩa; lặp lại được)")
    status.add_argument("--db", metavar="DB", help="đường dẫn tệp SQLite hoặc URL SQLAlchemy")
    status.set_defaults(run=run_status)
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
    from operations.review import reviewable_units, statuses
    from storage.status import STATUS_NAMES_VI

    with _opened(args) as (form, period, reviewer, db, units):
        reviewed = reviewable_units(units, reviewer, form, period)
        print(f"{form.id}, {period.name_vi} — đơn vị duyệt: {units[reviewer].name}")
        if not reviewed:
            print("Không có đơn vị nào báo cáo biểu này mà đơn vị trên được duyệt.")
        found = statuses(db, form.id, period.code, [u.code for u in reviewed])
        for unit in reviewed:
            status = found[unit.code]
            when = f"{status.changed_at.astimezone():%d/%m/%Y %H:%M}" if status.changed_at else ""
            extra = " · ".join(part for part in (status.user, when, status.reason) if part)
            print(f"{unit.code}\t{unit.name}\t{STATUS_NAMES_VI[status.status]}" + (f"\t{extra}" if extra else ""))
    return 0


def run_step(args: argparse.Namespace) -> int:
    from operations.review import review
    from storage.status import STATUS_NAMES_VI

    with _opened(args) as (form, period, reviewer, db, units):
        done = review(db, args.step, form.id, period.code, args.units, reviewer=reviewer, user=db.user,
                      reason=getattr(args, "reason", ""), source="api")
        for code, status in zip(args.units, done.statuses, strict=True):
            print(f"{code}\t{units[code].name}\t{STATUS_NAMES_VI[status.status]}")
    return 0


def run_status(args: argparse.Namespace) -> int:
    """The dashboard's table: every unit of the scope × every form of the period's kind."""
    from forms.definitions import resolve_form
    from forms.periods import form_period, parse_period
    from forms.units import LEVEL_NAMES_VI
    from operations.completeness import completeness_of, local
    from operations.context import open_context
    from storage.status import STATUS_NAMES_VI

    period = parse_period(args.period)
    ctx = open_context(args.db, seed_demo=False, create=not args.db)
    try:
        if args.unit is not None and args.unit not in ctx.units:
            raise BieumauError(f"Không có đơn vị mã «{args.unit}» trong danh mục đơn vị.", "unknown_unit")
        forms = None
        if args.form:
            forms = [ctx.catalogue[f] if f in ctx.catalogue else resolve_form(f) for f in args.form]
            for form in forms:
                period = form_period(form, period)
        data = completeness_of(ctx, period, args.unit, forms)
    finally:
        ctx.db.close()
    print(f"{period.name_vi} — {len(data.units)} đơn vị, {len(data.forms)} biểu")
    for form in data.forms:
        counts = " · ".join(f"{done}/{total} {LEVEL_NAMES_VI[level].lower()} đã nộp"
                            for level, (done, total) in data.submitted_by_level(form).items())
        print(f"{form.id}\thạn nộp {period.deadline(form.deadline_days):%d/%m/%Y}\t{counts or '—'}")
    for unit in data.units:
        cells = []
        for form in data.forms:
            entry = data.entries.get((unit.code, form.id))
            if entry is None:
                continue
            parts = [STATUS_NAMES_VI[entry.status]]
            if entry.errors:
                parts.append(f"{entry.errors} lỗi")
            if entry.warnings:
                parts.append(f"{entry.warnings} cảnh báo")
            if entry.submitted_at:
                parts.append(f"nộp lúc {local(entry.submitted_at):%d/%m/%Y %H:%M}")
            if entry.late(data.today):
                parts.append("Nộp trễ hạn" if entry.submitted else "Trễ hạn")
            cells.append(f"{form.id}: " + ", ".join(parts))
        done, total = data.unit_total(unit)
        print(f"{unit.code}\t{unit.name}\t{done}/{total} đã nộp\t" + "\t".join(cells))
    done, total = data.total()
    print(f"Tổng: {done}/{total} biểu đã nộp; còn thiếu {len(data.missing())}, trễ hạn {len(data.late())}")
    complete = " · ".join(f"{d}/{t} {LEVEL_NAMES_VI[level].lower()}" for level, (d, t) in data.complete_by_level().items())
    print(f"Đã nộp đủ các biểu: {complete}" if complete else "Không có đơn vị nào phải báo cáo.")
    return 0
