"""A year's programme as a workbook the province fills from its own document, and read back.

`write_template` lays out four sheets: «Chương trình» (number, title, theme), «Chỉ tiêu» (one row
a target), «Nhiệm vụ» (one row a task area, its points one per line), and «Danh mục cách tính»
(the catalogue the «Cách đo» column picks from). Choices are offered as drop-down lists in
Vietnamese; the reader takes a label or its code. `read_workbook` checks the whole workbook and
names every refused cell (sheet, row, column, field, why) before anything is saved.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.errors import UserError
from desktop.format import number
from desktop.programme.loader import (
    PACINGS,
    ProgrammeDef,
    TargetDef,
    TaskAreaDef,
    default_pacing,
)
from desktop.text import fold

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

NOT_XLSX = "Tệp {file} không phải bảng tính Excel .xlsx đọc được ({detail})."
REFUSED = "Tệp {file}: chưa nhập chương trình năm {year}, {count} ô cần sửa (không có gì thay đổi):"
OUT_EXISTS = "Tệp {path} đã có; chọn tên khác (không ghi đè)."


@dataclass(frozen=True)
class CellProblem:
    """One refused cell: sheet, row (1-based; 0 when it is the sheet), column letter, field."""

    sheet: str
    row: int
    column: str
    field: str
    why: str

    def __str__(self) -> str:
        if not self.row:
            return f"Trang «{self.sheet}»: {self.why}"
        if not self.column:
            return f"Trang «{self.sheet}», dòng {self.row} («{self.field}»): {self.why}"
        return (
            f"Trang «{self.sheet}», dòng {self.row}, cột {self.column} («{self.field}»): {self.why}"
        )


class WorkbookRefused(UserError):
    """The workbook had refused cells: every one of them, in reading order."""

    def __init__(self, file: str, year: int, problems: list[CellProblem]) -> None:
        lines = [REFUSED.format(file=file, year=year, count=len(problems))]
        lines += [f"- {p}" for p in problems]
        super().__init__("\n".join(lines))
        self.problems = tuple(problems)


def _letter(index: int) -> str:
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
        sheet.column_dimensions[_letter(column)].width = width
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
        letter = _letter(column)
        check.add(f"{letter}2:{letter}{LIST_ROWS}")
        sheet.add_data_validation(check)

    areas = book.create_sheet(AREA_SHEET)
    for column, (_, label, width) in enumerate(AREA_COLUMNS, start=1):
        areas.cell(1, column, label).font = bold
        areas.column_dimensions[_letter(column)].width = width
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
        listing.column_dimensions[_letter(column)].width = width
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


def _text(value: Any) -> str:
    """A cell as text: numbers as the document writes them (4, 9.000, 92,5), None as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        if float(value).is_integer():
            return number(value)
        return number(value, 4).rstrip("0").rstrip(",")
    return str(value).strip()


def _code(value: Any) -> str:
    """A target's code: a number typed into the cell (4, 10) is the code «4», «10»."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _text(value)


def _choice(text: str, labels: dict[str, str]) -> str | None:
    """The code a cell names by its label or its code (case and tone marks as typed)."""
    wanted = fold(text).lower()
    for code, label in labels.items():
        if wanted in (code.lower(), fold(label).lower()):
            return code
    return None


def _bound(value: Any) -> float | None:
    """A min or max: a number cell, or text typed the Vietnamese way (9.000, 92,5, 90 %)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    from desktop.services.targets import parse_value

    return parse_value(str(value), "")


class _Reader:
    def __init__(self, problems: list[CellProblem]) -> None:
        self.problems = problems

    def refuse(self, sheet: str, row: int, column: int, field: str, why: str) -> None:
        self.problems.append(CellProblem(sheet, row, _letter(column) if column else "", field, why))


def _columns(
    sheet: Any, wanted: tuple[tuple[str, str, int], ...], reader: _Reader
) -> dict[str, int]:
    """field → column number, found by the header row's words (columns may be moved)."""
    found: dict[str, int] = {}
    headers = {
        fold(str(cell.value)).lower().strip(): cell.column
        for cell in sheet[1]
        if cell.value is not None
    }
    for key, label, _ in wanted:
        column = headers.get(fold(label).lower())
        if column is None:
            reader.refuse(sheet.title, 1, 0, label, f"thiếu cột «{label}» ở dòng tiêu đề")
        else:
            found[key] = column
    return found


