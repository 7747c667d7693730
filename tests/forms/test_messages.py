"""The core message catalogue: every key in both languages with the same params, every key the code
names exists, and a refusal raised from it reads in either language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from forms.errors import BieumauError
from forms.messages import LANGUAGES, Msg, catalogue, fields, say, template
from forms.periods import PeriodError, parse_period

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("forms", "validators", "storage", "workbooks", "reports", "operations", "cli", "desktop")
# say("key" …), say(f"prefix.{kind}" …), Msg("key" …): the first argument is always a literal key
_USE = re.compile(r"""\b(?:say|Msg)\(\s*(f?)(["'])([^"'\n]+)\2""")


def _sources() -> dict[str, str]:
    return {str(path.relative_to(ROOT)): path.read_text(encoding="utf-8")
            for package in PACKAGES for path in (ROOT / package).rglob("*.py")}


def _uses() -> list[tuple[str, str, bool]]:
    return [(where, m.group(3), m.group(1) == "f")
            for where, text in _sources().items() for m in _USE.finditer(text)]


def _pattern(key: str) -> re.Pattern[str]:
    """An f-string key as a pattern: each ``{…}`` stands for one or more name parts."""
    parts = re.split(r"\{[^}]*\}", key)
    return re.compile("^" + r"[\w.]+".join(re.escape(p) for p in parts) + "$")


def test_every_key_has_both_languages_with_the_same_params():
    for key, entry in catalogue().items():
        assert set(entry) <= {*LANGUAGES, "ignores"}, key
        for lang in LANGUAGES:
            assert isinstance(entry.get(lang), str) and entry[lang], f"{key}: no {lang}"
        ignores = entry.get("ignores", {})
        used = {lang: fields(entry[lang]) | set(ignores.get(lang, ())) for lang in LANGUAGES}
        assert used["vi"] == used["en"], f"{key}: {used}"
        for lang in LANGUAGES:
            assert not fields(entry[lang]) & set(ignores.get(lang, ())), f"{key}: {lang} ignores a param it uses"


def test_every_key_the_code_names_exists_and_every_key_is_named():
    keys = set(catalogue())
    uses = _uses()
    assert len(uses) > 50  # the grep really sees the code
    named: set[str] = set()
    for where, key, dynamic in uses:
        if dynamic:
            matching = {k for k in keys if _pattern(key).match(k)}
            assert matching, f"{where}: no catalogue key matches {key!r}"
            named |= matching
        else:
            assert key in keys, f"{where}: {key!r} is not in forms/messages.toml"
            named.add(key)
    # a key chosen before the call ("import.dry_run" if … else "import.done") is named as a literal
    code = "\n".join(_sources().values())
    named |= {k for k in keys if f'"{k}"' in code}
    assert keys - named == set()


def test_say_fills_params_and_renders_a_nested_message_in_the_same_language():
    reason = Msg("workbook.reason.empty")
    assert say("workbook.refused", "vi", name="a.xlsx", reason=reason) == "Tệp «a.xlsx» bị từ chối: tệp rỗng (0 byte)."
    assert say("workbook.refused", "en", name="a.xlsx", reason=reason) == "File «a.xlsx» refused: the file is empty (0 bytes)."
    # an unknown language falls back to Vietnamese, never to a blank
    assert say("severity.error", "fr") == "Lỗi"


def test_a_refusal_keeps_its_vietnamese_message_and_reads_in_english():
    with pytest.raises(PeriodError) as caught:
        parse_period("quý năm")
    exc = caught.value
    assert exc.message.startswith("Không đọc được kỳ báo cáo «quý năm». Viết theo mã (2024, 2024S1")
    assert str(exc) == exc.message == exc.text("vi")
    assert exc.key == "period.unreadable" and exc.params == {"raw": "quý năm"}
    assert exc.text("en").startswith("Cannot read the period «quý năm».")


def test_a_plain_refusal_reads_the_same_in_every_language():
    exc = BieumauError("Không được.", "no")
    assert exc.key is None and exc.code == "no"
    assert exc.text("en") == exc.text("vi") == "Không được."


def test_workbook_refusals_read_in_both_languages(tmp_path):
    from workbooks.errors import WorkbookError
    from workbooks.package import open_package

    empty = tmp_path / "rong.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(WorkbookError) as caught:
        open_package(empty)
    assert caught.value.code == "empty"
    assert caught.value.message == "Tệp «rong.xlsx» bị từ chối: tệp rỗng (0 byte)."
    assert caught.value.text("en") == "File «rong.xlsx» refused: the file is empty (0 bytes)."
    with pytest.raises(WorkbookError) as caught:
        open_package(tmp_path / "khong-co.xlsx")
    assert caught.value.code == "not_found" and "khong-co.xlsx" in caught.value.text("en")


def test_a_refusal_passed_on_as_a_reason_keeps_both_languages():
    from forms.limits import LimitError, check_typed
    from workbooks.package import refuse

    with pytest.raises(LimitError) as caught:
        check_typed("1e400", "ô C7")
    outer = refuse(Path("so.xlsx"), caught.value.as_msg(), "limit")
    assert outer.message == f"Tệp «so.xlsx» bị từ chối: {caught.value.message}"
    assert outer.text("en").startswith("File «so.xlsx» refused: ô C7: «1e400» is written with an exponent")


def test_review_refusals_come_from_the_catalogue_and_keep_their_vietnamese_template():
    from storage import review

    assert set(review.KEYS.values()) <= set(catalogue())
    for name, key in review.KEYS.items():
        assert getattr(review, name) == template(key), name
    exc = review.ReviewError(review.NOT_SUBMITTED, "not_submitted", form="B01", unit="Xã A", status="Đang nhập")
    assert exc.key == "review.not_submitted"
    assert exc.message == exc.template.format(**exc.fields)
    assert exc.message == "Chỉ duyệt được biểu đã kiểm tra hoặc đã nộp; biểu B01 của Xã A đang ở trạng thái «Đang nhập»."
    assert exc.text("en") == "Only a checked or submitted form can be approved; form B01 of Xã A is «Đang nhập»."


def test_an_expression_refusal_reads_in_both_languages():
    from validators.expressions import ExpressionError, parse

    with pytest.raises(ExpressionError) as caught:
        parse("a = 1")
    exc = caught.value
    assert exc.message == "Biểu thức «a = 1» sai tại ký tự 3: dùng «==» để so sánh bằng"
    assert exc.reason == "dùng «==» để so sánh bằng"
    assert exc.text("en") == "Expression «a = 1» is wrong at character 3: use «==» to compare for equality"
