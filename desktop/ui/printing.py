"""Printing a report's PDF on the task runner: page by page, with progress and Cancel.

QPdfDocument renders pages to images only, so each page is an image: 300 dpi in grey keeps text
sharp and the spooled job small. The rendered paper is transparent (ARGB 0x00000000): each page is
painted over white before it turns grey, or the transparency becomes black ink.

The work runs off the GUI thread: Qt supports a QPainter on a QPrinter in another thread as long as
one thread at a time paints on it (Qt, "Thread-Support in Qt Modules: painting in threads"). The
worker opens its own QPdfDocument on the file, so the preview's document stays the GUI thread's;
pdfium calls are serialised by QtPdf itself.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from desktop.errors import Cancelled, UserError
from desktop.progress import CancelToken, ProgressFn, no_progress

PRINT_DPI = 300  # sharp on paper; 1200 dpi made a 6-page report 16 MB
CANNOT_OPEN = "Không mở được tệp {path} để in."
CANNOT_PRINT = "Máy in không nhận lệnh in (kiểm tra máy in đã chọn rồi in lại)."


def page_orientation(size: QSizeF) -> QPageLayout.Orientation:
    if size.width() > size.height():
        return QPageLayout.Orientation.Landscape
    return QPageLayout.Orientation.Portrait


def paper_image(document: QPdfDocument, page: int, pixels: QSize) -> QImage:
    """Page `page` as it should land on paper: its ink over white, in grey. Any thread."""
    paper = QImage(pixels, QImage.Format.Format_RGB32)
    paper.fill(Qt.GlobalColor.white)
    painter = QPainter(paper)
    painter.drawImage(0, 0, document.render(page, pixels))
    painter.end()
    return paper.convertToFormat(QImage.Format.Format_Grayscale8)


def print_file(
    pdf: Path,
    printer: QPrinter,
    *,
    progress: ProgressFn = no_progress,
    token: CancelToken | None = None,
    done: list[int] | None = None,
    dpi: int = PRINT_DPI,
) -> int:
    """Paint every page of `pdf` on `printer`, each in its own orientation (a landscape report
    prints landscape), and return the pages printed. Any thread, one at a time per printer.

    `progress` hears each page (`Đang in trang 3/34…`); `token` is checked between pages and a
    cancel aborts the print job (nothing more reaches the printer) and raises Cancelled;
    `done[0]` counts the pages sent, for the caller to say how far it got. A PDF printer's file
    is removed when the print stops half-way: half a report must not pass for one. The worker
    removes it itself, so it goes even when the screen that asked is gone.
    """
    document = QPdfDocument()
    try:
        if document.load(str(pdf)) != QPdfDocument.Error.None_:
            raise UserError(CANNOT_OPEN.format(path=pdf))
        return _paint(document, printer, progress, token, done if done is not None else [0], dpi)
    finally:
        document.close()


def _paint(
    document: QPdfDocument,
    printer: QPrinter,
    progress: ProgressFn,
    token: CancelToken | None,
    done: list[int],
    dpi: int,
) -> int:
    count = document.pageCount()
    if count == 0:
        return 0
    # The report's own margins are the official ones: the page goes on the whole sheet at its
    # size, not shrunk into the printer's printable area (which also moved it 10 pt in).
    printer.setFullPage(True)
    # Grey pages on a colour job went out as colour JPEG (1.2 MB a page, blurred text, and black
    # mixed from colour inks); a grey job keeps them lossless and a third of the size.
    printer.setColorMode(QPrinter.ColorMode.GrayScale)
    printer.setPageOrientation(page_orientation(document.pagePointSize(0)))
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError(CANNOT_PRINT)
    whole = False
    try:
        for page in range(count):
            try:
                if token is not None:
                    token.check()
                progress(page / count, f"Đang in trang {page + 1}/{count}…")  # may cancel too
            except Cancelled:
                printer.abort()  # the pages painted so far never reach the paper
                raise
            size = document.pagePointSize(page)
            if page:
                printer.setPageOrientation(page_orientation(size))
                printer.newPage()
            pixels = QSize(round(size.width() * dpi / 72), round(size.height() * dpi / 72))
            image = paper_image(document, page, pixels)
            target = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
            scale = min(target.width() / size.width(), target.height() / size.height())
            painter.drawImage(QRectF(0, 0, size.width() * scale, size.height() * scale), image)
            done[0] = page + 1
        whole = True
    finally:
        painter.end()
        partial = printer.outputFileName()
        if not whole and partial and printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
            Path(partial).unlink(missing_ok=True)
    with contextlib.suppress(Cancelled):  # every page went out: a late Cancel changes nothing
        progress(1.0, f"Đã in {count} trang.")
    return count


# The command line's way to the same printing: `uniondesk report … --print [--printer …]`.
PDF_PRINTER = "pdf:"
NO_PRINTERS = "máy này chưa cài máy in nào"
NO_DEFAULT_PRINTER = (
    "Không có máy in mặc định. Ghi tên máy in bằng --printer TÊN ({printers}), "
    "hoặc in ra tệp bằng --printer pdf:TỆP.pdf."
)
NO_SUCH_PRINTER = "Không có máy in «{name}». Các máy in có: {printers}."
NO_PDF_NAME = "Thiếu tên tệp sau «pdf:»: ghi --printer pdf:TỆP.pdf."
NO_FOLDER = "Thư mục {folder} không tồn tại."


def _application() -> None:
    """A QApplication for a command that prints: QPrinter needs one. A box without a display
    (a server's scheduled job) prints offscreen; nothing is ever shown."""
    import os
    import sys

    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        return
    argv = ["uniondesk"]
    headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and headless and not os.environ.get("QT_QPA_PLATFORM"):
        argv += ["-platform", "offscreen"]
    _APPLICATION.append(QApplication(argv))  # lives as long as the command


_APPLICATION: list[object] = []


def _printer_names() -> str:
    from PySide6.QtPrintSupport import QPrinterInfo

    names = QPrinterInfo.availablePrinterNames()
    return ", ".join(f"«{name}»" for name in names) if names else NO_PRINTERS


def open_printer(spec: str | None) -> QPrinter:
    """The printer `--printer` names: a system printer by name, `pdf:FILE` for Qt's PDF printer
    writing FILE, or nothing for the system's default printer. UserError when there is none."""
    from PySide6.QtPrintSupport import QPrinterInfo

    _application()
    if spec is not None and spec.startswith(PDF_PRINTER):
        out = Path(spec[len(PDF_PRINTER) :])
        if not out.name:
            raise UserError(NO_PDF_NAME)
        if not out.absolute().parent.is_dir():
            raise UserError(NO_FOLDER.format(folder=out.absolute().parent))
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return printer
    if spec is None:
        info = QPrinterInfo.defaultPrinter()
        if info.isNull():
            raise UserError(NO_DEFAULT_PRINTER.format(printers=_printer_names()))
    else:
        info = QPrinterInfo.printerInfo(spec)
        if info.isNull():
            raise UserError(NO_SUCH_PRINTER.format(name=spec, printers=_printer_names()))
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


def destination(printer: QPrinter) -> str:
    """Where a print went, in words: `máy in «Canon LBP2900»` or the PDF file written."""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        return printer.outputFileName()
    return f"máy in «{printer.printerName()}»"
