"""The cerberus schema of a form definition and the Vietnamese words for its errors."""

from __future__ import annotations

from typing import Any

from forms.limits import shown
from forms.model import AGGREGATES, INDICATOR_KINDS, INDICATOR_TYPES, MISSING_MODES, SEVERITIES
from forms.periods import PERIOD_KINDS
from forms.units import LEVELS

ID_REGEX = r"^[A-Za-z][A-Za-z0-9_]*$"
FORM_ID_REGEX = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
CODE_REGEX = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$"

_NUMBER = {"type": "number", "nullable": True}
_STRINGS = {"type": "list", "schema": {"type": "string", "empty": False}}

COLUMN_SCHEMA: dict[str, Any] = {
    "id": {"type": "string", "required": True, "regex": ID_REGEX},
    "title": {"type": "string", "required": True, "empty": False},
    "type": {"type": "string", "allowed": list(INDICATOR_TYPES), "nullable": True},
    "choices": _STRINGS,
}

INDICATOR_SCHEMA: dict[str, Any] = {
    "id": {"type": "string", "required": True, "regex": ID_REGEX},
    "title": {"type": "string", "required": True, "empty": False},
    "unit": {"type": "string", "nullable": True},
    "type": {"type": "string", "allowed": list(INDICATOR_TYPES)},
    "code": {"type": "string", "nullable": True, "regex": CODE_REGEX},
    "kind": {"type": "string", "nullable": True, "allowed": list(INDICATOR_KINDS)},
    "choices": _STRINGS,
    "min": _NUMBER,
    "max": _NUMBER,
    "decimals": {"type": "integer", "min": 0, "max": 6, "nullable": True},
    "required": {"type": "boolean"},
    "parent": {"type": "string", "nullable": True},
    "section": {"type": "string", "nullable": True},
    "columns": {**_STRINGS, "nullable": True},
    "computed": {"type": "string", "nullable": True, "empty": False},
    "cumulative": {"type": "boolean"},
    "aggregate": {"type": "string", "allowed": list(AGGREGATES)},
    "numerator": {"type": "string", "nullable": True},
    "denominator": {"type": "string", "nullable": True},
    "breakdown": {"type": "string", "nullable": True},
    "complete": {"type": "boolean"},
    "target": {"type": ["string", "number", "boolean"], "nullable": True},
    "note": {"type": "string", "nullable": True},
}

RULE_SCHEMA: dict[str, Any] = {
    "id": {"type": "string", "required": True, "regex": ID_REGEX},
    "expr": {"type": "string", "required": True, "empty": False},
    "severity": {"type": "string", "allowed": list(SEVERITIES)},
    "message": {"type": "string", "nullable": True},
    "missing": {"type": "string", "allowed": list(MISSING_MODES)},
    "columns": {**_STRINGS, "nullable": True},
}

FORM_SCHEMA: dict[str, Any] = {
    "id": {"type": "string", "required": True, "regex": FORM_ID_REGEX},
    "version": {"type": "integer", "required": True, "min": 1},
    "title": {"type": "string", "required": True, "empty": False},
    "period": {"type": "string", "allowed": list(PERIOD_KINDS)},
    "periods": {
        "type": "list",
        "empty": False,
        "schema": {"type": "string", "allowed": list(PERIOD_KINDS)},
    },
    "levels": {
        "type": "list",
        "required": True,
        "empty": False,
        "schema": {"type": "string", "allowed": list(LEVELS)},
    },
    "deadline_days": {"type": "integer", "min": 0, "max": 366},
    "description": {"type": "string", "nullable": True},
    "columns": {
        "type": "list",
        "required": True,
        "empty": False,
        "schema": {"type": "dict", "schema": COLUMN_SCHEMA},
    },
    "indicators": {
        "type": "list",
        "required": True,
        "empty": False,
        "schema": {"type": "dict", "schema": INDICATOR_SCHEMA},
    },
    "rules": {
        "type": "list",
        "nullable": True,
        "schema": {"type": "dict", "schema": RULE_SCHEMA},
    },
}

_TYPE_WORDS = {
    "string": "chữ",
    "integer": "số nguyên",
    "number": "số",
    "boolean": "true/false",
    "list": "danh sách",
    "dict": "bảng khóa–giá trị",
}


def describe_error(rule: str | None, constraint: Any, value: Any) -> str:
    """One cerberus error (rule, constraint, value) in Vietnamese words."""
    value = _brief(value)
    if rule == "required":
        return "thiếu khóa bắt buộc"
    if rule == "unknown" or rule is None:
        return "khóa không có trong định dạng biểu mẫu"
    if rule == "allowed":
        allowed = ", ".join(str(c) for c in constraint)
        return f"giá trị «{value}» không hợp lệ (cho phép: {allowed})"
    if rule == "type":
        kinds = constraint if isinstance(constraint, (list, tuple)) else [constraint]
        words = " hoặc ".join(_TYPE_WORDS.get(k, k) for k in kinds)
        return f"giá trị «{value}» sai kiểu (cần {words})"
    if rule == "regex":
        return f"«{value}» không phải mã hợp lệ (chữ cái không dấu, số, dấu gạch dưới; bắt đầu bằng chữ)"
    if rule == "empty":
        return "không được để trống"
    if rule == "min":
        return f"giá trị «{value}» nhỏ hơn {constraint}"
    if rule == "max":
        return f"giá trị «{value}» lớn hơn {constraint}"
    if rule == "nullable":
        return "không được để trống"
    return f"giá trị «{value}» không hợp lệ ({rule})"


def _brief(value: Any) -> str:
    """The value as quoted in a message, cut short: a list of a thousand items is not a message."""
    import reprlib

    if isinstance(value, str):
        return shown(value)
    short = reprlib.Repr()
    short.maxlevel, short.maxlist, short.maxdict = 2, 4, 4
    return shown(short.repr(value))
