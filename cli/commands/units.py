"""``bieumau units import UNITS.csv [--db DB]``: load or update the unit list and print what changed;
``bieumau units grant --db URL ROLE UNIT``: let a PostgreSQL login write one unit and the units below it."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    units = sub.add_parser("units", help="danh mục đơn vị")
    units_sub = units.add_subparsers(dest="units_command", parser_class=type(units))
    load = units_sub.add_parser("import", help="nạp hoặc cập nhật danh mục đơn vị từ tệp CSV")
    load.add_argument("file", metavar="UNITS.csv")
    load.add_argument("--db", metavar="DB", help="đường dẫn tệp SQLite hoặc URL SQLAlchemy")
    load.add_argument("--code-list-version", metavar="VERSION", help="phiên bản danh mục (ví dụ 2025-07)")
    load.add_argument("--dry-run", action="store_true", help="chỉ xem trước thay đổi, không ghi")
    load.add_argument("--verbose", "-v", action="store_true", help="in từng đơn vị thay đổi và thay đổi gì")
    load.set_defaults(run=run_import)
    grant = units_sub.add_parser(
        "grant", help="cho một tài khoản PostgreSQL quyền ghi số liệu của một đơn vị và các đơn vị trực thuộc"
    )
    grant.add_argument("role", metavar="ROLE", help="tên tài khoản đăng nhập (chữ thường không dấu, số, _)")
    grant.add_argument("unit", metavar="UNIT_CODE", help="mã đơn vị, ví dụ mã huyện")
    grant.add_argument("--db", metavar="URL", help="URL PostgreSQL của chủ cơ sở dữ liệu (postgresql+psycopg://…)")
    grant.add_argument("--no-create-login", action="store_true",
                       help="chỉ cấp quyền cho tài khoản đã có, không tạo tài khoản mới")
    grant.set_defaults(run=run_grant)


def run_import(args: argparse.Namespace) -> int:
    from cli.commands.opening import open_command_db
    from operations.units import (
        GROUPS,
        apply_unit_list,
        group_title,
        preview_unit_list,
        read_unit_list,
        summary,
    )

    incoming = read_unit_list(args.file)  # a file refused whole never creates or touches a database
    db = open_command_db(args, create=not args.dry_run)
    try:
        preview = preview_unit_list(db, args.file, incoming)
        changes = preview.changes
        if not args.dry_run:
            changes = apply_unit_list(db, preview, user=db.user, code_list_version=args.code_list_version).changes
    finally:
        db.close()
    verb = "Sẽ thay đổi" if args.dry_run else "Đã nạp"
    print(f"{verb} {len(preview.units)} đơn vị từ {Path(args.file).name}: {summary(changes)}.")
    for group in GROUPS:
        codes = getattr(changes, group)
        if codes:
            print(f"  {group_title(group)}: {', '.join(codes)}")
            for code in codes if args.verbose else ():
                print(f"    {code} {preview.unit(code).name}: {preview.describe(group, code)}")
    return 0


def run_grant(args: argparse.Namespace) -> int:
    from forms.errors import BieumauError
    from storage.database import is_sqlite_target, open_database
    from storage.scopes import grant_unit_scope
    from storage.units import load_unit_tree

    # refused before opening: opening a SQLite file would create or back it up, and without --db
    # the app's own database is a SQLite file
    if not args.db or is_sqlite_target(args.db):
        raise BieumauError(
            "Phân quyền theo đơn vị chỉ dùng với cơ sở dữ liệu PostgreSQL; hãy chỉ rõ máy chủ bằng "
            "--db postgresql+psycopg://…. Không có gì thay đổi.",
            "role",
        )
    db = open_database(args.db)
    try:
        created = grant_unit_scope(db, args.role, args.unit, create_login=not args.no_create_login)
        name = load_unit_tree(db)[args.unit].name
    finally:
        db.close()
    print(f"Tài khoản «{args.role}» được ghi số liệu của {name} ({args.unit}) và các đơn vị trực thuộc.")
    if created:
        print(f"Đã tạo tài khoản mới, chưa có mật khẩu: ALTER ROLE {args.role} PASSWORD '…';")
    return 0
