"""One message catalogue: Vietnamese by default, English on request, figures in Vietnamese notation."""

from __future__ import annotations

from decimal import Decimal

from tests.validators.conftest import check
from validators.messages import render
from validators.violations import Violation


def test_each_violation_reads_in_both_languages(make_form):
    form = make_form([
        {"id": "bb", "title": "Số lập biên bản", "type": "integer"},
        {"id": "kt", "title": "Số kiểm tra", "type": "integer"},
        {"id": "ty_le", "title": "Tỷ lệ lập biên bản", "type": "percent", "aggregate": "ratio",
         "numerator": "bb", "denominator": "kt"},
    ])
    [v] = check(form, {"bb": "1.109", "kt": "3.453", "ty_le": "32,17"}).violations
    assert render(v, form) == "Tỷ lệ lập biên bản: tỷ lệ ghi 32,17 % nhưng 1.109 / 3.453 = 32,12 %"
    assert render(v, form, "en") == "Tỷ lệ lập biên bản: stated 32,17 % but 1.109 / 3.453 = 32,12 %"


def test_a_rule_without_its_own_message_shows_the_expression_and_both_figures(make_form):
    form = make_form([{"id": "a", "type": "decimal"}], rules=[{"id": "nho", "expr": "a < 1000"}])
    v = Violation("nho", "rule", "error", "U1", "2024Q2", "th", (("a", "th"),), Decimal("302441.5"),
                  Decimal(1000), (("expr", "a < 1000"),))
    assert render(v, form) == "Không thỏa quy tắc nho: a < 1000 (302.441,5 so với 1.000)"


def test_a_word_typed_in_a_number_cell_names_the_cell_and_says_what_to_do_in_both_languages(make_form):
    from validators.messages import BLANK_HINT, violation_text

    form = make_form([{"id": "bts", "title": "Số trạm BTS", "type": "integer"}])
    v = Violation("type:bts", "type", "error", "U1", "2024Q2", "th", (("bts", "th"),), None, None,
                  (("value", "không có"), ("problem", "«không có» không phải là số")))
    vi = violation_text(v, form)
    assert vi == ("Số trạm BTS — Thực hiện: «không có» không phải là số. "
                  "Nếu không có số liệu, hãy để trống ô và giải thích trong cột Ghi chú.")
    assert violation_text(v, form, "en") == ("Số trạm BTS — Thực hiện: «không có» cannot be read as this cell's "
                                            "type. " + BLANK_HINT["en"])


def test_a_rule_that_cannot_be_computed_says_why_in_the_readers_language(make_form):
    form = make_form([{"id": "a", "type": "decimal"}, {"id": "b", "type": "decimal"}],
                     rules=[{"id": "chia", "expr": "a / b > 1"}])
    [v] = [v for v in check(form, {"a": "5", "b": "0"}).violations if v.kind == "not_evaluable"]
    assert render(v, form) == "chia: không tính được (chia cho 0)"
    assert render(v, form, "en") == "chia: cannot be evaluated (division by zero)"
