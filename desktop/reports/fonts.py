"""The serif used in documents: the system's Times New Roman when present, else Liberation Serif.

reportlab's built-in Times drops Vietnamese letters, so a TrueType font is always registered and
embedded (reportlab embeds the subset of glyphs it uses).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from desktop.paths import resources_dir

FAMILY = "UDSerif"
STYLES = ("Regular", "Bold", "Italic", "BoldItalic")
_TIMES_FILES = {
    "Regular": ("times.ttf", "Times_New_Roman.ttf", "Times New Roman.ttf"),
    "Bold": ("timesbd.ttf", "Times_New_Roman_Bold.ttf", "Times New Roman Bold.ttf"),
    "Italic": ("timesi.ttf", "Times_New_Roman_Italic.ttf", "Times New Roman Italic.ttf"),
    "BoldItalic": (
        "timesbi.ttf",
        "Times_New_Roman_Bold_Italic.ttf",
        "Times New Roman Bold Italic.ttf",
    ),
}


def _system_font_dirs() -> list[Path]:
    dirs = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    dirs += [Path("/usr/share/fonts/truetype/msttcorefonts"), Path("/Library/Fonts")]
    dirs += [Path.home() / ".fonts", Path.home() / "Library" / "Fonts"]
    return [d for d in dirs if d.is_dir()]


def _times_new_roman() -> dict[str, Path] | None:
    found: dict[str, Path] = {}
    for style, names in _TIMES_FILES.items():
        for folder in _system_font_dirs():
            hit = next((folder / n for n in names if (folder / n).is_file()), None)
            if hit:
                found[style] = hit
                break
    return found if len(found) == len(STYLES) else None


def font_files() -> dict[str, Path]:
    if os.environ.get("UNIONDESK_REPORT_FONT") != "bundled":
        system = _times_new_roman()
        if system:
            return system
    folder = resources_dir() / "fonts"
    return {style: folder / f"LiberationSerif-{style}.ttf" for style in STYLES}


@lru_cache(maxsize=1)
def register_fonts() -> str:
    """Register the family with reportlab once; returns the family name to use in styles."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    files = font_files()
    for style in STYLES:
        pdfmetrics.registerFont(TTFont(f"{FAMILY}-{style}", str(files[style])))
    pdfmetrics.registerFontFamily(
        FAMILY,
        normal=f"{FAMILY}-Regular",
        bold=f"{FAMILY}-Bold",
        italic=f"{FAMILY}-Italic",
        boldItalic=f"{FAMILY}-BoldItalic",
    )
    return FAMILY
