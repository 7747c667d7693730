"""The loader's name check and the rule parser read an expression with the same tokenizer."""

from __future__ import annotations

import pytest

from forms.expression_names import names_in, second_arguments
from forms.expression_tokens import TokenError, tokenize
from validators.expressions import ExpressionError, Name, names, parse


def test_tokens_carry_kind_text_and_1_based_position() -> None:
    tokens = tokenize('sum(bts.th, 2.5) >= 10 AND same_year(x, "half")')
    assert [(t.kind, t.text, t.pos) for t in tokens[:4]] == [
        ("name", "sum", 1), ("op", "(", 4), ("name", "bts.th", 5), ("op", ",", 11)
    ]
    assert ("keyword", "and") in {(t.kind, t.text) for t in tokens}
    assert tokens[-1].kind == "end"


def test_the_loader_and_the_parser_find_the_same_names() -> None:
    text = "tong == sum(a, b.kh) and not blank(c)"
    from_loader = {(u.name, u.column) for u in names_in(text) if not u.is_function}
    assert from_loader == names(parse(text)) == {("tong", None), ("a", None), ("b", "kh"), ("c", None)}
    assert [u.name for u in names_in(text) if u.is_function] == ["sum", "blank"]
    assert isinstance(parse("b.kh"), Name)


def test_a_stray_character_is_placed_alike_by_both() -> None:
    with pytest.raises(TokenError) as loader:
        names_in("a +  # b")
    with pytest.raises(ExpressionError) as parser:
        parse("a +  # b")
    assert loader.value.pos == parser.value.column == 6
    assert "«#»" in parser.value.reason


def test_the_parser_still_explains_a_single_equals_and_an_open_quote() -> None:
    with pytest.raises(ExpressionError, match="dùng «==»"):
        parse("a = b")
    with pytest.raises(ExpressionError, match="chưa đóng dấu nháy"):
        parse('same_year(a, "half)')


def test_second_arguments_read_through_the_same_tokens() -> None:
    assert second_arguments('same_year(a, "half") + same_year(b, "year")', "same_year") == ['"half"', '"year"']
    assert second_arguments("a # b", "same_year") == []
