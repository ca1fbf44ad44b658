"""A form saves only over the record it showed: changed meanwhile by another window, a
command-line import in another process or a movement, the save is refused with what changed
it, the other change stays, and the form saves once it has read the record again."""

from __future__ import annotations

import getpass
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop.services.member_events import move_member
from desktop.services.member_form import MemberInput, open_member, save_member
from desktop.services.member_search import MemberRow
from desktop.services.prospect_status import change_status
from desktop.services.prospects import ProspectInput, get_prospect, list_prospects, save_prospect
from desktop.services.stale import StaleRecord
from desktop.services.union_form import UnionInput, save_union
from desktop.services.unions import UnionRow, get_union
from desktop.store import shared
from tests.unit._members_fixture import UNION_A, make_district
from tests.unit._unions_fixture import district_copy

HOA = "00000000-0000-4000-8000-000000000001"
IMPORT_CSV = (
    "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Ngày vào công đoàn,Công đoàn cơ sở,Điện thoại\n"
    "Trần Thị Hòa,Nữ,01/01/1990,083190000001,01/01/2015,Trường Tiểu học An Hòa,0913 222 333\n"
)


pytestmark = pytest.mark.usefixtures("vietnam_clock")  # the office reads times at UTC+7


@pytest.fixture
def district(tmp_path: Path) -> Path:
    return make_district(
        tmp_path / "d.sqlite",
        [("Trần Thị Hòa", "female", "083190000001"), ("Lê Thị Ánh", "female", "083190000004")],
    )


def _stamp(db: Path, table: str, record_id: str) -> str:
    """When the record last changed, as the office's clock reads it (UTC+7)."""
    with sqlite3.connect(db) as con:
        stored = con.execute(f"SELECT updated_at FROM {table} WHERE id = ?", (record_id,))
        changed = datetime.fromisoformat(stored.fetchone()[0])
    return (changed + timedelta(hours=7)).strftime("%H:%M %d/%m/%Y")


def _form(row: MemberRow, **changes: Any) -> MemberInput:
    data = MemberInput(
        full_name=row.full_name,
        gender=row.gender,
        union_id=row.union_id,
        birth_date=row.birth_date,
        citizen_id=row.citizen_id,
        card_number=row.card_number,
        phone=row.phone,
        ethnicity=row.ethnicity,
        job_title=row.job_title,
        joined_on=row.joined_on,
        household_status=row.household_status,
        note=row.note,
    )
    return replace(data, **changes)


def _member(db: Path) -> tuple[str, str, str]:
    with sqlite3.connect(db) as con:
        return con.execute(
            "SELECT phone, job_title, status FROM member WHERE id = ?", (HOA,)
        ).fetchone()


