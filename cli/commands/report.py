"""``bieumau report draft|check``: the narrative report — draft it from the database, check a written one."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from forms.errors import BieumauError


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
    from cli.commands.units import database_target
    from reports.draft import draft_report
    from storage.database import open_database

    out = Path(args.out)
    if out.suffix.lower() != ".docx":
        raise BieumauError(f"Tệp kết quả «{out.name}» phải có đuôi .docx.", "report_draft")
    db = open_database(database_target(args))
    try:
        draft_report(db, args.unit, args.period, out, Path(args.template) if args.template else None)
    finally:
        db.close()
    print(f"Đã lập dự thảo báo cáo {out}. Các chỗ tô vàng cần người viết bổ sung hoặc kiểm tra.")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from reports.check import as_json, check_file
    from reports.findings import CERTAIN, summary

    figures = None
    if args.db or args.unit or args.period:
        if not (args.unit and args.period):
            raise BieumauError("Để so với số liệu đã lưu cần cả --unit và --period.", "report_check")
        from cli.commands.units import database_target
        from reports.figures_db import gather
        from storage.database import open_database

        db = open_database(database_target(args))
        try:
            figures = gather(db, args.unit, args.period)
        finally:
            db.close()
    _, findings = check_file(Path(args.report), figures)
    if args.format == "json":
        json.dump(as_json(findings), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for finding in findings:
            print(finding.render())
        counts = summary(findings)["by_confidence"]
        print(f"{len(findings)} phát hiện: " + ", ".join(f"{n} {c}" for c, n in counts.items()) + ".")
    return 1 if any(f.confidence == CERTAIN for f in findings) else 0
