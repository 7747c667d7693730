"""The ``bieumau`` command line: one sub-command per module of ``desktop.commands``.

Headless commands never import Qt; only ``gui`` does. Expected failures (``BieumauError``) print a
one-line Vietnamese reason on stderr and exit 2; an unexpected one is logged, never shown as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from forms.errors import BieumauError

# One line per command module; each has ``add_parser(subparsers)`` and ``run(args) -> int``.
COMMAND_MODULES = (
    "desktop.commands.gui",
    "desktop.commands.forms_check",
    "desktop.commands.validate",
    "desktop.commands.units",
    "desktop.commands.values",
    "desktop.commands.workbook",
    "desktop.commands.consolidate",
    "desktop.commands.review",
    "desktop.commands.backup",
    "desktop.commands.selftest",
    "desktop.commands.report",
)

EXIT_OK, EXIT_VIOLATIONS, EXIT_REFUSED = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that refuses in Vietnamese with exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"bieumau: lệnh không hợp lệ: {message}\n")
        raise SystemExit(EXIT_REFUSED)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="bieumau", description="Nhập, kiểm tra và tổng hợp biểu mẫu báo cáo chỉ tiêu.")
    from desktop.version import version

    parser.add_argument("--version", action="version", version=f"bieumau {version()}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # a command not built yet
            raise
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    parser = build_parser()
    if not argv or (argv[0].startswith("--") and argv[0] not in ("--help", "--version")):
        argv = ["gui", *argv]
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_REFUSED
    try:
        return int(args.run(args) or 0)
    except BieumauError as exc:
        sys.stderr.write(f"bieumau: {exc.message}\n")
        return EXIT_REFUSED
    except KeyboardInterrupt:
        sys.stderr.write("bieumau: đã dừng theo yêu cầu.\n")
        return 130
    except Exception as exc:
        from desktop.crashlog import write_crash_log

        where = write_crash_log(exc)
        sys.stderr.write(
            f"bieumau: lỗi không mong đợi ({type(exc).__name__}); chi tiết đã ghi vào {where}. "
            "Không có dữ liệu nào bị thay đổi dở dang.\n"
        )
        return EXIT_REFUSED


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
