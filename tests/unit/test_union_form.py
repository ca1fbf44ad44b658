"""The grassroots-union form's checks, field by field, written out as staff will read them; saving
a union; a chair change kept in the history; target 5 reading the chair's dates."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.services.progress import progress_for
from desktop.services.union_form import UnionInput, save_union, union_problems
from desktop.services.unions import get_union, union_detail
from desktop.store import shared
from tests.unit._unions_fixture import TODAY, district_copy


@pytest.fixture
def district(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    return district_copy(tmp_path)


def _new(**changes: object) -> UnionInput:
    data = UnionInput(
        name="CĐCS Công ty TNHH Giày da Mỹ Nhơn",
        sector="non_state",
        employer_type="private_enterprise",
        commune_code="29134",
        workforce_total=150,
        workforce_women=90,
        founded_on=date(2024, 10, 1),
        chair_name="Phan Thị Bích",
        chair_elected_on=date(2024, 10, 1),
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def _problems(db: Path, union_id: str | None = None, **changes: object) -> dict[str, str]:
    return union_problems(shared(db), _new(**changes), union_id, today=TODAY)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"name": "  "},
            "name",
            "Tên công đoàn cơ sở: nhập tên, ví dụ «Công đoàn cơ sở Trường Tiểu học An Hòa».",
        ),
        (
            {"name": "cđcs công ty tnhh thuy san dong hai"},
            "name",
            "Tên công đoàn cơ sở «cđcs công ty tnhh thuy san dong hai» trùng với «CĐCS Công ty "
            "TNHH Thủy sản Đông Hải» đang hoạt động (không phân biệt hoa thường, dấu, chữ «CĐCS» ở "
            "đầu): thêm tên xã hoặc số thứ tự để phân biệt.",
        ),
        (
            # Lists and the import leave the prefix out: the two would read as one union.
            {"name": "Công ty TNHH Thủy sản Đông Hải"},
            "name",
            "Tên công đoàn cơ sở «Công ty TNHH Thủy sản Đông Hải» trùng với «CĐCS Công ty TNHH Thủy "
            "sản Đông Hải» đang hoạt động (không phân biệt hoa thường, dấu, chữ «CĐCS» ở đầu): thêm "
            "tên xã hoặc số thứ tự để phân biệt.",
        ),
        ({"sector": ""}, "sector", "Khu vực: chọn khu vực nhà nước hoặc ngoài nhà nước."),
        (
            {"sector": "state"},
            "sector",
            "Khu vực: Doanh nghiệp tư nhân thuộc khu vực ngoài nhà nước; chọn lại khu vực.",
        ),
        (
            {"employer_type": "agency", "sector": "non_state"},
            "sector",
            "Khu vực: Cơ quan hành chính thuộc khu vực nhà nước; chọn lại khu vực.",
        ),
        (
            {"kind": "trade_based"},
            "employer_type",
            "Loại hình đơn vị: nghiệp đoàn tập hợp người lao động tự do; chọn «Lao động tự do "
            "(nghiệp đoàn)».",
        ),
        (
            {"employer_type": "trade"},
            "kind",
            "Hình thức: người lao động tự do tập hợp trong nghiệp đoàn; chọn hình thức "
            "«Nghiệp đoàn».",
        ),
        (
            {"commune_code": ""},
            "commune_code",
            "Xã, phường: chọn nơi đơn vị đặt trụ sở (tỉnh Vĩnh Long).",
        ),
        (
            {"commune_code": "00004"},  # Phường Ba Đình, Hà Nội: another province
            "commune_code",
            "Xã, phường: mã «00004» không thuộc tỉnh Vĩnh Long; chọn một xã, phường trong "
            "danh sách.",
        ),
        (
            {"workforce_women": 151},
            "workforce_women",
            "Lao động nữ: 151 người, nhiều hơn tổng số lao động (150 người).",
        ),
        (
            {"workforce_total": -1, "workforce_women": 0},
            "workforce_total",
            "Tổng số lao động: số lao động không được âm.",
        ),
        ({"founded_on": None}, "founded_on", "Ngày thành lập: nhập ngày (dd/mm/yyyy)."),
        (
            {"founded_on": date(2025, 1, 2), "chair_elected_on": None, "chair_name": ""},
            "founded_on",
            "Ngày thành lập 02/01/2025 ở tương lai; hôm nay là 31/12/2024.",
        ),
        (
            {"founded_on": date(1929, 1, 1), "chair_elected_on": None, "chair_name": ""},
            "founded_on",
            "Ngày thành lập 01/01/1929 trước ngày thành lập Công đoàn Việt Nam (28/07/1929); "
            "kiểm tra lại năm.",
        ),
        (
            {"chair_elected_on": date(2024, 9, 30)},
            "chair_elected_on",
            "Ngày bầu chủ tịch 30/09/2024 trước ngày thành lập công đoàn cơ sở 01/10/2024.",
        ),
        (
            {"chair_reelected": True, "chair_elected_on": None},
            "chair_reelected",
            "Tái cử: nhập ngày bầu lại chủ tịch.",
        ),
        (
            {"chair_trained_on": date(2024, 11, 1), "chair_elected_on": None},
            "chair_trained_on",
            "Ngày bồi dưỡng chủ tịch: nhập ngày bầu chủ tịch trước (chỉ tiêu 5 tính chủ tịch bầu "
            "mới được bồi dưỡng).",
        ),
        (
            {"chair_name": ""},
            "chair_name",
            "Chủ tịch: nhập họ và tên chủ tịch đã bầu ngày 01/10/2024.",
        ),
        (
            {"chair_name": "Bích"},
            "chair_name",
            "Chủ tịch: «Bích»: nhập đủ họ và tên (ít nhất hai chữ).",
        ),
        (
            {"phone": "0275 38"},
            "phone",
            "Số điện thoại «0275 38» cần 10 chữ số (di động) hoặc 11 chữ số (cố định), ví dụ "
            "0913 456 789 hoặc +84 913 456 789.",
        ),
    ],
)
def test_each_problem_is_named_beside_its_field(
    district,  # type: ignore[no-untyped-def]
    changes: dict[str, object],
    field: str,
    message: str,
) -> None:
    db, _ = district
    found = _problems(db, **changes)
    assert found == {field: message}


def test_a_right_form_has_no_problem_and_a_dissolved_name_may_be_reused(district) -> None:  # type: ignore[no-untyped-def]
    db, _ = district
    assert _problems(db) == {}
    # Since 01/7/2025 the office's area is Tỉnh Vĩnh Long: Xã Quới Điền (29191, of Thạnh Phú
    # before) is one of its communes, as is a ward of what was Tỉnh Trà Vinh (Phường Trà Vinh).
    assert _problems(db, commune_code="29191") == {}
    assert _problems(db, commune_code="29242") == {}
    # A training before the election counts for that term (target 5): nothing to fix.
    assert (
        _problems(db, chair_trained_on=date(2024, 9, 1), chair_elected_on=date(2024, 10, 1)) == {}
    )
    assert _problems(db, name="CĐCS Công ty TNHH May Phú Lễ") == {}  # dissolved on 31/05/2024


def test_editing_checks_dates_against_the_dissolution_and_workforce_against_members(
    district,  # type: ignore[no-untyped-def]
) -> None:
    db, ids = district
    garment = get_union(shared(db), ids["garment"])
    assert garment is not None
    data = _new(
        name=garment.name,
        commune_code=garment.commune_code,
        founded_on=date(2024, 6, 1),
        chair_name="",
        chair_elected_on=None,
    )
    assert union_problems(shared(db), data, ids["garment"], today=TODAY) == {
        "founded_on": "Ngày thành lập 01/06/2024 sau ngày giải thể 31/05/2024."
    }
    school = _new(name="CĐCS Trường Tiểu học An Hòa Tây", sector="state", employer_type="school")
    school.workforce_total, school.workforce_women = 2, 1
    school.founded_on, school.chair_elected_on = date(2005, 9, 1), date(2023, 4, 10)
    assert union_problems(shared(db), school, ids["school"], today=TODAY) == {
        "workforce_total": "Tổng số lao động: 2 người, ít hơn số đoàn viên đang sinh hoạt "
        "(3 người); kiểm tra lại số lao động."
    }


def test_save_refuses_with_every_problem_and_keeps_the_data(district) -> None:  # type: ignore[no-untyped-def]
    db, _ = district
    with pytest.raises(UserError) as refused:
        save_union(shared(db), _new(name="", workforce_women=200), today=TODAY)
    assert "Tên công đoàn cơ sở: nhập tên" in refused.value.message
    assert "Lao động nữ: 200 người" in refused.value.message
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT COUNT(*) FROM grassroots_union").fetchone()[0] == 6


def test_a_new_union_is_saved_clean_folded_audited_and_counted_by_target_3(district) -> None:  # type: ignore[no-untyped-def]
    db, _ = district
    before = {t.code: t for t in progress_for(shared(db), "2024-12").targets}
    union_id = save_union(
        shared(db),
        _new(name="  CĐCS Công ty TNHH  Giày da Mỹ Nhơn ", phone="0275 3861 234"),
        today=TODAY,
    )
    saved = get_union(shared(db), union_id)
    assert saved is not None
    assert (saved.name, saved.commune_name, saved.phone) == (
        "CĐCS Công ty TNHH Giày da Mỹ Nhơn",
        "Xã Mỹ Chánh Hoà",  # Xã Mỹ Nhơn (29134) went to it on 01/7/2025
        "0275 3861 234",
    )
    with sqlite3.connect(db) as con:
        key = con.execute("SELECT name_key FROM grassroots_union WHERE id = ?", (union_id,))
        assert key.fetchone()[0] == "cdcs cong ty tnhh giay da my nhon"
        audit = con.execute("SELECT action, detail FROM audit_event ORDER BY id DESC").fetchone()
    assert audit == ("edit", f"CĐCS {union_id}: thêm CĐCS Công ty TNHH Giày da Mỹ Nhơn")
    after = {t.code: t for t in progress_for(shared(db), "2024-12").targets}
    assert (before["3a"].year_to_date, after["3a"].year_to_date) == (1, 2)
    assert (before["3b"].year_to_date, after["3b"].year_to_date) == (1, 2)
    # Elected in October without training yet: 1 of the 3 chairs elected in 2024 is trained.
    assert (before["5"].year_to_date, after["5"].year_to_date) == (50.0, 33.3)


def test_training_the_chair_moves_target_5_and_a_new_chair_keeps_the_old_in_history(
    district,  # type: ignore[no-untyped-def]
) -> None:
    db, ids = district
    commune = _new(
        name="CĐCS Ủy ban nhân dân xã Tân Xuân",
        sector="state",
        employer_type="agency",
        commune_code="29119",
        workforce_total=25,
        workforce_women=10,
        founded_on=date(2001, 3, 1),
        chair_name="Lê Văn Hùng",
        chair_elected_on=date(2024, 2, 15),
        chair_trained_on=date(2024, 3, 1),
    )
    save_union(shared(db), commune, ids["commune"], today=TODAY)
    target = next(t for t in progress_for(shared(db), "2024-12").targets if t.code == "5")
    assert target.year_to_date == 100.0  # Hùng and Thủy, both trained
    commune.chair_name = "Trương Thị Kim"
    commune.chair_elected_on = date(2024, 11, 5)
    commune.chair_trained_on = None
    save_union(shared(db), commune, ids["commune"], today=TODAY)
    detail = union_detail(shared(db), ids["commune"])
    assert detail is not None
    assert [(h.on, h.text) for h in detail.history] == [
        (date(2001, 3, 1), "Thành lập"),
        (date(2023, 12, 20), "Xếp loại năm 2023: Hoàn thành nhiệm vụ"),
        (date(2024, 2, 15), "Bầu chủ tịch Lê Văn Hùng (nhiệm kỳ trước)"),
        (date(2024, 11, 5), "Bầu chủ tịch Trương Thị Kim"),
    ]
    target = next(t for t in progress_for(shared(db), "2024-12").targets if t.code == "5")
    assert target.year_to_date == 50.0  # Kim not trained yet, Thủy trained


def test_editing_a_union_that_was_deleted_meanwhile_is_refused(district) -> None:  # type: ignore[no-untyped-def]
    db, ids = district
    with sqlite3.connect(db) as con:
        con.execute(
            "UPDATE grassroots_union SET deleted_at = '2024-12-01' WHERE id = ?", (ids["coop"],)
        )
    with pytest.raises(UserError, match="không còn trong cơ sở dữ liệu"):
        save_union(shared(db), _new(), ids["coop"], today=TODAY)
