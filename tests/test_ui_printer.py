"""Printing without a PDF viewer (issue 11): "Gửi tới máy in" opens Qt's print dialog and
draws the PDF's pages onto the chosen printer (here a QPrinter writing a PDF file, read
back with pypdf); a viewer that does not open says so in words."""

from __future__ import annotations

import pypdfium2 as pdfium
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from ui import printer as printing


def _source(path, pages: int = 3):
    """Page n has a black band at height n: which page printed shows in the pixels."""
    sheet = canvas.Canvas(str(path), pagesize=A4)
    for number in range(1, pages + 1):
        sheet.rect(0, A4[1] - number * 200, A4[0], 100, fill=1)
        sheet.showPage()
    sheet.save()
    return path


def _pdf_printer(out, first=0, last=0, copies=1) -> QPrinter:
    chosen = QPrinter(QPrinter.PrinterMode.HighResolution)
    chosen.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    chosen.setOutputFileName(str(out))
    chosen.setFromTo(first, last)
    chosen.setCopyCount(copies)
    return chosen


def _band(path, index: int) -> int:
    """Which band (1, 2, 3) is dark on page `index` of `path`."""
    page = pdfium.PdfDocument(str(path))[index]
    image = page.render(scale=0.25, grayscale=True)
    width, height, stride, data = image.width, image.height, image.stride, bytes(image.buffer)
    dark = [n for n in (1, 2, 3) if data[int(height * (n * 200 - 50) / A4[1]) * stride + width // 2] < 80]
    assert len(dark) == 1, dark
    return dark[0]


def test_the_print_dialog_sends_the_pages_to_the_chosen_printer(window, qtbot, tmp_path, monkeypatch):
    from ui import print_dialog

    source = _source(tmp_path / "cam-ket.pdf")
    out = tmp_path / "may-in.pdf"
    asked = []

    def choose(parent, path, pages):  # the person picks pages 2-3 and two copies in Qt's dialog
        asked.append((path.name, pages))
        return _pdf_printer(out, 2, 3, copies=2)

    monkeypatch.setattr(printing, "choose_printer", choose)
    assert print_dialog.send_to_printer is printing.send_to_printer  # the print dialog's button
    assert "máy in" in print_dialog.PrintDialog(window.context, window).to_printer.text()
    assert printing.send_to_printer(source, window) == 4
    assert asked == [("cam-ket.pdf", 3)]
    printed = PdfReader(str(out))
    assert len(printed.pages) == 4
    assert [round(float(v)) for v in printed.pages[0].mediabox[2:]] == [595, 842]  # A4, no viewer involved
    assert [_band(out, i) for i in range(4)] == [2, 3, 2, 3]


def test_cancelled_or_whole_document(qapp, tmp_path, monkeypatch):
    source = _source(tmp_path / "bien-ban.pdf", pages=2)
    monkeypatch.setattr(printing, "choose_printer", lambda parent, path, pages: None)
    assert printing.send_to_printer(source) == 0
    out = tmp_path / "tat-ca.pdf"
    assert printing.print_pdf(source, _pdf_printer(out)) == 2
    assert [_band(out, i) for i in range(2)] == [1, 2]


def test_a_missing_viewer_is_said_in_words(qapp, tmp_path, monkeypatch):
    said = []
    monkeypatch.setattr("ui.system.open_file", lambda path: False)
    monkeypatch.setattr(printing, "warn", lambda parent, title, text: said.append((title, text)))
    assert printing.open_file(tmp_path / "x.pdf") is False
    assert said[0][0] == "Không mở được tệp"
    assert "chưa có chương trình xem tệp PDF" in said[0][1] and str(tmp_path / "x.pdf") in said[0][1]


def test_printing_can_be_cancelled_between_pages(qapp, tmp_path):
    from storage.errors import StorageError

    source = _source(tmp_path / "so.pdf", pages=3)
    told = []
    try:
        printing.print_pdf(source, _pdf_printer(tmp_path / "huy.pdf"), lambda done, total: told.append(done) or False)
    except StorageError as error:
        assert str(error) == "Đã hủy lệnh in sau 1 trang."
    else:
        raise AssertionError("not cancelled")
    assert told == [1]
