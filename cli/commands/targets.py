"""``bieumau targets import PLAN.csv|PLAN.xlsx [--db DB]``: store a province's plan (yearly targets per
unit and indicator) in the database; ``bieumau targets list [--year Y] [--db DB]`` prints it."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from cli.commands.units import database_target

if TYPE_CHECKING:
    from forms.plans import Plan


def add_parser(sub: argparse._SubParsersAction) -> None:
    targets = sub.add_parser("targets", help="kế hoạch (chỉ tiêu phấn đấu) hằng năm của các đơn vị")
    targets_sub = targets.add_subparsers(dest="targets_command", parser_class=type(targets))
    load = targets_sub.add_parser("import", help="nạp kế hoạch từ tệp CSV hoặc Excel (unit,year,indicator,target)")
    load.add_argument("file", metavar="PLAN.csv|PLAN.xlsx")
    load.add_argument("--db", metavar="DB", help="đường dẫn tệp SQLite hoặc URL SQLAlchemy")
    load.set_defaults(run=run_import)
    show = targets_sub.add_parser("list", help="in kế hoạch đã lưu")
    show.add_argument("--year", type=int, metavar="YEAR")
    show.add_argument("--db", metavar="DB", help="đường dẫn tệp SQLite hoặc URL SQLAlchemy")
    show.set_defaults(run=run_list)


def read_plan(path: str) -> Plan:
    """A plan from CSV or an Excel workbook, by the file's extension."""
    from forms.plans import read_plan_csv

    if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        from workbooks.plan_sheet import read_plan_xlsx

        return read_plan_xlsx(path)
    return read_plan_csv(path)


def run_import(args: argparse.Namespace) -> int:
    from storage.backup import backup
    from storage.database import open_database
    from storage.plans import save_plan

    plan = read_plan(args.file)  # read and checked whole before the database is touched
    db = open_database(database_target(args))
    try:
        if db.is_sqlite:
            backup(db, reason="truoc-nhap-ke-hoach")
        changes = save_plan(db, plan, user=db.user, source=Path(args.file).name)
    finally:
        db.close()
    years = ", ".join(str(y) for y in plan.years)
    print(f"Đã nạp kế hoạch năm {years} từ {Path(args.file).name}: {changes.summary_vi()}.")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from storage.database import open_database
    from storage.plans import load_plan

    db = open_database(database_target(args))
    try:
        plan = load_plan(db, args.year)
    finally:
        db.close()
    for row in plan.rows:
        print(f"{row.unit}\t{row.year}\t{row.indicator}\t{row.target.text}")
    return 0
