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
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
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
MARGINS = {side: c.MARGINS_MM[side] * mm for side in ("top", "bottom", "left", "right")}
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# Decree 30/2020 Appendix I: the line under the issuer and under the subject is 1/3 to 1/2 of the
# line of text above it; the one under the motto is as long as the motto.
SHORT_RULE = 0.4


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def widest_line(text: str, style: ParagraphStyle, avail: float) -> float:
    """The width of the longest line `text` takes in `avail` points: the "line of text" that
    Decree 30 measures the rules by when a name wraps."""
    lines = simpleSplit(nfc(text), style.fontName, style.fontSize, avail)
    return max((stringWidth(line, style.fontName, style.fontSize) for line in lines), default=0.0)


class Rule(Flowable):
    """A centred horizontal rule of a given length, as under the issuer, motto and subject."""

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
        "number": ParagraphStyle("number", base, fontSize=13, leading=16, alignment=TA_CENTER),
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
    widths = [width * 0.42, width * 0.58]
    issuer = head.issuer.upper()
    left = [
        _p(head.parent_body.upper(), s["head"]),
        _p(issuer, s["head_bold"]),
        Rule(SHORT_RULE * widest_line(issuer, s["head_bold"], widths[0])),
        Spacer(1, 3),
        _p(report.number_line, s["number"]),
    ]
    right = [
        _p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", s["head_bold"]),
        _p(MOTTO, s["motto"]),
        Rule(widest_line(MOTTO, s["motto"], widths[1])),
        Spacer(1, 6),
        _p(c.place_and_date(head.place, head.issued_on), s["date"]),
    ]
    table = RLTable([[left, right]], colWidths=widths)
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


class Caption(Flowable):
    """A list's section caption in the table's first (repeated) row: the union's name on the
    page it starts, `<name> (tiếp theo)` on every page it continues on. Both are measured, so
    the row is as tall on every page."""

    def __init__(self, first: Paragraph, continued: Paragraph, *, continuing: bool = False) -> None:
        super().__init__()
        self.first, self.continued, self.continuing = first, continued, continuing

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        heights = [p.wrap(avail_width, avail_height)[1] for p in (self.first, self.continued)]
        self.width, self.height = avail_width, max(heights)
        return self.width, self.height

    def draw(self) -> None:
        shown = self.continued if self.continuing else self.first
        shown.drawOn(self.canv, 0, self.height - shown.height)

    def continuation(self) -> Caption:
        return Caption(self.first, self.continued, continuing=True)


class ListTable(RLTable):
    """A table whose repeated caption row says, after a page break, whose rows continue."""

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts = super().split(avail_width, avail_height)
        for part in parts[1:]:
            rows = part._cellvalues  # type: ignore[attr-defined]
            # reportlab holds a cell's flowables in a tuple; the row list is shared with the first
            # part, so the continuation gets a row of its own.
            found = [f for f in rows[0][0] if isinstance(f, Caption)] if rows else []
            if found:
                rows[0] = [[found[0].continuation()], *rows[0][1:]]
        return parts


def _tables(
    table: c.Table, s: dict[str, ParagraphStyle], width: float, tail: list[Flowable] | None = None
) -> list[Flowable]:
    """One table, or with sections one table per section, its caption in the repeated rows.

    Section rows spanning the whole width make reportlab recompute every span at each page split
    (quadratic); a table per section keeps a 2,000-member list fast. `tail` (the closing) goes
    with the last table's last rows.
    """
    if not table.sections:
        return _table(table, s, width, tail=tail)
    flow: list[Flowable] = []
    starts = [*sorted(table.sections), len(table.rows)]
    for first, after in itertools.pairwise(starts):
        part = c.Table(
            table.columns, table.rows[first + 1 : after], caption=str(table.rows[first][0])
        )
        flow.append(CondPageBreak(30 * mm))
        flow += _table(part, s, width, tail=tail if after == len(table.rows) else None)
    return flow


KEEP_ROWS = 3  # table rows that go to the next page with the closing rather than leave it alone


def _table(
    table: c.Table, s: dict[str, ParagraphStyle], width: float, tail: list[Flowable] | None = None
) -> list[Flowable]:
    total_mm = sum(col.width for col in table.columns)
    widths = [col.width / total_mm * width for col in table.columns]
    blank = [""] * (len(table.columns) - 1)
    data: list[list[object]] = []
    if table.caption:
        name = table.caption.rsplit(" (", 1)[0]  # "CĐCS … (12 đoàn viên)" without the count
        caption = Caption(_p(table.caption, s["caption"]), _p(f"{name} (tiếp theo)", s["caption"]))
        data.append([caption, *blank])
    heads = len(data) + 2
    data += [
        [_p(col.header, s["cell_head"]) for col in table.columns],
        [_p(f"({n})", s["cell_head"]) for n in range(1, len(table.columns) + 1)],
    ]
    last = -2 if tail is not None else -1  # the closing row has no grid
    style: list[tuple[object, ...]] = [
        # Empty cells are drawn with the cell font: never let it fall back to Helvetica.
        ("FONTNAME", (0, 0), (-1, -1), s["cell"].fontName),
        ("FONTSIZE", (0, 0), (-1, -1), s["cell"].fontSize),
        ("LEADING", (0, 0), (-1, -1), s["cell"].leading),
        ("GRID", (0, 0), (-1, last), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if table.caption:
        style += [
            ("SPAN", (0, 0), (-1, 0)),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#efefef")),
        ]
    for index, col in enumerate(table.columns):
        if col.kind in NUMERIC:
            style.append(("ALIGN", (index, heads), (index, -1), "RIGHT"))
    fits = [widths[i] / (CELL_CHAR_WIDTH) for i in range(len(widths))]
    for row in table.rows:
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
    if tail is not None:
        # The closing is the table's last row, bound to the last rows: a page break before it
        # takes those rows along (under the repeated header), never the closing alone.
        kept = max(heads, len(data) - KEEP_ROWS)
        data.append([tail, *blank])
        style += [
            ("SPAN", (0, -1), (-1, -1)),
            ("NOSPLIT", (0, kept), (-1, -1)),
            ("LEFTPADDING", (0, -1), (-1, -1), 0),
            ("RIGHTPADDING", (0, -1), (-1, -1), 0),
            ("TOPPADDING", (0, -1), (-1, -1), 0),
        ]
    rl = ListTable(data, colWidths=widths, repeatRows=heads)
    rl.setStyle(TableStyle(style))
    return [rl]


def _closing(report: c.Report, s: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
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
    return [Spacer(1, 8), table]


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
        Rule(SHORT_RULE * widest_line(report.subject, s["subject"], width)),
        Spacer(1, 6),
    ]
    closing = _closing(report, s, width)
    for index, block in enumerate(report.blocks):
        last = index == len(report.blocks) - 1
        if isinstance(block, c.Table):
            story.append(CondPageBreak(40 * mm))
            story += _tables(block, s, width, tail=closing if last else None)
            if not last:  # after the closing, a spacer that falls off the page makes an empty one
                story.append(Spacer(1, 6))
            continue
        paragraph = _p(block.text, s["heading"] if block.heading else s["body"])
        # The closing never stands alone on a page: it goes over with the last paragraph.
        story.append(KeepTogether([paragraph, *closing]) if last else paragraph)
    if not report.blocks:
        story.append(KeepTogether(closing))
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
