"""The Kiểm tra, giám sát and Khiếu nại, tố cáo panels: lists, «Cả năm», forms, delete."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QRunnable, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop.services.oversight import (
    ComplaintInput,
    InspectionInput,
    complaints_in,
    inspections_in,
    save_complaint,
    save_inspection,
)
from desktop.store import shared
from desktop.ui.complaint_form import ComplaintForm
from desktop.ui.inspection_form import InspectionForm
from desktop.ui.oversight_complaints import ComplaintsPanel
from desktop.ui.oversight_widgets import InspectionsPanel
from desktop.ui.tasks import SynchronousPool, TaskRunner

SCHOOL = "CĐCS Trường THCS Thạnh Phong"
FISHERY = "CĐCS Công ty TNHH Thủy sản Đông Hải"
GARMENT = "CĐCS Công ty TNHH May Phú Lễ"
COMMUNE = "CĐCS Ủy ban nhân dân xã An Điền"


@pytest.fixture
def district(small_district: Path, tmp_path: Path) -> Path:
    path = tmp_path / "district.sqlite"
    shutil.copy(small_district, path)
    return path


@pytest.fixture
def runner() -> TaskRunner:
    return TaskRunner(pool=SynchronousPool())


@pytest.fixture
def inspections(qtbot, district: Path, runner: TaskRunner) -> InspectionsPanel:  # type: ignore[no-untyped-def]
    panel = InspectionsPanel(district, runner)
    qtbot.addWidget(panel)
    panel.set_period("2024-06")
    return panel


@pytest.fixture
def complaints(qtbot, district: Path, runner: TaskRunner) -> ComplaintsPanel:  # type: ignore[no-untyped-def]
    panel = ComplaintsPanel(district, runner)
    qtbot.addWidget(panel)
    panel.set_period("2024-06")
    return panel


def _unions(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as con:
        return {name: uid for uid, name in con.execute("SELECT id, name FROM grassroots_union")}


def _cells(panel: InspectionsPanel | ComplaintsPanel) -> list[list[str]]:
    model = panel.proxy
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def _older(panel: ComplaintsPanel) -> list[list[str]]:
    model = panel.older_proxy
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def _combo(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def _shown_errors(form: InspectionForm | ComplaintForm) -> dict[str, str]:
    return {key: label.text() for key, label in form.errors.items() if not label.isHidden()}


def _seed(db: Path) -> None:
    unions = _unions(db)
    save_inspection(
        shared(db),
        InspectionInput(
            "finance", "grassroots", date(2024, 6, 10), unions[SCHOOL], "Đúng quy định."
        ),
    )
    save_inspection(
        shared(db),
        InspectionInput("charter", "same_level", date(2024, 3, 5), None, "Cần bổ sung sổ sách."),
    )
    save_complaint(
        shared(db),
        ComplaintInput(date(2024, 5, 20), "Khiếu nại chậm trả lương", unions[FISHERY], True),
    )
    save_complaint(
        shared(db),
        ComplaintInput(
            date(2024, 6, 3),
            "Đề nghị chi trả trợ cấp thôi việc",
            None,
            False,
            date(2024, 6, 28),
            "Đã chuyển Phòng Lao động.",
        ),
    )


def test_both_models_pass_the_model_tester(  # type: ignore[no-untyped-def]
    qtmodeltester, district: Path, inspections: InspectionsPanel, complaints: ComplaintsPanel
) -> None:
    _seed(district)
    inspections.whole_year.setChecked(True)
    complaints.set_period("2024-06")
    assert inspections.model.rowCount() == 2
    assert complaints.model.rowCount() == 1
    assert complaints.older_model.rowCount() == 1
    qtmodeltester.check(inspections.model)
    qtmodeltester.check(complaints.model)
    qtmodeltester.check(complaints.older_model)


def test_the_month_or_the_whole_year_is_listed(
    district: Path, inspections: InspectionsPanel, complaints: ComplaintsPanel
) -> None:
    assert inspections.title.text() == "Không có cuộc kiểm tra nào trong tháng 6/2024"
    _seed(district)
    inspections.set_period("2024-06")
    assert _cells(inspections) == [
        ["10/06/2024", "Kiểm tra tài chính", "Kiểm tra CĐCS", SCHOOL, "Đúng quy định."]
    ]
    inspections.whole_year.setChecked(True)
    assert [row[0] for row in _cells(inspections)] == ["05/03/2024", "10/06/2024"]
    assert inspections.title.text() == (
        "2 cuộc kiểm tra trong năm 2024: 1 kiểm tra tài chính, 1 giám sát Điều lệ"
    )
    inspections.set_period("2023-06")  # the box stays ticked: the year follows the period
    assert inspections.title.text() == "Không có cuộc kiểm tra nào trong năm 2023"

    complaints.set_period("2024-06")
    # June's list holds June's complaint; the May one, still open, is listed apart.
    assert _cells(complaints) == [
        [
            "03/06/2024",
            "Đề nghị chi trả trợ cấp thôi việc",
            "",
            "Không thuộc",
            "28/06/2024",
            "Đã chuyển Phòng Lao động.",
        ],
    ]
    assert complaints.title.text() == (
        "1 đơn thư nhận trong tháng 6/2024: 1 đã giải quyết, 0 đang giải quyết"
    )
    assert _older(complaints) == [
        ["20/05/2024", "Khiếu nại chậm trả lương", FISHERY, "Thuộc", "Đang giải quyết", ""]
    ]
    assert complaints.older_title.text() == (
        "Đơn thư tháng trước chưa giải quyết (1): 0 giải quyết trong tháng 6/2024, 1 còn tồn"
    )
    # Open ones show in amber.
    pending = complaints.older_proxy.index(0, 4).data(Qt.ItemDataRole.ForegroundRole)
    assert pending is not None and pending.name() == "#b45309"
    complaints.set_period("2024-04")
    assert complaints.model.rowCount() == 0
    assert complaints.title.text() == "Không có đơn thư nào nhận trong tháng 4/2024"
    assert complaints.older_title.text() == "Không có đơn thư tháng trước chưa giải quyết."
    assert complaints.older_table.isHidden()


def test_columns_sort_by_value_not_by_text(district: Path, inspections: InspectionsPanel) -> None:
    _seed(district)
    inspections.whole_year.setChecked(True)
    inspections.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert [row[0] for row in _cells(inspections)] == ["10/06/2024", "05/03/2024"]
    inspections.select_row(1)  # the model's second row: June, shown first
    selected = inspections.selected()
    assert selected is not None and selected.inspected_on == date(2024, 6, 10)


def test_add_an_inspection_through_the_form_invalid_then_valid(
    district: Path, inspections: InspectionsPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = date.today()
    later = today + timedelta(days=400)
    seen: list[dict[str, str]] = []

    def fill(form: InspectionForm) -> int:
        assert form.inspected_on.date() == date(2024, 6, 1)
        assert form.union.isEnabled()
        # Unions alive on 01/06/2024: the garment union was dissolved on 31/05.
        assert _combo(form.union) == ["— Chọn CĐCS —", FISHERY, SCHOOL, COMMUNE]
        form.inspected_on.setDate(later)
        assert not form.try_save()
        seen.append(_shown_errors(form))
        assert form.result() == 0 and form.saved_id is None  # still open

        form.inspected_on.setDate(date(2024, 5, 20))
        assert GARMENT in _combo(form.union)
        form.choose_union(GARMENT)
        form.findings.setPlainText("Thu, chi đúng quy định.")
        assert form.try_save()
        return form.result()

    monkeypatch.setattr(InspectionForm, "exec", fill)
    inspections.add()

    assert seen == [
        {
            "inspected_on": f"Ngày kiểm tra ({later:%d/%m/%Y}) ở tương lai; "
            f"hôm nay là {today:%d/%m/%Y}.",
            "union_id": "CĐCS được kiểm tra: chọn công đoàn cơ sở được kiểm tra.",
            "findings": "Kết quả kiểm tra: nhập nhận xét, kết luận của cuộc kiểm tra.",
        }
    ]
    assert inspections.model.rowCount() == 0  # saved in May, the panel shows June
    assert inspections.message.text() == "Đã thêm cuộc kiểm tra."
    [row] = inspections_in(shared(district), "2024-05")
    assert (row.union_name, row.findings) == (GARMENT, "Thu, chi đúng quy định.")


def test_an_office_inspection_names_no_union(
    district: Path, inspections: InspectionsPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill(form: InspectionForm) -> int:
        form.scope.setCurrentIndex(form.scope.findData("same_level"))
        assert not form.union.isEnabled()
        assert _combo(form.union) == ["— Không gắn CĐCS —"]
        form.inspected_on.setDate(date(2024, 6, 25))
        form.findings.setPlainText("Kiểm tra tài chính cùng cấp trước quyết toán.")
        assert form.try_save()
        return form.result()

    monkeypatch.setattr(InspectionForm, "exec", fill)
    inspections.add()
    assert _cells(inspections) == [
        [
            "25/06/2024",
            "Kiểm tra tài chính",
            "Kiểm tra cùng cấp",
            "",
            "Kiểm tra tài chính cùng cấp trước quyết toán.",
        ]
    ]


def test_edit_keeps_the_record_and_its_union(
    district: Path, inspections: InspectionsPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(district)
    inspections.set_period("2024-06")
    inspections.edit_selected()
    assert inspections.message.text() == "Chọn một cuộc kiểm tra trong bảng để sửa."
    inspections.select_row(0)
    assert inspections.edit_button.isEnabled()

    def change(form: InspectionForm) -> int:
        assert form.windowTitle() == "Sửa cuộc kiểm tra"
        assert form.union.currentText() == SCHOOL
        form.kind.setCurrentIndex(form.kind.findData("charter"))
        assert form.try_save()
        return form.result()

    monkeypatch.setattr(InspectionForm, "exec", change)
    inspections.edit_selected()
    assert _cells(inspections)[0][1:4] == ["Giám sát thi hành Điều lệ", "Kiểm tra CĐCS", SCHOOL]
    assert inspections.message.text() == "Đã lưu cuộc kiểm tra."


def test_delete_asks_first_and_leaves_a_tombstone(
    district: Path, inspections: InspectionsPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(district)
    inspections.set_period("2024-06")
    asked: list[str] = []

    def answer(reply: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def question(_parent: QWidget, _title: str, text: str) -> QMessageBox.StandardButton:
            asked.append(text)
            return reply

        return question

    inspections.select_row(0)
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    inspections.delete_selected()
    assert inspections.model.rowCount() == 1
    assert asked[0].startswith(f"Xóa cuộc kiểm tra tài chính {SCHOOL} ngày 10/06/2024?")

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    inspections.delete_selected()
    assert inspections.model.rowCount() == 0
    assert inspections.message.text() == (
        f"Đã xóa cuộc kiểm tra tài chính {SCHOOL} ngày 10/06/2024."
    )
    with sqlite3.connect(district) as con:
        assert con.execute(
            "SELECT COUNT(*) FROM inspection WHERE deleted_at IS NOT NULL"
        ).fetchone() == (1,)


def test_add_a_complaint_and_resolve_it_through_the_forms(
    district: Path, complaints: ComplaintsPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    def add(form: ComplaintForm) -> int:
        assert _combo(form.union)[0] == "— Không gắn CĐCS —"
        assert form.within_authority.isChecked() and not form.resolved.isChecked()
        assert not form.resolved_on.isEnabled()
        assert not form.try_save()
        assert _shown_errors(form) == {
            "subject": "Nội dung đơn: nhập tóm tắt nội dung khiếu nại, tố cáo."
        }
        form.received_on.setDate(date(2024, 6, 15))
        form.subject.setText("Khiếu nại  chậm trả lương")
        form.choose_union(FISHERY)
        assert form.try_save()
        return form.result()

    monkeypatch.setattr(ComplaintForm, "exec", add)
    complaints.add()
    assert _cells(complaints) == [
        ["15/06/2024", "Khiếu nại chậm trả lương", FISHERY, "Thuộc", "Đang giải quyết", ""]
    ]
    complaints.select_row(0)
    assert complaints.resolve_button.isEnabled()

    def resolve(form: ComplaintForm) -> int:
        assert form.windowTitle() == "Ghi kết quả giải quyết đơn"
        assert form.resolved.isChecked() and form.resolved_on.isEnabled()
        form.resolved_on.setDate(date(2024, 6, 12))
        assert not form.try_save()
        assert _shown_errors(form) == {
            "resolved_on": "Ngày giải quyết (12/06/2024) trước ngày nhận đơn (15/06/2024).",
            "outcome": "Kết quả giải quyết: nhập kết quả khi đơn đã được giải quyết.",
        }
        assert form.result() == 0
        form.resolved_on.setDate(date(2024, 6, 28))
        form.outcome.setPlainText("Công ty đã trả đủ lương.")
        assert form.try_save()
        assert _shown_errors(form) == {}
        return form.result()

    monkeypatch.setattr(ComplaintForm, "exec", resolve)
    complaints.resolve_selected()
    assert _cells(complaints)[0][4:] == ["28/06/2024", "Công ty đã trả đủ lương."]
    assert complaints.message.text() == (
        "Đã ghi kết quả giải quyết đơn «Khiếu nại chậm trả lương»."
    )
    [row] = complaints_in(shared(district), "2024-06")
    assert row.resolved_on == date(2024, 6, 28)
    complaints.select_row(0)
    assert not complaints.resolve_button.isEnabled()  # already resolved


def test_a_reply_for_an_earlier_period_is_dropped(district: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    class HeldPool:
        """Keeps tasks until released, to deliver replies out of order."""

        def __init__(self) -> None:
            self.held: list[QRunnable] = []

        def start(self, runnable: QRunnable) -> None:
            self.held.append(runnable)

    _seed(district)
    pool = HeldPool()
    panel = InspectionsPanel(district, TaskRunner(pool=pool))
    qtbot.addWidget(panel)
    panel.set_period("2024-03")
    panel.set_period("2024-06")
    panel.set_period("2024-03")
    first_march, june, march = pool.held
    first_march.run()  # superseded: dropped
    assert panel.model.rowCount() == 0
    march.run()
    assert [row[0] for row in _cells(panel)] == ["05/03/2024"]
    june.run()  # a late reply for June changes nothing
    assert [row[0] for row in _cells(panel)] == ["05/03/2024"]


def test_every_widget_has_a_name_for_tests_and_screen_readers(
    district: Path, inspections: InspectionsPanel, complaints: ComplaintsPanel
) -> None:
    kinds = (QPushButton, QCheckBox, QTableView, QComboBox, QLineEdit, QPlainTextEdit)
    forms: list[QDialog] = [
        inspections.form(),
        complaints.form(),
    ]
    for root in (inspections, complaints, *forms):
        assert root.objectName() and root.accessibleName()
        found = [w for kind in (*kinds, QLabel) for w in root.findChildren(kind)]
        assert found
        unnamed = [
            f"{type(w).__name__} {w.objectName()!r} {getattr(w, 'text', lambda: '')()!r}"
            for w in found
            if not w.objectName().startswith("qt_")  # Qt's own parts (a date edit's line edit)
            and not (w.objectName() and w.accessibleName())
        ]
        assert unnamed == []
