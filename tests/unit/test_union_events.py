"""Ratings by year (and targets 6b, 6c following them), dissolution refused while members remain
or done with their transfer, and a dissolution taken back."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.services.member_events import history, undo_last_event
from desktop.services.progress import progress_for
from desktop.services.union_events import (
    active_members,
    clear_rating,
    dissolve_problems,
    dissolve_union,
    rating_problems,
    reopen_union,
    set_rating,
)
from desktop.services.unions import HistoryItem, get_union, union_detail
from desktop.store import shared
from tests.unit._unions_fixture import TODAY, district_copy


@pytest.fixture
def district(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    return district_copy(tmp_path)


def _targets(db: Path, period: str = "2024-12") -> dict[str, float | None]:
    return {t.code: t.year_to_date for t in progress_for(shared(db), period).targets}


def test_a_rating_set_and_changed_moves_targets_6b_and_6c(district) -> None:  # type: ignore[no-untyped-def]
    db, ids = district
    # State: the school excellent, Tân Xuân unrated → 1/2. Non-state working at year end:
    # Đông Hải good, the trade union completed, the cooperative unrated → 1/3.
    assert (_targets(db)["6b"], _targets(db)["6c"]) == (50.0, 33.3)
    set_rating(shared(db), ids["commune"], 2024, "good", date(2024, 12, 22), today=TODAY)
    assert _targets(db)["6b"] == 100.0
    set_rating(shared(db), ids["commune"], 2024, "completed", date(2024, 12, 23), today=TODAY)
    assert _targets(db)["6b"] == 50.0
    set_rating(shared(db), ids["trade"], 2024, "excellent", date(2024, 12, 22), today=TODAY)
    assert _targets(db)["6c"] == 66.7
    clear_rating(shared(db), ids["trade"], 2024)
    assert _targets(db)["6c"] == 33.3
    with sqlite3.connect(db) as con:
        rows = con.execute(
            "SELECT rating, deleted_at IS NOT NULL FROM union_rating WHERE union_id = ? "
            "AND year = 2024 ORDER BY created_at",
            (ids["commune"],),
        ).fetchall()
        audit = [
            r[0]
            for r in con.execute(
                "SELECT detail FROM audit_event WHERE detail LIKE ? ORDER BY id",
                (f"CĐCS {ids['commune']}:%",),
            )
        ]
    assert rows == [("completed", 0)]  # changed in place: one live rating per union and year
    assert audit == [
        f"CĐCS {ids['commune']}: xếp loại năm 2024 Hoàn thành tốt nhiệm vụ",
        f"CĐCS {ids['commune']}: xếp loại năm 2024 Hoàn thành nhiệm vụ "
        "(trước: Hoàn thành tốt nhiệm vụ)",
    ]


def test_a_rating_decided_after_the_period_counts_from_its_date(district) -> None:  # type: ignore[no-untyped-def]
    db, ids = district
    set_rating(shared(db), ids["commune"], 2024, "good", date(2024, 12, 22), today=TODAY)
    assert _targets(db, "2024-11")["6b"] == 0.0  # the school's 2024 rating is of 20/12 too
    assert _targets(db, "2024-12")["6b"] == 100.0


@pytest.mark.parametrize(
    ("key", "year", "rating", "rated_on", "found"),
    [
        ("school", 2024, "best", date(2024, 12, 1), {
            "rating": "Xếp loại: chọn hoàn thành xuất sắc, hoàn thành tốt, hoàn thành hoặc không "
            "hoàn thành nhiệm vụ."
        }),
        ("school", 2025, "good", date(2024, 12, 1), {
            "year": "Năm xếp loại: năm 2025 chưa kết thúc đánh giá; hôm nay là 31/12/2024."
        }),
        ("fishery", 2023, "good", date(2023, 12, 1), {
            "year": "Năm xếp loại: CĐCS Công ty TNHH Thủy sản Đông Hải thành lập ngày "
            "10/02/2024, sau năm 2023."
        }),
        ("garment", 2025, "good", date(2024, 12, 1), {
            "year": "Năm xếp loại: năm 2025 chưa kết thúc đánh giá; hôm nay là 31/12/2024."
        }),
        ("school", 2024, "good", None, {"rated_on": "Ngày xếp loại: nhập ngày (dd/mm/yyyy)."}),
        ("school", 2024, "good", date(2025, 1, 5), {
            "rated_on": "Ngày xếp loại 05/01/2025 ở tương lai; hôm nay là 31/12/2024."
        }),
        ("school", 2024, "good", date(2023, 12, 30), {
            "rated_on": "Ngày xếp loại 30/12/2023 trước năm được xếp loại (2024)."
        }),
    ],
)  # fmt: skip
def test_each_rating_problem(district, key, year, rating, rated_on, found) -> None:  # type: ignore[no-untyped-def]
    db, ids = district
    assert rating_problems(shared(db), ids[key], year, rating, rated_on, today=TODAY) == found
    with pytest.raises(UserError):
        set_rating(shared(db), ids[key], year, rating, rated_on, today=TODAY)


def test_a_dissolved_union_is_not_rated_for_the_years_after(district) -> None:  # type: ignore[no-untyped-def]
    db, ids = district
    found = rating_problems(
        shared(db), ids["garment"], 2025, "good", date(2025, 1, 2), date(2025, 2, 1)
    )
    assert found == {
        "year": "Năm xếp loại: CĐCS Công ty TNHH May Phú Lễ đã giải thể ngày 31/05/2024, "
        "trước năm 2025."
    }


def test_dissolving_with_active_members_is_refused_naming_how_many(district) -> None:  # type: ignore[no-untyped-def]
    db, ids = district
    assert active_members(shared(db), ids["school"]) == 3
    found = dissolve_problems(
        shared(db), ids["school"], date(2024, 12, 1), "Sáp nhập trường", today=TODAY
    )
    assert found == {
        "transfer_to": "CĐCS Trường Tiểu học An Hòa Tây còn 3 đoàn viên đang sinh hoạt: chọn công "
        "đoàn cơ sở nhận chuyển sinh hoạt cả 3 người, hoặc ghi chuyển đi, ra khỏi tổ chức cho "
        "từng người trên màn hình Đoàn viên rồi giải thể."
    }
    with pytest.raises(UserError, match="còn 3 đoàn viên đang sinh hoạt"):
        dissolve_union(shared(db), ids["school"], date(2024, 12, 1), "Sáp nhập trường", today=TODAY)
    union = get_union(shared(db), ids["school"])
    assert union is not None and union.dissolved_on is None and union.members == 3


@pytest.mark.parametrize(
    ("on", "reason", "to", "found"),
    [
        (None, "Giải thể", "commune", {"dissolved_on": "Ngày giải thể: nhập ngày (dd/mm/yyyy)."}),
        (date(2025, 1, 1), "Giải thể", "commune", {
            "dissolved_on": "Ngày giải thể 01/01/2025 ở tương lai; hôm nay là 31/12/2024."
        }),
        (date(2005, 8, 1), "Giải thể", "commune", {
            "dissolved_on": "Ngày giải thể 01/08/2005 trước ngày thành lập 01/09/2005."
        }),
        (date(2024, 2, 1), "Giải thể", "commune", {
            "dissolved_on": "Ngày giải thể 01/02/2024 trước biến động ngày 01/03/2024 của đoàn "
            "viên Đỗ Văn Tâm; chọn ngày giải thể từ 01/03/2024 trở đi."
        }),
        (date(2024, 12, 1), " ", "commune", {
            "reason": "Lý do giải thể: ghi lý do, ví dụ «Doanh nghiệp chấm dứt hoạt động» hoặc "
            "«Sáp nhập vào CĐCS …»."
        }),
        (date(2024, 12, 1), "Sáp nhập", "school", {
            "transfer_to": "CĐCS nhận đoàn viên: chọn một công đoàn cơ sở khác."
        }),
        (date(2024, 12, 1), "Sáp nhập", "garment", {
            "transfer_to": "CĐCS nhận đoàn viên: CĐCS Công ty TNHH May Phú Lễ không hoạt động vào "
            "ngày 01/12/2024; chọn công đoàn cơ sở đang hoạt động."
        }),
        (date(2024, 1, 10), "Sáp nhập", "fishery", {
            "dissolved_on": "Ngày giải thể 10/01/2024 trước biến động ngày 01/03/2024 của đoàn "
            "viên Đỗ Văn Tâm; chọn ngày giải thể từ 01/03/2024 trở đi.",
        }),
    ],
)  # fmt: skip
def test_each_dissolve_problem(district, on, reason, to, found) -> None:  # type: ignore[no-untyped-def]
    db, ids = district
    assert dissolve_problems(shared(db), ids["school"], on, reason, ids[to], today=TODAY) == found


def test_a_receiving_union_founded_after_the_date_is_refused(district) -> None:  # type: ignore[no-untyped-def]
    db, ids = district
    found = dissolve_problems(
        shared(db), ids["trade"], date(2023, 12, 1), "Sáp nhập", ids["fishery"], TODAY
    )
    assert found == {
        "transfer_to": "CĐCS nhận đoàn viên: CĐCS Công ty TNHH Thủy sản Đông Hải không hoạt động "
        "vào ngày 01/12/2023; chọn công đoàn cơ sở đang hoạt động."
    }


def test_dissolving_with_a_transfer_moves_every_active_member_the_same_day(district) -> None:  # type: ignore[no-untyped-def]
    db, ids = district
    done = dissolve_union(
        shared(db), ids["school"], date(2024, 12, 1), "Sáp nhập trường", ids["commune"], today=TODAY
    )
    assert (done.transferred, done.to_union) == (3, "CĐCS Ủy ban nhân dân xã Tân Xuân")
    school, commune = get_union(shared(db), ids["school"]), get_union(shared(db), ids["commune"])
    assert school is not None and commune is not None
    assert (school.dissolved_on, school.dissolved_reason, school.members) == (
        date(2024, 12, 1),
        "Sáp nhập trường",
        0,
    )
    assert commune.members == 5
    last = history(shared(db), ids["Trần Thị Hòa"])[-1]
    assert (last.label, last.event_date, last.from_union, last.to_union, last.reason) == (
        "Chuyển sinh hoạt",
        date(2024, 12, 1),
        "CĐCS Trường Tiểu học An Hòa Tây",
        "CĐCS Ủy ban nhân dân xã Tân Xuân",
        "CĐCS Trường Tiểu học An Hòa Tây giải thể: Sáp nhập trường",
    )
    assert (
        history(shared(db), ids["Đỗ Văn Tâm"])[-1].label == "Ra khỏi tổ chức"
    )  # left before: untouched
    detail = union_detail(shared(db), ids["school"])
    assert detail is not None
    assert HistoryItem(date(2024, 12, 1), "Giải thể: Sáp nhập trường") in detail.history
    # The school no longer counts among the state unions: Tân Xuân alone, unrated.
    assert _targets(db)["6b"] == 0.0
    with pytest.raises(UserError, match="đã giải thể ngày 01/12/2024"):
        dissolve_union(shared(db), ids["school"], date(2024, 12, 2), "Lần nữa", today=TODAY)


def test_a_union_without_members_dissolves_without_a_receiver(district) -> None:  # type: ignore[no-untyped-def]
    db, ids = district
    done = dissolve_union(shared(db), ids["coop"], date(2024, 10, 1), "HTX giải thể", today=TODAY)
    assert (done.transferred, done.to_union) == (0, "")
    with sqlite3.connect(db) as con:
        audit = con.execute("SELECT detail FROM audit_event ORDER BY id DESC").fetchone()[0]
    assert audit == f"CĐCS {ids['coop']}: giải thể ngày 01/10/2024 (HTX giải thể)"


def test_a_dissolution_is_taken_back_unless_the_name_was_reused(district) -> None:  # type: ignore[no-untyped-def]
    db, ids = district
    reopen_union(shared(db), ids["garment"])
    union = get_union(shared(db), ids["garment"])
    assert union is not None and (union.dissolved_on, union.dissolved_reason) == (None, "")
    with pytest.raises(UserError, match="đang hoạt động; không có quyết định giải thể"):
        reopen_union(shared(db), ids["garment"])
    dissolve_union(shared(db), ids["garment"], date(2024, 6, 1), "Chấm dứt hoạt động", today=TODAY)
    with sqlite3.connect(db) as con:
        con.execute(
            "UPDATE grassroots_union SET name = 'CĐCS Công ty TNHH May Phú Lễ' WHERE id = ?",
            (ids["coop"],),
        )
    with pytest.raises(UserError, match="đã dùng cho «CĐCS Công ty TNHH May Phú Lễ»"):
        reopen_union(shared(db), ids["garment"])


def test_a_transfer_made_by_the_dissolution_is_undone_only_once_the_union_is_back(district) -> None:  # type: ignore[no-untyped-def]
    db, ids = district
    dissolve_union(
        shared(db), ids["school"], date(2024, 12, 1), "Sáp nhập", ids["commune"], today=TODAY
    )
    with pytest.raises(UserError, match="công đoàn cơ sở trước đó đã giải thể"):
        undo_last_event(shared(db), ids["Trần Thị Hòa"])
    reopen_union(shared(db), ids["school"])
    undone = undo_last_event(shared(db), ids["Trần Thị Hòa"])
    assert undone.label == "Chuyển sinh hoạt"
    school = get_union(shared(db), ids["school"])
    assert school is not None and school.members == 1
