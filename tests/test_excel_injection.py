"""Excel: every workbook the project writes stores text starting with = + - @ as text,
never as a formula (a station named "=HYPERLINK(…)" in the consolidated figures, a
resident's note in an exported list)."""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook

from printing.xlsx import figures_workbook
from storage.excel.writer import write_workbook

HOSTILE = ['=HYPERLINK("http://x","bấm vào")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "=1+1"]


def formulas(data: bytes) -> list[str]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return [name for name in archive.namelist()
            if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name)]


def test_figures_workbook_keeps_hostile_names_as_text():
    data = figures_workbook("Tổng hợp", [(text, 1) for text in HOSTILE],
                            per_station=[(text, [index]) for index, text in enumerate(HOSTILE)], columns=["Số"])
    assert formulas(data) == []
    book = load_workbook(io.BytesIO(data))
    names = [row[1].value for row in book["Theo đơn vị"].iter_rows(min_row=2)]
    labels = [row[1].value for row in book["Số liệu"].iter_rows(min_row=4)]
    assert names == HOSTILE and labels == HOSTILE
    assert {row[1].data_type for row in book["Theo đơn vị"].iter_rows(min_row=2)} == {"s"}


def test_exported_lists_keep_hostile_text_as_text(tmp_path):
    out = tmp_path / "ds.xlsx"
    write_workbook(out, "Người", ["Họ tên", "Ghi chú"], ["text", "text"], [[text, text] for text in HOSTILE])
    data = out.read_bytes()
    assert formulas(data) == []
    book = load_workbook(io.BytesIO(data))
    assert [row[0].value for row in book.active.iter_rows(min_row=2)] == HOSTILE
