"""The Công đoàn cơ sở screen: the table and its filters, the detail pane, the union form with
problems beside each field, rating, dissolution, and the prospects tab with its founding."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desktop.services.progress import progress_for
from desktop.store import shared
from desktop.ui.combos import select
from desktop.ui.tasks import SynchronousPool, TaskRunner
from desktop.ui.unions_model import PRIORITY_BACKGROUND, ProspectColumn, UnionColumn
from desktop.ui.unions_screen import UnionsScreen
from tests.unit._unions_fixture import district_copy

SCHOOL = "CĐCS Trường Tiểu học An Hòa Tây"


@pytest.fixture
def screen(qtbot, tmp_path: Path) -> UnionsScreen:  # type: ignore[no-untyped-def]
    db, ids = district_copy(tmp_path)
    widget = UnionsScreen(db, runner=TaskRunner(pool=SynchronousPool()))
    widget.ids = ids  # type: ignore[attr-defined]
    qtbot.addWidget(widget)
    return widget


def _column(screen: UnionsScreen, column: int) -> list[str]:
    proxy = screen.unions.proxy
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def _targets(db: Path) -> dict[str, float | None]:
    return {t.code: t.year_to_date for t in progress_for(shared(db), "2024-12").targets}


def _select(screen: UnionsScreen, name: str) -> None:
    union_id = next(u.id for u in screen.unions.all_rows if u.name == name)
    assert screen.unions.select_id(union_id)


def test_table_filters_search_and_models(screen: UnionsScreen, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    panel = screen.unions
    # Shown without the «Công đoàn cơ sở» prefix, in Vietnamese order of what is shown.
    assert _column(screen, UnionColumn.union) == [
        "Cty TNHH Thủy sản Đông Hải",
        "HTX Dừa Mỹ Chánh",
        "Nghiệp đoàn Nghề cá xã An Đức",
        "Trường Tiểu học An Hòa Tây",
        "UBND xã Tân Xuân",
    ]
    assert _column(screen, UnionColumn.members) == ["2", "0", "1", "3", "2"]
    # The commune level since 01/7/2025 (no more thị trấn), each union's commune as it is today.
    assert panel.model.headerData(UnionColumn.commune, Qt.Orientation.Horizontal) == "Xã, phường"
    assert _column(screen, UnionColumn.commune) == [
        "Xã Ba Tri",
        "Xã Mỹ Chánh Hoà",
        "Xã Ba Tri",  # Xã An Đức before the reform
        "Xã Tân Thuỷ",
        "Xã Tân Xuân",
    ]
    assert panel.commune.itemText(0) == "Mọi xã, phường"
    prospects = screen.prospects.model
    assert prospects.headerData(ProspectColumn.commune, Qt.Orientation.Horizontal) == "Xã, phường"
    assert _column(screen, UnionColumn.rating) == ["Tốt", "", "Hoàn thành", "Xuất sắc", ""]
    assert panel.model.headerData(UnionColumn.rating, Qt.Orientation.Horizontal) == "Xếp loại 2024"
    assert panel.count.text() == "5 CĐCS · 8 đoàn viên"
    assert panel.table.isColumnHidden(UnionColumn.status)
    select(panel.sector, "state")
    assert panel.count.text() == "2 CĐCS · 5 đoàn viên"
    select(panel.rating, "unrated")
    assert _column(screen, UnionColumn.union) == ["UBND xã Tân Xuân"]
    select(panel.rating_year, 2023)
    assert _column(screen, UnionColumn.union) == []
    assert panel.model.headerData(UnionColumn.rating, Qt.Orientation.Horizontal) == "Xếp loại 2023"
    select(panel.rating, None)
    select(panel.sector, None)
    select(panel.dissolved, True)
    assert _column(screen, UnionColumn.union) == ["Cty TNHH May Phú Lễ"]
    assert _column(screen, UnionColumn.status) == ["Giải thể 31/05/2024"]
    assert not panel.table.isColumnHidden(UnionColumn.status)
    select(panel.dissolved, None)
    select(panel.commune, "29173")
    assert _column(screen, UnionColumn.union) == ["Nghiệp đoàn Nghề cá xã An Đức"]
    select(panel.commune, "29110")  # Xã Ba Tri, which took over Xã An Đức
    assert _column(screen, UnionColumn.union) == [
        "Cty TNHH Thủy sản Đông Hải",
        "Nghiệp đoàn Nghề cá xã An Đức",
    ]
    select(panel.commune, None)
    select(panel.founded, 2024)
    assert panel.count.text() == "1 CĐCS · 2 đoàn viên"
    select(panel.founded, None)
    panel.search.setText("ĐONG HAI")
    assert _column(screen, UnionColumn.union) == ["Cty TNHH Thủy sản Đông Hải"]
    panel.search.setText("")
    qtmodeltester.check(panel.model)
    qtmodeltester.check(panel.proxy)
    qtmodeltester.check(screen.prospects.model)


def test_detail_pane_shows_members_history_and_ratings(screen: UnionsScreen) -> None:
    _select(screen, SCHOOL)
    pane = screen.unions.detail
    assert pane.members_title.text() == "Đoàn viên đang sinh hoạt: 3 (nữ 2)"
    assert [pane.members.item(i).text() for i in range(pane.members.count())] == [
        "Lê Thị Ánh (Nữ)",
        "Phạm Văn Đức (Nam)",
        "Trần Thị Hòa (Nữ)",
    ]
    assert pane.history.item(0).text() == "01/09/2005 · Thành lập"
    assert pane.history.item(2).text() == (
        "01/06/2023 · Chủ tịch Nguyễn Thị Lan được bồi dưỡng nghiệp vụ"
    )
    assert [pane.ratings.item(i).text() for i in range(pane.ratings.count())] == [
        "2024: Hoàn thành xuất sắc nhiệm vụ (20/12/2024)",
        "2023: Hoàn thành tốt nhiệm vụ (20/12/2023)",
    ]
    assert "Chủ tịch Nguyễn Thị Lan, bầu 10/04/2023, bồi dưỡng 01/06/2023" in pane.title.text()


def test_the_form_shows_each_problem_beside_its_field_then_saves(screen: UnionsScreen) -> None:
    panel = screen.unions
    dialog = panel.union_dialog()
    dialog.name.setText("cđcs trường tiểu học an hoà tây")
    select(dialog.employer, "private_enterprise")  # the form follows: non-state
    assert dialog.sector.currentData() == "non_state"
    select(dialog.sector, "state")
    dialog.total.setValue(10)
    dialog.women.setValue(11)
    dialog.dates["founded_on"].setText("31/02/2024")
    dialog.dates["chair_trained_on"].setText("01/03/2024")
    assert not dialog.try_save()
    errors = {k: v.text() for k, v in dialog.rows.errors.items() if not v.isHidden()}
    assert errors == {
        "name": "Tên công đoàn cơ sở «cđcs trường tiểu học an hoà tây» trùng với «CĐCS Trường Tiểu "
        "học An Hòa Tây» đang hoạt động (không phân biệt hoa thường, dấu, chữ «CĐCS» ở đầu): "
        "thêm tên xã hoặc số thứ tự để phân biệt.",
        "sector": "Khu vực: Doanh nghiệp tư nhân thuộc khu vực ngoài nhà nước; chọn lại khu vực.",
        "commune_code": "Xã, phường: chọn nơi đơn vị đặt trụ sở (tỉnh Vĩnh Long).",
        "workforce_women": "Lao động nữ: 11 người, nhiều hơn tổng số lao động (10 người).",
        "founded_on": "«31/02/2024» không phải ngày; ghi dd/mm/yyyy, ví dụ 02/09/2024.",
        "chair_trained_on": "Ngày bồi dưỡng chủ tịch: nhập ngày bầu chủ tịch trước (chỉ tiêu 5 "
        "tính chủ tịch bầu mới được bồi dưỡng).",
    }
    dialog.name.setText("CĐCS Công ty TNHH Giày da Mỹ Nhơn")
    select(dialog.sector, "non_state")
    select(dialog.commune, "29134")
    dialog.total.setValue(150)
    dialog.dates["founded_on"].setText("1/10/2024")
    dialog.chair.setText("Phan Thị Bích")
    dialog.dates["chair_elected_on"].setText("01/10/2024")
    dialog.dates["chair_trained_on"].setText("")
    assert dialog.try_save()
    panel.load("Đã thêm.", dialog.saved_id)
    assert panel.selected() is not None and panel.selected().name == dialog.name.text()  # type: ignore[union-attr]
    assert panel.count.text() == "6 CĐCS · 8 đoàn viên"
    assert (_targets(screen.db_path)["3a"], _targets(screen.db_path)["3b"]) == (2, 2)


def test_rating_from_the_screen_moves_target_6b(screen: UnionsScreen) -> None:
    panel = screen.unions
    _select(screen, "CĐCS Ủy ban nhân dân xã Tân Xuân")
    dialog = panel.rating_dialog(2024)
    assert dialog.rated_on.text() == "31/12/2024"
    dialog.rated_on.setText("2/1/2027")
    assert dialog.try_save() is False
    assert dialog.rows.errors["rated_on"].text().startswith("Ngày xếp loại 02/01/2027 ở tương lai")
    dialog.rated_on.setText("22/12/2024")
    select(dialog.rating, "good")
    assert dialog.try_save()
    panel.load("Đã xếp loại.", panel.selected_id())
    assert _column(screen, UnionColumn.rating)[-1] == "Tốt"
    assert panel.detail.ratings.item(0).text() == "2024: Hoàn thành tốt nhiệm vụ (22/12/2024)"
    assert _targets(screen.db_path)["6b"] == 100.0
    panel.detail.ratings.setCurrentRow(0)
    panel.detail.clear_selected_rating(confirm=False)
    assert _targets(screen.db_path)["6b"] == 50.0
    assert _column(screen, UnionColumn.rating)[-1] == ""


def test_dissolve_is_refused_with_members_then_done_with_their_transfer(
    screen: UnionsScreen,
) -> None:
    panel = screen.unions
    _select(screen, SCHOOL)
    dialog = panel.dissolve_dialog()
    assert dialog.summary.text().startswith("Còn 3 đoàn viên đang sinh hoạt.")
    dialog.day.setText("01/12/2024")
    dialog.reason.setText("Sáp nhập vào trường xã Tân Xuân")
    assert not dialog.try_save()
    assert (
        dialog.rows.errors["transfer_to"]
        .text()
        .startswith("CĐCS Trường Tiểu học An Hòa Tây còn 3 đoàn viên đang sinh hoạt")
    )
    select(dialog.receiver, screen.ids["commune"])  # type: ignore[attr-defined]
    assert dialog.try_save()
    assert dialog.result_ is not None and dialog.result_.transferred == 3
    panel.load("Đã giải thể.", screen.ids["school"])  # type: ignore[attr-defined]
    assert SCHOOL not in [u.name for u in panel.model.rows]  # working unions only
    assert panel.count.text() == "4 CĐCS · 8 đoàn viên"
    select(panel.dissolved, True)
    assert panel.select_id(screen.ids["school"])  # type: ignore[attr-defined]
    assert panel.buttons["reopen"].isEnabled() and not panel.buttons["dissolve"].isEnabled()
    panel.reopen(confirm=False)
    assert panel.message.text() == f"Đã hủy giải thể {SCHOOL}."
    select(panel.dissolved, False)
    assert panel.count.text() == "5 CĐCS · 8 đoàn viên"  # the members stayed where they went


def test_prospects_first_highlighted_and_founding_counts_for_target_3(screen: UnionsScreen) -> None:
    panel = screen.prospects
    model = panel.proxy
    names = [model.index(r, ProspectColumn.enterprise).data() for r in range(model.rowCount())]
    assert names == [
        "Công ty Cổ phần Gạch ngói An Hiệp",
        "Công ty TNHH Chế biến Dừa Bến Tre",
        "Cơ sở Bánh tráng Mỹ Thạnh",
        "Doanh nghiệp tư nhân Cá khô Bảo Thạnh",
    ]
    assert panel.count.text() == "4 doanh nghiệp, 2 có từ 25 lao động"
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) == PRIORITY_BACKGROUND
    assert model.index(2, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    panel.table.setCurrentIndex(model.index(1, 0))
    dialog = panel.status_dialog()
    assert dialog.status.currentData() == "founded"  # the next step after mobilising
    assert dialog.union_name.text() == "Công đoàn cơ sở Công ty TNHH Chế biến Dừa Bến Tre"
    assert dialog.union_name.isVisibleTo(dialog) and not dialog.link.isVisibleTo(dialog)
    dialog.day.setText("15/11/2024")
    dialog.chair.setText("Út")
    assert not dialog.try_save()
    assert dialog.rows.errors["union.chair_name"].text() == (
        "Chủ tịch: «Út»: nhập đủ họ và tên (ít nhất hai chữ)."
    )
    dialog.chair.setText("Phan Văn Út")
    dialog.note.setText("Đại hội thành lập")
    assert dialog.try_save()
    with_signal = []
    panel.unions_changed.connect(lambda: with_signal.append(True))
    row = panel.selected()
    assert row is not None
    panel.after_status(row, dialog.union_id)
    assert with_signal == [True]
    assert panel.count.text() == "3 doanh nghiệp, 1 có từ 25 lao động"  # founded: off the list
    assert "Cty TNHH Chế biến Dừa Bến Tre" in _column(screen, UnionColumn.union)
    assert (_targets(screen.db_path)["3a"], _targets(screen.db_path)["3b"]) == (2, 2)


def test_a_new_prospect_from_its_form(screen: UnionsScreen) -> None:
    panel = screen.prospects
    dialog = panel.prospect_dialog()
    dialog.total.setValue(40)
    dialog.women.setValue(41)
    assert not dialog.try_save()
    assert dialog.rows.errors["name"].text().startswith("Tên doanh nghiệp: nhập tên")
    assert dialog.rows.errors["workforce_women"].text() == (
        "Lao động nữ: 41 người, nhiều hơn tổng số lao động (40 người)."
    )
    dialog.name.setText("Công ty TNHH Giày Mỹ Hòa")
    dialog.women.setValue(20)
    select(dialog.commune, "29116")
    dialog.identified.setText(f"{date(2024, 7, 1):%d/%m/%Y}")
    assert dialog.try_save()
    panel.load("", dialog.saved_id)
    assert panel.selected() is not None and panel.selected().status_label == "Đã nắm danh sách"  # type: ignore[union-attr]
    assert panel.count.text() == "5 doanh nghiệp, 3 có từ 25 lao động"


def _unnamed(root: QWidget) -> list[str]:
    """The controls a user (or a screen reader) reaches that lack either name; Qt's own parts
    (headers, a combo's popup list, a line edit's clear button, a table's corner) are left out."""
    kinds = (QLineEdit, QComboBox, QAbstractItemView, QAbstractButton, QPlainTextEdit)
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, (*kinds, QAbstractSpinBox)) or isinstance(widget, QHeaderView):
            continue
        own_part = isinstance(widget.parent(), (QLineEdit, QAbstractSpinBox, QComboBox))
        if (
            own_part
            or widget.window() is not root.window()
            or widget.objectName().startswith("qt_")
        ):
            continue
        if not widget.objectName() or not widget.accessibleName():
            found.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return found


