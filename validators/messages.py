"""The one message catalogue: Vietnamese (default) and English sentences rendered from a ``Violation``.

Figures are written in Vietnamese notation ("3.775", "32,12") in both languages, as on the paper forms.
"""

from __future__ import annotations

from decimal import Decimal

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
    vi = lang == "vi"
    first = v.cells[0][0] if v.cells else ""
    title = _title(form, first)
    left, right = figure(v.left), figure(v.right)
    kind = v.kind
    if kind == "type":
        return str(v.param("problem")) if vi else f"{title}: «{v.param('value')}» cannot be read as a number of this cell's type"
    if kind == "qualified":
        return (f"{title}: {v.param('problem')}" if vi
                else f"{title}: «{v.param('value')}» is a bound, range, fraction or rank, not one number; "
                "rules read it as an interval")
    if kind == "required":
        return f"{title}: chưa nhập số liệu (bắt buộc)" if vi else f"{title}: value required"
    if kind == "min":
        return (f"{title} ({left}) nhỏ hơn giá trị tối thiểu ({right})" if vi
                else f"{title} ({left}) is below the minimum ({right})")
    if kind == "max":
        return (f"{title} ({left}) lớn hơn giá trị tối đa ({right})" if vi
                else f"{title} ({left}) is above the maximum ({right})")
    if kind == "computed":
        return (f"{title}: ô tự tính, không nhập tay (đã nhập «{v.param('value')}»)" if vi
                else f"{title}: computed cell, typed value «{v.param('value')}» is ignored")
    if kind in ("sum", "parts"):
        breakdown = v.param("breakdown")
        if vi:
            extra = f" {breakdown}" if breakdown else ""
            if kind == "parts":
                return (f"Các thành phần «trong đó»{extra} cộng lại ({right}) vượt quá {title} ({left}): "
                        f"{_parts(v)}")
            return f"{title} ({left}) khác tổng các thành phần{extra} ({right}): {_parts(v)}"
        extra = f" ({breakdown})" if breakdown else ""
        if kind == "parts":
            return f"The parts{extra} add up to {right}, more than {title} ({left}): {_parts(v)}"
        return f"{title} ({left}) differs from the sum of its parts{extra} ({right}): {_parts(v)}"
    if kind == "part":
        whole = _title(form, str(v.param("whole")))
        return (f"{title} ({left}) lớn hơn {whole} ({right}); phần không được vượt quá tổng" if vi
                else f"{title} ({left}) exceeds {whole} ({right}); a part cannot exceed its whole")
    if kind == "range":
        low, high = figure(v.param("low")), figure(v.param("high"))
        return (f"{title} ({left} %) phải nằm giữa tỷ lệ thấp nhất và cao nhất của các thành phần "
                f"({low} % – {high} %)" if vi
                else f"{title} ({left} %) must lie between its components' lowest and highest rates "
                f"({low} % – {high} %)")
    if kind == "ratio":
        unit = " %" if v.param("percent") else ""
        top, bottom = figure(v.param("numerator")), figure(v.param("denominator"))
        return (f"{title}: tỷ lệ ghi {left}{unit} nhưng {top} / {bottom} = {right}{unit}" if vi
                else f"{title}: stated {left}{unit} but {top} / {bottom} = {right}{unit}")
    if kind == "cumulative":
        when = _period_name(str(v.param("period")), lang)
        return (f"{title} (lũy kế {left}) giảm so với {when} ({right}); số lũy kế trong năm không được giảm"
                if vi else f"{title} (year to date {left}) is lower than in {when} ({right})")
    if kind == "stock":
        when = _period_name(str(v.param("period")), lang)
        return (f"{title} giảm từ {right} ({when}) xuống {left}; số liệu tính đến cuối kỳ giảm cần được giải trình"
                if vi else f"{title} fell from {right} ({when}) to {left}; a falling stock needs a justification")
    if kind == "within":
        when = _period_name(str(v.param("period")), lang)
        return (f"{title} ({left}) nhỏ hơn số của {when} ({right}) là kỳ nằm trong kỳ này; số trong kỳ dài "
                "không được nhỏ hơn số của kỳ ngắn nằm trong nó" if vi
                else f"{title} ({left}) is lower than in {when} ({right}), a period inside this one")
    if kind == "not_checked":
        texts = "; ".join(f"{_title(form, i)}: «{t}»" for i, t in v.param("texts", ()))
        period = v.param("period")
        where = f" ({_period_name(str(period), lang)})" if period else ""
        return (f"Chưa kiểm tra được {v.rule}: ô có chữ thay vì số{where} — {texts}" if vi
                else f"Not checked {v.rule}: a cell holds text instead of a number{where} — {texts}")
    if kind == "magnitude":
        when = _period_name(str(v.param("period")), lang)
        return (f"{title} ({left}) chênh lệch hơn 10 lần so với {when} ({right}); kiểm tra đơn vị tính" if vi
                else f"{title} ({left}) differs more than 10× from {when} ({right}); check the unit")
    if kind == "plausibility":
        return _plausibility(v, title, left, right, lang)
    if kind == "target":
        target = v.param("target")
        if v.param("level"):
            left = str(v.param("shown", left))
        return (f"{title}: kết quả {left} không đạt chỉ tiêu ({target})" if vi
                else f"{title}: result {left} misses the target ({target})")
    if kind == "plan_target":
        shown = v.param("shown") or left
        year, target, words = v.param("year"), v.param("target"), v.param("target_words")
        before = v.param("previous")
        extra = f"; năm trước {figure(before)}" if vi and before is not None else (
            f"; previous year {figure(before)}" if before is not None else "")
        if v.param("status") == "Chưa kiểm tra được":
            return (f"{title}: chưa kiểm tra được kết quả «{shown}» so với chỉ tiêu kế hoạch năm {year} "
                    f"«{target}» ({words}){extra}" if vi
                    else f"{title}: result «{shown}» cannot be judged against the {year} plan «{target}»{extra}")
        return (f"{title}: kết quả {shown} không đạt chỉ tiêu kế hoạch năm {year} «{target}» ({words}){extra}"
                if vi else f"{title}: result {shown} misses the {year} plan target «{target}»{extra}")
    if kind == "target_summary":
        judged, shown, total = v.param("judged"), v.param("shown") or left, v.param("total")
        if v.param("which") == "assigned":
            return (f"{title}: ghi {shown} chỉ tiêu được giao nhưng kế hoạch có {total} chỉ tiêu" if vi
                    else f"{title}: states {shown} targets assigned but the plan has {total}")
        still = v.param("open") or 0
        open_vi = f", {still} chỉ tiêu chưa có số liệu hoặc chưa kiểm tra được" if still else ""
        open_en = f", {still} not yet judged" if still else ""
        return (f"{title}: ghi «{shown}» nhưng theo kết quả từng chỉ tiêu là {judged}{open_vi}" if vi
                else f"{title}: states «{shown}» but the judged results give {judged.replace('chỉ tiêu đạt', 'met')}"
                f"{open_en}")
    own = v.text
    if kind == "missing":
        blanks = ", ".join(_title(form, i) for i, _ in v.param("blanks", ())) or title
        lead = f"{own}: " if own else ""
        return (f"{lead}thiếu số liệu ({blanks})" if vi else f"{lead}missing value ({blanks})")
    if kind == "not_evaluable":
        reason = v.param("reason", "")
        if not vi:
            reason = {"chia cho 0": "division by zero"}.get(reason, reason)
        lead = f"{own} — " if own else f"{v.rule}: "
        return (f"{lead}không tính được ({reason})" if vi else f"{lead}cannot be evaluated ({reason})")
    # a form rule
    sides = f" ({left} so với {right})" if vi else f" ({left} vs {right})"
    figures = sides if v.left is not None or v.right is not None else ""
    if own:
        return own + figures
    expr = v.param("expr", v.rule)
    return (f"Không thỏa quy tắc {v.rule}: {expr}{figures}" if vi
            else f"Rule {v.rule} not satisfied: {expr}{figures}")


