"""``bieumau consolidate --form FORM --unit PARENT --period P [--db DB] --out FILE.xlsx [--store]``
(FORMS.md §6): consolidate the children of PARENT and write the consolidated workbook.

Exit 0 when the consolidated figures break no error rule, 1 when they do, 2 when the input is refused
(nothing written, nothing stored). ``--store`` also stores the figures as the parent's own.
"""

from __future__ import annotations

import argparse

from forms.errors import BieumauError


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("consolidate", help="tổng hợp số liệu các đơn vị cấp dưới và ghi sổ Excel tổng hợp")
    parser.add_argument("--form", required=True, metavar="FORM", help="mã biểu trong danh mục hoặc tệp định nghĩa")
    parser.add_argument("--unit", required=True, metavar="PARENT", help="mã đơn vị tổng hợp (cấp trên)")
    parser.add_argument("--period", required=True, metavar="P", help="kỳ báo cáo, ví dụ 2024Q2 hoặc «Quý II/2024»")
    parser.add_argument("--db", metavar="DB", help="đường dẫn tệp SQLite hoặc URL SQLAlchemy")
    parser.add_argument("--out", required=True, metavar="FILE.xlsx")
    parser.add_argument("--store", action="store_true",
                        help="lưu số tổng hợp làm số liệu của chính đơn vị PARENT (có ghi nhật ký thay đổi)")
    parser.add_argument("--recursive", action="store_true",
                        help="đơn vị cấp dưới chưa có số của mình thì tổng hợp từ các đơn vị trực thuộc nó")
    parser.add_argument("--agency", help="cơ quan chủ quản in góc trái (mặc định: UBND cấp trên của đơn vị)")
    parser.add_argument("--place", help="địa danh ở dòng ngày tháng (mặc định: tên tỉnh)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from cli.commands.opening import open_command_db
    from forms.definitions import resolve_form
    from forms.output_paths import check_output_path
    from forms.periods import form_period
    from operations.consolidation import consolidate_unit
    from storage.units import load_unit_tree

    out = check_output_path(args.out, "xlsx")
    if out.suffix.lower() != ".xlsx":
        raise BieumauError(f"Tệp xuất «{out.name}» phải có đuôi .xlsx.", "out")
    form = resolve_form(args.form)
    form_period(form, args.period)
    db = open_command_db(args)
    try:
        units = load_unit_tree(db)
        try:
            done = consolidate_unit(db, form, args.unit, args.period, units, out, user=db.user, store=args.store,
                                    recursive=args.recursive, agency=args.agency, place=args.place)
        except BieumauError as exc:
            if exc.code == "nothing_reported" and not args.recursive:
                raise BieumauError(exc.message.rstrip(".") + " (thêm --recursive để tổng hợp từ các đơn vị trực "
                                   "thuộc sâu hơn).", exc.code) from None
            raise
    finally:
        db.close()

    result, report, parent = done.result, done.report, units[args.unit]
    print(f"Tổng hợp biểu {form.id} của {parent.name} ({parent.code}), {result.period_name}.")
    print(result.summary_vi(units))
    for child, sources in result.stands_for.items():
        print(f"  - {units[child].name}: lấy theo số của {', '.join(units[s].name for s in sources)}.")
    for child, codes in result.missing_below.items():
        names = ", ".join(units[c].name for c in codes)
        print(f"  - {units[child].name} còn thiếu số liệu của: {names}.")
    if result.unreadable:
        print(f"{len(result.unreadable)} giá trị của đơn vị cấp dưới không đọc được thành số nên không được cộng "
              "(xem trang «Thiếu số liệu»).")
    if report.violations:
        print(f"Số tổng hợp vi phạm {done.errors} lỗi, {done.warnings} cảnh báo:")
        for item in report.violations:
            print(f"  - {item.message}")
    if report.differences:
        print(f"{len(report.differences)} số của chính đơn vị khác số tổng hợp:")
        for diff in report.differences:
            print(f"  - {diff.message_vi(form)}")
    print(f"Đã ghi sổ tổng hợp: {done.path}")
    if done.stored is not None:
        print(f"Đã lưu số tổng hợp làm số liệu của {parent.name}: {done.stored.summary_vi()}.")
    return 1 if done.errors else 0
