"""Reading reports back: a PDF's text, and the characters its fonts cannot draw."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader


def pdf_text(pdf: Path) -> str:
    """The PDF's text with runs of white space (non-breaking ones too) as single spaces."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())


def font_cmaps() -> dict[str, set[int]]:
    """PostScript name → the code points the registered report fonts have glyphs for."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    from desktop.reports.fonts import font_files

    found = {}
    for path in font_files().values():
        font = TTFontFile(str(path))
        name = font.name.decode() if isinstance(font.name, bytes) else str(font.name)
        found[name] = set(font.charToGlyph)
    return found


def uncovered_characters(pdf: Path) -> set[str]:
    """Every character drawn in `pdf` that the font drawing it has no glyph for.

    reportlab draws such a character with glyph 0 and it reads back as U+0000, which no cmap
    holds; text in a font that is not one of the report fonts counts as uncovered too.
    """
    cmaps = font_cmaps()
    missing: set[str] = set()

    def visit(text: str, cm: object, tm: object, font: object, size: object) -> None:
        if not text.strip():
            return
        name = str(font["/BaseFont"]).split("+")[-1] if font else ""  # type: ignore[index]
        cmap = cmaps.get(name, set())
        missing.update(ch for ch in text if not ch.isspace() and ord(ch) not in cmap)

    for page in PdfReader(pdf).pages:
        page.extract_text(visitor_text=visit)
    return missing


@dataclass(frozen=True)
class Run:
    """One piece of text as drawn: where its baseline starts (points), its font and size."""

    x: float
    y: float
    text: str
    font: str  # PostScript name without the subset tag: LiberationSerif-BoldItalic
    size: float


def text_runs(pdf: Path, page: int) -> list[Run]:
    found: list[Run] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        name = str(font["/BaseFont"]).split("+")[-1] if font else ""  # type: ignore[index]
        found.append(Run(x, y, text.strip(), name, float(size)))

    PdfReader(pdf).pages[page].extract_text(visitor_text=visit)
    return found


def _times(a: list[float], b: list[float]) -> list[float]:
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def line_segments(pdf: Path, page: int) -> list[tuple[float, float, float, float]]:
    """Every straight line drawn on the page as (x1, y1, x2, y2) in points, following the
    content stream's transformations: table grids and the letterhead's rules."""
    from pypdf.generic import ContentStream

    reader = PdfReader(pdf)
    ctm, saved = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], []
    segments: list[tuple[float, float, float, float]] = []
    start: tuple[float, float] | None = None
    for operands, operator in ContentStream(reader.pages[page].get_contents(), reader).operations:
        if operator == b"q":
            saved.append(ctm)
        elif operator == b"Q":
            ctm = saved.pop()
        elif operator == b"cm":
            ctm = _times([float(v) for v in operands], ctm)
        elif operator in (b"m", b"l"):
            x, y = (float(v) for v in operands)
            point = (x * ctm[0] + y * ctm[2] + ctm[4], x * ctm[1] + y * ctm[3] + ctm[5])
            if operator == b"l" and start is not None:
                segments.append((*start, *point))
            start = point
    return segments


def line_box(pdf: Path, page: int) -> tuple[float, float, float, float] | None:
    """(left, bottom, right, top) in points of every line drawn on the page (table grids,
    rules); None when nothing is drawn."""
    segments = line_segments(pdf, page)
    if not segments:
        return None
    xs = [x for s in segments for x in (s[0], s[2])]
    ys = [y for s in segments for y in (s[1], s[3])]
    return min(xs), min(ys), max(xs), max(ys)


def sheet_paragraphs(ws: object) -> list[str]:
    """A workbook report's paragraphs: each line of one is a row of its own, the lines but the
    last spread to the full width ("distributed"), the last one left-aligned."""
    found: list[str] = []
    lines: list[str] = []
    for row in ws.iter_rows():  # type: ignore[attr-defined]
        cell = row[0]
        if not isinstance(cell.value, str):
            continue
        alignment = cell.alignment.horizontal
        if alignment == "distributed" or (lines and alignment == "left"):
            lines.append(cell.value)
        if alignment == "left" and lines:
            found.append(" ".join(lines))
            lines = []
    return found
