"""Merging many submissions into the database: each file all or nothing through ``import_workbook``,
with progress and cancel between files, and resubmissions of the same sheet detected as duplicates
or conflicts (the newest export wins only when someone confirms it)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from forms.errors import BieumauError
from forms.messages import say
from forms.periods import parse_period
from workbooks.submission_import import ImportBatch, ImportResult, import_workbook, read_content

if TYPE_CHECKING:
    from forms.model import Form
    from workbooks.reading import WorkbookContent

from forms.values import CellKey

SheetKey = tuple[str, str, str]  # (form id, unit, period code)
DATABASE_LABEL = "số liệu đã có trong cơ sở dữ liệu"
_OLDEST = datetime.min.replace(tzinfo=UTC)


class TaskState(Protocol):
    """What a long operation reports to and asks of its caller (the desktop passes its TaskState)."""

    def progress(self, done: int, total: int, label: str = "") -> None: ...

    def check(self) -> None:
        """Raise when the user cancelled."""
        ...

    @property
    def cancelled(self) -> bool:
        """Whether the user cancelled (for work that stops itself, such as writing a workbook)."""
        ...


@dataclass(frozen=True)
class Version:
    """One version of a sheet: a file of the batch or what the database holds."""

    label: str
    at: datetime | None
    values: Mapping[CellKey, str]
    path: Path | None = None

    @property
    def when_vi(self) -> str:
        if self.at is None:
            return "không rõ thời điểm"
        return self.at.astimezone().strftime("%H:%M ngày %d/%m/%Y")


@dataclass(frozen=True)
class Conflict:
    """Different figures for the same form, unit and period; ``versions`` oldest first."""

    form_id: str
    unit: str
    period: str
    versions: tuple[Version, ...]

    @property
    def newest(self) -> Version:
        return self.versions[-1]

    def message_vi(self) -> str:
        listed = "; ".join(f"«{v.label}» (xuất lúc {v.when_vi})" if v.path else f"{v.label} (sửa lúc {v.when_vi})"
                           for v in self.versions)
        return (f"Biểu {self.form_id} của đơn vị {self.unit} kỳ {parse_period(self.period).name_vi} có "
                f"{len(self.versions)} bản khác nhau: {listed}.")


def _exported_at(content: WorkbookContent) -> datetime | None:
    try:
        when = datetime.fromisoformat(content.meta.get("exported_at", ""))
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _differs(version: Mapping[CellKey, str], other: Mapping[CellKey, str], template: bool) -> bool:
    """A submission is the whole sheet; a filled template only adds cells, so only those count."""
    mine = {k: v.strip() for k, v in version.items() if v.strip()}
    theirs = {k: v.strip() for k, v in other.items() if v.strip()}
    if template:
        return any(theirs.get(k) not in (None, v) for k, v in mine.items())
    return mine != theirs


Contents = Mapping[Path, "WorkbookContent | BieumauError"]


def read_files(paths: Iterable[Path | str], state: TaskState | None = None) -> dict[Path, WorkbookContent | BieumauError]:
    """Every file read once, in order; a file that cannot be read holds its refusal (``import_workbook``
    reports it). Nothing is written while reading: a cancel here leaves the database as it was."""
    files = [Path(p) for p in paths]
    contents: dict[Path, WorkbookContent | BieumauError] = {}
    for i, path in enumerate(files):
        if state is not None:
            state.check()
            state.progress(0, len(files), f"Đang đọc {path.name} ({i + 1}/{len(files)})")
        contents[path] = read_content(path)
    return contents


def _stored(db: Any, key: SheetKey) -> Version | None:
    from storage.values import read_values

    form_id, unit, period = key
    try:
        stored = read_values(db, form_id, unit, period)
    except BieumauError:
        return None
    if not stored:
        return None
    return Version(DATABASE_LABEL, max(v.changed_at for v in stored.values()),
                   {cell: v.raw for cell, v in stored.items()})


def _refused(path: Path, key: SheetKey, reason: str) -> ImportResult:
    form_id, unit, period = key
    return ImportResult(file=path, unit=unit, period=period, form_id=form_id, refused=reason)


def _plan(
    db: Any, paths: list[Path], confirm_conflict: Callable[[Conflict], bool] | None, read: Contents
) -> tuple[list[list[Path]], dict[Path, ImportResult], dict[Path, str]]:
    """Which files to import, grouped so a sheet's versions go in together (oldest first), which
    are refused before import, and notes for files that merely repeat another."""
    contents: dict[Path, WorkbookContent] = {p: c for p in paths if not isinstance(c := read[p], BieumauError)}
    groups: dict[SheetKey | Path, list[Path]] = {}
    for path in paths:
        content = contents.get(path)
        if content is None:
            groups.setdefault(path, []).append(path)
            continue
        try:
            period = parse_period(content.period_code).code
        except BieumauError:
            period = content.period_code
        groups.setdefault((content.form_id, content.unit_code, period), []).append(path)

    batches: list[list[Path]] = []
    refused: dict[Path, ImportResult] = {}
    notes: dict[Path, str] = {}
    for key, files in groups.items():
        if isinstance(key, Path):
            batches.append(files)
            continue
        files = sorted(files, key=lambda p: _exported_at(contents[p]) or _OLDEST)  # type: ignore[arg-type]
        versions = [Version(p.name, _exported_at(contents[p]), contents[p].values, p)  # type: ignore[union-attr]
                    for p in files]
        template = {p: contents[p].kind == "template" for p in files}  # type: ignore[union-attr]
        stored = _stored(db, key)
        distinct: list[Version] = [stored] if stored is not None else []
        member: dict[Path, int] = {}
        for version in versions:
            path = version.path
            assert path is not None
            same = next((i for i, d in enumerate(distinct)
                         if not _differs(version.values, d.values, template[path])), None)
            if same is None:
                member[path] = len(distinct)
                distinct.append(version)
                continue
            member[path] = same
            first = distinct[same]
            notes[path] = f"trùng với {first.label}" + (f" «{first.path.name}»" if first.path else "")
        if len(distinct) <= 1:
            batches.append(files)
            continue
        # a version is as new as its newest file (or the database's last change)
        latest = {i: max((v.at or _OLDEST for v in versions if member[v.path] == i), default=d.at or _OLDEST)  # type: ignore[index]
                  for i, d in enumerate(distinct)}
        if stored is not None:
            latest[0] = max(latest[0], stored.at or _OLDEST)
        order = sorted(range(len(distinct)), key=lambda i: (latest[i], i))
        conflict = Conflict(key[0], key[1], key[2],
                            tuple(dataclasses.replace(distinct[i], at=latest[i]) for i in order))
        agreed = {p for p in files if stored is not None and member[p] == 0}
        if stored is not None and order[-1] == 0:
            reason = " Cơ sở dữ liệu đã có bản mới hơn nên tệp này không được nhập."
            keep: list[Path] = sorted(agreed, key=files.index)
        elif confirm_conflict is not None and confirm_conflict(conflict):
            # every version newer than the database goes in, oldest first, so the audit keeps each
            after = stored.at or _OLDEST if stored is not None else _OLDEST
            keep = [p for p in files if p in agreed or (_exported_at(contents[p]) or _OLDEST) > after]  # type: ignore[arg-type]
            reason = " Tệp này cũ hơn số liệu đã có nên không được nhập."
        else:
            keep = sorted(agreed, key=files.index)
            reason = (" Chưa nhập bản nào; cần xác nhận bản mới nhất "
                      f"(«{conflict.newest.label}») trước khi thay số liệu.")
        for path in files:
            if path not in keep:
                refused[path] = _refused(path, key, conflict.message_vi() + reason)
        batches.append(keep)
    return [b for b in batches if b], refused, notes


def merge_files(
    db: Any,
    paths: Iterable[Path | str],
    *,
    user: str,
    scope_unit: str | None = None,
    state: TaskState | None = None,
    confirm_conflict: Callable[[Conflict], bool] | None = None,
    catalogue: dict[str, Form] | None = None,
    on_result: Callable[[ImportResult], None] | None = None,
    dry_run: bool = False,
    contents: Contents | None = None,
    batch: ImportBatch | None = None,
) -> list[ImportResult]:
    """Import every file, each in its own transaction; results in the order of ``paths``.

    This is the one door for workbooks (``operations.imports.import_workbooks``, which the command
    line's ``import`` and the window's import and merge call): a file older than what the database
    holds for its sheet is never applied over it.
    ``dry_run`` checks and reports the same way without writing.

    ``state.check()`` runs between files: when it raises (Cancel), the files already imported stay
    stored, the rest are untouched, and the exception goes on to the caller (``on_result`` has
    seen every file finished before it). Versions of one sheet are imported together, never split
    by a cancel. A conflict (different figures for one sheet in the batch or in the database) is
    refused and reported unless ``confirm_conflict`` accepts the newest export.

    Each file is read once (``contents`` when the caller read them already, e.g. for a check pass
    before the real one); the unit tree and the rule engines are built once (``batch``) for all files.
    """
    files = [Path(p) for p in paths]
    total = len(files)
    results: dict[Path, ImportResult] = {}
    done = 0

    def finish(result: ImportResult) -> None:
        nonlocal done
        results[result.file] = result
        done += 1
        if on_result is not None:
            on_result(result)
        if state is not None:
            state.progress(done, total, result.file.name)

    if contents is None or any(p not in contents for p in files):
        contents = {**(contents or {}), **read_files([p for p in files if p not in (contents or {})], state)}
    checks = batch or ImportBatch(db)
    batches, refused, notes = _plan(db, files, confirm_conflict, contents)
    for path, result in refused.items():
        if not any(path in batch for batch in batches):
            finish(result)
    for batch in batches:
        if state is not None:
            state.check()
        for path in batch:
            result = import_workbook(db, path, user=user, scope_unit=scope_unit, catalogue=catalogue,
                                     dry_run=dry_run, content=contents[path], batch=checks)
            if path in notes and result.ok:
                result = dataclasses.replace(result, problems=(*result.problems, f"Tệp {notes[path]}."))
            finish(result)
    return [results[p] for p in files if p in results]


def newest_wins(conflict: Conflict) -> bool:
    """The answer of a door that asks no one: newer versions replace older ones, in export order;
    a file older than the database's figures is still refused."""
    return True


def summary_vi(results: list[ImportResult], lang: str = "vi") -> str:
    taken = sum(1 for r in results if r.ok)
    return say("import.batch", lang, files=len(results), taken=taken, refused=len(results) - taken)