def test_every_control_has_an_object_name_and_an_accessible_name(screen: UnionsScreen) -> None:
    assert _unnamed(screen) == []
    _select(screen, SCHOOL)
    panel = screen.unions
    for dialog in (panel.union_dialog(), panel.rating_dialog(2024), panel.dissolve_dialog()):
        assert _unnamed(dialog) == [], dialog.objectName()
    screen.prospects.table.setCurrentIndex(screen.prospects.proxy.index(0, 0))
    for dialog in (screen.prospects.prospect_dialog(), screen.prospects.status_dialog()):
        assert _unnamed(dialog) == [], dialog.objectName()


def test_fits_a_1024_window_beside_the_sidebar(screen: UnionsScreen) -> None:
    from tests.ui._dialogs import in_window

    window = in_window(screen)
    try:
        _fits(screen, window)
    finally:
        screen.setParent(None)  # the fixture's screen outlives this window


def _fits(screen: UnionsScreen, window: QWidget) -> None:
    from tests.ui._dialogs import clipped

    assert screen.minimumSizeHint().width() <= 814
    assert (window.width(), screen.width()) == (1024, 814)  # nothing forces the window wider
    for panel in (screen.unions, screen.prospects):
        screen.tabs.setCurrentWidget(panel)
        QApplication.processEvents()
        boxes = [panel.search, panel.count, *panel.findChildren(QComboBox)]
        assert clipped(screen, boxes) == [], panel.objectName()
        for button in panel.buttons.values():
            assert button.width() >= button.sizeHint().width(), button.text()
    names = screen.unions.table.columnWidth(UnionColumn.union)
    assert names >= 240  # the names stay readable; the table scrolls sideways instead
    _select(screen, SCHOOL)
    for lines in (screen.unions.detail.members, screen.unions.detail.history):
        assert lines.wordWrap() and lines.horizontalScrollBar().maximum() == 0
