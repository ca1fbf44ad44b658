"""(Province) packages to offices from the window: the quotas grid, the allocation workbook, and
the programme, quotas and receipts packages written to a folder under their standard names.

The grid is the province's allocation letter as a table (targets × offices): its cells are the
quotas `desktop/services/quotas.py` keeps, saved all or nothing. The allocation workbook the
province already keeps is read as it comes: the CSV `uniondesk quotas import` reads, or an Excel
workbook with one row per office and one column per target (the layout `allocation_template`
writes), or one row per (office, target, value). Packages are made by the same service as
`uniondesk bundle package --type programme|quotas|receipts`; one refused package (an office
without quotas, without a registered key) never stops the others. Qt-free; plain values out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from desktop.errors import Cancelled, UserError
from desktop.progress import CancelToken, no_progress
from desktop.sync.keystore import Passphrase, default_passphrase
from desktop.text import fold

if TYPE_CHECKING:
    from desktop.services.quotas import UnitQuota
    from desktop.store import Store

PROGRAMME, QUOTAS, RECEIPTS = "programme", "quotas", "receipts"
PACKAGE_KINDS = (PROGRAMME, QUOTAS, RECEIPTS)
KIND_LABELS = {
    PROGRAMME: "chương trình công tác",
    QUOTAS: "chỉ tiêu giao",
    RECEIPTS: "biên nhận và quyết định duyệt/trả lại",
}
_FILE_STEMS = {PROGRAMME: "goi-chuong-trinh", QUOTAS: "goi-chi-tieu", RECEIPTS: "goi-bien-nhan"}
PACKAGE_SUFFIX = ".udp"

NO_OFFICES = (
    "Chưa có đơn vị nào đăng ký với tỉnh: nhận thẻ khóa của đơn vị trước (màn hình Đơn vị)."
)
NOT_REGISTERED = "Đơn vị «{code}» chưa đăng ký với tỉnh; chọn một đơn vị trong danh sách."
NO_KINDS = "Chọn ít nhất một gói để lập: chương trình, chỉ tiêu giao hoặc biên nhận."
NO_FOLDER = "Không tìm thấy thư mục «{folder}»: chọn thư mục để lưu các gói."
NOTHING_CHANGED = "Chưa có ô nào thay đổi: không có gì để lưu."
WORKBOOK_UNREADABLE = "Không đọc được tệp {file}: {detail}. Cần tệp Excel (.xlsx) hoặc CSV."
WORKBOOK_KIND = "Tệp {file}: chỉ đọc được bảng phân bổ dạng Excel (.xlsx) hoặc CSV (.csv)."
WORKBOOK_NO_HEADER = (
    "Tệp {file}, trang {sheet}: không tìm thấy dòng tiêu đề có cột «Mã đơn vị» và các cột mã "
    "chỉ tiêu (2a, 2b, 3a…) trong 15 dòng đầu. Dùng mẫu «Lưu mẫu bảng phân bổ…» hoặc tệp CSV "
    "unit_code,target_code,value."
)
WORKBOOK_EMPTY = "Tệp {file}, trang {sheet}: không có ô chỉ tiêu nào dưới dòng tiêu đề."
UNIT_HEADERS = ("ma don vi", "unit_code", "ma dv", "don vi")
TARGET_HEADERS = ("ma chi tieu", "target_code")
VALUE_HEADERS = ("chi tieu giao", "value", "gia tri", "so giao")


@dataclass(frozen=True)
class GridTarget:
    code: str
    name: str
    unit: str  # count | percent | ratio


@dataclass(frozen=True)
class QuotaGrid:
    """The year's allocation as a table: one row per target an office can be given (targets the
    province measures itself are left out), one column per office."""

    year: int
    targets: tuple[GridTarget, ...]
    offices: tuple[tuple[str, str], ...]  # (code, name)
    values: dict[tuple[str, str], float]  # (office code, target code) → quota

    def value(self, office: str, target: str) -> float | None:
        return self.values.get((office, target))


@dataclass(frozen=True)
class PackageOutcome:
    """One package asked for: written (`path`, `sequence`) or refused (`message` says why)."""

    unit_code: str
    kind: str
    path: Path | None
    sequence: int | None
    message: str

    @property
    def written(self) -> bool:
        return self.path is not None


def _province(store: Store) -> None:
    from desktop.services.province_offices import require_province

    with store.reading() as con:
        require_province(con, store.label, "gửi gói cho đơn vị")


def offices(store: Store) -> list[tuple[str, str]]:
    """(code, name) of the registered offices a package can go to, sorted by code."""
    from desktop.services.province_figures import registered_offices

    with store.reading() as con:
        return registered_offices(con)


def quota_grid(store: Store, year: int, unit_code: str | None = None) -> QuotaGrid:
    """The quotas of `year` for every registered office (or the one office `unit_code`)."""
    from desktop.services.progress import ensure_programme
    from desktop.services.quotas import unit_quotas

    _province(store)
    ensure_programme(store, year)
    with store.reading() as con:
        rows = con.execute(
            text(
                "SELECT t.code, t.name, t.unit FROM target t JOIN programme p "
                "ON p.id = t.programme_id WHERE p.year = :year AND t.deleted_at IS NULL "
                "AND p.deleted_at IS NULL AND t.scope <> 'province' ORDER BY t.position, t.code"
            ),
            {"year": year},
        ).all()
    registered = offices(store)
    if unit_code is not None:
        registered = [o for o in registered if o[0] == unit_code]
        if not registered:
            raise UserError(NOT_REGISTERED.format(code=unit_code))
    codes = {code for code, _ in registered}
    values = {
        (q.unit_code, q.target_code): q.value
        for q in unit_quotas(store, year)
        if q.unit_code in codes and q.value is not None
    }
    targets = tuple(GridTarget(str(c), str(n), str(u)) for c, n, u in rows)
    return QuotaGrid(year, targets, tuple(registered), values)


def shown_value(value: float | None) -> str:
    """A quota as a cell shows it: `9.000`, `92,5`; empty when none."""
    from desktop.format import number

    if value is None:
        return ""
    if value == int(value):
        return number(value)
    return number(value, 2).rstrip("0")


def save_quota_grid(store: Store, year: int, cells: dict[tuple[str, str], str]) -> list[UnitQuota]:
    """Save the cells typed in the grid ((office, target) → text as typed; empty clears the
    quota), all or nothing; a bad cell is named by its office and target."""
    from desktop.services.quotas import set_unit_quotas

    if not cells:
        raise UserError(NOTHING_CHANGED)
    ordered = sorted(cells.items())
    items = [(office, target, typed) for (office, target), typed in ordered]
    places = [f"Ô đơn vị {office}, chỉ tiêu {target}: " for (office, target), _ in ordered]
    return set_unit_quotas(store, year, items, places)


def import_allocation(store: Store, file: Path, year: int) -> list[UnitQuota]:
    """The allocation workbook: a CSV as `quotas import` reads it, or an .xlsx (one row per
    office and a column per target, or one row per office, target and value). All or nothing."""
    from desktop.services.quotas import import_quotas, set_unit_quotas

    suffix = file.suffix.lower()
    if suffix == ".csv":
        return import_quotas(store, file, year)
    if suffix not in (".xlsx", ".xlsm"):
        raise UserError(WORKBOOK_KIND.format(file=file.name))
    names = {fold(name): code for code, name in offices(store)}
    items, places = _workbook_cells(file, names)
    return set_unit_quotas(store, year, items, places)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    if isinstance(value, int | float):
        return str(value).replace(".", ",")
    return str(value).strip()


_CODE = re.compile(r"^\s*(\d{1,2}[a-zA-Z]?)(?:$|[\s.:)–-])")


def _target_code(header: str) -> str | None:
    """`2a`, `2a. Phát triển đoàn viên mới`, `Chỉ tiêu 2a`? → the code at the head, else None."""
    found = _CODE.match(header)
    return found.group(1).lower() if found else None


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def _workbook_cells(
    file: Path, names: dict[str, str]
) -> tuple[list[tuple[str, str, str]], list[str]]:
    """(office, target, value as text) for each filled cell, with its place in the workbook."""
    try:
        from openpyxl import load_workbook

        book = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # a file that is not a workbook: any of openpyxl's errors
        raise UserError(WORKBOOK_UNREADABLE.format(file=file.name, detail=exc)) from None
    try:
        sheet = book.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        title = sheet.title
    finally:
        book.close()
    for at, row in enumerate(rows[:15]):
        headers = [fold(_cell_text(v)) for v in row]
        unit_col = next((i for i, h in enumerate(headers) if h in UNIT_HEADERS), None)
        if unit_col is None:
            continue
        target_col = next((i for i, h in enumerate(headers) if h in TARGET_HEADERS), None)
        value_col = next((i for i, h in enumerate(headers) if h in VALUE_HEADERS), None)
        if target_col is not None and value_col is not None:
            found = _long_rows(file, title, rows, at, (unit_col, target_col, value_col), names)
        else:
            codes = {i: _target_code(_cell_text(v)) for i, v in enumerate(row) if i != unit_col}
            columns = {i: c for i, c in codes.items() if c}
            if not columns:
                continue
            found = _wide_rows(file, title, rows, at, unit_col, columns, names)
        if not found[0]:
            raise UserError(WORKBOOK_EMPTY.format(file=file.name, sheet=title))
        return found
    raise UserError(WORKBOOK_NO_HEADER.format(file=file.name, sheet=title))


def _unit(value: Any, names: dict[str, str]) -> str:
    """An office as the workbook names it: its code, or its name as registered."""
    typed = _cell_text(value)
    return names.get(fold(typed), typed)


def _wide_rows(
    file: Path,
    sheet: str,
    rows: list[list[Any]],
    header: int,
    unit_col: int,
    columns: dict[int, str],
    names: dict[str, str],
) -> tuple[list[tuple[str, str, str]], list[str]]:
    items, places = [], []
    for number, row in enumerate(rows[header + 1 :], start=header + 2):
        unit = _unit(row[unit_col] if unit_col < len(row) else None, names)
        if not unit:
            continue
        for index, code in columns.items():
            typed = _cell_text(row[index] if index < len(row) else None)
            if typed:
                items.append((unit, code, typed))
                places.append(
                    f"Tệp {file.name}, trang {sheet}, dòng {number}, cột {_column_letter(index)}: "
                )
    return items, places


def _long_rows(
    file: Path,
    sheet: str,
    rows: list[list[Any]],
    header: int,
    cols: tuple[int, int, int],
    names: dict[str, str],
) -> tuple[list[tuple[str, str, str]], list[str]]:
    items, places = [], []
    for number, row in enumerate(rows[header + 1 :], start=header + 2):
        cells = [row[i] if i < len(row) else None for i in cols]
        if not any(_cell_text(c) for c in cells):
            continue
        unit, code, typed = (
            _unit(cells[0], names),
            _cell_text(cells[1]).lower(),
            _cell_text(cells[2]),
        )
        items.append((unit, code, typed))
        places.append(f"Tệp {file.name}, trang {sheet}, dòng {number}: ")
    return items, places


def allocation_template(store: Store, year: int, out: Path) -> Path:
    """The allocation workbook to fill in: a row per office, a column per target (its code and
    name), today's quotas in the cells. `import_allocation` reads it back as it is."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    grid = quota_grid(store, year)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"Phân bổ {year}"
    sheet.append([f"BẢNG PHÂN BỔ CHỈ TIÊU NĂM {year}"])
    sheet.append([])
    sheet.append(["Mã đơn vị", "Tên đơn vị", *(f"{t.code}. {t.name}" for t in grid.targets)])
    for code, name in grid.offices:
        sheet.append([code, name, *(grid.value(code, t.code) for t in grid.targets)])
    sheet["A1"].font = Font(bold=True, size=13)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 40
    for index in range(len(grid.targets)):
        sheet.column_dimensions[_column_letter(index + 2)].width = 18
    sheet.freeze_panes = "C4"
    book.save(out)
    return out


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(value)).strip("-") or "don-vi"


