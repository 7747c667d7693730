"""A new form version without a window: its differences are listed, a version that is not newer is
refused with the reason, and loading it keeps the old one beside it and says which form it touched."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from forms.errors import BieumauError
from operations.context import open_context
from operations.forms_admin import load_form_version, preview_form_version
from tests.operations.admin_files import new_form_version


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("BIEUMAU_HOME", str(tmp_path / "home"))
    context = open_context(str(tmp_path / "db.sqlite3"), seed_demo=False)
    yield context
    context.db.close()


def test_the_differences_are_listed_and_loading_keeps_the_old_version(ctx, tmp_path: Path) -> None:
    from storage.forms import register_form, stored_versions

    old = ctx.catalogue["TTR-01"]
    register_form(ctx.db, old)
    preview = preview_form_version(ctx.catalogue, new_form_version(ctx, tmp_path))
    assert [i for i, _ in preview.rows("indicators", "added")] == ["kien_nghi"]
    assert [i for i, _ in preview.rows("rules", "removed")] == ["giai_quyet_le_don"]
    assert [i for i, _ in preview.rows("indicators", "changed")] == ["cuoc_tt"]
    assert preview.summary() == f"TTR-01: phiên bản {old.version} → {old.version + 1}"
    assert preview.problem() is None
    assert ctx.catalogue["TTR-01"] is old  # nothing used by looking
    loaded = load_form_version(ctx.db, ctx.catalogue, preview)
    assert loaded.op_changes.forms == {"TTR-01"} and loaded.op_changes.touches("TTR-01")
    assert ctx.catalogue["TTR-01"].version == old.version + 1
    assert stored_versions(ctx.db, "TTR-01") == [old.version, old.version + 1]


@pytest.mark.parametrize(("bump", "reason"), [(0, "tăng số phiên bản"), (-1, "cũ hơn phiên bản đang dùng")])
def test_a_version_that_is_not_newer_is_refused(ctx, tmp_path: Path, bump: int, reason: str) -> None:
    preview = preview_form_version(ctx.catalogue, new_form_version(ctx, tmp_path, bump=bump))
    assert reason in preview.problem()
    with pytest.raises(BieumauError) as refused:
        load_form_version(ctx.db, ctx.catalogue, preview)
    assert reason in refused.value.message


def test_the_same_definition_changes_nothing(ctx, tmp_path: Path) -> None:
    path = tmp_path / "same.yaml"
    path.write_text(yaml.safe_dump(ctx.catalogue["TTR-01"].definition, allow_unicode=True), encoding="utf-8")
    preview = preview_form_version(ctx.catalogue, path)
    assert not preview.changed and "không có gì để cập nhật" in preview.summary()
    assert not load_form_version(ctx.db, ctx.catalogue, preview).op_changes
