"""The import report: DIR/import-report.json and the printed summary in Vietnamese."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .manifest import write_if_changed

REPORT_NAME = "import-report.json"
# Status of one source -> how the summary says it.
STATUS_WORDS = {
    "written": "đã ghi",
    "unchanged": "không đổi",
    "edited": "bỏ qua (tệp đã được sửa sau lần nhập trước; dùng --force để ghi đè)",
    "skipped": "bỏ qua",
    "failed": "lỗi",
}


@dataclass
class SourceReport:
    """What happened to one source."""

    source: str
    status: str
    output: str = ""
    fields: dict[str, dict[str, str]] = field(default_factory=dict)
    warnings: list[dict[str, str]] = field(default_factory=list)

    def as_json(self) -> dict:
        """The JSON object of this source."""
        return {
            "source": self.source,
            "status": self.status,
            "output": self.output,
            "fields": self.fields,
            "warnings": self.warnings,
        }


def counts(reports: list[SourceReport]) -> dict[str, int]:
    """How many sources ended in each status."""
    totals = dict.fromkeys(STATUS_WORDS, 0)
    for report in reports:
        totals[report.status] += 1
    return totals


def write_report(folder: Path, reports: list[SourceReport]) -> bool:
    """Write DIR/import-report.json (only when it changed)."""
    data = {"counts": counts(reports), "sources": [report.as_json() for report in reports]}
    return write_if_changed(folder / REPORT_NAME, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def summary(reports: list[SourceReport]) -> str:
    """The printed summary: one line per source, its warnings under it, then totals."""
    lines = []
    for report in reports:
        target = f" -> {report.output}" if report.output else ""
        lines.append(f"{report.source}: {STATUS_WORDS[report.status]}{target}")
        lines += [f"  cảnh báo: {warning['message']}" for warning in report.warnings]
    totals = counts(reports)
    lines.append(
        f"Tổng cộng {len(reports)} nguồn: {totals['written']} đã ghi, {totals['unchanged']} không đổi, "
        f"{totals['edited']} bỏ qua vì đã sửa, {totals['skipped'] + totals['failed']} không nhập được."
    )
    return "\n".join(lines)
