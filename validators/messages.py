"""Sentences for a ``Violation`` in Vietnamese (default) or English, from the catalogue (forms/messages.toml).

Figures are written in Vietnamese notation ("3.775", "32,12") in both languages, as on the paper forms.
"""

from __future__ import annotations

from decimal import Decimal

from forms.messages import LANGUAGES, say
from forms.model import Form
from forms.numbers import format_number
from forms.periods import parse_period
from validators.violations import ParseProblem, Violation

MAX_SHOWN_DECIMALS = 4


def figure(value: Decimal | None) -> str:
    if value is None:
        return "(trống)"
    places = max(0, -value.as_tuple().exponent) if isinstance(value.as_tuple().exponent, int) else 0
    if places > MAX_SHOWN_DECIMALS:
        return format_number(value, 2)
    return format_number(value)


def _title(form: Form, indicator: str) -> str:
    ind = form.indicator_map.get(indicator)
    return ind.title if ind is not None else indicator


def _parts(v: Violation) -> str:
    return " + ".join(figure(value) for _, value in v.param("parts", ()))


def _period_name(code: str, lang: str) -> str:
    try:
        period = parse_period(code)
    except Exception:
        return code
    return period.name_vi if lang == "vi" else period.name_en


def render(v: Violation, form: Form, lang: str = "vi") -> str:
    """One sentence for a violation; the form's own message leads when the rule has one."""
    first = v.cells[0][0] if v.cells else ""
    title = _title(form, first)
    left, right = figure(v.left), figure(v.right)
    kind = v.kind
    common = {"title": title, "left": left, "right": right}
    if kind in ("type", "qualified"):
        return say(f"violation.{kind}", lang, **common, problem=v.param("problem"), value=v.param("value"))
    if kind in ("required", "min", "max"):
        return say(f"violation.{kind}", lang, **common)
    if kind == "computed":
        return say("violation.computed", lang, **common, value=v.param("value"))
    if kind in ("sum", "parts"):
        breakdown = v.param("breakdown")
        extra = say("violation.breakdown", lang, breakdown=breakdown) if breakdown else ""
        return say(f"violation.{kind}", lang, **common, breakdown=extra, parts=_parts(v))
    if kind == "part":
        return say("violation.part", lang, **common, whole=_title(form, str(v.param("whole"))))
    if kind == "range":
        return say("violation.range", lang, **common, low=figure(v.param("low")), high=figure(v.param("high")))
    if kind == "ratio":
        return say("violation.ratio", lang, **common, unit=" %" if v.param("percent") else "",
                   top=figure(v.param("numerator")), bottom=figure(v.param("denominator")))
    if kind in ("cumulative", "stock", "within", "magnitude"):
        return say(f"violation.{kind}", lang, **common, when=_period_name(str(v.param("period")), lang))
    if kind == "not_checked":
        texts = "; ".join(f"{_title(form, i)}: «{t}»" for i, t in v.param("texts", ()))
        period = v.param("period")
        where = f" ({_period_name(str(period), lang)})" if period else ""
        return say("violation.not_checked", lang, rule=v.rule, where=where, texts=texts)
    if kind == "plausibility":
        return _plausibility(v, title, left, right, lang)
    if kind == "target":
        if v.param("level"):
            common["left"] = str(v.param("shown", left))
        return say("violation.target", lang, **common, target=v.param("target"))
    if kind == "plan_target":
        before = v.param("previous")
        previous = say("violation.previous_year", lang, before=figure(before)) if before is not None else ""
        key = "violation.plan_target_unjudged" if v.param("status") == "Chưa kiểm tra được" else "violation.plan_target"
        return say(key, lang, title=title, shown=v.param("shown") or left, year=v.param("year"),
                   target=v.param("target"), words=v.param("target_words"), previous=previous)
    if kind == "target_summary":
        shown = v.param("shown") or left
        if v.param("which") == "assigned":
            return say("violation.targets_assigned", lang, title=title, shown=shown, total=v.param("total"))
        still = v.param("open") or 0
        judged = v.param("judged")
        if v.param("met") is not None:  # the summary in the reader's language
            judged = say("summary.targets_met", lang, met=v.param("met"), total=v.param("judged_total"))
        return say("violation.targets_met", lang, title=title, shown=shown, judged=judged,
                   open=say("violation.targets_open", lang, open=still) if still else "")
    own = v.text
    if kind == "missing":
        blanks = ", ".join(_title(form, i) for i, _ in v.param("blanks", ())) or title
        return say("violation.missing", lang, lead=f"{own}: " if own else "", blanks=blanks)
    if kind == "not_evaluable":
        reason = v.param("reason", "")
        for known in _REASONS:  # the reasons that need no params are stored in Vietnamese, shown in ``lang``
            if reason == say(known):
                reason = say(known, lang)
                break
        return say("violation.not_evaluable", lang, lead=f"{own} — " if own else f"{v.rule}: ", reason=reason)
    # a form rule
    figures = say("violation.figures", lang, left=left, right=right) \
        if v.left is not None or v.right is not None else ""
    if own:
        return own + figures
    return say("violation.rule", lang, rule=v.rule, expr=v.param("expr", v.rule), figures=figures)