_SLIP_UNITS = {"thousand": ("nghìn", "đồng thay cho nghìn đồng", "thousand", "đồng for thousand đồng"),
               "million": ("triệu", "đồng thay cho triệu đồng", "million", "đồng for million đồng"),
               "billion": ("tỷ", "đồng thay cho tỷ đồng", "billion", "đồng for billion đồng")}


def _plausibility(v: Violation, title: str, left: str, right: str, lang: str) -> str:
    """Which slip a 1.000×, 1.000.000× or 1.000.000.000× figure points to, against what."""
    vi = lang == "vi"
    digits = int(v.param("digits", 0))
    slip = str(v.param("slip"))
    against = str(v.param("against"))
    times = format_number(Decimal(10) ** abs(digits))
    if against == "peers":
        per = (" tính theo quy mô (dân số / số xã)" if vi else " scaled by size (population / communes)") \
            if v.param("per_size") else ""
        where = (f"mức thông thường của {v.param('peers')} đơn vị cùng cấp{per} ({right})" if vi
                 else f"the typical figure of {v.param('peers')} peer units{per} ({right})")
    else:
        name = _period_name(str(v.param("period")), lang)
        where = {"previous": (f"kỳ trước, {name} ({right})", f"the previous period, {name} ({right})"),
                 "year": (f"cùng kỳ năm trước, {name} ({right})", f"the same period a year earlier, {name} ({right})"),
                 "kind": (f"{name} của cùng đơn vị ({right})", f"{name} of the same unit ({right})")}[against][0 if vi else 1]
    groups = abs(digits) // 3
    bigger = digits > 0
    if vi:
        size = f"lớn gấp khoảng {times} lần" if bigger else f"chỉ bằng khoảng 1/{times}"
        if slip in _SLIP_UNITS:
            word, example = _SLIP_UNITS[slip][:2]
            unit = (f"ghi theo đơn vị nhỏ hơn {times} lần (ví dụ {example})" if bigger
                    else f"ghi theo đơn vị lớn hơn {times} lần (đơn vị «{word}» thay cho đơn vị nhỏ hơn)")
            digits_text = f"{'thừa' if bigger else 'thiếu'} {groups} nhóm ba chữ số"
            return f"{title} ({left}) {size} {where}: có thể đã {unit} hoặc {digits_text}"
        return f"{title} ({left}) {size} {where}: kiểm tra đơn vị tính và số chữ số"
    size = f"about {times} times" if bigger else f"about 1/{times} of"
    if slip in _SLIP_UNITS:
        word, example = _SLIP_UNITS[slip][2:]
        unit = (f"typed in a unit {times} times smaller (e.g. {example})" if bigger
                else f"typed in a unit {times} times larger ({word})")
        return (f"{title} ({left}) is {size} {where}: probably {unit} or {groups} digit group(s) "
                f"{'too many' if bigger else 'too few'}")
    return f"{title} ({left}) is {size} {where}: check the unit and the number of digits"


def render_parse_problem(p: ParseProblem, form: Form, lang: str = "vi") -> str:
    title = _title(form, p.indicator)
    if lang == "vi":
        return f"{title}: {p.problem}"
    return f"{title}: «{p.value}» cannot be read as this cell's type"


SEVERITY_NAMES = {
    "vi": {"error": "Lỗi", "warning": "Cảnh báo", "info": "Chưa kiểm tra được"},
    "en": {"error": "Error", "warning": "Warning", "info": "Not checked"},
}
