"""An entered percentage (1a, 1b) is entered as its two counts, people reached and people in
scope, on an office's SQLite file and on a PostgreSQL database alike: the counts are kept, the
value is their quotient, bad counts are refused naming the target and the field, and an entry
kept without counts is read back marked as such."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text

from desktop.errors import UserError
from desktop.programme.entered_values import (
    WITHOUT_COUNTS,
    EnteredFigure,
    check_counts,
    count_fields,
)
from desktop.services.office import init_office
from desktop.services.progress import progress_for
from desktop.services.targets import entered_figures, set_entry, set_entry_counts
from desktop.store import Store


@pytest.fixture
def store(db_target: str) -> Iterator[Store]:
    db = Store(db_target)
    init_office(db, role="district", unit_code="LDLD-BT", unit_name="LĐLĐ huyện Ba Tri")
    yield db
    db.close()


def _entries(store: Store) -> list[tuple[object, ...]]:
    with store.reading() as con:
        return [
            tuple(r)
            for r in con.execute(
                text(
                    "SELECT t.code, e.unit_code, e.period, e.value, e.numerator, e.denominator, "
                    "e.deleted_at IS NOT NULL FROM progress_entry e "
                    "JOIN target t ON t.id = e.target_id ORDER BY t.code, e.period, e.created_at"
                )
            )
        ]


def _trail(store: Store) -> list[str]:
    with store.reading() as con:
        return list(
            con.execute(
                text("SELECT detail FROM audit_event WHERE action = 'edit' ORDER BY id")
            ).scalars()
        )


def test_counts_are_kept_and_the_value_is_their_quotient(store: Store) -> None:
    assert set_entry_counts(store, "2024-06", "1a", "1.850", "2.000") == 92.5
    assert set_entry_counts(store, "2024-06", "1b", "2", "3") == 66.67
    assert _entries(store) == [
        ("1a", "LDLD-BT", "2024-06", 92.5, 1850.0, 2000.0, False),
        ("1b", "LDLD-BT", "2024-06", 66.67, 2.0, 3.0, False),
    ]
    one_a = next(t for t in progress_for(store, "2024-06").targets if t.code == "1a")
    assert (one_a.month, one_a.year_to_date) == (92.5, 92.5)
    # Typed again: the same row takes the new counts.
    assert set_entry_counts(store, "2024-06", "1a", "1900", "2000") == 95.0
    assert _entries(store)[0] == ("1a", "LDLD-BT", "2024-06", 95.0, 1900.0, 2000.0, False)
    # Both empty: the month's entry is cleared (a tombstone for the bundle).
    assert set_entry_counts(store, "2024-06", "1a", " ", "") is None
    assert _entries(store)[0] == ("1a", "LDLD-BT", "2024-06", 95.0, 1900.0, 2000.0, True)
    assert _trail(store) == [
        "kết quả 1a 2024-06 (1.850/2.000 người) = 92,5",
        "kết quả 1b 2024-06 (2/3 người) = 66,67",
        "kết quả 1a 2024-06 (1.900/2.000 người) = 95",
        "kết quả 1a 2024-06 = (xóa)",
    ]


@pytest.mark.parametrize(
    ("code", "reached", "in_scope", "says"),
    [
        (
            "1a",
            "2.100",
            "2.000",
            "Chỉ tiêu 1a: số người được tuyên truyền (2.100) lớn hơn tổng số trong phạm vi "
            "(2.000).",
        ),
        ("1a", "0", "0", "Chỉ tiêu 1a: tổng số trong phạm vi phải lớn hơn 0."),
        ("1b", "-5", "40", "Chỉ tiêu 1b: số người tham gia học tập không được âm (-5)."),
        ("1b", "12,5", "40", "Chỉ tiêu 1b: số người tham gia học tập phải là số nguyên (12,5)."),
        ("1a", "180", "2.00", "Chỉ tiêu 1a: tổng số trong phạm vi phải là số nguyên (2.00)."),
        (
            "1a",
            "90",
            "hai trăm",
            "Chỉ tiêu 1a: tổng số trong phạm vi «hai trăm» không phải là số; ghi số người, "
            "ví dụ 1.250.",
        ),
        (
            "1a",
            "",
            "200",
            "Chỉ tiêu 1a: chưa ghi số người được tuyên truyền; ghi cả hai số, hoặc để trống cả "
            "hai để xóa.",
        ),
        (
            "1a",
            "150",
            "",
            "Chỉ tiêu 1a: chưa ghi tổng số trong phạm vi; ghi cả hai số, hoặc để trống cả hai "
            "để xóa.",
        ),
        ("2a", "3", "4", "Chỉ tiêu 2a được tính từ hồ sơ, không nhập tay theo tháng."),
        ("12z", "3", "4", "Không có chỉ tiêu mã «12z» trong chương trình năm 2024."),
    ],
)
def test_bad_counts_are_refused_and_nothing_changes(
    store: Store, code: str, reached: str, in_scope: str, says: str
) -> None:
    set_entry_counts(store, "2024-06", "1a", "180", "200")
    set_entry_counts(store, "2024-06", "1b", "30", "40")
    before = _entries(store), _trail(store)
    with pytest.raises(UserError) as refused:
        set_entry_counts(store, "2024-06", code, reached, in_scope)
    assert refused.value.message == says
    assert (_entries(store), _trail(store)) == before


def test_a_percentage_without_counts_is_read_back_marked(store: Store) -> None:
    # An older entry (or one typed as a bare percentage) keeps no counts.
    set_entry(store, "2024-05", "1a", "87,5")
    set_entry_counts(store, "2024-06", "1a", "1.850", "2.000")
    set_entry(store, "2024-06", "1b", "79")
    figures = entered_figures(store, "2024-06")
    assert figures == {
        "1a": (
            EnteredFigure("1a", "percent", "2024-05", 87.5, None, None),
            EnteredFigure("1a", "percent", "2024-06", 92.5, 1850, 2000),
        ),
        "1b": (EnteredFigure("1b", "percent", "2024-06", 79.0, None, None),),
    }
    may, june = figures["1a"]
    assert may.text() == f"87,5 % ({WITHOUT_COUNTS})" == "87,5 % (nhập tỷ lệ, không kèm số người)"
    assert (may.with_counts, may.unmarked) == (False, False)
    assert june.text() == "1.850/2.000 người = 92,5 %"
    assert (june.with_counts, june.unmarked) == (True, True)
    # A bare percentage typed over counts drops them: they no longer make the value.
    set_entry(store, "2024-06", "1a", "90")
    assert _entries(store)[1] == ("1a", "LDLD-BT", "2024-06", 90.0, None, None, False)
    assert entered_figures(store, "2024-05")["1a"] == (may,)


def test_the_fields_are_named_after_the_target() -> None:
    assert count_fields("Đoàn viên, người lao động được tuyên truyền, phổ biến") == (
        "Số người được tuyên truyền",
        "Tổng số trong phạm vi",
    )
    assert count_fields("Người lao động tại các doanh nghiệp tham gia học tập nâng cao") == (
        "Số người tham gia học tập",
        "Tổng số trong phạm vi",
    )
    assert count_fields("Tỷ lệ khác") == ("Số người đạt", "Tổng số trong phạm vi")
    assert check_counts("1a", "tuyên truyền", "1.250", "1 300") == (1250, 1300)
    assert check_counts("1a", "tuyên truyền", "", "") is None


def test_the_monthly_report_prints_the_counts_or_the_mark(store: Store) -> None:
    from datetime import date

    from desktop.reports.catalogue import build_report
    from desktop.reports.content import Paragraph

    set_entry_counts(store, "2024-06", "1a", "1.850", "2.000")
    set_entry(store, "2024-06", "1b", "79")
    report = build_report("monthly-progress", store, "2024-06", issued_on=date(2024, 7, 3))
    texts = [b.text for b in report.blocks if isinstance(b, Paragraph)]
    assert (
        "Chỉ tiêu nhập theo tháng, tháng 6/2024: 1a — 1.850 người được tuyên truyền trên tổng "
        "số 2.000 người trong phạm vi (92,5 %); 1b — 79 % (nhập tỷ lệ, không kèm số người)."
    ) in texts
    # A month with nothing entered says nothing of it.
    july = build_report("monthly-progress", store, "2024-07", issued_on=date(2024, 8, 3))
    assert not [b for b in july.blocks if isinstance(b, Paragraph) and "nhập theo" in b.text]
