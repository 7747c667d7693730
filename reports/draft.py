"""Draft a narrative report (.docx) for a unit and period from the database, through a docxtpl template."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from forms.errors import BieumauError
from forms.messages import Msg
from forms.periods import Period
from reports.figures_db import MISSING, ReportFigures
from reports.narrative import (
    Paragraph,
    appendix_rows,
    form_paragraphs,
    num,
    period_words,
    result_text,
    status_text,
    target_label,
    target_paragraphs,
)

TEMPLATES = Path(__file__).resolve().parent / "templates"
KIND_TEMPLATE = {"quarter": "bao-cao-quy.docx", "half": "bao-cao-6-thang.docx", "year": "bao-cao-nam.docx",
                 "nine_months": "bao-cao-quy.docx", "month": "bao-cao-quy.docx"}
ROMAN = ("I", "II", "III", "IV", "V")


class DraftError(BieumauError):
    code = "report_draft"


def default_template(period: Period) -> Path:
    return TEMPLATES / KIND_TEMPLATE.get(period.kind, "bao-cao-6-thang.docx")


def _rich(paragraph: Paragraph) -> Any:
    from docxtpl import RichText

    rich = RichText()
    for piece in paragraph.pieces:
        rich.add(piece.text, font="Times New Roman", size=28, highlight="FFFF00" if piece.mark else None)
    return rich


def _title(form_title: str) -> str:
    title = form_title.removeprefix("Báo cáo ").strip()
    return title[:1].upper() + title[1:]


def _cell_rich(text: str) -> Any:
    from docxtpl import RichText

    rich = RichText()
    rich.add(text, font="Times New Roman", size=24, highlight="FFFF00" if text == MISSING else None)
    return rich


def _short_agency(name: str) -> str:
    words = name.split(" tỉnh ")
    return words[0].upper()


def build_context(figures: ReportFigures, *, today: date | None = None) -> dict[str, Any]:
    today = today or date.today()
    period = figures.period
    sections = []
    appendices = []
    for ff in figures.forms:
        paragraphs = form_paragraphs(ff)
        if not paragraphs:
            continue
        title = _title(ff.form.title)
        sections.append({"number": len(sections) + 1, "title": title, "paragraphs": [_rich(p) for p in paragraphs]})
        rows = appendix_rows(ff)
        for row in rows:
            for name in ("current", "previous", "last_year"):
                setattr(row, name, _cell_rich(getattr(row, name)))
        appendices.append({"number": len(appendices) + 1, "title": title.upper(),
                           "current_label": ff.period.name_vi, "rows": rows})
    targets = figures.targets()
    target_rows = [{"stt": str(n), "title": r.indicator.title, "unit": r.indicator.unit if not r.target.level else "",
                    "target": target_label(r), "result": result_text(r), "status": status_text(r)}
                   for n, r in enumerate(targets, start=1)]  # type: ignore[union-attr]
    with_targets = [ff for ff in figures.forms if any(r.target is not None for r in ff.rows)]
    main_form = max(with_targets, key=lambda ff: sum(r.target is not None for r in ff.rows), default=None)
    targets_period = period_words(main_form.period) if main_form else period_words(period)
    district_tables = []
    number = len(appendices) + (2 if target_rows else 1)
    for ff in figures.forms:
        rows = [r for r in ff.rows if r.by_district and any(v is not None for _, v in r.by_district)
                and not r.indicator.parent]
        for start in range(0, min(len(rows), 3), 3):
            chosen = rows[start:start + 3]
            headers = [f"{r.indicator.title} ({r.indicator.unit})" for r in chosen] + [""] * (3 - len(chosen))
            table = []
            for i, name in enumerate(figures.districts):
                values = [_cell_rich(num(r.by_district[i][1], r.decimals)) for r in chosen] + [
                    _cell_rich("")] * (3 - len(chosen))
                table.append([str(i + 1), name, *values])
            below = "XÃ" if figures.level == "huyen" else "HUYỆN"
            district_tables.append({"number": number, "title": f"{_title(ff.form.title).upper()} PHÂN THEO ĐƠN VỊ CẤP {below}"
                                                               f" ({ff.period.name_vi.upper()})",
                                    "headers": headers, "rows": table})
            number += 1
    from reports.narrative import Paragraph as P

    next_tasks = _rich(P().add("[Nội dung nhiệm vụ trọng tâm do các phòng chuyên môn bổ sung]", mark=True))
    agency_name = figures.unit_name
    if figures.level == "so":
        parent_agency, agency, symbol = "UBND " + figures.province_name, _short_agency(agency_name), "STTTT"
    else:  # a district or the province reports as its People's Committee
        agency_name = "UBND " + agency_name[:1].lower() + agency_name[1:]
        parent_agency, agency, symbol = "", agency_name, "UBND"
    return {
        "parent_agency": parent_agency.upper().replace("UBND TỈNH TỈNH", "UBND TỈNH"),
        "agency": agency.upper(),
        "agency_name": agency_name,
        "symbol": symbol,
        "number": "     ",
        "place": figures.province_name.removeprefix("Tỉnh ").removeprefix("tỉnh "),
        "day": f"{today.day:02d}", "month": f"{today.month:02d}", "year": str(today.year),
        "period_words": period_words(period),
        "sections": sections,
        "targets": [_rich(p) for p in target_paragraphs(figures)],
        "targets_period": targets_period,
        "next_heading": ROMAN[2] if target_rows else ROMAN[1],
        "next_tasks": next_tasks,
        "signer_title": "GIÁM ĐỐC" if figures.level == "so" else "CHỦ TỊCH",
        "signer": "",
        "appendices": appendices,
        "target_rows": target_rows,
        "targets_number": len(appendices) + 1,
        "district_tables": district_tables,
    }


def render(context: dict[str, Any], template: Path, out: Path) -> Path:
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    if not template.exists():
        raise DraftError(Msg("draft.no_template", template=template))
    try:
        doc = DocxTemplate(str(template))
        doc.init_docx()
    except Exception:  # a file that is not a Word document: zip, package and XML errors alike
        raise DraftError(Msg("draft.not_docx", name=template.name)) from None
    try:
        doc.render(context, autoescape=True)
    except TemplateError as exc:
        raise DraftError(Msg("draft.bad_markup", name=template.name, error=exc)) from None
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(handle)
    try:
        doc.save(temp)
        os.replace(temp, out)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return out


def draft_report(db: Any, unit: str, period: str, out: Path, template: Path | None = None,
                 today: date | None = None) -> Path:
    from reports.figures_db import gather

    figures = gather(db, unit, period)
    if not figures.forms:
        raise DraftError(f"Đơn vị «{unit}» chưa có số liệu nào cho {period_words(figures.period)}: "
                         "không có gì để lập báo cáo.")
    return render(build_context(figures, today=today), template or default_template(figures.period), out)
