"""The rule expression parser: the grammar of FORMS.md §2 into a safe tree, errors pointing at the column."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from validators.expressions import (
    Arithmetic,
    Call,
    Compare,
    ExpressionError,
    Logical,
    Name,
    Negate,
    Not,
    Number,
    String,
    names,
    parse,
    syntax_problem,
    uses_children,
    uses_prev,
)


def test_arithmetic_binds_tighter_than_comparison_and_comparison_tighter_than_and():
    tree = parse("bts == bts_2g + bts_3g * 2 and not x < 1 or y")
    assert isinstance(tree, Logical) and tree.op == "or"
    both = tree.left
    assert isinstance(both, Logical) and both.op == "and"
    assert isinstance(both.left, Compare) and both.left.op == "=="
    total = both.left.right
    assert isinstance(total, Arithmetic) and total.op == "+" and isinstance(total.right, Arithmetic)
    assert isinstance(both.right, Not) and isinstance(both.right.operand, Compare)


def test_names_columns_numbers_strings_and_functions():
    tree = parse('ty_le ~= round(hs.th / -hs_tong * 100, 2) and tt == "Hoàn thành"')
    assert names(tree) == {("ty_le", None), ("hs", "th"), ("hs_tong", None), ("tt", None)}
    ratio = tree.left.right
    assert isinstance(ratio, Call) and ratio.function == "round"
    assert ratio.args[1] == Number(Decimal(2), ratio.args[1].pos)
    assert isinstance(tree.right.right, String) and tree.right.right.value == "Hoàn thành"
    assert isinstance(ratio.args[0].left.right, Negate)


def test_cross_period_and_cross_unit_functions_are_recognised():
    tree = parse("x >= prev(x) and children(y) == y and z <= prev_year(z)")
    assert uses_prev(tree) and uses_children(tree)
    assert names(tree, local_only=True) == {("x", None), ("y", None), ("z", None)}
    assert not uses_prev(parse("x >= 1"))


def test_a_comparison_in_brackets_may_be_compared_again() -> None:
    # only an unbracketed chain is ambiguous; "(a == b) == c" says what it means
    assert isinstance(parse("(a == b) == c"), Compare)
    assert isinstance(parse("prev(((bts == bts) == bts))"), Call)


@pytest.mark.parametrize(("text", "column", "words"), [
    ("bts = bts_2g", 5, "=="),
    ("bts == + ", 10, "kết thúc"),
    ("bts == (a + b", 14, "«)»"),
    ("eval(a)", 1, "không được hỗ trợ"),
    ("a.b.c == 1", 4, "không hợp lệ"),
    ("a == 1 2", 8, "thừa"),
    ("a < b < c", 7, "nối tiếp"),
    ("a == b + c == d", 12, "nối tiếp"),
    ("round(a, 1, 2)", 1, "đối số"),
    ("a $ b", 3, "«$»"),
    ("", 1, "trống"),
    ('a == "open', 6, "nháy"),
])
def test_a_malformed_expression_points_at_the_column(text, column, words):
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    assert caught.value.column == column, caught.value.message
    assert words in caught.value.reason
    assert syntax_problem(text) == (column, caught.value.reason)


def test_a_dotted_name_is_only_ever_a_column_never_an_attribute():
    assert names(parse("x.__class__ == 1")) == {("x", "__class__")}


def test_a_good_expression_has_no_syntax_problem():
    assert syntax_problem("bts == bts_2g + bts_3g + bts_4g + bts_5g") is None


# --- property: printing any tree and parsing it back gives the same tree ----------------------------
_ids = st.sampled_from(["bts", "bts_2g", "ty_le", "hs"])
_leaves = st.one_of(
    st.builds(lambda i: f"{i}", _ids),
    st.builds(lambda i, c: f"{i}.{c}", _ids, st.sampled_from(["th", "kh"])),
    st.integers(0, 10_000).map(str),
    st.decimals(0, 1000, places=2, allow_nan=False).map(str),
)


def _join(parts: tuple[str, str, str]) -> str:
    left, op, right = parts
    return f"({left} {op} {right})"


_exprs = st.recursive(
    _leaves,
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "==", "<=", "~=", "and", "or"]), inner).map(_join),
        inner.map(lambda e: f"(-{e})"),
        inner.map(lambda e: f"(not {e})"),
        st.tuples(st.sampled_from(["sum", "min", "max"]), st.lists(inner, min_size=1, max_size=3)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"),
        inner.map(lambda e: f"prev({e})"),
    ),
    max_leaves=12,
)


def _strip_positions(tree):
    from dataclasses import fields, is_dataclass, replace

    if isinstance(tree, tuple):
        return tuple(_strip_positions(t) for t in tree)
    if not is_dataclass(tree):
        return tree
    changes = {f.name: _strip_positions(getattr(tree, f.name)) for f in fields(tree) if f.name != "pos"}
    return replace(tree, pos=0, **changes)


@given(_exprs)
def test_any_well_formed_expression_parses_and_survives_extra_spacing(text):
    tree = parse(text)
    spaced = parse(text.replace("(", " ( ").replace(")", " ) ").replace(",", " , "))
    assert _strip_positions(tree) == _strip_positions(spaced)
    assert all(isinstance(n, tuple) for n in names(tree))


@given(st.text(max_size=30))
def test_no_text_crashes_the_parser(text):
    try:
        parse(text)
    except ExpressionError as exc:
        assert 1 <= exc.column <= len(text) + 1


def test_names_have_1_based_positions():
    tree = parse("a + bb")
    assert tree.left == Name("a", None, 1) and tree.right == Name("bb", None, 5)
