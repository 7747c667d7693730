"""Check a written narrative report: every statement its figures make, and with a database each figure
against the stored value of the indicator it names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reports.checks import growth, lists, repeats, shares, stored, targets, totals
from reports.checks.base import Context
from reports.figures_db import ReportFigures
from reports.findings import CONFIDENCES, Finding, summary
from reports.text import ReportText, read_report

_RULES = (totals.check, shares.check, growth.check, lists.check, targets.check, repeats.check)


def check_text(report: ReportText, figures: ReportFigures | None = None) -> list[Finding]:
    ctx = Context.of(report)
    found: list[Finding] = []
    for rule in _RULES:
        found.extend(rule(ctx))
    if figures is not None:
        found.extend(stored.check(ctx, figures))
    return _dedupe(found)


def _dedupe(found: list[Finding]) -> list[Finding]:
    """One finding per statement: the same figures quoted twice by two rules keep the more certain one."""
    out: dict[tuple, Finding] = {}
    for f in found:
        key = (f.kind, tuple(f.quotes), tuple(f.figures))
        if key not in out or CONFIDENCES.index(f.confidence) < CONFIDENCES.index(out[key].confidence):
            out[key] = f
    return sorted(out.values(), key=lambda f: (CONFIDENCES.index(f.confidence), _order(f)))


def _order(f: Finding) -> tuple:
    loc = f.location.get("first", f.location)
    return (loc.get("paragraph", 10 ** 6), loc.get("table", -1), loc.get("row", 0), loc.get("sentence", 0))


def check_file(path: Path, figures: ReportFigures | None = None) -> tuple[ReportText, list[Finding]]:
    report = read_report(path)
    return report, check_text(report, figures)


def as_json(findings: list[Finding]) -> dict[str, Any]:
    return {"findings": [f.as_json() for f in findings], "summary": summary(findings)}
