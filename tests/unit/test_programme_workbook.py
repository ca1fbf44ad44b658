"""The programme workbook: the template the province fills, read back whole with every refused
cell named."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.errors import UserError
from desktop.programme.authoring import with_digest
from desktop.programme.catalogue import check_measure
from desktop.programme.loader import ProgrammeDef, TargetDef, TaskAreaDef, shipped_programme
from desktop.programme.workbook import write_template
from desktop.programme.workbook_reader import CellProblem, WorkbookRefused, read_workbook


@pytest.fixture
def programme() -> ProgrammeDef:
    shipped = shipped_programme(2024)
    assert shipped is not None
    return with_digest(
        replace(shipped, year=2026, title="Chương trình công tác công đoàn năm 2026")
    )


def test_the_template_lays_out_the_programme_with_lists_to_pick_from(
    tmp_path: Path, programme: ProgrammeDef
) -> None:
    out = tmp_path / "mau-2026.xlsx"
    write_template(out, programme)
    book = load_workbook(out)
    assert book.sheetnames == ["Chương trình", "Chỉ tiêu", "Nhiệm vụ", "Danh mục cách tính"]
    head = book["Chương trình"]
    assert [[c.value for c in row] for row in head.iter_rows(max_row=3, max_col=2)] == [
        ["Năm", 2026],
        ["Số văn bản", "02/CTr-LĐLĐ"],
        ["Tên chương trình", "Chương trình công tác công đoàn năm 2026"],
    ]
    sheet = book["Chỉ tiêu"]
    assert [c.value for c in sheet[1]] == [
        "Mã",
        "Tên chỉ tiêu",
        "Đơn vị tính",
        "Cách tính",
        "Phạm vi",
        "Cách đo",
        "Tham số",
        "Chỉ tiêu tỉnh",
        "Tối thiểu",
        "Tối đa",
        "Nhịp tiến độ",
    ]
    assert [c.value for c in sheet[4]] == [
        "2a",
        "Phát triển mới đoàn viên",
        "Số lượng",
        "Tính từ hồ sơ",
        "CĐ cấp trên cơ sở",
        "new_members",
        None,
        "9.000",
        9000,
        None,
        "Tăng dần trong năm",
    ]
    assert sheet.max_row == 21 and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 60
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists == {
        "C2:C300": '"Số lượng,Tỷ lệ (%),Bình quân"',
        "D2:D300": '"Tính từ hồ sơ,Nhập tay"',
        "E2:E300": '"CĐ cấp trên cơ sở,Cấp tỉnh"',
        "F2:F300": "'Danh mục cách tính'!$A$2:$A$23",
        "K2:K300": '"Tăng dần trong năm,Giữ mức mọi kỳ,Đánh giá cuối năm"',
    }
    listing = book["Danh mục cách tính"]
    assert [listing.cell(r, 1).value for r in (2, 19, 20, 21, 22, 23)] == [
        "new_members",
        "smartca",
        "member_events",
        "members_dated",
        "activities",
        "unions_share",
    ]
    areas = book["Nhiệm vụ"]
    assert areas["A8"].value == 7 and areas["B8"].value == "Công tác nữ công công đoàn"
    assert areas["C8"].value.count("\n") == 2  # three points, one a line
    with pytest.raises(UserError) as exc:
        write_template(out, programme)
    assert exc.value.message == f"Tệp {out} đã có; chọn tên khác (không ghi đè)."


def test_a_filled_template_reads_back_as_the_programme(
    tmp_path: Path, programme: ProgrammeDef
) -> None:
    out = tmp_path / "mau-2026.xlsx"
    write_template(out, programme)
    assert read_workbook(out, 2026) == programme

    # The province fills it as Excel would: 2a's quota typed as a number, a new target 12 with
    # its parameters, task area 11 with two points, and a blank row in between.
    book = load_workbook(out)
    sheet = book["Chỉ tiêu"]
    sheet["H4"], sheet["I4"] = 9500, 9500
    for column, value in zip(
        "ABCDEFGHIJK",
        (
            12,
            "Đoàn viên chuyển đi, ra khỏi tổ chức",
            "Số lượng",
            "Tính từ hồ sơ",
            "CĐ cấp trên cơ sở",
            "member_events",
            "kinds=transferred_out, left",
            "≤ 500",
            None,
            "500",
            "",
        ),
        strict=True,
    ):
        sheet[f"{column}23"] = value
    areas = book["Nhiệm vụ"]
    areas["A12"], areas["B12"] = 11, "Chuyển đổi số"
    areas["C12"] = "Cài đặt chữ ký số\n\n  Thanh toán không dùng tiền mặt  "
    book.save(out)

    twelve = TargetDef(
        code="12",
        name="Đoàn viên chuyển đi, ra khỏi tổ chức",
        unit="count",
        method="computed",
        scope="upper_union",
        metric="member_events",
        province_value="≤ 500",
        value_min=None,
        value_max=500.0,
        pacing="linear",
        measure=check_measure("member_events", {"kinds": ["transferred_out", "left"]}),
    )
    expected = replace(
        programme,
        targets=(
            *(
                replace(t, province_value="9.500", value_min=9500.0) if t.code == "2a" else t
                for t in programme.targets
            ),
            twelve,
        ),
        task_areas=(
            *programme.task_areas,
            TaskAreaDef(
                11, "Chuyển đổi số", ("Cài đặt chữ ký số", "Thanh toán không dùng tiền mặt")
            ),
        ),
    )
    assert read_workbook(out, 2026) == with_digest(expected)


def test_every_refused_cell_is_named(tmp_path: Path, programme: ProgrammeDef) -> None:
    out = tmp_path / "mau-2026.xlsx"
    write_template(out, programme)
    book = load_workbook(out)
    sheet = book["Chỉ tiêu"]
    sheet["C5"] = "Người"  # 2b's unit
    sheet["G8"] = "sector=state"  # 4 (party_per_union) takes no parameters
    book["Nhiệm vụ"]["A4"] = 2  # task area 3 numbered 2 again
    book.save(out)
    with pytest.raises(WorkbookRefused) as exc:
        read_workbook(out, 2026)
    assert exc.value.problems == (
        CellProblem(
            "Chỉ tiêu",
            5,
            "C",
            "Đơn vị tính",
            "«Người» không có trong danh sách (Số lượng, Tỷ lệ (%), Bình quân)",
        ),
        CellProblem(
            "Chỉ tiêu",
            8,
            "G",
            "Tham số",
            "cách tính «party_per_union» không có tham số (bỏ «sector»)",
        ),
        CellProblem("Nhiệm vụ", 4, "A", "Số", "số 2 trùng với dòng 3"),
    )
    assert exc.value.message.splitlines() == [
        "Tệp mau-2026.xlsx: chưa nhập chương trình năm 2026, 3 ô cần sửa (không có gì thay đổi):",
        "- Trang «Chỉ tiêu», dòng 5, cột C («Đơn vị tính»): «Người» không có trong danh sách "
        "(Số lượng, Tỷ lệ (%), Bình quân)",
        "- Trang «Chỉ tiêu», dòng 8, cột G («Tham số»): cách tính «party_per_union» không "
        "có tham số (bỏ «sector»)",
        "- Trang «Nhiệm vụ», dòng 4, cột A («Số»): số 2 trùng với dòng 3",
    ]


def test_a_workbook_for_another_year_or_not_a_workbook_is_refused(
    tmp_path: Path, programme: ProgrammeDef
) -> None:
    out = tmp_path / "mau.xlsx"
    write_template(out, programme)
    with pytest.raises(WorkbookRefused) as exc:
        read_workbook(out, 2027)
    assert exc.value.problems == (
        CellProblem("Chương trình", 1, "B", "Năm", "ghi năm 2026 nhưng đang nhập năm 2027"),
    )
    book = load_workbook(out)
    del book["Nhiệm vụ"]
    book["Chỉ tiêu"]["F1"] = "Cách làm"
    book.save(out)
    with pytest.raises(WorkbookRefused) as exc:
        read_workbook(out, 2026)
    assert [str(p) for p in exc.value.problems] == [
        "Trang «Nhiệm vụ»: không có trang này trong tệp",
        "Trang «Chỉ tiêu», dòng 1 («Cách đo»): thiếu cột «Cách đo» ở dòng tiêu đề",
    ]
    fake = tmp_path / "ct.xlsx"
    fake.write_text("Mã;Tên\n2a;Phát triển", encoding="utf-8")
    with pytest.raises(UserError) as exc2:
        read_workbook(fake, 2026)
    assert exc2.value.message.startswith("Tệp ct.xlsx không phải bảng tính Excel .xlsx đọc được")