def test_a_command_line_import_in_another_process_is_never_undone(
    district: Path, tmp_path: Path
) -> None:
    opened = open_member(shared(district), HOA)
    assert opened is not None
    row, version = opened
    sheet = tmp_path / "cap-nhat.csv"
    sheet.write_text(IMPORT_CSV, encoding="utf-8")
    command = [sys.executable, "-m", "desktop", "import", "members", str(sheet)]
    done = subprocess.run(
        [*command, "--db", str(district), "--update"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert _member(district) == ("0913 222 333", "", "active")

    with pytest.raises(StaleRecord) as refused:
        save_member(shared(district), _form(row, job_title="Giáo viên"), HOA, version=version)
    assert refused.value.message == (
        f"Hồ sơ của Trần Thị Hòa đã được sửa lúc {_stamp(district, 'member', HOA)} "
        "(nhập từ bảng tính cap-nhat.csv) sau khi mở biểu mẫu. Tải lại để xem bản mới?"
    )
    assert _member(district) == ("0913 222 333", "", "active")  # the import's phone stays

    again = open_member(shared(district), HOA)
    assert again is not None and again[0].phone == "0913 222 333"
    save_member(shared(district), _form(again[0], job_title="Giáo viên"), HOA, version=again[1])
    assert _member(district) == ("0913 222 333", "Giáo viên", "active")


def test_two_windows_on_one_member_the_later_save_is_refused(
    district: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = open_member(shared(district), HOA), open_member(shared(district), HOA)
    assert first is not None and second is not None and first[1] == second[1]
    # The other window belongs to another login on this PC.
    with monkeypatch.context() as other_login:
        other_login.setattr(getpass, "getuser", lambda: "lan")
        save_member(shared(district), _form(first[0], phone="0988 111 222"), HOA, version=first[1])
    with pytest.raises(StaleRecord) as refused:
        save_member(shared(district), _form(second[0], job_title="Kế toán"), HOA, version=second[1])
    assert refused.value.message == (
        f"Hồ sơ của Trần Thị Hòa đã được sửa lúc {_stamp(district, 'member', HOA)} "
        "(sửa trên biểu mẫu ở cửa sổ khác, tài khoản lan) sau khi mở biểu mẫu. "
        "Tải lại để xem bản mới?"
    )
    assert _member(district) == ("0988 111 222", "", "active")


def test_a_movement_after_the_form_opened_is_named(district: Path) -> None:
    opened = open_member(shared(district), HOA)
    assert opened is not None
    move_member(shared(district), HOA, "left", date(2024, 6, 1), reason="Nghỉ việc")
    with pytest.raises(StaleRecord) as refused:
        save_member(
            shared(district), _form(opened[0], phone="0988 111 222"), HOA, version=opened[1]
        )
    assert refused.value.message == (
        f"Hồ sơ của Trần Thị Hòa đã được sửa lúc {_stamp(district, 'member', HOA)} "
        "(ra khỏi tổ chức 01/06/2024) sau khi mở biểu mẫu. Tải lại để xem bản mới?"
    )
    assert _member(district) == ("", "", "left")


def test_a_form_saved_twice_from_what_it_read_saves_once_then_asks(district: Path) -> None:
    opened = open_member(shared(district), HOA)
    assert opened is not None
    row, version = opened
    save_member(shared(district), _form(row, phone="0988 111 222"), HOA, version=version)
    with pytest.raises(StaleRecord):
        save_member(shared(district), _form(row, phone="0977 000 111"), HOA, version=version)
    assert _member(district)[0] == "0988 111 222"
    # A save with nothing changed keeps the version: a form open elsewhere is not stale by it.
    now = open_member(shared(district), HOA)
    assert now is not None
    save_member(shared(district), _form(now[0]), HOA, version=now[1])
    assert open_member(shared(district), HOA) == now
    assert open_member(shared(district), UNION_A) is None  # not a member


def _union_form(u: UnionRow, **changes: Any) -> UnionInput:
    data = UnionInput(
        name=u.name,
        sector=u.sector,
        employer_type=u.employer_type,
        commune_code=u.commune_code,
        kind=u.kind,
        address=u.address,
        phone=u.phone,
        workforce_total=u.workforce_total,
        workforce_women=u.workforce_women,
        founded_on=u.founded_on,
        chair_name=u.chair_name,
        chair_elected_on=u.chair_elected_on,
        chair_trained_on=u.chair_trained_on,
        note=u.note,
    )
    return replace(data, **changes)


def test_a_union_changed_by_an_import_or_another_window(tmp_path: Path) -> None:
    from desktop.importer.plan import ImportRequest
    from tests.unit._import_fixtures import run_import

    db, ids = district_copy(tmp_path)
    school = ids["school"]
    opened = get_union(shared(db), school)
    assert opened is not None and opened.version
    sheet = tmp_path / "cdcs.csv"
    sheet.write_text(
        "Tên công đoàn cơ sở,Tổng số lao động\nTrường Tiểu học An Hòa Tây,44\n", encoding="utf-8"
    )
    run_import(db, ImportRequest("unions", sheet, update_existing=True, today=date(2024, 12, 31)))
    with pytest.raises(StaleRecord) as refused:
        save_union(
            shared(db), _union_form(opened, phone="0275 3 861 234"), school, version=opened.version
        )
    assert refused.value.message == (
        "Thông tin của CĐCS Trường Tiểu học An Hòa Tây đã được sửa lúc "
        f"{_stamp(db, 'grassroots_union', school)} (nhập từ bảng tính cdcs.csv) sau khi mở biểu "
        "mẫu. Tải lại để xem bản mới?"
    )
    reread = get_union(shared(db), school)
    assert reread is not None and (reread.workforce_total, reread.phone) == (44, "")

    other = get_union(shared(db), school)
    assert other is not None
    save_union(
        shared(db), _union_form(other, chair_name="Trần Văn Bảy"), school, version=other.version
    )
    with pytest.raises(StaleRecord) as refused:
        save_union(
            shared(db), _union_form(reread, phone="0275 3 861 234"), school, version=reread.version
        )
    assert "(sửa trên biểu mẫu ở cửa sổ khác) sau khi mở biểu mẫu" in refused.value.message
    latest = get_union(shared(db), school)
    assert latest is not None and latest.chair_name == "Trần Văn Bảy"
    save_union(
        shared(db), _union_form(latest, phone="0275 3 861 234"), school, version=latest.version
    )
    final = get_union(shared(db), school)
    assert final is not None
    assert (final.workforce_total, final.chair_name, final.phone) == (
        44,
        "Trần Văn Bảy",
        "0275 3 861 234",
    )


def test_a_prospect_moved_a_step_meanwhile_keeps_its_notes(tmp_path: Path) -> None:
    db, _ = district_copy(tmp_path)
    banh = next(p for p in list_prospects(shared(db)) if p.name == "Cơ sở Bánh tráng Mỹ Thạnh")
    opened = get_prospect(shared(db), banh.id)
    assert opened is not None and opened.version == banh.version
    change_status(shared(db), banh.id, "mobilising", date(2024, 12, 2), "Hẹn họp công nhân")
    data = ProspectInput(
        name=opened.name,
        employer_type=opened.employer_type,
        commune_code=opened.commune_code,
        address=opened.address,
        workforce_total=30,
        workforce_women=opened.workforce_women,
        note=opened.note,
    )
    with pytest.raises(StaleRecord) as refused:
        save_prospect(shared(db), data, banh.id, version=opened.version)
    assert refused.value.message == (
        "Thông tin doanh nghiệp Cơ sở Bánh tráng Mỹ Thạnh đã được sửa lúc "
        f"{_stamp(db, 'enterprise', banh.id)} (đang vận động 02/12/2024) sau khi mở biểu mẫu. "
        "Tải lại để xem bản mới?"
    )
    now = get_prospect(shared(db), banh.id)
    assert now is not None and now.note.endswith("02/12/2024 Đang vận động: Hẹn họp công nhân")
    save_prospect(shared(db), replace(data, note=now.note), banh.id, version=now.version)
    saved = get_prospect(shared(db), banh.id)
    assert saved is not None and (saved.workforce_total, saved.note) == (30, now.note)


def test_the_time_told_is_the_office_clock(district: Path) -> None:
    from desktop.services.stale import local_time

    assert local_time(datetime(2026, 12, 3, 3, 42)) == "10:42 03/12/2026"
    assert datetime(2026, 12, 3, 3, 42, tzinfo=UTC).astimezone().utcoffset() == timedelta(hours=7)


def test_a_long_import_is_still_named_as_what_changed_the_record(
    district: Path, tmp_path: Path
) -> None:
    """The records and the import's audit row carry one stamp, however long the writing takes."""
    from desktop.importer.plan import ImportRequest
    from desktop.progress import CancelToken
    from tests.unit._import_fixtures import run_import

    class SlowWriting(CancelToken):
        """A big file: the writing outlasts the one-second window an audit row is matched in."""

        writing = False

        def check(self) -> None:
            super().check()
            if self.writing:
                time.sleep(1.3)
                self.writing = False

    opened = open_member(shared(district), HOA)
    assert opened is not None
    sheet = tmp_path / "cap-nhat.csv"
    sheet.write_text(IMPORT_CSV, encoding="utf-8")
    token = SlowWriting()

    def progress(fraction: float, _text: str = "") -> None:
        token.writing = token.writing or fraction >= 0.9  # the plan is made; rows go in now

    request = ImportRequest("members", sheet, update_existing=True)
    run_import(district, request, progress=progress, token=token)
    with pytest.raises(StaleRecord) as refused:
        save_member(
            shared(district), _form(opened[0], job_title="Giáo viên"), HOA, version=opened[1]
        )
    assert "(nhập từ bảng tính cap-nhat.csv)" in refused.value.message
