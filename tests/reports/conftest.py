from __future__ import annotations

from tests.operations.conftest import demo  # noqa: F401  (the demo province, shared with the operation tests)