_REASONS = ("violation.reason.division_by_zero", "violation.reason.overflow", "violation.reason.no_units",
            "violation.reason.other_periods")
_SLIPS = ("thousand", "million", "billion")


def _plausibility(v: Violation, title: str, left: str, right: str, lang: str) -> str:
    """Which slip a 1.000×, 1.000.000× or 1.000.000.000× figure points to, against what."""
    digits = int(v.param("digits", 0))
    slip = str(v.param("slip"))
    against = str(v.param("against"))
    times = format_number(Decimal(10) ** abs(digits))
    if against == "peers":
        per = say("plausibility.per_size", lang) if v.param("per_size") else ""
        where = say("plausibility.peers", lang, peers=v.param("peers"), per=per, right=right)
    else:
        where = say(f"plausibility.{against}", lang, name=_period_name(str(v.param("period")), lang), right=right)
    groups = abs(digits) // 3
    bigger = digits > 0
    size = say("plausibility.bigger" if bigger else "plausibility.smaller", lang, times=times)
    if slip in _SLIPS:
        unit = (say("plausibility.unit_smaller", lang, times=times, example=say(f"plausibility.example.{slip}", lang))
                if bigger else
                say("plausibility.unit_larger", lang, times=times, word=say(f"plausibility.word.{slip}", lang)))
        digits_text = say("plausibility.digits_more" if bigger else "plausibility.digits_fewer", lang, groups=groups)
        return say("plausibility.slip", lang, title=title, left=left, size=size, where=where, unit=unit,
                   digits=digits_text)
    return say("plausibility.check", lang, title=title, left=left, size=size, where=where)


def render_parse_problem(p: ParseProblem, form: Form, lang: str = "vi") -> str:
    return say("violation.parse_problem", lang, title=_title(form, p.indicator), problem=p.problem, value=p.value)


NUMBER_TYPES = ("integer", "decimal", "percent")
BLANK_HINT = {lang: say("hint.blank", lang) for lang in LANGUAGES}


def violation_text(v: Violation, form: Form, lang: str = "vi") -> str:
    """A violation as the clerk reads it: a value that cannot be read names its row and column, and a
    word typed into a number cell says what to do instead."""
    if v.kind != "type" or not v.cells:
        return render(v, form, lang=lang)
    indicator, column = tuple(v.cells[0])
    ind = form.indicator_map.get(indicator)
    col = form.column_map.get(column)
    where = " — ".join(t for t in (ind.title if ind else indicator, col.title if col else column) if t)
    value = str(v.param("value", ""))
    text = say("violation.parse_problem", lang, title=where, problem=v.param("problem"), value=value)
    cell_type = form.cell_type(ind, column)[0] if ind is not None else ""
    if cell_type in NUMBER_TYPES and any(ch.isalpha() for ch in value):
        text += ". " + say("hint.blank", lang)
    return text


SEVERITY_NAMES = {lang: {s: say(f"severity.{s}", lang) for s in ("error", "warning", "info")} for lang in LANGUAGES}
