"""The ``bieumau`` command line: one sub-command per module of ``cli.commands``.

Headless commands never import Qt; only ``gui`` does. Expected failures (``BieumauError``) print a
one-line Vietnamese reason on stderr and exit 2; an unexpected one is logged, never shown as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import io
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from forms.errors import BieumauError
from forms.messages import say

# One line per command module; each has ``add_parser(subparsers)`` and ``run(args) -> int``.
GUI_MODULE = "cli.commands.gui"
COMMAND_MODULES = (
    GUI_MODULE,
    "cli.commands.forms_check",
    "cli.commands.validate",
    "cli.commands.units",
    "cli.commands.targets",
    "cli.commands.values",
    "cli.commands.workbook",
    "cli.commands.consolidate",
    "cli.commands.review",
    "cli.commands.backup",
    "cli.commands.selftest",
    "cli.commands.report",
)

EXIT_OK, EXIT_VIOLATIONS, EXIT_REFUSED = 0, 1, 2


class _ClosedPipeSafe:
    """stdout that stops writing, quietly, when its reader has gone (``bieumau … | head``): what was
    committed stays committed and the exit code stays the command's own, not a failure."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.closed_by_reader = False

    def write(self, text: str) -> int:
        if not self.closed_by_reader:
            try:
                return self._stream.write(text)
            except BrokenPipeError:
                self._reader_gone()
        return len(text)

    def flush(self) -> None:
        if not self.closed_by_reader:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._reader_gone()

    def _reader_gone(self) -> None:
        self.closed_by_reader = True
        try:  # the interpreter flushes stdout again at exit: let that go nowhere
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())
            os.close(devnull)
        except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
            pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _Parser(argparse.ArgumentParser):
    """argparse that refuses in Vietnamese, on one line, with exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        message = " ".join(message.split())
        sys.stderr.write(f"bieumau: lệnh không hợp lệ: {message} (xem «{self.prog} --help»).\n")
        raise SystemExit(EXIT_REFUSED)

    def add_subparsers(self, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("metavar", "LỆNH")  # named in refusals instead of the internal dest
        kwargs.setdefault("title", "lệnh")
        return super().add_subparsers(**kwargs)


class _Version(argparse.Action):
    """``--version``, reading the package metadata only when asked rather than at every start."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        from operations.version import version

        sys.stdout.write(f"bieumau {version()}\n")
        parser.exit()


def build_parser(commands: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    """The parser of ``commands`` (modules of ``cli.commands``), all of them unless told."""
    from cli import argparse_vi

    argparse_vi.install()
    parser = _Parser(prog="bieumau", description="Nhập, kiểm tra và tổng hợp biểu mẫu báo cáo chỉ tiêu.")
    parser.add_argument("--version", action=_Version, help="hiện số phiên bản rồi thoát")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for name in commands:
        importlib.import_module(name).add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    plain = sys.stdout
    guarded = _ClosedPipeSafe(plain)
    sys.stdout = guarded  # type: ignore[assignment]
    try:
        return _run(argv)
    finally:
        guarded.flush()  # a reader gone by now is found here, not by the interpreter's last flush
        sys.stdout = plain


def one_line(message: str) -> str:
    """stderr gets one line per refusal, whatever the message holds (a definition's problem list)."""
    return "; ".join(part.strip() for part in message.splitlines() if part.strip())


def _run(argv: list[str]) -> int:
    if not argv or (argv[0].startswith("--") and argv[0] not in ("--help", "--version")):
        argv = ["gui", *argv]
    # Opening the app is the common start: its own parser then, without importing every other command.
    parser = build_parser((GUI_MODULE,) if argv[0] == "gui" else COMMAND_MODULES)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a refusal already printed on one line
        return exc.code if isinstance(exc.code, int) else EXIT_REFUSED
    if not getattr(args, "run", None):
        words = " ".join(a for a in argv if not a.startswith("-"))
        sys.stderr.write(f"bieumau: lệnh không hợp lệ: «bieumau {words}» cần thêm một lệnh con "
                         f"(xem «bieumau {words} --help»).\n")
        return EXIT_REFUSED
    try:
        return int(args.run(args) or 0)
    except BieumauError as exc:
        sys.stderr.write(f"bieumau: {one_line(exc.message)}\n")
        return EXIT_REFUSED
    except KeyboardInterrupt:
        sys.stderr.write(f"bieumau: {say('cli.interrupted')}\n")
        return 130
    except RecursionError:
        # every store is one transaction, rolled back when this unwinds through it
        sys.stderr.write(f"bieumau: {say('cli.too_deep')}\n")
        return EXIT_REFUSED
    except Exception as exc:
        from operations.crashlog import write_crash_log

        where = write_crash_log(exc)
        sys.stderr.write(f"bieumau: {say('cli.unexpected', kind=type(exc).__name__, log=where)}\n")
        return EXIT_REFUSED


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
