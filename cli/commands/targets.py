"""``bieumau targets import PLAN.csv|PLAN.xlsx [--db DB]``: store a province's plan (yearly targets per
unit and indicator) in the database; ``bieumau targets list [--year Y] [--db DB]`` prints it."""

from __future__ import annotations

import argparse
from pathlib import Path


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


def run_import(args: argparse.Namespace) -> int:
    from cli.commands.opening import open_command_db
    from operations.targets import import_plan, read_plan

    plan = read_plan(args.file)  # read and checked whole before the database is touched
    db = open_command_db(args, create=True)  # a plan may be the first thing a new database holds
    try:
        imported = import_plan(db, args.file, user=db.user, plan=plan)
    finally:
        db.close()
    print(imported.summary(Path(args.file).name))
    return 0


def run_list(args: argparse.Namespace) -> int:
    from cli.commands.opening import open_command_db
    from storage.plans import load_plan

    db = open_command_db(args)
    try:
        plan = load_plan(db, args.year)
    finally:
        db.close()
    for row in plan.rows:
        print(f"{row.unit}\t{row.year}\t{row.indicator}\t{row.target.text}")
    return 0
