"""Sentences and appendix rows of a drafted report, from the gathered figures, in Vietnamese notation.

Every figure written is one the checker can verify: a breakdown is written with "gồm" only when its
parts add up, a share with its numerator and denominator only when they agree at the precision
written; otherwise the writer gets a highlighted note. A missing figure is "[chưa có số liệu]", never 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from forms.numbers import format_number
from forms.periods import Period
from reports.figures_db import MISSING, FormFigures, IndicatorFigures, ReportFigures

NOTE_PREFIX = "[cần kiểm tra: "


@dataclass(slots=True)
class Piece:
    text: str
    mark: bool = False  # highlighted for the writer


@dataclass(slots=True)
class Paragraph:
    pieces: list[Piece] = field(default_factory=list)

    def add(self, text: str, mark: bool = False) -> Paragraph:
        if self.pieces and self.pieces[-1].mark == mark:
            self.pieces[-1].text += text
        else:
            self.pieces.append(Piece(text, mark))
        return self

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)


def num(value: Decimal | None, decimals: int) -> str:
    return MISSING if value is None else format_number(value, decimals)


def _unit(ind_unit: str) -> str:
    return "" if not ind_unit else ("%" if ind_unit == "%" else " " + ind_unit)


def _value(p: Paragraph, value: Decimal | None, decimals: int, unit: str) -> None:
    if value is None:
        p.add(MISSING, mark=True)
    else:
        p.add(num(value, decimals) + (" %" if unit == "%" else (" " + unit if unit else "")))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _agrees(stated: Decimal, decimals: int, computed: Decimal) -> bool:
    step = Decimal(1).scaleb(-decimals)
    return stated in (computed.quantize(step, ROUND_HALF_UP), computed.quantize(step, ROUND_DOWN))


def form_paragraphs(ff: FormFigures) -> list[Paragraph]:
    rows = {r.indicator.id: r for r in ff.rows}
    children: dict[str, list[IndicatorFigures]] = {}
    for r in ff.rows:
        if r.indicator.parent:
            children.setdefault(r.indicator.parent, []).append(r)
    out: list[Paragraph] = []
    for r in ff.rows:
        ind = r.indicator
        if ind.parent or r.target is not None:
            continue
        p = Paragraph().add(f"- {ind.title}: ")
        _value(p, r.current, r.decimals, ind.unit)
        groups: dict[str, list[IndicatorFigures]] = {}
        for c in children.get(ind.id, []):
            groups.setdefault(c.indicator.breakdown or "", []).append(c)
        notes: list[Paragraph] = []
        for how, parts in groups.items():
            if r.current is None or len(parts) < 2:
                continue
            shown = f"{num(r.current, r.decimals)}{_unit(ind.unit)}"
            lead = f" {how[:1].upper()}{how[1:]}, {shown} gồm: " if how else f" Trong {shown} có: "
            if all(c.current is not None for c in parts) and sum(c.current for c in parts) == r.current:  # type: ignore[misc]
                notes.append(Paragraph().add(lead + "; ".join(
                    f"{_lower_first(c.indicator.title)}: {num(c.current, c.decimals)}{_unit(c.indicator.unit)}"
                    for c in parts) + "."))
            else:
                known = [c for c in parts if c.current is not None]
                total = sum((c.current for c in known), Decimal(0))  # type: ignore[misc]
                notes.append(Paragraph().add(
                    f" {NOTE_PREFIX}{how + ', ' if how else ''}các thành phần "
                    f"«{', '.join(c.indicator.title for c in parts)}» cộng lại {num(total, max(c.decimals for c in parts))}"
                    f"{'' if len(known) == len(parts) else ', còn thiếu số liệu'}, khác tổng {shown}]", mark=True))
        if ind.numerator and ind.denominator and r.current is not None:
            a, b = rows.get(ind.numerator), rows.get(ind.denominator)
            if a and b and a.current is not None and b.current:
                if _agrees(r.current, r.decimals, a.current / b.current * 100):
                    p.add(f" ({num(a.current, a.decimals)}/{num(b.current, b.decimals)})")
                else:
                    actual = a.current / b.current * 100
                    p.add(f" {NOTE_PREFIX}theo tử số và mẫu số là {num(actual, max(r.decimals, 2))} %]", mark=True)
        if r.current is not None and r.growth is not None and r.last_year is not None:
            if ind.unit == "%":  # a share moves in percentage points
                g, text = r.current - r.last_year, "điểm phần trăm"
                g_dec = r.decimals
            else:
                g, text, g_dec = r.growth, "%", 1
            if g == 0:
                p.add(", không thay đổi so với cùng kỳ năm trước")
            else:
                word = "tăng" if g > 0 else "giảm"
                p.add(f", {word} {num(abs(g), g_dec)} {text} so với cùng kỳ năm trước (")
                _value(p, r.last_year, r.decimals, ind.unit)
                p.add(")")
        p.add(".")
        for note in notes:
            for piece in note.pieces:
                p.add(piece.text, piece.mark)
        out.append(p)
    return out


_OP_WORDS = {">=": "tối thiểu ", ">": "trên ", "<=": "tối đa ", "<": "dưới ", "==": "", "=": ""}


def target_label(r: IndicatorFigures) -> str:
    t = r.target
    assert t is not None
    if t.level:
        return f"{_OP_WORDS.get(t.operator, '')}bậc {format_number(t.value, 0)}"
    return f"{_OP_WORDS.get(t.operator, '')}{format_number(t.value)}"


def result_text(r: IndicatorFigures) -> str:
    if r.current is None:
        return MISSING
    if r.target is not None and r.target.level:
        return f"bậc {format_number(r.current, 0)}"
    return num(r.current, r.decimals)


def status_text(r: IndicatorFigures) -> str:
    return MISSING if r.met is None else ("Đạt" if r.met else "Không đạt")


def target_paragraphs(report: ReportFigures) -> list[Paragraph]:
    targets = report.targets()
    if not targets:
        return []
    met, judged = report.targets_met()
    out = [Paragraph().add(f"Trong tổng số {len(targets)} chỉ tiêu có mục tiêu, có {judged} chỉ tiêu đã có kết quả; "
                           f"trong đó {met}/{judged} chỉ tiêu đạt mục tiêu đề ra.")]
    if judged < len(targets):
        out[0].add(f" {NOTE_PREFIX}còn {len(targets) - judged} chỉ tiêu chưa có số liệu]", mark=True)
    for r in targets:
        unit = r.indicator.unit
        p = Paragraph().add(f"- {r.indicator.title}: ")
        if r.current is None:
            p.add(MISSING, mark=True)
            p.add(f" (mục tiêu {target_label(r)}{_unit(unit) if not r.target.level else ''}).")  # type: ignore[union-attr]
        else:
            shown = result_text(r) + ("" if r.target.level else _unit(unit))  # type: ignore[union-attr]
            verdict = "đạt mục tiêu" if r.met else "chưa đạt mục tiêu"
            p.add(f"kết quả đạt {shown}, {verdict} {target_label(r)}"
                  f"{'' if r.target.level else _unit(unit)}.")  # type: ignore[union-attr]
        out.append(p)
    return out


def period_words(period: Period) -> str:
    return period.name_vi[0].lower() + period.name_vi[1:]


@dataclass(slots=True)
class AppendixRow:
    stt: str
    title: str
    unit: str
    current: str
    previous: str
    last_year: str
    growth: str
    bold: bool = False
    italic: bool = False


def appendix_rows(ff: FormFigures) -> list[AppendixRow]:
    out: list[AppendixRow] = []
    n = 0
    sub = 0
    for r in ff.rows:
        ind = r.indicator
        if ind.parent:
            sub += 1
            stt = f"{n}.{sub}"
        else:
            n += 1
            sub = 0
            stt = str(n)
        growth = "" if r.growth is None else format_number(r.growth, 1)
        out.append(AppendixRow(stt, ind.title, ind.unit, num(r.current, r.decimals),
                               num(r.previous, r.decimals), num(r.last_year, r.decimals),
                               growth or ("" if r.current is None or r.last_year is None else "-"),
                               bold=not ind.parent, italic=bool(ind.parent)))
    return out
