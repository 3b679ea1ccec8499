"""Printing a finished PDF without any PDF viewer: the pages are drawn by PDFium
(pypdfium2) onto the printer chosen in Qt's own print dialog (which printer, how many
copies, which pages). Windows' default viewer has no print verb, so the station never
depends on one. Opening a PDF in the system's viewer says in words when there is none."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog

from storage.errors import StorageError
from ui import system
from ui.i18n import tr, warn

MAX_DPI = 300  # enough for text and stamps; a 1200 dpi page would take 400 MB


def _document(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError) as error:
        raise StorageError(tr("Không đọc được tệp PDF {0} để in: {1}").format(Path(path).name, error)) from error


def _match_paper(printer: QPrinter, width_pt: float, height_pt: float) -> None:
    """The printer's paper as the document's first page (A4 portrait for every document)."""
    size = QPageSize(QSizeF(min(width_pt, height_pt), max(width_pt, height_pt)), QPageSize.Unit.Point,
                     "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    printer.setPageSize(size)
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if width_pt > height_pt
                               else QPageLayout.Orientation.Portrait)


def choose_printer(parent, path: Path, pages: int) -> QPrinter | None:
    """Qt's print dialog: the printer, copies and pages; None when the person cancels."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(Path(path).name)
    printer.setFromTo(1, pages)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(tr("In {0}").format(Path(path).name))
    dialog.setMinMax(1, pages)
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


def print_pdf(path: Path, printer: QPrinter, progress=None) -> int:
    """Draw the pages of `path` (the printer's page range, its copies) onto `printer`;
    returns how many pages went to it. `progress(done, total)` is told after each page;
    when it returns False the job is abandoned (the printer gets nothing more)."""
    document = _document(path)
    try:
        count = len(document)
        if count == 0:
            raise StorageError(tr("Tệp {0} không có trang nào để in.").format(Path(path).name))
        first = max(1, printer.fromPage() or 1)
        last = min(count, printer.toPage() or count)
        copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
        width, height = document[0].get_size()
        _match_paper(printer, width, height)
        printer.setFullPage(True)  # the PDF carries its own margins (Nghị định 30)
        painter = QPainter()
        if not painter.begin(printer):
            raise StorageError(tr("Không gửi được tới máy in “{0}”: hãy kiểm tra máy in đã bật, đã cắm cáp "
                                  "hoặc đã nối mạng.").format(printer.printerName() or tr("đã chọn")))
        printed, total = 0, copies * (last - first + 1)
        try:
            dpi = min(printer.resolution(), MAX_DPI)
            for _copy in range(copies):
                for number in range(first, last + 1):
                    if printed:
                        printer.newPage()
                    _draw(painter, document[number - 1], dpi)
                    printed += 1
                    if progress is not None and progress(printed, total) is False:
                        printer.abort()
                        raise StorageError(tr("Đã hủy lệnh in sau {0} trang.").format(printed))
        finally:
            if painter.isActive():
                painter.end()
        return printed
    finally:
        document.close()


def _image(page, dpi: float) -> QImage:
    bitmap = page.render(scale=dpi / 72, rev_byteorder=True, draw_annots=True)
    return QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                  QImage.Format.Format_RGBX8888 if bitmap.n_channels == 4 else QImage.Format.Format_RGB888).copy()


def first_page(data: bytes, width: int = 620) -> tuple[QImage, str]:
    """The first page of the PDF `data` as an image `width` pixels wide, and its text (for
    a preview; a QImage, not a QPixmap, so it may be made off the GUI thread)."""
    document = pdfium.PdfDocument(data)
    try:
        page = document[0]
        image = _image(page, width * 72 / page.get_width())
        textpage = page.get_textpage()
        words = textpage.get_text_range()
        textpage.close()
        page.close()
        return image, words
    finally:
        document.close()


def _draw(painter: QPainter, page, dpi: int) -> None:
    image = _image(page, dpi)
    area = QRectF(painter.viewport())
    scale = min(area.width() / image.width(), area.height() / image.height())
    target = QRectF(area.x(), area.y(), image.width() * scale, image.height() * scale)
    target.moveCenter(area.center())
    painter.drawImage(target, image)


def send_to_printer(path: Path, parent=None) -> int:
    """Print `path` on the printer chosen in Qt's print dialog (0: cancelled). A station
    prints without any PDF viewer."""
    parent = parent or QApplication.activeWindow()
    document = _document(path)
    try:
        pages = len(document)
    finally:
        document.close()
    printer = choose_printer(parent, Path(path), pages)
    if printer is None:
        return 0
    if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat and not printer.isValid():
        raise StorageError(tr("Máy này chưa cài máy in nào. Hãy cài máy in trong Windows (Cài đặt → Máy in và "
                              "máy quét), hoặc mở tệp PDF và in từ máy khác: {0}").format(path))
    waiting = QProgressDialog(tr("Đang gửi các trang tới máy in…"), tr("Hủy"), 0, pages, parent)
    waiting.setWindowTitle(tr("In"))
    waiting.setWindowModality(Qt.WindowModality.WindowModal)
    waiting.setMinimumDuration(500)

    def progress(done: int, total: int) -> bool:
        waiting.setMaximum(total)
        waiting.setValue(done)
        QApplication.processEvents()  # the window repaints and Hủy answers between pages
        return not waiting.wasCanceled()

    try:
        return print_pdf(Path(path), printer, progress)
    finally:
        waiting.close()


def open_file(path: Path, parent=None) -> bool:
    """Open `path` in the system's viewer; when none opens it, say so in words."""
    if system.open_file(Path(path)):  # looked up at each call: tests replace it
        return True
    warn(parent or QApplication.activeWindow(), tr("Không mở được tệp"),
         tr("Máy này chưa có chương trình xem tệp PDF (hoặc chương trình đó không mở được tệp). Tệp đã được "
            "lưu tại:\n{0}\nHãy cài một trình xem PDF, hoặc dùng “Gửi tới máy in” để in thẳng không cần trình "
            "xem.").format(path))
    return False
