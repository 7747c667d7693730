"""The output-path guard on its own, with random names and contents."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.output_paths import KINDS, VALUES_HEADER, OutputPathError, check_output_path, output_target

names = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="/\\\x00:*?\"<>|"),
                min_size=1, max_size=30).filter(lambda n: n.strip(" .") != "" and n not in (".", ".."))
random_settings = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@random_settings
@given(name=names, content=st.binary(max_size=200), kind=st.sampled_from(KINDS))
def test_an_existing_file_without_our_signature_is_refused(tmp_path: Path, name: str, content: bytes,
                                                           kind: str) -> None:
    if content.lstrip(b"\xef\xbb\xbf").replace(b" ", b"").startswith(VALUES_HEADER.encode()):
        return
    target = tmp_path / name
    if target.exists():
        return
    target.write_bytes(content)
    with pytest.raises(OutputPathError) as refused:
        check_output_path(target, kind)
    assert name in refused.value.message or str(target) in refused.value.message
    assert target.read_bytes() == content


@random_settings
@given(name=names, depth=st.integers(1, 3))
def test_a_missing_folder_is_refused_and_not_created(tmp_path: Path, name: str, depth: int) -> None:
    folder = tmp_path.joinpath(*(f"thieu-{i}" for i in range(depth)))
    with pytest.raises(OutputPathError):
        check_output_path(folder / name, "csv")
    assert not (tmp_path / "thieu-0").exists()


@random_settings
@given(name=names)
def test_a_new_file_is_written_whole_through_a_temporary_name(tmp_path: Path, name: str) -> None:
    tmp_path = Path(tempfile.mkdtemp(dir=tmp_path))  # one folder per example: only this example's files
    target = tmp_path / f"{name}.csv"
    with output_target(target, "csv") as temp:
        assert temp.parent == target.parent and temp != target
        temp.write_text(VALUES_HEADER + "\n", encoding="utf-8")
        assert not target.exists()
    assert target.read_text(encoding="utf-8") == VALUES_HEADER + "\n"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
    with output_target(target, "csv") as temp:  # ours now: may be replaced
        temp.write_text(VALUES_HEADER + "\nA,2024,x,y,1\n", encoding="utf-8")
    assert target.read_text(encoding="utf-8").endswith("A,2024,x,y,1\n")


def test_a_failure_while_writing_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "ra.csv"
    target.write_text(VALUES_HEADER + "\ncu\n", encoding="utf-8")
    with pytest.raises(RuntimeError), output_target(target, "csv") as temp:
        temp.write_text("nửa chừng", encoding="utf-8")
        raise RuntimeError("hỏng giữa chừng")
    assert target.read_text(encoding="utf-8") == VALUES_HEADER + "\ncu\n"
    assert [p.name for p in tmp_path.iterdir()] == ["ra.csv"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_database_is_never_an_output_whatever_it_is_called(tmp_path: Path, kind: str) -> None:
    for name in ("ra.csv", "ra.xlsx", "ra.png", "ra"):
        target = tmp_path / name
        sqlite3.connect(target).execute("CREATE TABLE t (x)").connection.close()
        with pytest.raises(OutputPathError, match="cơ sở dữ liệu"):
            check_output_path(target, kind)
        link = tmp_path / f"lien-ket-{name}"
        link.symlink_to(target)
        with pytest.raises(OutputPathError):
            check_output_path(link, kind)


def test_a_folder_that_cannot_be_written_is_a_reason_not_a_traceback(tmp_path: Path) -> None:
    for error, code in ((PermissionError(13, "Permission denied"), "locked"), (OSError(28, "No space left"), "write")):
        with pytest.raises(OutputPathError) as refused, output_target(tmp_path / "ra.csv", "csv"):
            raise error
        assert refused.value.code == code and "ra.csv" in refused.value.message
    assert list(tmp_path.iterdir()) == []
