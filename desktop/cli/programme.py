"""programme new|show|template|import: a year's programme as data (DESIGN.md, «Programme
definitions are data»)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.common import open_db, say

if TYPE_CHECKING:
    from desktop.store import Store

NOT_HELD = (
    "Chưa có chương trình công tác năm {year} (trong {db} hay đi kèm chương trình): lập bằng "
    "«uniondesk programme new --year {year}» hoặc «uniondesk programme import»."
)
NO_FILE = "Không tìm thấy tệp {file}."
WRONG_KIND = "Tệp {file}: chỉ nhập được bảng tính .xlsx (theo mẫu) hoặc tệp chương trình .json."
JSON_OTHER_YEAR = (
    "Tệp {file} là chương trình năm {found}, không phải năm {year}: sửa «year» trong tệp hoặc "
    "ghi --year {found}."
)
NO_EXAMPLE = "Chưa có chương trình năm nào để làm mẫu."
OUT_FOLDER = "Không có thư mục {folder} để ghi {file}."


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    programme = subparsers.add_parser(
        "programme", help="chương trình công tác của một năm: lập, xem, mẫu bảng tính, nhập"
    )
    actions = programme.add_subparsers(dest="programme_command", metavar="VIỆC", required=True)

    new = actions.add_parser(
        "new", help="lập chương trình năm mới, chép từ một năm trước", parents=[common]
    )
    new.add_argument("--year", required=True, type=int, help="năm của chương trình mới")
    new.add_argument(
        "--from",
        dest="from_year",
        type=int,
        metavar="NĂM",
        help="chép từ năm này (mặc định: năm gần nhất trước đó)",
    )
    new.set_defaults(handler=run_new)

    show = actions.add_parser("show", help="xem chương trình của một năm", parents=[common])
    show.add_argument("--year", required=True, type=int, help="năm chương trình")
    show.add_argument(
        "--format", choices=("json", "text"), default="text", help="json: như tệp chương trình"
    )
    show.set_defaults(handler=run_show)

    template = actions.add_parser(
        "template", help="bảng tính mẫu để tỉnh điền chương trình", parents=[common]
    )
    template.add_argument("--year", required=True, type=int, help="năm chương trình")
    template.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")
    template.set_defaults(handler=run_template)

    read = actions.add_parser(
        "import", help="nhập chương trình từ bảng tính mẫu hoặc tệp .json", parents=[common]
    )
    read.add_argument("file", type=Path, metavar="FILE")
    read.add_argument("--year", required=True, type=int, help="năm chương trình")
    read.set_defaults(handler=run_import)


def run_new(args: argparse.Namespace) -> int:
    from desktop.programme.authoring import (
        new_programme,
        programme_of,
        require_province,
        save_programme,
        source_year,
    )

    with open_db(args) as db:
        require_province(db)
        made = new_programme(db, args.year, args.from_year)
        source = source_year(db, args.year, args.from_year)
        save_programme(db, made)
        saved = programme_of(db, args.year)
    assert saved is not None
    say(
        f"Đã lập {saved.title} ({len(saved.targets)} chỉ tiêu, {len(saved.task_areas)} nhiệm vụ), "
        f"chép từ chương trình năm {source}. Sửa chỉ tiêu bằng «uniondesk programme template» "
        "và «programme import», hoặc màn hình Chỉ tiêu."
    )
    return 0


def _held_or_shipped(db: Store | None, year: int) -> Any:
    from desktop.programme.authoring import programme_of
    from desktop.programme.loader import shipped_programme

    held = programme_of(db, year) if db is not None else None
    return held if held is not None else shipped_programme(year)


def run_show(args: argparse.Namespace) -> int:
    from desktop.programme.authoring import programme_json

    with open_db(args) as db:
        programme = _held_or_shipped(db, args.year)
    if programme is None:
        say(NOT_HELD.format(year=args.year, db=db.label), error=True)
        return 1
    if args.format == "json":
        say(programme_json(programme).decode("utf-8").removesuffix("\n"))
        return 0
    for line in describe(programme):
        say(line)
    return 0


def describe(programme: Any) -> list[str]:
    """The programme as a person reads it: header, each target with its quota, unit, pacing and
    measure, then the task areas."""
    from desktop.format import number
    from desktop.programme.catalogue import measure_info, params_words
    from desktop.programme.workbook import PACING_LABELS, SCOPE_LABELS, UNIT_LABELS

    def bound(value: float | None) -> str:
        if value is None:
            return "—"
        return number(value) if float(value).is_integer() else number(value, 2)

    lines = [programme.title]
    if programme.number:
        lines.append(f"Số: {programme.number}")
    if programme.theme:
        lines.append(f"Chủ đề: {programme.theme}")
    lines += ["", f"Chỉ tiêu ({len(programme.targets)}):"]
    for t in programme.targets:
        lines.append(f"{t.code}. {t.name}")
        lines.append(
            f"    Chỉ tiêu tỉnh: {t.province_value} (tối thiểu {bound(t.value_min)}, tối đa "
            f"{bound(t.value_max)}); đơn vị: {UNIT_LABELS[t.unit]}; phạm vi: "
            f"{SCOPE_LABELS[t.scope]}; nhịp: {PACING_LABELS[t.pacing]}"
        )
        if t.method == "entered":
            lines.append("    Cách tính: nhập tay hằng tháng")
        else:
            info = measure_info(t.metric)
            label = info.label if info else t.metric
            params = params_words(t.metric, t.measure)
            # The code is what the template workbook's «Cách tính» column takes.
            lines.append(
                f"    Cách tính: {label}"
                + (f" ({params})" if params else "")
                + f" [mã cách tính: {t.metric}]"
            )
    lines += ["", f"Nhiệm vụ ({len(programme.task_areas)}):"]
    for area in programme.task_areas:
        lines.append(f"{area.number}. {area.title}")
        lines += [f"    - {point}" for point in area.points]
    return lines


def run_template(args: argparse.Namespace) -> int:
    if not args.out.parent.exists():
        say(OUT_FOLDER.format(folder=args.out.parent, file=args.out.name), error=True)
        return 1
    if not getattr(args, "db", None):
        return _template(args, None)
    with open_db(args) as db:
        return _template(args, db)


def _template(args: argparse.Namespace, db: Store | None) -> int:
    from dataclasses import replace

    from desktop.programme.authoring import programme_years
    from desktop.programme.loader import shipped_years
    from desktop.programme.workbook import write_template

    programme = _held_or_shipped(db, args.year)
    example_of = None
    if programme is None:
        years = set(shipped_years()) | set(programme_years(db) if db is not None else ())
        earlier = sorted(y for y in years if y < args.year) or sorted(years)
        if not earlier:
            say(NO_EXAMPLE, error=True)
            return 1
        example_of = earlier[-1]
        source = _held_or_shipped(db, example_of)
        title = source.title.replace(str(example_of), str(args.year))
        programme = replace(source, year=args.year, title=title)
    write_template(args.out, programme, example_of=example_of)
    filled = f"điền sẵn chương trình năm {example_of} làm ví dụ" if example_of else "điền sẵn"
    say(
        f"Đã ghi {args.out}: mẫu chương trình năm {args.year} ({filled}, "
        f"{len(programme.targets)} chỉ tiêu, {len(programme.task_areas)} nhiệm vụ)."
    )
    return 0


def run_import(args: argparse.Namespace) -> int:
    from desktop.programme.authoring import require_province

    with open_db(args) as db:
        require_province(db)  # before the file is read: an office takes the province's package
        return _import(args, db)


def _import(args: argparse.Namespace, db: Store) -> int:
    from desktop.programme.authoring import programme_of, save_programme

    file: Path = args.file
    if not file.is_file():
        say(NO_FILE.format(file=file), error=True)
        return 1
    suffix = file.suffix.lower()
    if suffix == ".xlsx":
        from desktop.programme.workbook_reader import read_workbook

        programme = read_workbook(file, args.year)
    elif suffix == ".json":
        from desktop.programme.loader import parse_programme

        programme = parse_programme(file)
        if programme.year != args.year:
            say(
                JSON_OTHER_YEAR.format(file=file.name, found=programme.year, year=args.year),
                error=True,
            )
            return 1
    else:
        say(WRONG_KIND.format(file=file.name), error=True)
        return 1
    before = programme_of(db, args.year)
    save_programme(db, programme)
    verb = "thay chương trình đã có" if before is not None else "nhập"
    say(
        f"Đã {verb} năm {args.year} từ {file.name}: {len(programme.targets)} chỉ tiêu, "
        f"{len(programme.task_areas)} nhiệm vụ."
    )
    return 0
