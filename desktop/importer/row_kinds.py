"""The rows under a header that are not data: group headings, totals, the header repeated for a
block, and the closing block with the place, date and signers.

Office lists are printed documents first: "I. KHỐI HÀNH CHÍNH SỰ NGHIỆP" or "Công đoàn cơ sở X
(7 đoàn viên)" above a group, "Cộng" under it, "Tổng cộng" at the end, then "Ba Tri, ngày …
tháng … năm …" and the signatures (whose names are no members).
"""

from __future__ import annotations

import re

from desktop.importer.read import Cell, cell_text
from desktop.importer.values import is_blank
from desktop.text import clean, fold

_GROUP_MARK = re.compile(r"^([IVXL]{1,6}|[A-Z])[.)]?$")  # I, II., IV), A, B.
_COUNT_SUFFIX = re.compile(r"\s*\(\s*\d[\d.]*\s*(đoàn viên|đv|người|cđcs)?\s*\)\s*$", re.I)
_GROUP_PREFIX = re.compile(r"^([IVXL]{1,6}|[A-Z])[.)]\s+")
_TOTAL_STARTS = (["tổng", "cộng"], ["tổng", "số"], ["tong", "cong"], ["tong", "so"])
_SIGNATURE = re.compile(
    r"^(nguoi lap( bieu)?|lap bieu|thu truong|tm\b|t m\b|kt\b|p chu tich|pct\b|chu tich|"
    r"pho chu tich|xac nhan|ky ten|giam doc|hieu truong|truong ban|noi nhan|ke toan|thu quy|"
    r"ky ghi ro|ky va ghi ro|ky ho ten)"
    r"|\bngay\b.*\bthang\b.*\bnam\b"
)


def words(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


def is_signature(cells: list[Cell]) -> bool:
    """A sparse row whose every text belongs to the closing block: the place and date
    ("Ba Tri, ngày 05 tháng 01 năm 2024", or left blank to fill in), "NGƯỜI LẬP BIỂU",
    "TM. BAN THƯỜNG VỤ"."""
    texts = [c for c in cells if isinstance(c, str) and c.strip()]
    if not texts or len(texts) > 3 or any(not isinstance(c, str) and c != "" for c in cells):
        return False
    # Every text must read so: a member's row may well hold "Chủ tịch" as a job title.
    return all(_SIGNATURE.search(words(t)) for t in texts)


def is_total(cells: list[Cell], stt_col: int | None, dated: list[int]) -> bool:
    """ "Tổng cộng", "Tổng số", "Cộng", "Cộng CĐCS X": but never a row numbered as data or one
    holding a date or an ID (Tống Công Minh is a member), nor "Tổng Công ty …" (a union)."""
    if stt_col is not None and stt_col < len(cells) and isinstance(cells[stt_col], int | float):
        return False
    if any(c < len(cells) and not is_blank(cells[c]) for c in dated):
        return False
    texts = [cell_text(c) for c in cells[:4] if isinstance(c, str) and c.strip()]
    if not texts:
        return False
    # The first words decide, read with their tones: folded, "Cộng" and "Công" (đoàn cơ sở …)
    # would be one word. Typed without tones, only "tong cong" / "tong so" is taken.
    first = re.sub(r"[^\w]+", " ", clean(texts[0][:24]).lower()).split()[:3]
    if first[:1] == ["cộng"]:
        return True
    return first[:2] in _TOTAL_STARTS and first[2:3] not in (["ty"], ["tỵ"])


def is_repeated_header(cells: list[Cell], labels: dict[int, str]) -> bool:
    """The header again at the top of a block (lists pasted together, a page per union):
    two cells or more that read as the header above them (`labels`: column → its text,
    spaces collapsed). Compared as typed, since this runs on every row."""
    same = 0
    for c, label in labels.items():
        cell = cells[c] if c < len(cells) else ""
        if isinstance(cell, str) and cell and " ".join(cell.split()) == label:
            same += 1
            if same == 2:
                return True
    return False


def heading(
    cells: list[Cell], stt_col: int | None, first_data_col: int, merged_across: bool
) -> str | None:
    """The text of a group heading, or None for any other row: a Roman numeral or a letter where
    the row number goes ("II", "KHỐI DOANH NGHIỆP"), or a lone text left of the data columns or
    merged across them ("Công đoàn cơ sở Trường THCS Vĩnh An (12 đoàn viên)"). A lone name in
    a data column is a record with empty cells, never a heading."""
    filled = [(c, v) for c, v in enumerate(cells) if not is_blank(v)]
    if not filled:
        return None
    stt = cells[stt_col] if stt_col is not None and stt_col < len(cells) else ""
    if isinstance(stt, str) and _GROUP_MARK.match(stt.strip()):
        texts = [v for c, v in filled if c != stt_col and isinstance(v, str)]
        return group_name(texts[0]) if texts else stt.strip()
    column, value = filled[0]
    if len(filled) == 1 and isinstance(value, str) and (column < first_data_col or merged_across):
        return group_name(value)
    return None


def group_name(text: str) -> str:
    """ "I. Công đoàn cơ sở X (12 đoàn viên)" → "Công đoàn cơ sở X"."""
    return clean(_COUNT_SUFFIX.sub("", _GROUP_PREFIX.sub("", clean(text))))
