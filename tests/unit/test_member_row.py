"""One builder of a member's stored values: what the member form stores, the import, the demo
district and the builder itself agree on, for names typed every way offices type them."""

from __future__ import annotations

import sqlite3
import unicodedata
from datetime import date
from pathlib import Path

from desktop.models.member_row import member_values, name_columns
from desktop.services.member_form import MemberInput, save_member
from desktop.store import shared
from tests.unit._import_fixtures import TODAY, office_with_unions, run_import

# As typed: decomposed tone marks, a non-breaking space, doubled and trailing spaces, lower case.
TYPED = [
    unicodedata.normalize("NFD", "Nguyễn Thị Hoà"),
    "  Trần\u00a0Văn   Đức ",
    "lê thị ánh",
    "Phạm Thị Thuỷ",
]
COLUMNS = (
    "full_name, name_key, sort_key, union_id, gender, birth_date, citizen_id, card_number, phone, "
    "ethnicity, job_title, joined_on, status, household_status, party_introduced_on, "
    "smartca_installed_on, note"
)


def _stored(db: Path, where: str, *params: object) -> dict[str, object]:
    with sqlite3.connect(db) as con:
        con.row_factory = sqlite3.Row
        row = con.execute(f"SELECT {COLUMNS} FROM member WHERE {where}", params).fetchone()
    return dict(row)


def _union(db: Path) -> str:
    with sqlite3.connect(db) as con:
        return con.execute(
            "SELECT id FROM grassroots_union WHERE name = 'CĐCS Trường Tiểu học An Đức'"
        ).fetchone()[0]


def test_the_builder_stores_what_the_member_form_stores(tmp_path: Path) -> None:
    db = office_with_unions(tmp_path)
    union = _union(db)
    for number, typed in enumerate(TYPED):
        given = {
            "full_name": typed,
            "gender": "female",
            "union_id": union,
            "birth_date": date(1985, 4, 5),
            "citizen_id": f" 083 185.00{number:04d} ",
            "card_number": "  CĐ  0012 ",
            "phone": " 0912 345 678 ",
            "ethnicity": "  ",
            "job_title": " Giáo   viên ",
            "joined_on": date(2010, 3, 12),
            "note": "  ghi chú \n",
        }
        member_id = save_member(shared(db), MemberInput(**given), today=TODAY)
        built = member_values(**given)
        stored = _stored(db, "id = ?", member_id)
        assert stored == {
            k: v.isoformat() if isinstance(v, date) else v for k, v in built.items()
        }, typed


def test_keys_are_those_of_the_name_as_stored() -> None:
    assert name_columns(TYPED[1]) == {
        "full_name": "Trần Văn Đức",
        "name_key": "tran van duc",
        "sort_key": name_columns("Trần Văn Đức")["sort_key"],
    }
    # One name however its tone marks were typed: the same keys, so search and sort agree.
    assert name_columns(TYPED[0]) == name_columns("Nguyễn Thị Hoà")
    assert name_columns(TYPED[0])["full_name"] == unicodedata.normalize("NFC", "Nguyễn Thị Hoà")


def test_an_imported_member_has_the_keys_the_form_gives(tmp_path: Path) -> None:
    from desktop.importer.plan import ImportRequest

    db = office_with_unions(tmp_path)
    union = _union(db)
    sheet = tmp_path / "ds.csv"
    sheet.write_text(
        "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Ngày vào công đoàn,Công đoàn cơ sở\n"
        f"{TYPED[1]},Nam,05/04/1985,083085001234,12/03/2010,Trường Tiểu học An Đức\n",
        encoding="utf-8",
    )
    run_import(db, ImportRequest("members", sheet, today=TODAY))
    typed = MemberInput(
        full_name=TYPED[1],
        gender="male",
        union_id=union,
        birth_date=date(1985, 4, 5),
        citizen_id="083085009999",
        joined_on=date(2010, 3, 12),
    )
    by_form = _stored(db, "id = ?", save_member(shared(db), typed, today=TODAY))
    by_import = _stored(db, "citizen_id = '083085001234'")
    keys = ("full_name", "name_key", "sort_key")
    assert [by_import[k] for k in keys] == [by_form[k] for k in keys]
    assert by_import["full_name"] == "Trần Văn Đức"
