"""Reading reports back: a PDF's text, and the characters its fonts cannot draw."""

from __future__ import annotations

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
