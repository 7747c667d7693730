"""Run every ``bench/bench_*.py`` module's ``main()`` in name order: ``python -m bench [name-filter]``."""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    wanted = argv[0] if argv else ""
    names = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    chosen = [n for n in names if wanted in n]
    if not chosen:
        print(f"Không có benchmark nào khớp «{wanted}» (có: {', '.join(names)}).", file=sys.stderr)
        return 2
    for name in chosen:
        print(f"== {name} ==")
        started = time.perf_counter()
        importlib.import_module(f"bench.{name}").main()
        print(f"({name}: {time.perf_counter() - started:.1f} s)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
