"""The PDF of `province-summary`: the letterhead and closing of the other reports (pdf.py), A4
landscape, a table per part of the offices, each with its two header rows and column numbers
repeated on every page it continues on, under a caption that says «(tiếp theo)» there."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)

from desktop.reports.cells import cell_text
from desktop.reports.fonts import register_fonts
from desktop.reports.pdf import (
    CELL_CHAR_WIDTH,
    MARGINS,
    SHORT_RULE,
    Caption,
    ListTable,
    Rule,
    _closing,
    _header,
    _p,
    _styles,
    nfc,
    widest_line,
)
from desktop.reports.province_summary import (
    FIXED_MM,
    MISSING,
    TOTAL_MM,
    VALUE_MM,
    Part,
    SummaryReport,
)

HEAD_ROWS = 4  # caption, office names, month | year to date, column numbers
FIXED_HEADS = ("Mã", "Chỉ tiêu", "Đơn vị tính", "Chỉ tiêu tỉnh")
PAIR_HEADS = ("Tháng", "Lũy kế năm")
TOTAL_HEADS = ("Tháng", "Lũy kế năm", "% chỉ tiêu tỉnh")
TOTAL_TITLE = "Toàn tỉnh"
PAD = 3.0  # points left and right inside a cell


def _value(text: str, avail: float, style: ParagraphStyle) -> object:
    """A figure as plain text; one wider than its cell at a smaller size (never wrapped, never
    over the grid)."""
    text = nfc(text)
    drawn = stringWidth(text, style.fontName, style.fontSize)
    if drawn <= avail:
        return text
    size = max(7.0, 0.95 * style.fontSize * avail / drawn)
    return _p(text, ParagraphStyle("fit", style, fontSize=size, leading=size * 1.2))


def part_columns(report: SummaryReport, part: Part) -> list[float]:
    """The part's column widths in mm, the targets' name taking what the page leaves."""
    widths = [*FIXED_MM, *([VALUE_MM] * (2 * len(part.offices)))]
    if part.total:
        widths += TOTAL_MM
    return widths


def _table(
    report: SummaryReport, part: Part, s: dict[str, ParagraphStyle], width: float
) -> ListTable:
    widths_mm = part_columns(report, part)
    widths = [w * mm for w in widths_mm]
    widths[1] += max(0.0, width - sum(widths))  # the name column takes the rest
    n = len(widths)
    blank: list[object] = [""] * (n - 1)
    missing_style = ParagraphStyle("miss", s["cell"], alignment=1, fontName=s["date"].fontName)
    caption = Caption(
        _p(part.caption, s["caption"]), _p(f"{part.caption} (tiếp theo)", s["caption"])
    )
    names: list[object] = [_p(h, s["cell_head"]) for h in FIXED_HEADS]
    subs: list[object] = ["", "", "", ""]
    style: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), s["cell"].fontName),
        ("FONTSIZE", (0, 0), (-1, -1), s["cell"].fontSize),
        ("LEADING", (0, 0), (-1, -1), s["cell"].leading),
        ("GRID", (0, 1), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("SPAN", (0, 0), (-1, 0)),
        ("LEFTPADDING", (0, 0), (-1, 0), 0),
        ("ALIGN", (4, HEAD_ROWS), (-1, -1), "RIGHT"),
        ("ALIGN", (3, HEAD_ROWS), (3, -1), "RIGHT"),
        ("ALIGN", (2, HEAD_ROWS), (2, -1), "CENTER"),
    ]
    style += [("SPAN", (col, 1), (col, 2)) for col in range(4)]
    for number, index in enumerate(part.offices):
        col = 4 + 2 * number
        names += [_p(report.offices[index].name, s["cell_head"]), ""]
        subs += [_p(h, s["cell_head"]) for h in PAIR_HEADS]
        style.append(("SPAN", (col, 1), (col + 1, 1)))
    if part.total:
        col = 4 + 2 * len(part.offices)
        names += [_p(TOTAL_TITLE, s["cell_head"]), "", ""]
        subs += [_p(h, s["cell_head"]) for h in TOTAL_HEADS]
        style.append(("SPAN", (col, 1), (col + 2, 1)))
    numbers = [_p(f"({i})", s["cell_head"]) for i in range(1, n + 1)]
    data: list[list[object]] = [[caption, *blank], names, subs, numbers]
    name_fits = widths[1] / CELL_CHAR_WIDTH
    for line in report.lines:
        row_number = len(data)
        name = nfc(line.name)
        cells: list[object] = [
            line.code,
            _p(name, s["cell"]) if len(name) > name_fits else name,
            _value(line.unit, widths[2] - 2 * PAD, s["cell"]),
            _value(cell_text(line.quota, "text"), widths[3] - 2 * PAD, s["cell_right"]),
        ]
        for number, index in enumerate(part.offices):
            pair = line.offices[index]
            if pair is None:
                col = 4 + 2 * number
                cells += [_p(MISSING, missing_style), ""]
                style.append(("SPAN", (col, row_number), (col + 1, row_number)))
            else:
                cells += [
                    _value(cell_text(value, "text"), widths[4] - 2 * PAD, s["cell_right"])
                    for value in pair
                ]
        if part.total:
            first = len(cells)
            cells += [
                _value(cell_text(value, "text"), widths[first + i] - 2 * PAD, s["cell_right"])
                for i, value in enumerate(line.total)
            ]
        data.append(cells)
    table = ListTable(data, colWidths=widths, repeatRows=HEAD_ROWS)
    table.setStyle(TableStyle(style))
    return table


def write_summary_pdf(report: SummaryReport, out: Path) -> None:
    """Render the report to `out`: A4 landscape, page numbers from page 2."""
    family = register_fonts()
    s = _styles(family)
    pagesize = landscape(A4)
    width = pagesize[0] - MARGINS["left"] - MARGINS["right"]

    def page_number(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        if doc.page >= 2:
            canvas.setFont(f"{family}-Regular", 13)
            canvas.drawCentredString(pagesize[0] / 2, pagesize[1] - 12 * mm, str(doc.page))

    story: list[Flowable] = [
        _header(report, s, width),
        _p(report.title, s["title"]),
        _p(report.subject, s["subject"]),
        Rule(SHORT_RULE * widest_line(report.subject, s["subject"], width)),
        Spacer(1, 6),
    ]
    story += [_p(block.text, s["body"]) for block in report.blocks]  # type: ignore[union-attr]
    for part in report.parts:
        story.append(CondPageBreak(50 * mm))
        story += [_table(report, part, s, width), Spacer(1, 6)]
    closing = _closing(report, s, width)
    notes = [_p(note.text, s["body"]) for note in report.notes]
    # The closing never stands alone on a page: it goes over with the last note.
    story += notes[:-1]
    story.append(KeepTogether([*notes[-1:], *closing]))
    doc = SimpleDocTemplate(
        str(out),
        pagesize=pagesize,
        topMargin=MARGINS["top"],
        bottomMargin=MARGINS["bottom"],
        leftMargin=MARGINS["left"],
        rightMargin=MARGINS["right"],
        title=nfc(f"{report.title} {report.subject}"),
        author=nfc(report.letterhead.issuer),
        creator="Union Desk",
        initialFontName=f"{family}-Regular",
    )
    doc.build(story, onFirstPage=page_number, onLaterPages=page_number)
