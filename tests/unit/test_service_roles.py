"""The services ask the role themselves: a script or a button left enabled cannot get round it."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.services.accounts import STAFF, VIEWER, SignedIn, sign_in_as


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
        export_members(small_demo, out, [("Họ và tên", str)], [], "Tất cả")
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
        lambda: create_office_key(small_demo),
        lambda: backup_office_keys(small_demo, tmp_path / "khoa.bak"),
    ):
        with pytest.raises(UserError) as refused:
            attempt()
        assert refused.value.message == wanted
    assert not (tmp_path / "khoa.bak").exists()
