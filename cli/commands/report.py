"""``bieumau report draft|check``: the narrative report — draft it from the database, check a written one."""

from __future__ import annotations

import argparse
import json
import sys


def add_parser(sub: argparse._SubParsersAction) -> None:
    report = sub.add_parser("report", help="báo cáo thuyết minh: lập dự thảo từ số liệu, kiểm tra báo cáo đã viết")
    report_sub = report.add_subparsers(dest="report_command", parser_class=type(report))
    draft = report_sub.add_parser("draft", help="lập dự thảo báo cáo (.docx) từ số liệu trong cơ sở dữ liệu")
    draft.add_argument("--unit", required=True, metavar="U", help="mã đơn vị (ví dụ 24-STTTT)")
    draft.add_argument("--period", required=True, metavar="P", help="kỳ báo cáo (2024Q2, 2024S1, 2024)")
    draft.add_argument("--template", metavar="T.docx", help="mẫu báo cáo Word có chỗ đánh dấu docxtpl")
    draft.add_argument("--db", metavar="DB", help="đường dẫn tệp SQLite hoặc URL SQLAlchemy")
    draft.add_argument("--out", required=True, metavar="R.docx")
    draft.set_defaults(run=run_draft)
    check = report_sub.add_parser("check", help="kiểm tra số liệu trong báo cáo đã viết (.docx hoặc .txt)")
    check.add_argument("report", metavar="REPORT", help="tệp .docx, hoặc .txt (kể cả văn bản trích từ PDF)")
    check.add_argument("--db", metavar="DB", help="so với số liệu đã lưu (cần cả --unit và --period)")
    check.add_argument("--unit", metavar="U")
    check.add_argument("--period", metavar="P")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(run=run_check)


def run_draft(args: argparse.Namespace) -> int:
    from cli.commands.opening import open_command_db
    from operations.reports import draft_path, draft_report

    draft_path(args.out)  # a wrong name is refused before a database is opened
    db = open_command_db(args)
    try:
        draft = draft_report(db, args.unit, args.period, args.out, args.template)
    finally:
        db.close()
    print(f"Đã lập dự thảo báo cáo {draft.path}. Các chỗ tô vàng cần người viết bổ sung hoặc kiểm tra.")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from operations.reports import check_report, comparison_place

    if args.db or args.unit or args.period:
        comparison_place(args.unit, args.period)
        from cli.commands.opening import open_command_db

        db = open_command_db(args)
        try:
            checked = check_report(args.report, db, args.unit, args.period)
        finally:
            db.close()
    else:
        checked = check_report(args.report)
    if args.format == "json":
        json.dump(checked.as_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for finding in checked.findings:
            print(finding.render())
        print(checked.summary())
    return 1 if checked.has_certain else 0