def package_file_name(kind: str, unit_code: str, year: int, today: date | None = None) -> str:
    """`goi-chuong-trinh-2024-ldld-batri.udp`, `goi-chi-tieu-2024-ldld-batri.udp`,
    `goi-bien-nhan-ldld-batri-04-12-2026.udp` (receipts by the day they are made)."""
    if kind == RECEIPTS:
        day = today or date.today()
        return f"{_FILE_STEMS[kind]}-{_slug(unit_code)}-{day:%d-%m-%Y}{PACKAGE_SUFFIX}"
    return f"{_FILE_STEMS[kind]}-{year}-{_slug(unit_code)}{PACKAGE_SUFFIX}"


def _free(folder: Path, name: str) -> Path:
    """`name` in `folder`, or `name-2`, `name-3`… when a package of that name is there already
    (a package is never overwritten)."""
    path = folder / name
    stem, number = path.stem, 2
    while path.exists():
        path = folder / f"{stem}-{number}{PACKAGE_SUFFIX}"
        number += 1
    return path


def send_packages(
    store: Store,
    folder: Path,
    year: int,
    kinds: Iterable[str],
    unit_code: str | None = None,
    *,
    passphrase: Passphrase = default_passphrase,
    progress: Callable[[float, str], None] = no_progress,
    cancel: CancelToken | None = None,
    today: date | None = None,
) -> list[PackageOutcome]:
    """Write the packages of `kinds` for one office (or every registered one) into `folder`
    under their standard names. Each package is made on its own, by the service behind
    `uniondesk bundle package`; a refused one is reported and the rest go on."""
    from desktop.services.bundles import export_package
    from desktop.services.roles import Action, permit

    permit(Action.EXPORT)
    chosen = [k for k in PACKAGE_KINDS if k in set(kinds)]
    if not chosen:
        raise UserError(NO_KINDS)
    if not folder.is_dir():
        raise UserError(NO_FOLDER.format(folder=folder))
    _province(store)
    registered = offices(store)
    if unit_code is not None:
        if unit_code not in dict(registered):
            raise UserError(NOT_REGISTERED.format(code=unit_code))
        registered = [(unit_code, dict(registered)[unit_code])]
    if not registered:
        raise UserError(NO_OFFICES)
    jobs = [(code, kind) for code, _ in registered for kind in chosen]
    outcomes = []
    for done, (code, kind) in enumerate(jobs):
        if cancel is not None and cancel.cancelled:
            raise Cancelled()
        progress(done / len(jobs), f"Đang lập gói {KIND_LABELS[kind]} cho {code}…")
        out = _free(folder, package_file_name(kind, code, year, today))
        try:
            result = export_package(
                store,
                kind,
                code,
                out,
                year=None if kind == RECEIPTS else year,
                passphrase=passphrase,
            )
        except UserError as exc:
            outcomes.append(PackageOutcome(code, kind, None, None, exc.message))
            continue
        outcomes.append(
            PackageOutcome(
                code,
                kind,
                out,
                result.sequence,
                f"Đã lập gói {KIND_LABELS[kind]} số {result.sequence}: {out.name}",
            )
        )
    progress(1.0, "Xong")
    _audit(store, outcomes)
    return outcomes


def _audit(store: Store, outcomes: list[PackageOutcome]) -> None:
    """Who sent which package stays on record (the receipts name offices' bundles)."""
    from desktop.services.audit_chain import NewEntry, append

    written = [o for o in outcomes if o.written]
    if not written:
        return
    with store.unit_of_work() as uow:
        append(
            uow.connection,
            [
                NewEntry(
                    "bundle_export",
                    f"gói {KIND_LABELS[o.kind]} số {o.sequence} cho {o.unit_code}: "
                    f"{o.path.name if o.path else ''}",
                )
                for o in written
            ],
        )
