"""Start-up: time from a fresh process to an editable entry window, against a bare PySide6 window
with one QTableView doing the same (process start → window shown → event loop turned once).

The runs alternate (bare, bieumau, bare, …) so that a machine busy with other work slows both alike.
``BIEUMAU_BENCH_BASELINE=/path/to/an/older/checkout`` times that checkout's window in the same rounds
too, for a before/after comparison."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

BARE = textwrap.dedent(
    """
    import time, sys
    t0 = float(sys.argv[1])
    from PySide6.QtWidgets import QApplication, QTableView
    from PySide6.QtGui import QStandardItemModel
    app = QApplication([])
    view = QTableView()
    view.setModel(QStandardItemModel(40, 6))
    view.show()
    app.processEvents()
    print(time.time() - t0)
    """
)

BIEUMAU = textwrap.dedent(
    """
    import time, sys
    t0 = float(sys.argv[1])
    from operations.context import open_context
    ctx = open_context(sys.argv[2])  # in the order «bieumau gui» opens them: the data, then Qt
    from desktop.application import ensure_application, build_main_window
    app = ensure_application()
    window = build_main_window(ctx, unit="24-STTTT", form="VT-01", period="2024Q2")
    window.show()
    app.processEvents()
    assert window.model is not None and window.model.rowCount() > 0
    print(time.time() - t0)
    """
)


def _run(script: str, *args: str, env: dict[str, str], cwd: Path | None = None) -> float:
    started = time.time()
    # «python -c» imports the packages from the working directory first: the checkout being timed
    out = subprocess.run([sys.executable, "-c", script, repr(started), *args], capture_output=True,
                         text=True, env=env, check=True, cwd=cwd or ROOT)
    return float(out.stdout.strip().splitlines()[-1])


ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("forms", "validators", "storage", "workbooks", "reports", "operations", "desktop", "cli")


def compile_sources(root: Path = ROOT) -> None:
    """Time the app as it is installed, its modules compiled (pip and the bundle leave them so): with
    PYTHONDONTWRITEBYTECODE set, as on CI, each start would otherwise compile every module again."""
    import compileall

    for package in PACKAGES:
        compileall.compile_dir(root / package, quiet=1)


def main(rounds: int = 7) -> None:
    baseline = os.environ.get("BIEUMAU_BENCH_BASELINE")
    trees = {"bieumau entry window (VT-01)": ROOT}
    if baseline:
        trees = {"baseline entry window (VT-01)": Path(baseline).resolve(), **trees}
    for tree in trees.values():
        compile_sources(tree)
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BIEUMAU_HOME": home}
        db = str(Path(home) / "bench.sqlite3")
        _run(BIEUMAU, db, env=env)  # first start seeds the demo database; not what we measure
        bare: list[float] = []
        times: dict[str, list[float]] = {name: [] for name in trees}
        for _ in range(rounds):
            bare.append(_run(BARE, env=env))
            for name, tree in trees.items():
                times[name].append(_run(BIEUMAU, db, env=env, cwd=tree))
    b = statistics.median(bare)
    print(f"{'':34} {'median s':>9} {'best s':>8} {'× bare':>7}")
    print(f"{'bare PySide6 window + QTableView':34} {b:9.3f} {min(bare):8.3f} {1:7.2f}")
    for name, runs in times.items():
        o = statistics.median(runs)
        print(f"{name:34} {o:9.3f} {min(runs):8.3f} {o / b:7.2f}")
    o = statistics.median(times["bieumau entry window (VT-01)"])
    print(f"ratio bieumau / bare: {o / b:.2f}×  (target ≤ 3×; target < 1 s to an editable window)")


if __name__ == "__main__":
    main()
