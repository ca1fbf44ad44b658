"""The activity, complaint and inspection forms as a clerk types into them: dates typed straight
through (`05042024`), money grouped as offices write it, a date that is no date named beside its
field, and typed changes never thrown away by Esc, «Hủy» or the close button without asking."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from desktop.services.activities import activities_in, task_areas
from desktop.services.oversight import complaints_in, inspections_in
from desktop.store import shared
from desktop.ui.activity_form import ActivityForm
from desktop.ui.complaint_form import ComplaintForm
from desktop.ui.inspection_form import InspectionForm
from desktop.ui.record_form import GuardedDialog
from tests.ui._clerk import answer_boxes, type_text

NOT_A_DATE = "«31022024» không phải ngày; ghi dd/mm/yyyy, ví dụ 02/09/2024."


@pytest.fixture
def district(small_district: Path, tmp_path: Path) -> Path:
    path = tmp_path / "district.sqlite"
    shutil.copy(small_district, path)
    return path


def _open(qtbot: QtBot, form: QDialog) -> QDialog:
    # Left open by a test, the form goes without the question (nobody is there to answer it).
    qtbot.addWidget(form, before_close_func=lambda w: QDialog.done(w, 0))
    with qtbot.waitActive(form):  # keys and Tab reach the field that has the focus
        form.show()
        form.activateWindow()
    return form


def _activity(qtbot: QtBot, db: Path) -> ActivityForm:
    form = ActivityForm(db, task_areas(shared(db), "2024-06"), area=4, day=date(2024, 6, 1))
    _open(qtbot, form)
    return form


def _complaint(qtbot: QtBot, db: Path) -> ComplaintForm:
    form = ComplaintForm(db, day=date(2024, 6, 1))
    _open(qtbot, form)
    return form


def _inspection(qtbot: QtBot, db: Path, office: bool = True) -> InspectionForm:
    form = InspectionForm(db, day=date(2024, 6, 1))
    _open(qtbot, form)
    if office:  # the office's own inspection: no union to pick
        form.scope.setCurrentIndex(form.scope.findData("same_level"))
    return form


def _type_over(qtbot: QtBot, field: QWidget, keys: str) -> None:
    """Select what the field holds and type `keys` (ASCII) over it, then move on with Tab."""
    field.setFocus()
    field.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(field, keys)
    qtbot.keyClick(field, Qt.Key.Key_Tab)


def _click_save(qtbot: QtBot, form: QDialog) -> None:
    buttons = form.findChild(QDialogButtonBox)
    assert buttons is not None
    qtbot.mouseClick(
        buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


# Dates typed straight through, money as offices write it --------------------------------------


def test_the_activity_form_takes_a_typed_date_and_groups_its_numbers(
    qtbot: QtBot, district: Path
) -> None:
    form = _activity(qtbot, district)
    assert form.held_on.text() == "01/06/2024"
    type_text(form.title, "Tuyên truyền Bộ luật Lao động")
    form.held_on.setFocus()
    form.held_on.selectAll()
    qtbot.keyClicks(form.held_on, "05042024")
    assert form.held_on.text() == "05/04/2024"  # shown as written as soon as the year is typed
    _type_over(qtbot, form.participants, "1500")
    _type_over(qtbot, form.amount, "60000000")
    assert form.participants.text() == "1.500"
    assert form.amount.text() == "60.000.000 đ"
    _click_save(qtbot, form)
    assert form.result() == QDialog.DialogCode.Accepted
    [row] = activities_in(shared(district), "2024-04")
    assert (row.title, row.held_on, row.participants, row.amount) == (
        "Tuyên truyền Bộ luật Lao động",
        date(2024, 4, 5),
        1500,
        60_000_000,
    )


def test_an_activity_shown_for_editing_shows_its_amount_grouped(
    qtbot: QtBot, district: Path
) -> None:
    from desktop.services.activities import ActivityInput, save_activity

    save_activity(
        shared(district),
        ActivityInput(4, "house", "Trao nhà", date(2024, 6, 3), amount=60_000_000, houses=3),
    )
    [row] = activities_in(shared(district), "2024-06")
    form = ActivityForm(district, task_areas(shared(district), "2024-06"), existing=row)
    qtbot.addWidget(form, before_close_func=lambda w: QDialog.done(w, 0))
    assert (form.held_on.text(), form.amount.text()) == ("03/06/2024", "60.000.000 đ")
    assert form.houses.text() == "3" and form.form.isRowVisible(form.houses)


def test_the_complaint_form_takes_a_typed_date(qtbot: QtBot, district: Path) -> None:
    form = _complaint(qtbot, district)
    _type_over(qtbot, form.received_on, "05042024")
    assert form.received_on.text() == "05/04/2024"
    type_text(form.subject, "Khiếu nại chậm trả lương")
    _click_save(qtbot, form)
    assert form.result() == QDialog.DialogCode.Accepted
    [row] = complaints_in(shared(district), "2024-04")
    assert (row.received_on, row.subject) == (date(2024, 4, 5), "Khiếu nại chậm trả lương")


def test_the_inspection_form_takes_a_typed_date(qtbot: QtBot, district: Path) -> None:
    form = _inspection(qtbot, district)
    _type_over(qtbot, form.inspected_on, "05042024")
    assert form.inspected_on.text() == "05/04/2024"
    type_text(form.findings, "Thu, chi đúng quy định.")
    _click_save(qtbot, form)
    assert form.result() == QDialog.DialogCode.Accepted
    [row] = inspections_in(shared(district), "2024-04")
    assert (row.inspected_on, row.findings) == (date(2024, 4, 5), "Thu, chi đúng quy định.")


def test_a_date_that_is_no_date_is_named_beside_its_field(qtbot: QtBot, district: Path) -> None:
    activity = _activity(qtbot, district)
    type_text(activity.title, "Tuyên truyền")
    _type_over(qtbot, activity.held_on, "31022024")
    _click_save(qtbot, activity)
    assert activity.isVisible() and activity.errors["held_on"].text() == NOT_A_DATE

    complaint = _complaint(qtbot, district)
    type_text(complaint.subject, "Khiếu nại")
    _type_over(qtbot, complaint.received_on, "31022024")
    _click_save(qtbot, complaint)
    assert complaint.isVisible()
    assert complaint.errors["received_on"].text() == f"Ngày nhận đơn: {NOT_A_DATE}"

    inspection = _inspection(qtbot, district)
    type_text(inspection.findings, "Đúng quy định.")
    inspection.inspected_on.setFocus()
    inspection.inspected_on.clear()
    _click_save(qtbot, inspection)
    assert inspection.isVisible()
    assert inspection.errors["inspected_on"].text() == "Ngày kiểm tra: chưa ghi ngày (dd/mm/yyyy)."
    assert (
        complaints_in(shared(district), "2024") == []
        and inspections_in(shared(district), "2024") == []
    )


# Typed changes are never thrown away without asking -------------------------------------------


def _fill(qtbot: QtBot, kind: str, db: Path) -> tuple[GuardedDialog, QLineEdit | None, str]:
    """Open the form of `kind`, type a whole record; (form, its date field, what the box says)."""
    if kind == "activity":
        activity = _activity(qtbot, db)
        type_text(activity.title, "Tuyên truyền Bộ luật Lao động")
        return activity, activity.held_on, "Hoạt động"
    if kind == "complaint":
        complaint = _complaint(qtbot, db)
        type_text(complaint.subject, "Khiếu nại chậm trả lương")
        return complaint, complaint.received_on, "Đơn thư"
    inspection = _inspection(qtbot, db)
    type_text(inspection.findings, "Thu, chi đúng quy định.")
    return inspection, inspection.inspected_on, "Cuộc kiểm tra"


def _stored(kind: str, db: Path) -> list[str]:
    if kind == "activity":
        return [r.title for r in activities_in(shared(db), "2024-06")]
    if kind == "complaint":
        return [r.subject for r in complaints_in(shared(db), "2024-06")]
    return [r.findings for r in inspections_in(shared(db), "2024-06")]


TYPED = {
    "activity": "Tuyên truyền Bộ luật Lao động",
    "complaint": "Khiếu nại chậm trả lương",
    "inspection": "Thu, chi đúng quy định.",
}


@pytest.mark.parametrize("kind", ["activity", "complaint", "inspection"])
@pytest.mark.parametrize(
    ("answer", "open_after", "saved"),
    [("save", False, True), ("discard", False, False), ("cancel", True, False)],
)
def test_esc_asks_before_typed_changes_are_thrown_away(
    qtbot: QtBot,
    district: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    answer: str,
    open_after: bool,
    saved: bool,
) -> None:
    form, _, what = _fill(qtbot, kind, district)
    seen = answer_boxes(monkeypatch, answer)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert seen == [f"{what} có thay đổi chưa lưu. Lưu lại trước khi rời đi?"]
    assert form.isVisible() is open_after
    assert _stored(kind, district) == ([TYPED[kind]] if saved else [])
    if open_after:  # «Hủy»: back in the form with everything typed
        assert form.dirty()
    elif saved:
        assert form.result() == QDialog.DialogCode.Accepted


@pytest.mark.parametrize("kind", ["activity", "complaint", "inspection"])
def test_the_cancel_button_and_the_close_button_ask_too(
    qtbot: QtBot, district: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    form, _, what = _fill(qtbot, kind, district)
    seen = answer_boxes(monkeypatch, "cancel", "discard")
    buttons = form.findChild(QDialogButtonBox)
    assert buttons is not None
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.text() == "Hủy"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert form.isVisible()  # «Hủy» in the box: the form stays
    form.close()  # the window's close button
    question = f"{what} có thay đổi chưa lưu. Lưu lại trước khi rời đi?"
    assert seen == [question, question]
    assert not form.isVisible() and form.result() == QDialog.DialogCode.Rejected
    assert _stored(kind, district) == []


def test_saving_from_the_box_stays_open_while_a_field_needs_fixing(
    qtbot: QtBot, district: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = _complaint(qtbot, district)
    type_text(form.outcome, "Đang xác minh.")  # typed, but the subject is still missing
    seen = answer_boxes(monkeypatch, "save")
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert len(seen) == 1
    assert form.isVisible()
    assert form.errors["subject"].text() == "Nội dung đơn: nhập tóm tắt nội dung khiếu nại, tố cáo."


@pytest.mark.parametrize("kind", ["activity", "complaint", "inspection"])
def test_an_untouched_form_closes_without_asking(qtbot: QtBot, district: Path, kind: str) -> None:
    if kind == "inspection":
        form: QDialog = _inspection(qtbot, district, office=False)
    else:
        form = (_activity if kind == "activity" else _complaint)(qtbot, district)
    qtbot.keyClick(form, Qt.Key.Key_Escape)  # the conftest fails the test if a box opens
    assert not form.isVisible() and form.result() == QDialog.DialogCode.Rejected
