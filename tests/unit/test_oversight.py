"""Inspections and complaints: each check's exact message, the lists, tombstones, and targets 9b–9e.

The expected target values are worked out by hand from the small district (3 live unions at the
end of June 2024; CĐCS Công ty TNHH May Phú Lễ was dissolved on 31/05/2024).
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.services.oversight import (
    ComplaintInput,
    InspectionInput,
    complaint_problems,
    complaints_carried_over,
    complaints_in,
    delete_complaint,
    delete_inspection,
    inspection_problems,
    inspections_in,
    live_unions,
    resolve_complaint,
    save_complaint,
    save_inspection,
)
from desktop.services.progress import progress_for
from desktop.store import shared

TODAY = date(2024, 12, 31)
SCHOOL = "CĐCS Trường THCS Thạnh Phong"
COMMUNE = "CĐCS Ủy ban nhân dân xã An Điền"
FISHERY = "CĐCS Công ty TNHH Thủy sản Đông Hải"
GARMENT = "CĐCS Công ty TNHH May Phú Lễ"  # dissolved 31/05/2024
FINDINGS = "Thu, chi đúng quy định; nhắc nhở lưu trữ chứng từ."


@pytest.fixture
def district(small_district: Path, tmp_path: Path) -> Path:
    path = tmp_path / "district.sqlite"
    shutil.copy(small_district, path)
    return path


def _unions(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as con:
        return {name: uid for uid, name in con.execute("SELECT id, name FROM grassroots_union")}


def _inspection(db: Path, union: str | None = SCHOOL, **changes: object) -> InspectionInput:
    data = InspectionInput(
        kind="finance",
        scope="grassroots",
        inspected_on=date(2024, 6, 10),
        union_id=_unions(db)[union] if union else None,
        findings=FINDINGS,
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def _complaint(db: Path, **changes: object) -> ComplaintInput:
    data = ComplaintInput(
        received_on=date(2024, 3, 15),
        subject="Khiếu nại chậm trả lương tháng 2",
        union_id=_unions(db)[FISHERY],
        within_authority=True,
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def _target(db: Path, code: str) -> tuple[float | None, float | None]:
    found = next(t for t in progress_for(shared(db), "2024-06").targets if t.code == code)
    return found.month, found.year_to_date


# Inspections: the checks ----------------------------------------------------------------------


def test_a_complete_inspection_has_no_problems(district: Path) -> None:
    assert inspection_problems(shared(district), _inspection(district), TODAY) == {}
    for scope in ("same_level", "by_province"):
        data = _inspection(district, union=None, scope=scope)
        assert inspection_problems(shared(district), data, TODAY) == {}
    # A union may be inspected until the day before it is dissolved, and on the day it is founded.
    garment = _inspection(district, GARMENT, inspected_on=date(2024, 5, 30))
    assert inspection_problems(shared(district), garment, TODAY) == {}
    founded = _inspection(district, FISHERY, kind="charter", inspected_on=date(2024, 2, 10))
    assert inspection_problems(shared(district), founded, TODAY) == {}
    assert (
        inspection_problems(shared(district), _inspection(district, inspected_on=TODAY), TODAY)
        == {}
    )
    first_day = _inspection(district, union=None, scope="same_level", inspected_on=date(2000, 1, 1))
    assert inspection_problems(shared(district), first_day, TODAY) == {}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"kind": "audit"},
            "kind",
            "Loại kiểm tra «audit» không có trong danh mục: chọn kiểm tra tài chính hoặc "
            "giám sát thi hành Điều lệ.",
        ),
        (
            {"scope": "district", "union_id": None},
            "scope",
            "Phạm vi «district» không hợp lệ: chọn kiểm tra CĐCS, kiểm tra cùng cấp hoặc "
            "LĐLĐ tỉnh kiểm tra đơn vị.",
        ),
        ({"inspected_on": None}, "inspected_on", "Ngày kiểm tra: nhập ngày (dd/mm/yyyy)."),
        (
            {"inspected_on": date(2025, 1, 1)},
            "inspected_on",
            "Ngày kiểm tra (01/01/2025) ở tương lai; hôm nay là 31/12/2024.",
        ),
        (
            {"inspected_on": date(1999, 12, 31)},
            "inspected_on",
            "Ngày kiểm tra (31/12/1999) trước năm 2000; kiểm tra lại năm.",
        ),
        (
            {"union_id": None},
            "union_id",
            "CĐCS được kiểm tra: chọn công đoàn cơ sở được kiểm tra.",
        ),
        (
            {"union_id": "no-such-union"},
            "union_id",
            "CĐCS được kiểm tra: công đoàn cơ sở đã chọn không thuộc đơn vị hoặc đã bị xóa; "
            "chọn lại.",
        ),
        (
            {"findings": "  \n "},
            "findings",
            "Kết quả kiểm tra: nhập nhận xét, kết luận của cuộc kiểm tra.",
        ),
        (
            {"findings": "x" * 4001},
            "findings",
            "Kết quả kiểm tra dài 4.001 ký tự; tối đa 4.000.",
        ),
    ],
)
def test_each_inspection_problem_names_its_field(
    district: Path, changes: dict[str, object], field: str, message: str
) -> None:
    found = inspection_problems(shared(district), _inspection(district, **changes), TODAY)  # type: ignore[arg-type]
    assert found == {field: message}
    with pytest.raises(UserError) as refused:
        save_inspection(shared(district), _inspection(district, **changes), today=TODAY)  # type: ignore[arg-type]
    assert refused.value.message == message
    assert inspections_in(shared(district), "2024") == []


def test_the_inspected_union_must_exist_on_the_inspection_day(district: Path) -> None:
    dissolved = _inspection(district, GARMENT, inspected_on=date(2024, 5, 31))
    assert inspection_problems(shared(district), dissolved, TODAY) == {
        "union_id": "CĐCS được kiểm tra: CĐCS Công ty TNHH May Phú Lễ đã giải thể ngày "
        "31/05/2024, không còn hoạt động vào ngày kiểm tra (31/05/2024)."
    }
    unborn = _inspection(district, FISHERY, inspected_on=date(2024, 1, 5))
    assert inspection_problems(shared(district), unborn, TODAY) == {
        "union_id": "CĐCS được kiểm tra: CĐCS Công ty TNHH Thủy sản Đông Hải thành lập ngày "
        "10/02/2024, sau ngày kiểm tra (05/01/2024)."
    }


def test_only_an_inspection_of_a_grassroots_union_names_one(district: Path) -> None:
    for scope, label in (
        ("same_level", "Kiểm tra cùng cấp"),
        ("by_province", "LĐLĐ tỉnh kiểm tra đơn vị"),
    ):
        assert inspection_problems(shared(district), _inspection(district, scope=scope), TODAY) == {
            "union_id": f"CĐCS được kiểm tra: «{label}» không gắn với công đoàn cơ sở nào; "
            "bỏ chọn CĐCS hoặc đổi phạm vi thành kiểm tra CĐCS."
        }


def test_every_problem_is_reported_at_once(district: Path) -> None:
    data = InspectionInput(kind="finance", scope="grassroots", inspected_on=None, findings="")
    assert sorted(inspection_problems(shared(district), data, TODAY)) == [
        "findings",
        "inspected_on",
        "union_id",
    ]


def test_a_union_of_another_office_cannot_be_named(district: Path) -> None:
    with sqlite3.connect(district) as con:
        con.execute(
            "INSERT INTO grassroots_union (id, unit_code, name, name_key, sector, kind, "
            "employer_type, commune_code, address, phone, workforce_total, workforce_women, "
            "dissolved_reason, chair_name, note, created_at, updated_at) VALUES "
            "('other-office-union', 'LDLD-BTR', 'CĐCS Trường Tiểu học Ba Tri', '', 'state', "
            "'workplace', 'school', '', '', '', 0, 0, '', '', '', '2024-01-01', '2024-01-01')"
        )
    data = _inspection(district, union=None, union_id="other-office-union")
    assert inspection_problems(shared(district), data, TODAY)["union_id"].startswith(
        "CĐCS được kiểm tra: công đoàn cơ sở đã chọn không thuộc đơn vị"
    )
    assert "CĐCS Trường Tiểu học Ba Tri" not in [name for _, name in live_unions(shared(district))]


# Inspections: the list, edits, tombstones -------------------------------------------------------


def test_inspections_are_listed_by_month_or_year_and_edited(district: Path) -> None:
    june = save_inspection(shared(district), _inspection(district), today=TODAY)
    save_inspection(
        shared(district),
        _inspection(district, union=None, scope="same_level", inspected_on=date(2024, 12, 10)),
        today=TODAY,
    )
    [row] = inspections_in(shared(district), "2024-06")
    assert (row.id, row.kind_label, row.scope_label, row.union_name, row.inspected_on) == (
        june,
        "Kiểm tra tài chính",
        "Kiểm tra CĐCS",
        SCHOOL,
        date(2024, 6, 10),
    )
    assert row.findings == FINDINGS
    assert inspections_in(shared(district), "2024-05") == []
    year = inspections_in(shared(district), "2024")
    assert [(r.scope_label, r.union_name, r.inspected_on) for r in year] == [
        ("Kiểm tra CĐCS", SCHOOL, date(2024, 6, 10)),
        ("Kiểm tra cùng cấp", "", date(2024, 12, 10)),
    ]

    moved = _inspection(district, COMMUNE, kind="charter", inspected_on=date(2024, 7, 2))
    assert save_inspection(shared(district), moved, june, today=TODAY) == june
    assert inspections_in(shared(district), "2024-06") == []
    [row] = inspections_in(shared(district), "2024-07")
    assert (row.id, row.kind_label, row.union_name) == (june, "Giám sát thi hành Điều lệ", COMMUNE)


def test_deleting_an_inspection_hides_it_and_keeps_the_tombstone(district: Path) -> None:
    kept = save_inspection(shared(district), _inspection(district), today=TODAY)
    gone = save_inspection(shared(district), _inspection(district, COMMUNE), today=TODAY)
    delete_inspection(shared(district), gone)
    assert [r.id for r in inspections_in(shared(district), "2024-06")] == [kept]
    with sqlite3.connect(district) as con:
        deleted_at, updated_at, union_id = con.execute(
            "SELECT deleted_at, updated_at, union_id FROM inspection WHERE id = ?", (gone,)
        ).fetchone()
        audit = [d for (d,) in con.execute("SELECT detail FROM audit_event WHERE action = 'edit'")]
    assert deleted_at is not None and updated_at == deleted_at
    assert union_id == _unions(district)[COMMUNE]
    assert audit[-1] == f"kiểm tra {gone}: xóa Kiểm tra tài chính 10/06/2024"
    assert audit[0] == f"kiểm tra {kept}: thêm Kiểm tra tài chính (Kiểm tra CĐCS) 10/06/2024"
    message = (
        "Cuộc kiểm tra này không còn trong cơ sở dữ liệu (có thể đã bị xóa); hãy tải lại danh sách."
    )
    with pytest.raises(UserError, match="không còn trong cơ sở dữ liệu") as refused:
        delete_inspection(shared(district), gone)
    assert refused.value.message == message
    with pytest.raises(UserError):
        save_inspection(shared(district), _inspection(district), gone, today=TODAY)


def test_rows_of_other_offices_are_neither_listed_nor_touched(district: Path) -> None:
    with sqlite3.connect(district) as con:
        con.execute(
            "INSERT INTO inspection (id, unit_code, kind, scope, inspected_on, findings, "
            "created_at, updated_at) VALUES ('theirs-i', 'LDLD-BTR', 'finance', 'same_level', "
            "'2024-06-05', '', '2024-06-05', '2024-06-05')"
        )
        con.execute(
            "INSERT INTO complaint (id, unit_code, received_on, subject, within_authority, "
            "outcome, created_at, updated_at) VALUES ('theirs-c', 'LDLD-BTR', '2024-06-05', "
            "'Đơn của huyện khác', 1, '', '2024-06-05', '2024-06-05')"
        )
    assert inspections_in(shared(district), "2024") == []
    assert complaints_in(shared(district), "2024") == []
    for refuse in (
        lambda: delete_inspection(shared(district), "theirs-i"),
        lambda: delete_complaint(shared(district), "theirs-c"),
        lambda: save_inspection(
            shared(district),
            _inspection(district, union=None, scope="same_level"),
            "theirs-i",
            TODAY,
        ),
        lambda: save_complaint(shared(district), _complaint(district), "theirs-c", TODAY),
        lambda: resolve_complaint(shared(district), "theirs-c", date(2024, 6, 6), "Xong", TODAY),
    ):
        with pytest.raises(UserError):
            refuse()
    with sqlite3.connect(district) as con:
        assert con.execute(
            "SELECT COUNT(*) FROM inspection WHERE deleted_at IS NULL AND unit_code != ''"
        ).fetchone() == (1,)
        assert con.execute(
            "SELECT subject FROM complaint WHERE id = 'theirs-c' AND deleted_at IS NULL"
        ).fetchone() == ("Đơn của huyện khác",)


def test_bad_periods_are_refused_in_vietnamese(district: Path) -> None:
    with pytest.raises(UserError, match="Kỳ báo cáo «2024-13» không hợp lệ"):
        inspections_in(shared(district), "2024-13")
    with pytest.raises(UserError, match="Kỳ báo cáo «tháng 6» không hợp lệ"):
        complaints_in(shared(district), "tháng 6")


# Complaints -------------------------------------------------------------------------------------


def test_a_complete_complaint_has_no_problems(district: Path) -> None:
    assert complaint_problems(shared(district), _complaint(district), TODAY) == {}
    assert complaint_problems(shared(district), _complaint(district, union_id=None), TODAY) == {}
    same_day = _complaint(district, resolved_on=date(2024, 3, 15), outcome="Đã hòa giải.")
    assert complaint_problems(shared(district), same_day, TODAY) == {}
    # An open complaint may carry an interim note.
    note = _complaint(district, outcome="Đã chuyển Thanh tra Sở Lao động.", within_authority=False)
    assert complaint_problems(shared(district), note, TODAY) == {}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"received_on": None}, "received_on", "Ngày nhận đơn: nhập ngày (dd/mm/yyyy)."),
        (
            {"received_on": date(2025, 1, 2)},
            "received_on",
            "Ngày nhận đơn (02/01/2025) ở tương lai; hôm nay là 31/12/2024.",
        ),
        (
            {"received_on": date(1998, 5, 1)},
            "received_on",
            "Ngày nhận đơn (01/05/1998) trước năm 2000; kiểm tra lại năm.",
        ),
        ({"subject": " "}, "subject", "Nội dung đơn: nhập tóm tắt nội dung khiếu nại, tố cáo."),
        ({"subject": "đ" * 301}, "subject", "Nội dung đơn dài 301 ký tự; tối đa 300."),
        (
            {"union_id": "no-such-union"},
            "union_id",
            "CĐCS liên quan: công đoàn cơ sở đã chọn không thuộc đơn vị hoặc đã bị xóa; chọn lại.",
        ),
        (
            {"received_on": date(2024, 1, 20)},
            "union_id",
            "CĐCS liên quan: CĐCS Công ty TNHH Thủy sản Đông Hải thành lập ngày 10/02/2024, "
            "sau ngày nhận đơn (20/01/2024).",
        ),
        (
            {"resolved_on": date(2024, 3, 12), "outcome": "Đã giải quyết."},
            "resolved_on",
            "Ngày giải quyết (12/03/2024) trước ngày nhận đơn (15/03/2024).",
        ),
        (
            {"resolved_on": date(2025, 1, 1), "outcome": "Đã giải quyết."},
            "resolved_on",
            "Ngày giải quyết (01/01/2025) ở tương lai; hôm nay là 31/12/2024.",
        ),
        (
            {"resolved_on": date(2024, 4, 1), "outcome": ""},
            "outcome",
            "Kết quả giải quyết: nhập kết quả khi đơn đã được giải quyết.",
        ),
        (
            {"outcome": "x" * 4001},
            "outcome",
            "Kết quả giải quyết dài 4.001 ký tự; tối đa 4.000.",
        ),
    ],
)
def test_each_complaint_problem_names_its_field(
    district: Path, changes: dict[str, object], field: str, message: str
) -> None:
    assert complaint_problems(shared(district), _complaint(district, **changes), TODAY) == {
        field: message
    }
    with pytest.raises(UserError) as refused:
        save_complaint(shared(district), _complaint(district, **changes), today=TODAY)
    assert refused.value.message == message
    assert complaints_in(shared(district), "2024") == []


def test_a_resolution_date_before_2000_is_named_when_the_received_date_is_missing(
    district: Path,
) -> None:
    data = _complaint(district, received_on=None, resolved_on=date(1999, 1, 1), outcome="Xong.")
    assert complaint_problems(shared(district), data, TODAY) == {
        "received_on": "Ngày nhận đơn: nhập ngày (dd/mm/yyyy).",
        "resolved_on": "Ngày giải quyết (01/01/1999) trước năm 2000; kiểm tra lại năm.",
    }


def test_a_period_lists_its_own_complaints_and_apart_the_older_ones_still_open(
    district: Path,
) -> None:
    march = save_complaint(shared(district), _complaint(district), today=TODAY)
    june = save_complaint(
        shared(district),
        _complaint(district, received_on=date(2024, 6, 3), subject="Tố cáo vi phạm giờ làm việc"),
        today=TODAY,
    )
    rows = complaints_in(shared(district), "2024-06")
    assert [(r.id, r.received_on, r.resolved_on, r.union_name) for r in rows] == [
        (june, date(2024, 6, 3), None, FISHERY)
    ]
    # Still open, the March complaint is June's unfinished business, listed apart.
    [older] = complaints_carried_over(shared(district), "2024-06")
    assert (older.id, older.received_on, older.union_name) == (march, date(2024, 3, 15), FISHERY)
    assert older.subject == "Khiếu nại chậm trả lương tháng 2" and older.within_authority
    assert complaints_in(shared(district), "2024-02") == []
    assert complaints_carried_over(shared(district), "2024-03") == []  # its own month lists it

    with pytest.raises(UserError) as refused:
        resolve_complaint(
            shared(district), march, date(2024, 3, 12), "Công ty đã trả lương.", TODAY
        )
    assert refused.value.message == (
        "Ngày giải quyết (12/03/2024) trước ngày nhận đơn (15/03/2024)."
    )
    with pytest.raises(UserError, match=r"^Ngày giải quyết \(02/01/2025\) ở tương lai"):
        resolve_complaint(shared(district), march, date(2025, 1, 2), "Công ty đã trả lương.", TODAY)
    resolve_complaint(shared(district), march, date(2024, 4, 20), "Công ty đã trả lương.", TODAY)

    # Resolved in April: April still lists it (resolved that month), May and June no longer do.
    [resolved] = complaints_carried_over(shared(district), "2024-04")
    assert (resolved.id, resolved.resolved_on, resolved.outcome, resolved.resolved) == (
        march,
        date(2024, 4, 20),
        "Công ty đã trả lương.",
        True,
    )
    assert complaints_carried_over(shared(district), "2024-05") == []
    assert complaints_carried_over(shared(district), "2024-06") == []
    assert complaints_in(shared(district), "2024-04") == []
    assert [r.id for r in complaints_in(shared(district), "2024-03")] == [march]
    assert [r.id for r in complaints_in(shared(district), "2024")] == [march, june]
    assert complaints_carried_over(shared(district), "2024") == []


def test_deleting_a_complaint_hides_it_and_keeps_the_tombstone(district: Path) -> None:
    gone = save_complaint(shared(district), _complaint(district), today=TODAY)
    delete_complaint(shared(district), gone)
    assert complaints_in(shared(district), "2024") == []
    with sqlite3.connect(district) as con:
        deleted_at, updated_at, subject = con.execute(
            "SELECT deleted_at, updated_at, subject FROM complaint WHERE id = ?", (gone,)
        ).fetchone()
        audit = [d for (d,) in con.execute("SELECT detail FROM audit_event WHERE action = 'edit'")]
    assert deleted_at is not None and updated_at == deleted_at
    assert subject == "Khiếu nại chậm trả lương tháng 2"
    assert audit == [
        f"đơn thư {gone}: thêm Khiếu nại chậm trả lương tháng 2",
        f"đơn thư {gone}: xóa Khiếu nại chậm trả lương tháng 2",
    ]
    with pytest.raises(UserError, match=r"^Đơn thư này không còn trong cơ sở dữ liệu"):
        resolve_complaint(shared(district), gone, date(2024, 4, 1), "Xong.", TODAY)


def test_text_is_stored_clean(district: Path) -> None:
    saved = save_complaint(
        shared(district),
        _complaint(district, subject="  Khie\u0302\u0301u na\u0323i  chậm\u00a0lương "),
        today=TODAY,
    )
    [row] = complaints_in(shared(district), "2024-03")
    assert (row.id, row.subject) == (saved, "Khiếu nại chậm lương")


# Targets 9b–9e ----------------------------------------------------------------------------------


def test_inspections_move_targets_9b_to_9d_as_worked_out_by_hand(district: Path) -> None:
    assert _target(district, "9c") == (0.0, 0.0)  # 0 of 3 live unions
    assert _target(district, "9b") == (0.0, 0.0)

    school_june = save_inspection(shared(district), _inspection(district), today=TODAY)
    assert _target(district, "9c") == (33.3, 33.3)  # 1/3 in June, 1/3 since January

    save_inspection(
        shared(district), _inspection(district, COMMUNE, inspected_on=date(2024, 3, 5)), today=TODAY
    )
    assert _target(district, "9c") == (33.3, 66.7)  # March counts for the year only: 2/3

    # The garment union was inspected, but is no longer alive at the end of June: not counted.
    save_inspection(
        shared(district),
        _inspection(district, GARMENT, inspected_on=date(2024, 4, 10)),
        today=TODAY,
    )
    assert _target(district, "9c") == (33.3, 66.7)

    # A second inspection of the same union counts it once; a charter supervision is 9d.
    school_again = save_inspection(
        shared(district), _inspection(district, inspected_on=date(2024, 6, 20)), today=TODAY
    )
    save_inspection(shared(district), _inspection(district, FISHERY, kind="charter"), today=TODAY)
    assert _target(district, "9c") == (33.3, 66.7)
    assert _target(district, "9d") == (33.3, 33.3)

    save_inspection(
        shared(district), _inspection(district, union=None, scope="same_level"), today=TODAY
    )
    assert _target(district, "9b") == (100.0, 100.0)

    delete_inspection(shared(district), school_june)
    assert _target(district, "9c") == (33.3, 66.7)
    delete_inspection(shared(district), school_again)
    assert _target(district, "9c") == (0.0, 33.3)  # only An Điền in March remains


def test_complaints_move_target_9e_as_worked_out_by_hand(district: Path) -> None:
    assert _target(district, "9e") == (None, None)  # nothing received: no percentage

    june = save_complaint(
        shared(district), _complaint(district, received_on=date(2024, 6, 3)), today=TODAY
    )
    assert _target(district, "9e") == (0.0, 0.0)  # 0 of 1 resolved

    save_complaint(
        shared(district),
        _complaint(
            district,
            received_on=date(2024, 2, 20),
            resolved_on=date(2024, 3, 1),
            outcome="Đã giải quyết.",
        ),
        today=TODAY,
    )
    assert _target(district, "9e") == (0.0, 50.0)  # month 0/1, year 1/2

    # Outside the union's authority: forwarded, not counted.
    save_complaint(
        shared(district),
        _complaint(district, received_on=date(2024, 6, 5), within_authority=False),
        today=TODAY,
    )
    assert _target(district, "9e") == (0.0, 50.0)

    # Resolved in July: still open at the end of June.
    resolve_complaint(shared(district), june, date(2024, 7, 2), "Đã hòa giải thành.", TODAY)
    assert _target(district, "9e") == (0.0, 50.0)

    save_complaint(
        shared(district),
        _complaint(
            district,
            received_on=date(2024, 6, 12),
            resolved_on=date(2024, 6, 25),
            outcome="Đã giải quyết.",
        ),
        today=TODAY,
    )
    assert _target(district, "9e") == (50.0, 66.7)  # month 1/2, year 2/3

    delete_complaint(shared(district), june)
    assert _target(district, "9e") == (100.0, 100.0)  # month 1/1, year 2/2


@pytest.mark.parametrize("where", ["sqlite", "postgresql"])
def test_inspections_and_complaints_on_either_store(
    district: Path, where: str, request: pytest.FixtureRequest
) -> None:
    from sqlalchemy import text

    from desktop.store import Store
    from tests.unit._two_stores import copy_to_postgres

    unions = _unions(district)
    if where == "postgresql":
        store = copy_to_postgres(district, request.getfixturevalue("pg_url"))
    else:
        store = Store(district)
    with store:
        data = _inspection(district)
        saved = save_inspection(store, data, today=TODAY)
        complaint = save_complaint(store, _complaint(district), today=TODAY)
        resolve_complaint(store, complaint, date(2024, 4, 2), "Đã trả đủ lương.", TODAY)
        assert [(r.id, r.union_name, r.inspected_on) for r in inspections_in(store, "2024-06")] == [
            (saved, SCHOOL, date(2024, 6, 10))
        ]
        [found] = complaints_in(store, "2024")
        assert (found.union_id, found.resolved_on, found.within_authority) == (
            unions[FISHERY],
            date(2024, 4, 2),
            True,
        )
        assert GARMENT not in [name for _, name in live_unions(store, date(2024, 6, 30))]
        nine = {t.code: t for t in progress_for(store, "2024-06").targets}
        assert (nine["9c"].year_to_date, nine["9e"].year_to_date) == (33.3, 100.0)
        delete_inspection(store, saved)
        delete_complaint(store, complaint)
        assert inspections_in(store, "2024-06") == [] and complaints_in(store, "2024") == []
        with store.reading() as con:
            said = [
                detail
                for (detail,) in con.execute(
                    text("SELECT detail FROM audit_event WHERE detail LIKE :what ORDER BY id"),
                    {"what": f"kiểm tra {saved}%"},
                )
            ]
        assert said == [
            f"kiểm tra {saved}: thêm Kiểm tra tài chính (Kiểm tra CĐCS) 10/06/2024",
            f"kiểm tra {saved}: xóa Kiểm tra tài chính 10/06/2024",
        ]
