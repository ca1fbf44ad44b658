"""The services ask the role themselves: a script or a button left enabled cannot get round it."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.services.accounts import STAFF, VIEWER, SignedIn, sign_in_as
from desktop.store import shared


@pytest.fixture
def signed_in() -> object:
    def as_role(role: str) -> None:
        sign_in_as(SignedIn("lan", "Lê Thị Lan", role))

    yield as_role
    sign_in_as(None)


def test_a_viewer_cannot_export_the_member_list(
    small_demo: Path, tmp_path: Path, signed_in
) -> None:  # type: ignore[no-untyped-def]
    from desktop.services.member_export import export_members

    signed_in(VIEWER)
    out = tmp_path / "danh-sach.xlsx"
    with pytest.raises(UserError) as refused:
        export_members(shared(small_demo), out, [("Họ và tên", str)], [], "Tất cả")
    assert refused.value.message == "Tài khoản lan (Chỉ xem) không được xuất dữ liệu."
    assert not out.exists()


@pytest.mark.parametrize("role", [VIEWER, STAFF])
def test_key_operations_are_for_administrators(
    small_demo: Path, tmp_path: Path, signed_in, role: str
) -> None:  # type: ignore[no-untyped-def]
    from desktop.services.keys import backup_office_keys, create_office_key

    signed_in(role)
    label = {VIEWER: "Chỉ xem", STAFF: "Cán bộ"}[role]
    wanted = f"Tài khoản lan ({label}) không được thao tác với khóa ký, khóa mã hóa."
    for attempt in (
        lambda: create_office_key(shared(small_demo)),
        lambda: backup_office_keys(shared(small_demo), tmp_path / "khoa.bak"),
    ):
        with pytest.raises(UserError) as refused:
            attempt()
        assert refused.value.message == wanted
    assert not (tmp_path / "khoa.bak").exists()


def _members(db: Path) -> list[tuple[str, str]]:
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(db)) as con:
        return con.execute("SELECT id, full_name FROM member ORDER BY id").fetchall()


def test_a_viewer_changes_no_record_through_any_service(small_demo: Path, signed_in) -> None:  # type: ignore[no-untyped-def]
    from desktop.services.member_form import MemberInput, open_member, save_member
    from desktop.services.targets import set_entry

    before = _members(small_demo)
    member_id = before[0][0]
    opened = open_member(shared(small_demo), member_id)
    assert opened is not None
    signed_in(VIEWER)
    wanted = "Tài khoản lan (Chỉ xem) không được sửa dữ liệu."
    with pytest.raises(UserError) as refused:
        row = opened[0]
        changed = MemberInput(
            full_name=row.full_name, gender=row.gender, union_id=row.union_id,
            birth_date=row.birth_date, citizen_id=row.citizen_id, joined_on=row.joined_on,
            note="sửa bởi người chỉ xem",
        )  # fmt: skip
        save_member(shared(small_demo), changed, member_id, version=opened[1])
    assert refused.value.message == wanted
    with pytest.raises(UserError) as refused:
        set_entry(shared(small_demo), "2024-06", "1a", "90")
    assert refused.value.message == wanted
    assert _members(small_demo) == before


def test_a_viewer_cannot_import(small_demo: Path, tmp_path: Path, signed_in) -> None:  # type: ignore[no-untyped-def]
    from desktop.importer.plan import ImportRequest
    from tests.unit._import_fixtures import run_import

    source = tmp_path / "doan-vien.csv"
    source.write_text("Họ và tên,Giới tính,Ngày sinh\nVõ Thị Mỹ,Nữ,05/04/1990\n", encoding="utf-8")
    before = _members(small_demo)
    signed_in(VIEWER)
    with pytest.raises(UserError) as refused:
        run_import(small_demo, ImportRequest("members", source))
    assert "không được nhập dữ liệu" in refused.value.message
    assert _members(small_demo) == before


def test_only_an_administrator_manages_accounts(small_demo: Path, signed_in) -> None:  # type: ignore[no-untyped-def]
    from desktop.services.accounts import create_account, list_accounts

    create_account(
        shared(small_demo), "quantri", "mat-khau-dai", "admin"
    )  # the first, before anyone signs in
    signed_in(STAFF)
    with pytest.raises(UserError) as refused:
        create_account(shared(small_demo), "ke.gian", "mat-khau-dai", "admin")
    assert refused.value.message == "Tài khoản lan (Cán bộ) không được quản lý tài khoản."
    assert [a.name for a in list_accounts(shared(small_demo))] == ["quantri"]


def test_a_viewer_sees_progress_of_a_year_whose_programme_was_never_loaded(
    tmp_path: Path, signed_in
) -> None:  # type: ignore[no-untyped-def]
    """The first look at a year loads its programme from the program's files: that is the
    program's bookkeeping, not a change by the viewer, and no entry in the audit trail."""
    import sqlite3
    from contextlib import closing

    from desktop.services.office import init_office
    from desktop.services.progress import progress_for

    db = tmp_path / "office.sqlite"
    init_office(shared(db), role="district", unit_code="LDLD-BATRI", unit_name="LĐLĐ huyện Ba Tri")
    signed_in(VIEWER)
    report = progress_for(shared(db), "2024-06")
    assert [t.code for t in report.targets][:3] == ["1a", "1b", "2a"]
    with closing(sqlite3.connect(db)) as con:
        assert con.execute("SELECT COUNT(*) FROM target").fetchone()[0] == len(report.targets)
        assert con.execute(
            "SELECT COUNT(*) FROM audit_event WHERE record_table IN ('programme', 'task_area', 'target')"
        ).fetchone() == (0,)
