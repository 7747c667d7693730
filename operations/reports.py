"""The narrative report (báo cáo thuyết minh): draft one for a unit and period from the database, check a
written one (.docx, .txt) alone or against the stored figures — the same for the report window and
``bieumau report draft|check``. Neither writes to the database, so neither result carries changes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from forms.errors import BieumauError

if TYPE_CHECKING:
    from reports.findings import Finding
    from storage.database import Database


def draft_path(out: str | Path) -> Path:
    """``out`` when it names a .docx file; refused otherwise (before anything is read or opened)."""
    out = Path(out)
    if out.suffix.lower() != ".docx":
        raise BieumauError(f"Tệp kết quả «{out.name}» phải có đuôi .docx.", "report_draft")
    return out


def comparison_place(unit: str | None, period: str | None) -> tuple[str, str]:
    """The unit and period a check compares with; both are needed."""
    if not (unit and period and period.strip()):
        raise BieumauError("Để so với số liệu đã lưu cần cả --unit và --period.", "report_check")
    return unit, period.strip()


@dataclass(frozen=True)
class ReportDraft:
    path: Path


def draft_report(db: Database, unit: str, period: str, out: str | Path, template: str | Path | None = None
                 ) -> ReportDraft:
    """Write a draft .docx for ``unit`` and ``period``; the highlighted places are for the writer to fill."""
    from reports.draft import draft_report as render_draft

    out = draft_path(out)
    render_draft(db, unit, period.strip(), out, Path(template) if template else None)
    return ReportDraft(out)


@dataclass(frozen=True)
class ReportCheck:
    """A written report read back and what was found in it, most certain first as the checks order them."""

    report: Any  # reports.reader.ReportText
    findings: list[Finding]

    @property
    def has_certain(self) -> bool:
        """A finding that is surely wrong (the command's exit 1)."""
        from reports.findings import CERTAIN

        return any(f.confidence == CERTAIN for f in self.findings)

    def counts(self) -> dict[str, int]:
        from reports.findings import summary

        return summary(self.findings)["by_confidence"]

    def summary(self) -> str:
        """"3 phát hiện: 1 chắc chắn, 2 nên xem lại, 0 có thể."""
        return f"{len(self.findings)} phát hiện: " + ", ".join(f"{n} {c}" for c, n in self.counts().items()) + "."

    def as_json(self) -> dict[str, Any]:
        from reports.check import as_json

        return as_json(self.findings)


def check_report(path: str | Path, db: Database | None = None, unit: str | None = None,
                 period: str | None = None) -> ReportCheck:
    """Check the figures a report states against each other and, with ``db``, against what ``unit``
    stored for ``period``."""
    from reports.check import check_file

    figures = None
    if db is not None or unit or period:
        unit, period = comparison_place(unit, period)
        if db is None:
            raise BieumauError("Chưa mở cơ sở dữ liệu để so với số liệu đã lưu.", "report_check")
        from reports.figures_db import gather

        figures = gather(db, unit, period)
    report, findings = check_file(Path(path), figures)
    return ReportCheck(report, findings)
