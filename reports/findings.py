"""What the checker reports: one inconsistency, its confidence, the sentence(s) quoted and both figures."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from forms.numbers import format_number

CERTAIN, REVIEW, POSSIBLE = "chắc chắn", "nên xem lại", "có thể"
CONFIDENCES = (CERTAIN, REVIEW, POSSIBLE)

KINDS = {
    "total_parts": "Tổng không bằng tổng các thành phần",
    "share": "Tỷ lệ không khớp tử số/mẫu số",
    "share_of_total": "Tỷ lệ «chiếm» không khớp",
    "growth": "Tốc độ tăng/giảm không khớp hai số liệu",
    "difference": "Mức tăng/giảm không khớp hai số liệu",
    "list_count": "Số lượng nêu khác số mục liệt kê",
    "same_indicator": "Một chỉ tiêu nêu hai giá trị khác nhau",
    "unit_magnitude": "Có thể nhầm đơn vị (triệu/tỷ đồng)",
    "target_status": "Tình trạng Đạt/Không đạt không khớp mục tiêu và kết quả",
    "targets_count": "Số chỉ tiêu đạt không khớp bảng",
    "database": "Khác số liệu trong cơ sở dữ liệu",
}


def vn(value: Decimal, decimals: int | None = None) -> str:
    return format_number(value, decimals)


@dataclass(slots=True)
class Finding:
    kind: str
    confidence: str
    message: str
    quotes: list[str]
    figures: list[str]
    location: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "confidence": self.confidence, "message": self.message,
                "quotes": list(self.quotes), "figures": list(self.figures), "location": dict(self.location)}

    def render(self) -> str:
        lines = [f"[{self.confidence}] {KINDS.get(self.kind, self.kind)}: {self.message}"]
        lines += [f"    «{q}»" for q in self.quotes]
        return "\n".join(lines)


def summary(findings: list[Finding]) -> dict[str, Any]:
    by_conf = Counter(f.confidence for f in findings)
    by_kind = Counter(f.kind for f in findings)
    return {"total": len(findings), "by_confidence": {c: by_conf.get(c, 0) for c in CONFIDENCES},
            "by_kind": dict(sorted(by_kind.items()))}
