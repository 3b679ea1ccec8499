"""What travels in a package for people to read: the period report as PDF (with the
signing key's fingerprint) and the figures as an Excel workbook."""

from __future__ import annotations

from printing.render import render
from printing.xlsx import figures_workbook
from storage.documents.data import ReportData


def package_attachments(summary: ReportData, values: list[tuple[str, object]]) -> dict[str, bytes]:
    return {"summary.pdf": render(summary).data,
            "figures.xlsx": figures_workbook(f"Số liệu {summary.period_label}", values)}
