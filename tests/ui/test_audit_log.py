"""«Nhật ký hoạt động»: the log's cells as a clerk reads them, its filters, pages read as the
table scrolls, a wrong date said in the bar, and one member's history."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt

from desktop.models import Member
from desktop.services.audit import set_actor
from desktop.services.audit_chain import NewEntry, append
from desktop.services.member_events import move_member
from desktop.store import Store, shared
from desktop.ui.audit_log import AuditLogDialog, show_record_history
from desktop.ui.tasks import SynchronousPool
from tests.unit._members_fixture import make_district

AN = "00000000-0000-4000-8000-000000000001"


pytestmark = pytest.mark.usefixtures("vietnam_clock")  # the office reads times at UTC+7


def _append(path: Path, at: datetime, entries: list[NewEntry]) -> None:
    """Entries dated `at`, appended through the store's unit of work as the program appends."""
    with Store(path) as store, store.unit_of_work() as uow:
        append(uow.connection, entries, at)


@pytest.fixture
def district(tmp_path: Path) -> Path:
    path = make_district(
        tmp_path / "d.sqlite",
        [("Nguyễn Văn An", "male", "083080123456"), ("Trần Thị Hòa", "female", "083190000002")],
    )
    _append(
        path, datetime(2024, 4, 4, 16, 30), [NewEntry("view", "danh sách (2 người)", actor="lan")]
    )
    _append(
        path,
        datetime(2024, 4, 4, 17, 30),
        [NewEntry("export", "member-list → ds.xlsx", actor="minh")],
    )
    set_actor("lan")
    db = Store(path)
    with db.session() as s:
        member = s.get(Member, AN)
        assert member is not None
        member.full_name, member.citizen_id = "Nguyễn Văn Ân", "083080123457"
    db.close()
    move_member(shared(path), AN, "left", date(2024, 6, 1), reason="Nghỉ việc")
    return path


def _cells(dialog: AuditLogDialog, row: int) -> list[str]:
    model = dialog.model
    return [str(model.data(model.index(row, c))) for c in range(model.columnCount())]


