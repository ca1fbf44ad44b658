"""PDF in the Vietnamese administrative layout (Decree 30/2020/NĐ-CP, Appendix I).

A4 (landscape for wide tables); margins top/bottom 20 mm, left 30 mm, right 15 mm; the two-column
header; title; justified body; tables with a column-number row; page numbers from page 2; recipients
at bottom left and the signature block at bottom right.
"""

from __future__ import annotations

import itertools
import unicodedata
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable

from desktop.reports import content as c
from desktop.reports.cells import NUMERIC, cell_text
from desktop.reports.fonts import register_fonts

CELL_CHAR_WIDTH = 5.6  # points per character of 11 pt serif text, with a little to spare
MARGINS = {"top": 20 * mm, "bottom": 20 * mm, "left": 30 * mm, "right": 15 * mm}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class Rule(Flowable):
    """A short centred horizontal rule, as under the issuer and the motto."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.rule_width = width
        self.width, self.height = width, 8.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return self.width, self.height

    def draw(self) -> None:
        left = (self.width - self.rule_width) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(left, 4.0, left + self.rule_width, 4.0)


def _styles(family: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=f"{family}-Regular", fontSize=13, leading=17)
    return {
        "head": ParagraphStyle("head", base, fontSize=12.5, leading=15, alignment=TA_CENTER),
        "head_bold": ParagraphStyle(
            "hb", base, fontSize=12.5, leading=15, alignment=TA_CENTER, fontName=f"{family}-Bold"
        ),
        "motto": ParagraphStyle(
            "motto", base, fontSize=13, leading=16, alignment=TA_CENTER, fontName=f"{family}-Bold"
        ),
        "date": ParagraphStyle(
            "date", base, fontSize=13, leading=16, alignment=TA_CENTER, fontName=f"{family}-Italic"
        ),
        "title": ParagraphStyle(
            "title",
            base,
            fontSize=14,
            leading=18,
            alignment=TA_CENTER,
            fontName=f"{family}-Bold",
            spaceBefore=10,
        ),
        "subject": ParagraphStyle(
            "subject",
            base,
            fontSize=14,
            leading=18,
            alignment=TA_CENTER,
            fontName=f"{family}-Bold",
            spaceAfter=10,
        ),
        "body": ParagraphStyle(
            "body", base, alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceBefore=3, spaceAfter=3
        ),
        "heading": ParagraphStyle(
            "heading",
            base,
            fontName=f"{family}-Bold",
            spaceBefore=8,
            spaceAfter=3,
            alignment=TA_JUSTIFY,
            firstLineIndent=10 * mm,
        ),
        "cell": ParagraphStyle("cell", base, fontSize=11, leading=13, alignment=TA_LEFT),
        "cell_right": ParagraphStyle("cellr", base, fontSize=11, leading=13, alignment=TA_RIGHT),
        "cell_head": ParagraphStyle(
            "cellh", base, fontSize=11, leading=13, alignment=TA_CENTER, fontName=f"{family}-Bold"
        ),
        "caption": ParagraphStyle(
            "caption", base, fontName=f"{family}-Bold", spaceBefore=6, spaceAfter=4
        ),
        "recipients_head": ParagraphStyle(
            "rh", base, fontSize=12, leading=14, fontName=f"{family}-BoldItalic"
        ),
        "recipients": ParagraphStyle("rc", base, fontSize=11, leading=13),
        "sign": ParagraphStyle(
            "sign", base, fontSize=13, leading=16, alignment=TA_CENTER, fontName=f"{family}-Bold"
        ),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(nfc(text)).replace("\n", "<br/>"), style)


def _header(report: c.Report, s: dict[str, ParagraphStyle], width: float) -> RLTable:
    head = report.letterhead
    left = [
        _p(head.parent_body.upper(), s["head"]),
        _p(head.issuer.upper(), s["head_bold"]),
        Rule(30 * mm),
        Spacer(1, 3),
        _p(report.number_line, s["head"]),
    ]
    right = [
        _p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", s["head_bold"]),
        _p("Độc lập - Tự do - Hạnh phúc", s["motto"]),
        Rule(60 * mm),
        Spacer(1, 6),
        _p(c.place_and_date(head.place, head.issued_on), s["date"]),
    ]
    table = RLTable([[left, right]], colWidths=[width * 0.42, width * 0.58])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), s["body"].fontName),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _tables(table: c.Table, s: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    """One table, or with sections one captioned table per section.

    Section rows spanning the whole width make reportlab recompute every span at each page split
    (quadratic); a table per section keeps a 2,000-member list fast.
    """
    if not table.sections:
        return _table(table, s, width)
    flow: list[Flowable] = []
    starts = [*sorted(table.sections), len(table.rows)]
    for first, after in itertools.pairwise(starts):
        part = c.Table(
            table.columns, table.rows[first + 1 : after], caption=str(table.rows[first][0])
        )
        flow.append(CondPageBreak(30 * mm))
        flow += _table(part, s, width)
    return flow


def _table(table: c.Table, s: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    total_mm = sum(col.width for col in table.columns)
    widths = [col.width / total_mm * width for col in table.columns]
    data: list[list[object]] = [
        [_p(col.header, s["cell_head"]) for col in table.columns],
        [_p(f"({n})", s["cell_head"]) for n in range(1, len(table.columns) + 1)],
    ]
    style: list[tuple[object, ...]] = [
        # Empty cells are drawn with the cell font: never let it fall back to Helvetica.
        ("FONTNAME", (0, 0), (-1, -1), s["cell"].fontName),
        ("FONTSIZE", (0, 0), (-1, -1), s["cell"].fontSize),
        ("LEADING", (0, 0), (-1, -1), s["cell"].leading),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for index, col in enumerate(table.columns):
        if col.kind in NUMERIC:
            style.append(("ALIGN", (index, 2), (index, -1), "RIGHT"))
    fits = [widths[i] / (CELL_CHAR_WIDTH) for i in range(len(widths))]
    for index, row in enumerate(table.rows):
        line = len(data)
        if index in table.sections:
            data.append([_p(str(row[0]), s["caption"])] + [""] * (len(table.columns) - 1))
            style += [
                ("SPAN", (0, line), (-1, line)),
                ("BACKGROUND", (0, line), (-1, line), colors.HexColor("#efefef")),
            ]
            continue
        cells: list[object] = []
        for i, (value, col) in enumerate(zip(row, table.columns, strict=True)):
            text = nfc(cell_text(value, col.kind))
            # A Paragraph costs ten times a plain string to lay out: wrap only what needs it.
            cells.append(_p(text, s["cell"]) if len(text) > fits[i] else text)
        data.append(cells)
    if table.total is not None:
        bold = ParagraphStyle("tb", s["cell_right"], fontName=s["cell_head"].fontName)
        bold_left = ParagraphStyle("tbl", s["cell"], fontName=s["cell_head"].fontName)
        data.append(
            [
                _p(cell_text(v, col.kind), bold if col.kind in NUMERIC else bold_left)
                for v, col in zip(table.total, table.columns, strict=True)
            ]
        )
    flow: list[Flowable] = []
    if table.caption:
        flow.append(_p(table.caption, s["caption"]))
    rl = RLTable(data, colWidths=widths, repeatRows=2)
    rl.setStyle(TableStyle(style))
    flow.append(rl)
    return flow


def _closing(report: c.Report, s: dict[str, ParagraphStyle], width: float) -> Flowable:
    head = report.letterhead
    recipients = [_p("Nơi nhận:", s["recipients_head"])]
    recipients += [_p(line, s["recipients"]) for line in head.recipients]
    signature = [
        _p(head.signer_on_behalf.upper(), s["sign"]),
        _p(head.signer_title.upper(), s["sign"]),
        Spacer(1, 22 * mm),
        _p(head.signer_name, s["sign"]),
    ]
    table = RLTable([[recipients, signature]], colWidths=[width * 0.5, width * 0.5])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), s["body"].fontName),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return KeepTogether([Spacer(1, 8), table])


def write_pdf(report: c.Report, out: Path) -> None:
    """Render `report` to `out` (A4; landscape when the report asks for it)."""
    family = register_fonts()
    s = _styles(family)
    pagesize = landscape(A4) if report.landscape else A4
    width = pagesize[0] - MARGINS["left"] - MARGINS["right"]

    def page_number(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        if doc.page >= 2:
            canvas.setFont(f"{family}-Regular", 13)
            canvas.drawCentredString(pagesize[0] / 2, pagesize[1] - 12 * mm, str(doc.page))

    story: list[Flowable] = [
        _header(report, s, width),
        _p(report.title, s["title"]),
        _p(report.subject, s["subject"]),
    ]
    for block in report.blocks:
        if isinstance(block, c.Table):
            story.append(CondPageBreak(40 * mm))
            story += _tables(block, s, width)
            story.append(Spacer(1, 6))
        else:
            story.append(_p(block.text, s["heading"] if block.heading else s["body"]))
    story.append(_closing(report, s, width))
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
        # Else the canvas declares Helvetica, a font that is neither embedded nor Vietnamese.
        initialFontName=f"{family}-Regular",
    )
    doc.build(story, onFirstPage=page_number, onLaterPages=page_number)
