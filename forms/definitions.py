"""Loading form definitions from YAML or XLSForm-style xlsx into a checked ``Form``.

All problems of a file are collected and reported together, each with file, item and name.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from forms.errors import BieumauError, DefinitionError, DefinitionProblem
from forms.expression_names import FUNCTIONS, names_in, second_arguments
from forms.limits import MAX_DEFINITION_BYTES, definition_problems, number_problem, shown, yaml_alias_problem
from forms.messages import Msg
from forms.model import TARGET_OPERATORS, Column, Form, Indicator, Rule, Target

CATALOGUE_DIR = Path(__file__).with_name("catalogue")

# A hook the rule engine installs so the loader reports expression syntax errors with the real
# parser; ``forms`` cannot import ``validators``. It returns (position, message) or None.
ExpressionChecker = Callable[[str], "tuple[int, str] | None"]


def read_definition(path: str | Path) -> dict[str, Any]:
    """Read a definition file into a plain dictionary (YAML or xlsx)."""
    path = Path(path)
    if not path.exists():
        raise BieumauError(Msg("definition.not_found", path=path), "not_found")
    if path.is_dir():
        raise BieumauError(Msg("definition.is_folder", path=path), "not_found")
    if path.stat().st_size > MAX_DEFINITION_BYTES:
        raise BieumauError(Msg("definition.too_large", name=path.name, limit=MAX_DEFINITION_BYTES // 2**20),
                           "too_large")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from forms.xlsform import read_xlsform

        return read_xlsform(path)
    if suffix not in (".yaml", ".yml"):
        raise BieumauError(Msg("definition.kind", name=path.name), "format")
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it
    try:
        text = path.read_text(encoding="utf-8")
        aliases = yaml_alias_problem(text)
        if aliases is not None:
            raise BieumauError(f"{path.name}: {aliases}.", "limit")
        data = yaml.load(text, Loader=loader)
    except UnicodeDecodeError:
        raise BieumauError(Msg("definition.not_utf8", name=path.name), "format") from None
    except RecursionError:  # brackets nested thousands deep: the parser gives up, so do we
        raise BieumauError(Msg("definition.too_deep", name=path.name), "limit") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = Msg("definition.at", line=mark.line + 1, column=mark.column + 1) if mark else ""
        raise BieumauError(Msg("definition.bad_yaml", name=path.name, where=where), "format") from None
    if not isinstance(data, dict):
        raise BieumauError(Msg("definition.not_a_form", name=path.name), "format")
    return data


def load_form(path: str | Path, check_expression: ExpressionChecker | None = None) -> Form:
    """Load and check one definition file; raises ``DefinitionError`` listing every problem."""
    path = Path(path)
    data = read_definition(path)
    return build_form(data, path.name, check_expression, source=str(path))


def build_form(
    data: dict[str, Any],
    file_name: str,
    check_expression: ExpressionChecker | None = None,
    source: str = "",
) -> Form:
    problems = check_definition(data, file_name, check_expression)
    if problems:
        raise DefinitionError(problems)
    return _build(data, source or file_name)


def check_definition(
    data: dict[str, Any], file_name: str, check_expression: ExpressionChecker | None = None
) -> list[DefinitionProblem]:
    """Every problem of a definition dictionary: its size first (forms/limits.py), then its structure,
    then references. A stored definition goes through here too, so one past a limit is refused when opened."""
    from cerberus import Validator

    from forms.schema import FORM_SCHEMA

    beyond = definition_problems(data)
    if beyond:
        return [DefinitionProblem(file_name, "", name, f"vượt giới hạn: {text}") for name, text in beyond]

    _split_periods(data)
    validator = Validator(FORM_SCHEMA)
    problems: list[DefinitionProblem] = []
    if not validator.validate(data):
        for error in _flatten(validator._errors):
            problems.append(_structure_problem(file_name, data, error))
        return problems
    problems.extend(_check_periods(data, file_name))
    return problems + _check_references(data, file_name, check_expression)


def _split_periods(data: dict[str, Any]) -> None:
    """``periods`` written in one Excel cell ("quarter, half, year") is the same list."""
    periods = data.get("periods")
    if isinstance(periods, str):
        data["periods"] = [p for p in periods.replace(",", " ").split() if p]


def _check_periods(data: dict[str, Any], file_name: str) -> list[DefinitionProblem]:
    period, periods = data.get("period"), data.get("periods")
    if period is None and not periods:
        return [DefinitionProblem(file_name, "", "period", "thiếu khóa «period» hoặc «periods» (loại kỳ báo cáo)")]
    problems = []
    if periods and len(set(periods)) != len(periods):
        problems.append(DefinitionProblem(file_name, "", "periods", "loại kỳ bị trùng trong «periods»"))
    if period is not None and periods and period != periods[0]:
        problems.append(DefinitionProblem(
            file_name, "", "period", f"«period: {period}» phải là loại kỳ đầu tiên của «periods» (kỳ mặc định)"
        ))
    return problems


def period_kinds_of(data: dict[str, Any]) -> tuple[str, ...]:
    periods = data.get("periods")
    return tuple(periods) if periods else (data["period"],)


def _flatten(errors: Any) -> list[Any]:
    out = []
    for error in errors:
        if error.is_group_error:
            out.extend(_flatten(error.child_errors))
        else:
            out.append(error)
    return out


def _structure_problem(file_name: str, data: dict[str, Any], error: Any) -> DefinitionProblem:
    path = list(error.document_path)
    item = ""
    if len(path) >= 2 and path[0] in ("indicators", "columns", "rules") and isinstance(path[1], int):
        entries = data.get(path[0]) or []
        entry = entries[path[1]] if path[1] < len(entries) else {}
        entry_id = entry.get("id") if isinstance(entry, dict) else None
        item = f"{path[0]}[{path[1] + 1}]" + (f" {entry_id}" if entry_id else "")
        path = path[2:]
    name = ".".join(str(p) for p in path)
    from forms.schema import describe_error

    rule = error.rule
    text = describe_error(rule, error.constraint, error.value)
    return DefinitionProblem(file_name, item, name, text)


def _check_references(
    data: dict[str, Any], file_name: str, check_expression: ExpressionChecker | None
) -> list[DefinitionProblem]:
    problems: list[DefinitionProblem] = []

    def add(item: str, name: str, text: str) -> None:
        problems.append(DefinitionProblem(file_name, item, name, text))

    columns = data["columns"]
    indicators = data["indicators"]
    rules = data.get("rules") or []
    column_ids: set[str] = set()
    for col in columns:
        if col["id"] in column_ids:
            add(f"cột {col['id']}", col["id"], "mã cột bị trùng")
        column_ids.add(col["id"])
        if col.get("type") == "choice" and not col.get("choices"):
            add(f"cột {col['id']}", "choices", "cột kiểu lựa chọn cần danh sách choices")
    by_id: dict[str, dict[str, Any]] = {}
    codes: dict[str, str] = {}
    for ind in indicators:
        iid = ind["id"]
        if iid in by_id:
            add(f"chỉ tiêu {iid}", iid, "mã chỉ tiêu bị trùng")
        code = ind.get("code")
        if code:
            if code in codes:
                add(f"chỉ tiêu {iid}", code, f"mã chỉ tiêu (code) trùng với chỉ tiêu {codes[code]}")
            codes.setdefault(code, iid)
        if iid in column_ids:
            add(f"chỉ tiêu {iid}", iid, "mã chỉ tiêu trùng với mã một cột")
        by_id[iid] = ind
    rule_ids: set[str] = set()
    for rule in rules:
        if rule["id"] in rule_ids:
            add(f"quy tắc {rule['id']}", rule["id"], "mã quy tắc bị trùng")
        rule_ids.add(rule["id"])

    for ind in indicators:
        item = f"chỉ tiêu {ind['id']}"
        kind = ind.get("type", "integer")
        for key in ("parent", "numerator", "denominator"):
            ref = ind.get(key)
            if ref and ref not in by_id:
                add(item, ref, f"«{key}» trỏ tới chỉ tiêu không tồn tại")
        if ind.get("parent") == ind["id"]:
            add(item, ind["id"], "chỉ tiêu không thể là «parent» của chính nó")
        for col in ind.get("columns") or []:
            if col not in column_ids:
                add(item, col, "cột không tồn tại trong biểu mẫu")
        if kind == "choice" and not ind.get("choices"):
            add(item, "choices", "chỉ tiêu kiểu lựa chọn cần danh sách choices")
        aggregate = ind.get("aggregate")
        if aggregate == "ratio" and not (ind.get("numerator") and ind.get("denominator")):
            add(item, "aggregate", "tổng hợp kiểu ratio cần cả numerator và denominator")
        if aggregate in ("sum", "min", "max", "mean", "ratio") and kind in ("text", "choice", "boolean", "date"):
            add(item, "aggregate", f"không thể tổng hợp «{aggregate}» cho chỉ tiêu kiểu {kind}")
        if aggregate == "sum" and kind == "percent":
            add(item, "aggregate", "tỷ lệ không được cộng dồn; dùng ratio (tử số/mẫu số) hoặc none")
        lo, hi = ind.get("min"), ind.get("max")
        if lo is not None and hi is not None and lo > hi:
            add(item, "min", f"min ({lo}) lớn hơn max ({hi})")
        target = ind.get("target")
        if target is not None and not isinstance(target, bool):
            try:
                _parse_target(target, tuple(ind.get("choices") or ()))
            except ValueError as exc:
                add(item, "target", str(exc))
        if ind.get("computed"):
            _check_expression_names(
                ind["computed"], item, "computed", by_id, column_ids, add, check_expression
            )
    problems.extend(_cycles(file_name, by_id))

    for rule in rules:
        item = f"quy tắc {rule['id']}"
        for col in rule.get("columns") or []:
            if col not in column_ids:
                add(item, col, "cột không tồn tại trong biểu mẫu")
        _check_expression_names(rule["expr"], item, "expr", by_id, column_ids, add, check_expression)
        _check_period_arguments(rule["expr"], item, period_kinds_of(data), add)
    return problems


def _check_period_arguments(
    expression: str, item: str, accepted: tuple[str, ...], add: Callable[[str, str, str], None]
) -> None:
    """``same_year(x, "half")`` names a period type the form accepts."""
    from forms.periods import PERIOD_KINDS

    for written in second_arguments(expression, "same_year"):
        kind = written.strip("\"'")
        if written == kind or kind not in PERIOD_KINDS:
            add(item, written, "same_year() cần loại kỳ trong ngoặc kép: \"month\", \"quarter\", \"half\", "
                "\"nine_months\" hoặc \"year\"")
        elif kind not in accepted:
            add(item, kind, f"biểu mẫu không nhận kỳ loại «{kind}» (periods: {', '.join(accepted)})")


def _check_expression_names(
    expression: str,
    item: str,
    key: str,
    by_id: dict[str, dict[str, Any]],
    column_ids: set[str],
    add: Callable[[str, str, str], None],
    check_expression: ExpressionChecker | None,
) -> None:
    if check_expression is not None:
        syntax = check_expression(expression)
        if syntax is not None:
            position, message = syntax
            add(item, key, f"biểu thức sai cú pháp tại ký tự {position}: {message}")
            return
    try:
        uses = names_in(expression)
    except ValueError as exc:
        add(item, key, f"biểu thức có ký tự không hợp lệ tại vị trí {exc.args[0]}")
        return
    for use in uses:
        if use.is_function:
            if use.name not in FUNCTIONS:
                add(item, use.name, "hàm không được hỗ trợ")
        elif use.name not in by_id:
            add(item, use.name, "chỉ tiêu không tồn tại trong biểu mẫu")
        elif use.column and use.column not in column_ids:
            add(item, f"{use.name}.{use.column}", "cột không tồn tại trong biểu mẫu")


def _cycles(file_name: str, by_id: dict[str, dict[str, Any]]) -> list[DefinitionProblem]:
    problems: list[DefinitionProblem] = []
    reported: set[str] = set()
    for start in by_id:
        seen = [start]
        current = by_id[start].get("parent")
        while current and current in by_id:
            if current in seen:
                cycle = seen[seen.index(current):]
                key = min(cycle)
                if key not in reported:
                    reported.add(key)
                    problems.append(
                        DefinitionProblem(
                            file_name, f"chỉ tiêu {current}", " → ".join([*cycle, current]),
                            "quan hệ «parent» lặp vòng",
                        )
                    )
                break
            seen.append(current)
            current = by_id[current].get("parent")
    # computed cells may not depend on themselves through other computed cells
    graph: dict[str, set[str]] = {}
    for iid, ind in by_id.items():
        if ind.get("computed"):
            try:
                graph[iid] = {u.name for u in names_in(ind["computed"]) if not u.is_function}
            except ValueError:
                graph[iid] = set()
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for dep in graph.get(node, ()):
            if dep not in graph:
                continue
            if state.get(dep) == 1:
                cycle = [*trail[trail.index(dep):], dep] if dep in trail else [node, dep]
                problems.append(
                    DefinitionProblem(file_name, f"chỉ tiêu {dep}", " → ".join(cycle), "công thức «computed» lặp vòng")
                )
            elif state.get(dep) is None:
                visit(dep, [*trail, dep])
        state[node] = 2

    for node in graph:
        if state.get(node) is None:
            visit(node, [node])
    return problems


def _parse_target(target: Any, choices: tuple[str, ...]) -> Target:
    text = str(target).strip()
    operator = "=="
    for op in TARGET_OPERATORS:
        if text.startswith(op):
            operator = "==" if op == "=" else op
            text = text[len(op):].strip()
            break
    for symbol, op in (("≥", ">="), ("≤", "<=")):
        if text.startswith(symbol):
            operator, text = op, text[1:].strip()
    low = text.lower()
    if low.startswith("bậc") or low.startswith("cấp độ") or low.startswith("cấp"):
        digits = "".join(c for c in text if c.isdigit())
        if not digits:
            raise ValueError(f"chỉ tiêu phấn đấu «{target}» không có bậc")
        level = Decimal(digits)
        if number_problem(level) is not None:
            raise ValueError(f"chỉ tiêu phấn đấu «{shown(str(target))}»: {number_problem(level)}")
        return Target(operator, level, text, level=True)
    number = text.rstrip("%").strip().replace(",", ".")
    try:
        value = Decimal(number)
    except Exception:
        raise ValueError(f"chỉ tiêu phấn đấu «{shown(str(target))}» không đọc được (ví dụ: >= 80, <= 3)") from None
    beyond = number_problem(value)
    if beyond is not None:
        raise ValueError(f"chỉ tiêu phấn đấu «{shown(str(target))}»: {beyond}")
    return Target(operator, value, text)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _default_aggregate(ind: dict[str, Any]) -> str:
    kind = ind.get("type", "integer")
    if kind in ("integer", "decimal"):
        return "sum"
    if kind == "boolean":
        return "count_true"
    return "none"


def _build(data: dict[str, Any], source: str) -> Form:
    columns = tuple(
        Column(c["id"], c["title"], c.get("type"), tuple(c.get("choices") or ())) for c in data["columns"]
    )
    indicators = []
    for ind in data["indicators"]:
        choices = tuple(ind.get("choices") or ())
        target = ind.get("target")
        indicators.append(
            Indicator(
                id=ind["id"],
                title=ind["title"],
                unit=ind.get("unit") or "",
                type=ind.get("type", "integer"),
                code=ind.get("code") or None,
                kind=ind.get("kind") or None,
                choices=choices,
                min=_decimal(ind.get("min")),
                max=_decimal(ind.get("max")),
                decimals=ind.get("decimals"),
                required=bool(ind.get("required", False)),
                parent=ind.get("parent"),
                section=ind.get("section"),
                columns=tuple(ind["columns"]) if ind.get("columns") is not None else None,
                computed=ind.get("computed"),
                cumulative=bool(ind.get("cumulative", False)),
                aggregate=ind.get("aggregate") or _default_aggregate(ind),
                numerator=ind.get("numerator"),
                denominator=ind.get("denominator"),
                breakdown=ind.get("breakdown"),
                complete=bool(ind.get("complete", False)),
                target=_parse_target(target, choices) if target not in (None, True, False) else None,
                note=ind.get("note") or "",
                plan_target=target not in (None, False),
            )
        )
    rules = tuple(
        Rule(
            id=r["id"],
            expr=r["expr"],
            severity=r.get("severity", "error"),
            message=r.get("message") or "",
            missing=r.get("missing", "skip"),
            columns=tuple(r["columns"]) if r.get("columns") else None,
        )
        for r in data.get("rules") or []
    )
    kinds = period_kinds_of(data)
    return Form(
        id=str(data["id"]),
        version=int(data["version"]),
        title=data["title"],
        period=data.get("period") or kinds[0],
        periods=kinds,
        levels=tuple(data["levels"]),
        columns=columns,
        indicators=tuple(indicators),
        rules=rules,
        deadline_days=int(data.get("deadline_days", 15)),
        description=data.get("description") or "",
        source=source,
        definition=data,
    )


def catalogue_files(directory: Path | None = None) -> list[Path]:
    directory = directory or CATALOGUE_DIR
    return sorted(p for p in directory.iterdir() if p.suffix.lower() in (".yaml", ".yml", ".xlsx"))


def load_catalogue(
    directory: Path | None = None,
    check_expression: ExpressionChecker | None = None,
    cache_dir: Path | None = None,
) -> dict[str, Form]:
    """Every bundled form by id (an xlsx and a YAML of the same id: the higher version wins).

    With ``cache_dir``, a definition whose exact bytes were loaded and checked before is rebuilt
    from the cached dictionary without parsing or checking it again: the window opens faster.
    """
    forms: dict[str, Form] = {}
    for path in catalogue_files(directory):
        form = _load_cached(path, check_expression, cache_dir) if cache_dir else load_form(path, check_expression)
        if form.id not in forms or forms[form.id].version < form.version:
            forms[form.id] = form
    return forms


def _load_cached(path: Path, check_expression: ExpressionChecker | None, cache_dir: Path) -> Form:
    import hashlib
    import json
    import os

    content = path.read_bytes()
    checked = "parsed" if check_expression is not None else "names"
    key = hashlib.sha256(content + checked.encode()).hexdigest()
    cached = cache_dir / f"{key}.json"
    try:
        data = json.loads(cached.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    if isinstance(data, dict):
        return _build(data, str(path))
    form = load_form(path, check_expression)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(cached.name + f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(form.definition, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, cached)
    except (OSError, TypeError, ValueError):
        pass  # a cache that cannot be written only costs speed
    return form


def resolve_form(
    reference: str, catalogue: dict[str, Form] | None = None, check_expression: ExpressionChecker | None = None
) -> Form:
    """A form by catalogue id ("VT-01") or by path to a definition file."""
    path = Path(reference)
    if path.suffix.lower() in (".yaml", ".yml", ".xlsx") or path.exists():
        return load_form(path, check_expression)
    catalogue = catalogue if catalogue is not None else load_catalogue(check_expression=check_expression)
    for form_id, form in catalogue.items():
        if form_id.lower() == reference.lower():
            return form
    known = ", ".join(sorted(catalogue))
    raise BieumauError(Msg("definition.unknown_form", reference=reference, known=known), "unknown_form")