def read_workbook(path: Path, year: int) -> ProgrammeDef:
    """The programme the workbook holds for `year`, every cell checked; WorkbookRefused lists
    every refused cell when any is."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=False, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UserError(NOT_XLSX.format(file=path.name, detail=exc)) from None
    problems: list[CellProblem] = []
    reader = _Reader(problems)
    for name in (HEAD_SHEET, TARGET_SHEET, AREA_SHEET):
        if name not in book.sheetnames:
            reader.refuse(name, 0, 0, "", "không có trang này trong tệp")
    head = _read_head(book[HEAD_SHEET], year, reader) if HEAD_SHEET in book.sheetnames else {}
    targets = _read_targets(book[TARGET_SHEET], reader) if TARGET_SHEET in book.sheetnames else []
    areas = _read_areas(book[AREA_SHEET], reader) if AREA_SHEET in book.sheetnames else []
    if problems:
        raise WorkbookRefused(path.name, year, problems)
    from desktop.programme.authoring import with_digest

    return with_digest(
        ProgrammeDef(
            year=year,
            number=head.get("number", ""),
            title=head.get("title", ""),
            theme=head.get("theme", ""),
            targets=tuple(targets),
            task_areas=tuple(areas),
            sha256="",
        )
    )


def _read_head(sheet: Any, year: int, reader: _Reader) -> dict[str, str]:
    rows = {fold(_text(sheet.cell(r, 1).value)).lower(): r for r in range(1, sheet.max_row + 1)}
    found: dict[str, str] = {}
    for key, label in HEAD_ROWS:
        row = rows.get(fold(label).lower())
        if row is None:
            if key == "title":
                reader.refuse(sheet.title, 0, 0, label, f"thiếu dòng «{label}» ở cột A")
            continue
        value = sheet.cell(row, 2).value
        text = _code(value) if key == "year" else _text(value)
        if key == "year":
            if text and text != str(year):
                reader.refuse(
                    sheet.title, row, 2, label, f"ghi năm {text} nhưng đang nhập năm {year}"
                )
            continue
        if key == "title" and not text:
            reader.refuse(sheet.title, row, 2, label, "chưa ghi tên chương trình")
        if key in LIMITS and len(text) > LIMITS[key]:
            reader.refuse(sheet.title, row, 2, label, f"dài quá {LIMITS[key]} ký tự")
        found[key] = text
    return found


def _read_targets(sheet: Any, reader: _Reader) -> list[TargetDef]:
    from desktop.programme.catalogue import check_measure, measure_info, params_from_text

    columns = _columns(sheet, TARGET_COLUMNS, reader)
    if len(columns) != len(TARGET_COLUMNS):
        return []
    labels = {key: label for key, label, _ in TARGET_COLUMNS}
    found: list[TargetDef] = []
    seen: dict[str, int] = {}
    for row in range(2, sheet.max_row + 1):
        raw = {key: sheet.cell(row, column).value for key, column in columns.items()}
        if all(_text(v) == "" for v in raw.values()):
            continue
        before = len(reader.problems)

        def refuse(key: str, why: str, row: int = row) -> None:
            reader.refuse(sheet.title, row, columns[key], labels[key], why)

        code = _code(raw["code"])
        if not code:
            refuse("code", "chưa ghi mã chỉ tiêu")
        elif len(code) > LIMITS["code"]:
            refuse("code", f"mã dài quá {LIMITS['code']} ký tự")
        elif code in seen:
            refuse("code", f"mã «{code}» trùng với dòng {seen[code]}")
        else:
            seen[code] = row
        name = _text(raw["name"])
        if not name:
            refuse("name", "chưa ghi tên chỉ tiêu")
        chosen: dict[str, str] = {}
        for key, options in (
            ("unit", UNIT_LABELS),
            ("method", METHOD_LABELS),
            ("scope", SCOPE_LABELS),
        ):
            text = _text(raw[key])
            code_of = _choice(text, options)
            if code_of is None:
                refuse(
                    key,
                    (f"«{text}» không có trong danh sách" if text else "chưa chọn")
                    + f" ({', '.join(options.values())})",
                )
            else:
                chosen[key] = code_of
        pacing_text = _text(raw["pacing"])
        pacing = _choice(pacing_text, PACING_LABELS) if pacing_text else None
        if pacing_text and pacing is None:
            refuse(
                "pacing",
                f"«{pacing_text}» không có trong danh sách ({', '.join(PACING_LABELS.values())})",
            )
        metric, params = _text(raw["metric"]), _text(raw["measure"])
        measure = ""
        if chosen.get("method") == "entered" and (metric or params):
            refuse(
                "metric" if metric else "measure", "chỉ tiêu nhập tay không ghi cách đo, tham số"
            )
        elif chosen.get("method") == "computed":
            if not metric:
                refuse(
                    "metric", "chỉ tiêu tính từ hồ sơ cần chọn cách đo (trang «Danh mục cách tính»)"
                )
            elif measure_info(metric) is None:
                refuse("metric", f"không có cách đo «{metric}» trong danh mục")
            else:
                try:
                    measure = check_measure(metric, params_from_text(metric, params))
                except UserError as exc:
                    refuse("measure", exc.message)
        province_value = _text(raw["province_value"])
        if not province_value:
            refuse("province_value", "chưa ghi chỉ tiêu tỉnh (ví dụ 9.000, ≥ 85 %)")
        elif len(province_value) > LIMITS["province_value"]:
            refuse("province_value", f"dài quá {LIMITS['province_value']} ký tự")
        bounds: dict[str, float | None] = {}
        for key in ("value_min", "value_max"):
            try:
                value = _bound(raw[key])
            except UserError:
                refuse(key, f"«{_text(raw[key])}» không phải là số; ghi ví dụ 450 hoặc 92,5")
                continue
            if value is not None and value < 0:
                refuse(key, "không được âm")
            elif value is not None and chosen.get("unit") == "percent" and value > 100:
                refuse(key, "tỷ lệ không vượt quá 100")
            else:
                bounds[key] = value
        low, high = bounds.get("value_min"), bounds.get("value_max")
        if low is not None and high is not None and low > high:
            refuse("value_min", f"tối thiểu {_text(low)} lớn hơn tối đa {_text(high)}")
        if len(reader.problems) > before:
            continue
        found.append(
            TargetDef(
                code=code,
                name=name,
                unit=chosen["unit"],
                method=chosen["method"],
                scope=chosen["scope"],
                metric=metric if chosen["method"] == "computed" else "",
                province_value=province_value,
                value_min=low,
                value_max=high,
                pacing=pacing or default_pacing(chosen["unit"]),
                measure=measure,
            )
        )
    if not seen and not reader.problems:
        reader.refuse(sheet.title, 0, 0, "", "chưa có chỉ tiêu nào")
    return found


def _read_areas(sheet: Any, reader: _Reader) -> list[TaskAreaDef]:
    columns = _columns(sheet, AREA_COLUMNS, reader)
    if len(columns) != len(AREA_COLUMNS):
        return []
    labels = {key: label for key, label, _ in AREA_COLUMNS}
    found: list[TaskAreaDef] = []
    seen: dict[int, int] = {}
    for row in range(2, sheet.max_row + 1):
        raw = {key: sheet.cell(row, column).value for key, column in columns.items()}
        if all(_text(v) == "" for v in raw.values()):
            continue
        before = len(reader.problems)
        text = _code(raw["number"])
        if not (text.isascii() and text.isdigit()) or int(text) == 0:
            reader.refuse(
                sheet.title,
                row,
                columns["number"],
                labels["number"],
                f"«{text}» không phải số thứ tự (1, 2, 3…)" if text else "chưa ghi số thứ tự",
            )
        elif int(text) in seen:
            reader.refuse(
                sheet.title,
                row,
                columns["number"],
                labels["number"],
                f"số {int(text)} trùng với dòng {seen[int(text)]}",
            )
        else:
            seen[int(text)] = row
        title = _text(raw["title"])
        if not title:
            reader.refuse(sheet.title, row, columns["title"], labels["title"], "chưa ghi tên")
        points = tuple(p.strip() for p in _text(raw["points"]).splitlines() if p.strip())
        if len(reader.problems) == before:
            found.append(TaskAreaDef(int(text), title, points))
    return sorted(found, key=lambda a: a.number)
