"""Migration 0011: the chairs an earlier release kept in the audit text become chair_term rows,
and the union's history shows the same chairs, on the same days, as it did before."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from desktop.services.unions import union_detail
from desktop.store import Store

FROZEN = Path(__file__).resolve().parent.parent / "fixtures" / "schema"
SCHOOL = "00000000-0000-4000-8000-000000000011"
GARMENT = "00000000-0000-4000-8000-000000000012"
GONE = "00000000-0000-4000-8000-0000000000ff"


def test_earlier_chairs_in_the_audit_text_become_terms_and_show_as_before(tmp_path: Path) -> None:
    path = tmp_path / "previous.sqlite"
    with sqlite3.connect(path) as con:
        con.executescript((FROZEN / "0006_safety.sql").read_text(encoding="utf-8"))
        con.execute(
            "UPDATE grassroots_union SET chair_name = 'Lê Văn Cường', chair_elected_on = "
            "'2024-03-02', chair_trained_on = '2024-05-20' WHERE id = ?",
            (SCHOOL,),
        )
        con.executemany(
            "INSERT INTO audit_event (at, actor, action, detail, record_table, record_id, "
            "changes, prev_hash, entry_hash) VALUES (?, 'lan', ?, ?, '', '', '', '', '')",
            [
                (
                    "2021-07-01 02:00:00",
                    "edit",
                    f"CĐCS {SCHOOL}: thay chủ tịch Nguyễn Văn Ba (bầu ngày 12/05/2016) bằng "
                    "Phạm Thị Tư",
                ),
                (
                    "2024-03-05 03:00:00.250000",
                    "edit",
                    f"CĐCS {SCHOOL}: thay chủ tịch Phạm Thị Tư (bầu ngày chưa ghi) bằng "
                    "Lê Văn Cường",
                ),
                ("2024-03-06 03:00:00", "edit", f"CĐCS {GARMENT}: sửa Công đoàn May Thủy Hòa"),
                (
                    "2024-03-07 03:00:00",
                    "edit",
                    f"CĐCS {GONE}: thay chủ tịch A B (bầu ngày chưa ghi) bằng C D",
                ),
                ("2024-03-08 03:00:00", "view", f"CĐCS {SCHOOL}: thay chủ tịch lạ"),
            ],
        )
    con.close()
    store = Store(path)  # upgrades the file
    try:
        with store.reading() as con:
            from sqlalchemy import text

            terms = con.execute(
                text(
                    "SELECT union_id, chair_name, elected_on, trained_on, reelected, ended_on, "
                    "unit_code FROM chair_term ORDER BY ended_on IS NULL, ended_on"
                )
            ).all()
        school = union_detail(store, SCHOOL)
        garment = union_detail(store, GARMENT)
    finally:
        store.close()
    assert [tuple(t) for t in terms] == [
        (SCHOOL, "Nguyễn Văn Ba", "2016-05-12", None, 0, "2021-07-01", ""),
        (SCHOOL, "Phạm Thị Tư", None, None, 0, "2024-03-05", ""),
        (SCHOOL, "Lê Văn Cường", "2024-03-02", "2024-05-20", 0, None, ""),
    ]
    # As the release before showed it: an earlier chair on its election day, or on the day it
    # was replaced when its election was not recorded; the sitting chair's election and training.
    assert school is not None and garment is not None
    chairs = [(h.on, h.text) for h in school.history if not h.text.startswith("Xếp loại")]
    assert chairs == [
        (date(2001, 9, 5), "Thành lập"),
        (date(2016, 5, 12), "Bầu chủ tịch Nguyễn Văn Ba (nhiệm kỳ trước)"),
        (date(2024, 3, 2), "Bầu chủ tịch Lê Văn Cường"),
        (date(2024, 3, 5), "Bầu chủ tịch Phạm Thị Tư (nhiệm kỳ trước)"),
        (date(2024, 5, 20), "Chủ tịch Lê Văn Cường được bồi dưỡng nghiệp vụ"),
    ]
    assert [h.text for h in garment.history if "chủ tịch" in h.text] == []
