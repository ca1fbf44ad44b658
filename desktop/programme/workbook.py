"""A year's programme as a workbook the province fills from its own document, and read back.

`write_template` lays out four sheets: «Chương trình» (number, title, theme), «Chỉ tiêu» (one row
a target), «Nhiệm vụ» (one row a task area, its points one per line), and «Danh mục cách tính»
(the catalogue the «Cách đo» column picks from). Choices are offered as drop-down lists in
Vietnamese; the reader (desktop/programme/workbook_reader.py) takes a label or its code.
"""

from __future__ import annotations

from pathlib import Path

from desktop.errors import UserError
from desktop.programme.loader import (
    PACINGS,
    ProgrammeDef,
)

UNIT_LABELS = {"count": "Số lượng", "percent": "Tỷ lệ (%)", "ratio": "Bình quân"}
METHOD_LABELS = {"computed": "Tính từ hồ sơ", "entered": "Nhập tay"}
SCOPE_LABELS = {"upper_union": "CĐ cấp trên cơ sở", "province": "Cấp tỉnh"}
PACING_LABELS = {
    "linear": "Tăng dần trong năm",
    "level": "Giữ mức mọi kỳ",
    "year_end": "Đánh giá cuối năm",
}
assert set(PACING_LABELS) == PACINGS

HEAD_SHEET = "Chương trình"
TARGET_SHEET = "Chỉ tiêu"
AREA_SHEET = "Nhiệm vụ"
CATALOGUE_SHEET = "Danh mục cách tính"

# (field, header, width): the columns of «Chỉ tiêu» in order.
TARGET_COLUMNS = (
    ("code", "Mã", 8),
    ("name", "Tên chỉ tiêu", 60),
    ("unit", "Đơn vị tính", 14),
    ("method", "Cách tính", 15),
    ("scope", "Phạm vi", 18),
    ("metric", "Cách đo", 24),
    ("measure", "Tham số", 34),
    ("province_value", "Chỉ tiêu tỉnh", 16),
    ("value_min", "Tối thiểu", 11),
    ("value_max", "Tối đa", 11),
    ("pacing", "Nhịp tiến độ", 20),
)
AREA_COLUMNS = (
    ("number", "Số", 6),
    ("title", "Tên nhiệm vụ", 60),
    ("points", "Nội dung (mỗi ý một dòng)", 90),
)
HEAD_ROWS = (
    ("year", "Năm"),
    ("number", "Số văn bản"),
    ("title", "Tên chương trình"),
    ("theme", "Chủ đề"),
)
LIST_ROWS = 300  # rows the drop-down lists cover
LIMITS = {"code": 8, "province_value": 40, "number": 60, "title": 300}

OUT_EXISTS = "Tệp {path} đã có; chọn tên khác (không ghi đè)."