def _dialog(qtbot, path: Path, **kwargs: object) -> AuditLogDialog:  # type: ignore[no-untyped-def]
    dialog = AuditLogDialog(path, pool=SynchronousPool(), **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    return dialog


def test_the_log_reads_as_a_clerk_expects(qtbot, district: Path, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, district)
    assert dialog.windowTitle() == "Nhật ký hoạt động"
    headers = [dialog.model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["Thời gian", "Người thực hiện", "Hành động", "Đối tượng", "Thay đổi"]
    rows = dialog.model.rowCount()
    assert dialog.status.text() == f"{rows} mục"
    renamed = _cells(dialog, 3)
    assert renamed[1:] == [
        "lan",
        "Sửa",
        "Đoàn viên Nguyễn Văn Ân",
        "Họ và tên: Nguyễn Văn An → Nguyễn Văn Ân\nSố CCCD: 083•••••••56 → 083•••••••57",
    ]
    assert _cells(dialog, 2)[2:] == [
        "Thêm",
        "Biến động đoàn viên Nguyễn Văn Ân",
        "Biến động: Ra khỏi tổ chức; Ngày: 01/06/2024; Từ CĐCS: CĐCS Trường Tiểu học An Hòa; "
        "Lý do: Nghỉ việc; Đoàn viên: Nguyễn Văn Ân",
    ]
    assert _cells(dialog, 4) == [
        "05/04/2024 00:30",
        "minh",
        "Xuất danh sách",
        "Member-list → ds.xlsx",
        "",
    ]
    assert [dialog.actor.itemText(i) for i in range(dialog.actor.count())][:1] == ["Tất cả"]
    assert {"lan", "minh"} <= {dialog.actor.itemText(i) for i in range(dialog.actor.count())}
    qtmodeltester.check(dialog.model)


def test_filters_by_account_action_period_and_text(qtbot, district: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, district)
    dialog.actor.setCurrentIndex(dialog.actor.findData("minh"))
    dialog.apply_button.click()
    assert [_cells(dialog, r)[3] for r in range(dialog.model.rowCount())] == [
        "Member-list → ds.xlsx"
    ]
    assert dialog.status.text() == "1 mục"

    dialog.actor.setCurrentIndex(0)
    dialog.action.setCurrentIndex(dialog.action.findData("view"))
    dialog.apply_button.click()
    assert [_cells(dialog, r)[0] for r in range(dialog.model.rowCount())] == ["04/04/2024 23:30"]

    dialog.action.setCurrentIndex(0)
    dialog.start.setText("05/04/2024")
    dialog.end.setText("05042024")
    dialog.apply_button.click()
    assert [_cells(dialog, r)[1] for r in range(dialog.model.rowCount())] == ["minh"]

    dialog.start.setText("")
    dialog.end.setText("")
    dialog.search.setText("nghi viec")
    dialog.search.returnPressed.emit()
    assert [_cells(dialog, r)[3] for r in range(dialog.model.rowCount())] == [
        "Biến động đoàn viên Nguyễn Văn Ân"
    ]

    dialog.search.setText("khong ai")
    dialog.apply_button.click()
    assert dialog.model.rowCount() == 0
    assert dialog.status.text() == "Không có mục nào khớp."


def test_a_wrong_date_is_said_and_the_list_stays(qtbot, district: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, district)
    shown = dialog.model.rowCount()
    dialog.start.setText("31/02/2024")
    dialog.apply_button.click()
    assert dialog.status.text() == (
        "Từ ngày: «31/02/2024» không phải ngày; ghi dd/mm/yyyy, ví dụ 02/09/2024."
    )
    assert dialog.model.rowCount() == shown
    dialog.start.setText("06/04/2024")
    dialog.end.setText("05/04/2024")
    dialog.apply_button.click()
    assert dialog.status.text() == "«Từ ngày» phải không muộn hơn «Đến ngày»."


def test_a_long_trail_is_read_a_page_at_a_time(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = make_district(tmp_path / "d.sqlite", [("Nguyễn Văn An", "male", "083080123456")])
    _append(path, datetime(2024, 1, 1), [NewEntry("view", f"lần xem {n}") for n in range(450)])
    dialog = _dialog(qtbot, path)
    model = dialog.model
    assert model.rowCount() == 200
    assert dialog.status.text() == "200 mục mới nhất; kéo xuống cuối bảng để xem các mục cũ hơn."
    assert _cells(dialog, 0)[3] == "Lần xem 449"
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 400 and _cells(dialog, 399)[3] == "Lần xem 50"
    model.fetchMore(QModelIndex())
    total = model.rowCount()
    assert total == 451  # and the office's own creation, the oldest
    assert dialog.status.text() == "451 mục" and not model.canFetchMore(QModelIndex())
    assert _cells(dialog, 449)[3] == "Lần xem 0"


def test_one_members_history(qtbot, district: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = show_record_history(None, district, "member", AN, pool=SynchronousPool())
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Lịch sử thay đổi – Đoàn viên Nguyễn Văn Ân"
    assert dialog.filters.isHidden()
    assert [_cells(dialog, r)[3] for r in range(dialog.model.rowCount())] == [
        "Đoàn viên Nguyễn Văn Ân: ra khỏi tổ chức 01/06/2024",
        "Đoàn viên Nguyễn Văn Ân",
        "Biến động đoàn viên Nguyễn Văn Ân",
        "Đoàn viên Nguyễn Văn Ân",
    ]
    assert dialog.status.text() == "4 mục"
    other = show_record_history(
        None, district, "member", "00000000-0000-4000-8000-000000000002", pool=SynchronousPool()
    )
    qtbot.addWidget(other)
    assert other.model.rowCount() == 0
    assert other.status.text() == "Bản ghi này chưa có gì trong nhật ký."


def test_pages_load_on_the_real_pool(qtbot, district: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = AuditLogDialog(district)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.model.loading and dialog.model.rowCount() > 0)
    assert _cells(dialog, 4)[1:3] == ["minh", "Xuất danh sách"]
    dialog.reject()
