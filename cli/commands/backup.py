"""``bieumau backup [--db DB]`` and ``bieumau restore BACKUP [--db DB]`` for the SQLite database."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    save = sub.add_parser("backup", help="sao lưu cơ sở dữ liệu (giữ 10 bản gần nhất)")
    save.add_argument("--db", metavar="DB", help="đường dẫn tệp SQLite")
    save.add_argument("--keep", type=int, default=10, metavar="N", help="số bản sao lưu giữ lại")
    save.add_argument("--list", action="store_true", help="liệt kê các bản sao lưu hiện có")
    save.set_defaults(run=run_backup)
    back = sub.add_parser("restore", help="khôi phục cơ sở dữ liệu từ một bản sao lưu")
    back.add_argument("backup", metavar="BACKUP")
    back.add_argument("--db", metavar="DB", help="đường dẫn tệp SQLite")
    back.set_defaults(run=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    from cli.commands.opening import open_command_db
    from storage.backup import backup, list_backups

    db = open_command_db(args, daily_backup=False)
    try:
        if args.list:
            for path in list_backups(db):
                print(path)
            return 0
        path = backup(db, keep=args.keep)
    finally:
        db.close()
    print(f"Đã sao lưu vào {path}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from cli.commands.opening import database_target
    from operations.backup import restore_database

    restored = restore_database(database_target(args), args.backup)
    print(f"Đã khôi phục {restored} từ {args.backup} (bản trước khi khôi phục đã được sao lưu).")
    return 0
