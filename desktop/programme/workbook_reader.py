"""Reading a filled programme workbook (desktop/programme/workbook.py lays it out): the whole
workbook is checked and every refused cell named (sheet, row, column, field, why) before a
programme is returned, so an import either takes all of it or changes nothing.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.errors import UserError
from desktop.format import number
from desktop.programme.loader import ProgrammeDef, TargetDef, TaskAreaDef, default_pacing
from desktop.programme.workbook import (
    AREA_COLUMNS,
    AREA_SHEET,
    HEAD_ROWS,
    HEAD_SHEET,
    LIMITS,
    METHOD_LABELS,
    PACING_LABELS,
    SCOPE_LABELS,
    TARGET_COLUMNS,
    TARGET_SHEET,
    UNIT_LABELS,
    letter,
)
from desktop.text import fold

NOT_XLSX = "Tệp {file} không phải bảng tính Excel .xlsx đọc được ({detail})."
REFUSED = "Tệp {file}: chưa nhập chương trình năm {year}, {count} ô cần sửa (không có gì thay đổi):"


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
    from desktop.programme.entered_values import parse_value

    return parse_value(str(value), "")


class _Reader:
    def __init__(self, problems: list[CellProblem]) -> None:
        self.problems = problems

    def refuse(self, sheet: str, row: int, column: int, field: str, why: str) -> None:
        self.problems.append(CellProblem(sheet, row, letter(column) if column else "", field, why))


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
