"""Start-up: time from a fresh process to an editable entry window, against a bare PySide6 window
with one QTableView doing the same (process start → window shown → event loop turned once)."""

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


def _run(script: str, *args: str, env: dict[str, str]) -> float:
    started = time.time()
    out = subprocess.run([sys.executable, "-c", script, repr(started), *args], capture_output=True,
                         text=True, env=env, check=True)
    return float(out.stdout.strip().splitlines()[-1])


ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("forms", "validators", "storage", "workbooks", "reports", "operations", "desktop", "cli")


def compile_sources(root: Path = ROOT) -> None:
    """Time the app as it is installed, its modules compiled (pip and the bundle leave them so): with
    PYTHONDONTWRITEBYTECODE set, as on CI, each start would otherwise compile every module again."""
    import compileall

    for package in PACKAGES:
        compileall.compile_dir(root / package, quiet=1)


def main(rounds: int = 5) -> None:
    compile_sources()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BIEUMAU_HOME": home}
        db = str(Path(home) / "bench.sqlite3")
        _run(BIEUMAU, db, env=env)  # first start seeds the demo database; not what we measure
        bare = [_run(BARE, env=env) for _ in range(rounds)]
        ours = [_run(BIEUMAU, db, env=env) for _ in range(rounds)]
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"{'':34} {'median s':>9} {'best s':>8}")
    print(f"{'bare PySide6 window + QTableView':34} {b:9.3f} {min(bare):8.3f}")
    print(f"{'bieumau entry window (VT-01)':34} {o:9.3f} {min(ours):8.3f}")
    print(f"ratio bieumau / bare: {o / b:.2f}×  (target ≤ 3×; target < 1 s to an editable window)")


if __name__ == "__main__":
    main()