def letter(index: int) -> str:
    """A column's letter (1 → A) as the refusals name it."""
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def _shown_bound(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def write_template(out: Path, programme: ProgrammeDef, *, example_of: int | None = None) -> None:
    """Write the workbook for `programme.year`, filled with `programme`; `example_of` says the
    rows are another year's programme given as an example (the «Chương trình» sheet says so)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    from desktop.programme.catalogue import catalogue, params_text

    if out.exists():
        raise UserError(OUT_EXISTS.format(path=out))
    book = Workbook()
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    head = book.active
    head.title = HEAD_SHEET
    values = {
        "year": programme.year,
        "number": programme.number,
        "title": programme.title,
        "theme": programme.theme,
    }
    for row, (key, label) in enumerate(HEAD_ROWS, start=1):
        head.cell(row, 1, label).font = bold
        head.cell(row, 2, values[key]).alignment = wrap
    note = (
        f"Điền sẵn theo chương trình năm {example_of} làm ví dụ: sửa theo văn bản năm "
        f"{programme.year} rồi nhập bằng «uniondesk programme import»."
        if example_of is not None
        else "Sửa theo văn bản của tỉnh rồi nhập bằng «uniondesk programme import»."
    )
    head.cell(len(HEAD_ROWS) + 2, 1, note).font = Font(italic=True)
    head.column_dimensions["A"].width = 20
    head.column_dimensions["B"].width = 100

    sheet = book.create_sheet(TARGET_SHEET)
    for column, (_, label, width) in enumerate(TARGET_COLUMNS, start=1):
        sheet.cell(1, column, label).font = bold
        sheet.column_dimensions[letter(column)].width = width
    for row, t in enumerate(programme.targets, start=2):
        cells = {
            "code": t.code,
            "name": t.name,
            "unit": UNIT_LABELS[t.unit],
            "method": METHOD_LABELS[t.method],
            "scope": SCOPE_LABELS[t.scope],
            "metric": t.metric or None,
            "measure": params_text(t.measure) or None,
            "province_value": t.province_value,
            "value_min": _shown_bound(t.value_min),
            "value_max": _shown_bound(t.value_max),
            "pacing": PACING_LABELS[t.pacing],
        }
        for column, (key, _, _) in enumerate(TARGET_COLUMNS, start=1):
            cell = sheet.cell(row, column, cells[key])
            if key in ("code", "province_value"):
                cell.number_format = "@"  # «4», «9.000» stay text as the document writes them
            if key == "name":
                cell.alignment = wrap
    sheet.freeze_panes = "A2"

    measures = catalogue()
    lists = {
        "unit": '"' + ",".join(UNIT_LABELS.values()) + '"',
        "method": '"' + ",".join(METHOD_LABELS.values()) + '"',
        "scope": '"' + ",".join(SCOPE_LABELS.values()) + '"',
        "pacing": '"' + ",".join(PACING_LABELS.values()) + '"',
        "metric": f"'{CATALOGUE_SHEET}'!$A$2:$A${len(measures) + 1}",
    }
    for column, (key, label, _) in enumerate(TARGET_COLUMNS, start=1):
        if key not in lists:
            continue
        check = DataValidation(type="list", formula1=lists[key], allow_blank=True)
        check.error = f"Chọn «{label}» trong danh sách."
        check.errorTitle = label
        check.showErrorMessage = True
        where = letter(column)
        check.add(f"{where}2:{where}{LIST_ROWS}")
        sheet.add_data_validation(check)

    areas = book.create_sheet(AREA_SHEET)
    for column, (_, label, width) in enumerate(AREA_COLUMNS, start=1):
        areas.cell(1, column, label).font = bold
        areas.column_dimensions[letter(column)].width = width
    for row, area in enumerate(programme.task_areas, start=2):
        areas.cell(row, 1, area.number)
        areas.cell(row, 2, area.title).alignment = wrap
        areas.cell(row, 3, "\n".join(area.points)).alignment = wrap
    areas.freeze_panes = "A2"

    listing = book.create_sheet(CATALOGUE_SHEET)
    for column, (label, width) in enumerate(
        (("Cách đo", 24), ("Nội dung", 60), ("Đơn vị", 12), ("Tham số (tên=giá trị; …)", 90)),
        start=1,
    ):
        listing.cell(1, column, label).font = bold
        listing.column_dimensions[letter(column)].width = width
    for row, m in enumerate(measures, start=2):
        listing.cell(row, 1, m.name)
        listing.cell(row, 2, m.label).alignment = wrap
        listing.cell(row, 3, UNIT_LABELS.get(m.unit, m.unit))
        described = "; ".join(
            f"{p.name}{'' if p.required else ' (không bắt buộc)'}"
            f"{' = một hoặc nhiều, cách nhau dấu phẩy' if p.many else ' ='} "
            + ", ".join(f"{code} ({words})" for code, words in p.choices)
            for p in m.parameters
        )
        listing.cell(row, 4, described or "không có").alignment = wrap
    listing.freeze_panes = "A2"
    book.save(out)
