"""The province's programme editor: a new year copied from 2024, two targets and a task area
edited through the table and the fields, saved and read back; problems shown on their rows and
blocking the save; a refused save keeping the draft; a district and a viewer reading only."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from desktop.programme.authoring import new_programme, programme_of, save_programme
from desktop.services.accounts import sign_in_as
from desktop.services.office import init_office
from desktop.store import shared
from desktop.ui.programme_editor import ProgrammeEditor
from desktop.ui.programme_editor_targets import ParametersDialog, TargetColumn
from desktop.ui.programme_editor_year import NewYearDialog
from tests.ui._accounts import STAFF, VIEWER, with_accounts
from tests.ui._clerk import answer_boxes, type_text
from tests.ui._dialogs import clipped


@pytest.fixture
def province(tmp_path: Path) -> Path:
    path = tmp_path / "province.sqlite"
    init_office(
        shared(path), role="province", unit_code="LDLD-BENTRE", unit_name="LĐLĐ tỉnh Bến Tre"
    )
    return path


@pytest.fixture
def province_2026(province: Path) -> Path:
    """The province with 2026 copied from 2024 and saved (by the service, not the editor)."""
    save_programme(shared(province), new_programme(shared(province), 2026, 2024))
    return province


def _editor(qtbot: QtBot, db: Path, year: int) -> ProgrammeEditor:
    editor = ProgrammeEditor(db, year)
    qtbot.addWidget(editor)
    editor.resize(1024, 700)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def _row(editor: ProgrammeEditor, code: str) -> int:
    assert editor.draft is not None
    return next(i for i, t in enumerate(editor.draft.targets) if t.code == code)


def _cell(editor: ProgrammeEditor, code: str, column: TargetColumn) -> str:
    return str(editor.targets.index(_row(editor, code), column).data())


def _years(editor: ProgrammeEditor) -> list[str]:
    return [editor.year.itemText(i) for i in range(editor.year.count())]


def _type_in_cell(
    qtbot: QtBot, editor: ProgrammeEditor, code: str | int, column: TargetColumn, text: str
) -> None:
    """Edit a text cell as a clerk does: open it, type, press Enter. `code` names the target's
    row by its code, or is the row itself."""
    row = code if isinstance(code, int) else _row(editor, code)
    index = editor.targets.index(row, column)
    editor.table.setCurrentIndex(index)
    editor.table.edit(index)
    [field] = [w for w in editor.table.viewport().findChildren(QLineEdit) if w.isVisible()]
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits and closes on a queued call


def _choose_in_cell(
    qtbot: QtBot, editor: ProgrammeEditor, code: str, column: TargetColumn, words: str
) -> None:
    """Open a choice cell's combo box and pick the item reading `words`."""
    index = editor.targets.index(_row(editor, code), column)
    editor.table.setCurrentIndex(index)
    editor.table.edit(index)
    [combo] = [w for w in editor.table.viewport().findChildren(QComboBox) if w.isVisible()]
    assert combo.findText(words) >= 0, words
    combo.setCurrentIndex(combo.findText(words))
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    QApplication.processEvents()


def _create_year(editor: ProgrammeEditor, year: int, source: int) -> list[str]:
    """Pick «Tạo năm mới…» in the year list and fill the dialog it opens."""
    seen: list[str] = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, NewYearDialog)
        seen.append(dialog.windowTitle())
        dialog.choose(year, source)
        dialog.findChild(QWidget, "newYearOk").click()  # type: ignore[union-attr]

    QTimer.singleShot(0, fill)
    editor.year.setCurrentIndex(editor.year.findText("Tạo năm mới…"))
    editor.year.activated.emit(editor.year.currentIndex())
    return seen


def test_a_new_year_is_copied_edited_saved_and_read_back(qtbot: QtBot, province: Path) -> None:
    editor = _editor(qtbot, province, 2024)
    assert editor.windowTitle() == "Chương trình công tác năm 2024"
    assert _years(editor) == ["Năm 2024", "Tạo năm mới…"]

    assert _create_year(editor, 2026, 2024) == ["Tạo chương trình năm mới"]
    assert editor.windowTitle() == "Chương trình công tác năm 2026"
    assert editor.year.currentText() == "Năm 2026 (chưa lưu)"
    assert editor.title.text() == "Chương trình công tác công đoàn năm 2026"
    assert editor.message.text() == (
        "Đã chép sang năm 2026; sửa rồi bấm «Lưu» để ghi vào cơ sở dữ liệu."
    )
    assert programme_of(shared(province), 2026) is None  # nothing is written before «Lưu»
    assert _cell(editor, "2a", TargetColumn.province_value) == "9.000"

    _type_in_cell(qtbot, editor, "2a", TargetColumn.province_value, "9.500")
    _type_in_cell(qtbot, editor, "2a", TargetColumn.value_min, "9500")
    _type_in_cell(qtbot, editor, "7", TargetColumn.province_value, "35")
    _type_in_cell(qtbot, editor, "7", TargetColumn.value_min, "35")
    _choose_in_cell(qtbot, editor, "7", TargetColumn.pacing, "Đánh giá cuối năm")
    assert (
        _cell(editor, "2a", TargetColumn.value_min),
        _cell(editor, "7", TargetColumn.pacing),
    ) == (
        "9.500",
        "Đánh giá cuối năm",
    )

    editor.tabs.setCurrentIndex(1)
    editor.areas.choose(2)  # task area 3
    assert editor.areas.number.text() == "3"
    points = editor.areas.points
    points.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(points, Qt.Key.Key_Return)
    type_text(points, "Hướng dẫn ký kết thỏa ước lao động tập thể nhóm doanh nghiệp")

    editor.save_button.click()
    assert editor.message.text() == "Đã lưu chương trình công tác năm 2026."
    assert _years(editor) == ["Năm 2024", "Năm 2026", "Tạo năm mới…"]
    assert not editor.dirty()
    saved = programme_of(shared(province), 2026)
    assert saved is not None
    assert saved == editor.draft.programme()  # type: ignore[union-attr]
    targets = {t.code: t for t in saved.targets}
    assert (targets["2a"].province_value, targets["2a"].value_min) == ("9.500", 9500.0)
    assert (targets["7"].province_value, targets["7"].value_min, targets["7"].pacing) == (
        "35",
        35.0,
        "year_end",
    )
    area = saved.task_areas[2]
    assert (area.number, len(area.points)) == (3, 9)
    assert area.points[-1] == "Hướng dẫn ký kết thỏa ước lao động tập thể nhóm doanh nghiệp"
    # The rest is 2024's, year for year.
    before = {t.code: t for t in new_programme(shared(province), 2027, 2024).targets}
    assert targets["6b"] == before["6b"]
    editor.close_button.click()  # saved: no question
    assert not editor.isVisible()

    again = _editor(qtbot, province, 2026)
    assert again.year.currentText() == "Năm 2026"
    assert (
        _cell(again, "2a", TargetColumn.province_value),
        _cell(again, "7", TargetColumn.value_min),
    ) == (
        "9.500",
        "35",
    )
    again.areas.choose(2)
    assert again.areas.points.toPlainText().endswith(
        "\nHướng dẫn ký kết thỏa ước lao động tập thể nhóm doanh nghiệp"
    )
    assert not again.dirty()


def test_a_year_that_has_a_programme_is_not_made_again(qtbot: QtBot, province_2026: Path) -> None:
    dialog = NewYearDialog(province_2026, 2026)
    qtbot.addWidget(dialog)
    assert dialog.year.value() == 2027  # the first year after those held
    assert [dialog.source.itemText(i) for i in range(dialog.source.count())] == [
        "Năm 2026",
        "Năm 2024",
    ]
    dialog.choose(2026, 2024)
    dialog.accept()
    assert dialog.result() == 0 and dialog.programme is None
    assert dialog.message.text() == (
        "Đã có chương trình công tác năm 2026: chọn «Năm 2026» trong danh sách năm để sửa."
    )
    dialog.choose(2030, 2026)
    dialog.accept()
    assert dialog.result() == 1 and dialog.programme is not None
    assert dialog.programme == new_programme(shared(province_2026), 2030, 2026)


def test_removing_a_target_that_has_a_quota_is_refused_and_the_draft_kept(
    qtbot: QtBot, province_2026: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services.targets import set_quota

    set_quota(shared(province_2026), 2026, "7", "30")
    stored = programme_of(shared(province_2026), 2026)
    editor = _editor(qtbot, province_2026, 2026)
    editor.remove_target_button.click()  # no row chosen yet
    assert editor.message.text() == "Chọn một chỉ tiêu trong bảng rồi bấm «Xóa chỉ tiêu»."
    assert not editor.dirty()
    editor.table.setCurrentIndex(editor.targets.index(_row(editor, "7"), TargetColumn.code))
    editor.remove_target_button.click()
    assert "7" not in [t.code for t in editor.draft.targets]  # type: ignore[union-attr]
    assert editor.message.text() == "Đã bỏ chỉ tiêu «7» khỏi bản đang sửa; bấm «Lưu» để ghi."
    editor.save_button.click()
    assert editor.message.text() == (
        "Chưa lưu: Không bỏ được chỉ tiêu «7» (Hỗ trợ xây dựng nhà «Mái ấm Công đoàn», «Nghĩa "
        "tình đồng nghiệp», «Nhà tình thương» cho đoàn viên, người lao động) khỏi chương trình "
        "năm 2026: đã giao cho 1 đơn vị. Giữ chỉ tiêu này, hoặc xóa chỉ tiêu giao và kết quả "
        "nhập của nó trước."
    )
    assert programme_of(shared(province_2026), 2026) == stored
    assert editor.dirty() and editor.targets.rowCount() == 19  # the draft stays as edited
    seen = answer_boxes(monkeypatch, "cancel", "discard")
    editor.close_button.click()
    assert editor.isVisible()  # «Hủy»: still editing
    editor.close_button.click()
    assert not editor.isVisible()
    assert (
        seen
        == ["Chương trình công tác năm 2026 có thay đổi chưa lưu. Lưu lại trước khi rời đi?"] * 2
    )
    assert programme_of(shared(province_2026), 2026) == stored


def test_problems_are_shown_on_their_rows_and_nothing_is_saved(
    qtbot: QtBot, province_2026: Path
) -> None:
    stored = programme_of(shared(province_2026), 2026)
    editor = _editor(qtbot, province_2026, 2026)
    assert editor.problem_list.isHidden()
    _type_in_cell(qtbot, editor, "2b", TargetColumn.code, "2a")
    _type_in_cell(qtbot, editor, "8", TargetColumn.value_min, "12")
    problems = [editor.problem_list.item(i).text() for i in range(editor.problem_list.count())]
    assert problems == [
        "Chỉ tiêu dòng 4, «Mã»: mã «2a» trùng với chỉ tiêu dòng 3.",
        "Chỉ tiêu dòng 13 (mã «8»), «Tối thiểu»: tối thiểu 12 lớn hơn tối đa 10.",
    ]
    assert editor.problem_list.isVisible()
    heads = [editor.targets.headerData(r, Qt.Orientation.Vertical) for r in (2, 3, 12)]
    assert heads == ["3", "4 ⚠", "13 ⚠"]
    wrong = editor.targets.index(12, TargetColumn.value_min)
    assert wrong.data(Qt.ItemDataRole.ToolTipRole) == problems[1]
    assert wrong.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert (
        editor.targets.index(12, TargetColumn.value_max).data(Qt.ItemDataRole.BackgroundRole)
        is None
    )

    editor.save_button.click()
    assert editor.message.text() == "Chưa lưu: còn 2 chỗ cần sửa (tô đỏ, liệt kê dưới đây)."
    assert editor.table.currentIndex() == editor.targets.index(3, TargetColumn.code)
    assert programme_of(shared(province_2026), 2026) == stored

    _type_in_cell(qtbot, editor, "8", TargetColumn.value_min, "6")
    _type_in_cell(qtbot, editor, 3, TargetColumn.code, "2b")
    assert editor.problem_list.isHidden()
    assert not editor.dirty()


def test_a_header_without_a_title_is_said_under_it(
    qtbot: QtBot, province_2026: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = _editor(qtbot, province_2026, 2026)
    editor.title.selectAll()
    qtbot.keyClick(editor.title, Qt.Key.Key_Delete)
    assert editor.header_problem.text() == "Tên chương trình: chưa ghi tên chương trình"
    assert editor.header_problem.isVisible()
    assert editor.dirty()
    editor.save_button.click()
    assert editor.message.text() == "Chưa lưu: còn 1 chỗ cần sửa (tô đỏ, liệt kê dưới đây)."
    assert editor.focusWidget() is editor.title  # where the fix is needed
    answer_boxes(monkeypatch, "discard")
    editor.close_button.click()
    assert not editor.isVisible()
    stored = programme_of(shared(province_2026), 2026)
    assert stored is not None and stored.title == "Chương trình công tác công đoàn năm 2026"


def test_a_new_target_takes_a_measure_and_its_parameters_in_words(
    qtbot: QtBot, province_2026: Path
) -> None:
    editor = _editor(qtbot, province_2026, 2026)
    editor.add_target_button.click()
    row = editor.targets.rowCount() - 1
    assert row == 20
    assert editor.table.currentIndex() == editor.targets.index(row, TargetColumn.target)
    code = editor.draft.targets[row].code  # type: ignore[union-attr]
    assert code == "21"
    editor.table.edit(editor.table.currentIndex())
    [field] = [w for w in editor.table.viewport().findChildren(QLineEdit) if w.isVisible()]
    type_text(field, "Đoàn viên chuyển đến")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits and closes on a queued call
    _type_in_cell(qtbot, editor, code, TargetColumn.province_value, "500")
    _choose_in_cell(qtbot, editor, code, TargetColumn.method, "Tính từ hồ sơ")
    assert _cell(editor, code, TargetColumn.metric) == "— chọn cách tính —"
    _choose_in_cell(
        qtbot,
        editor,
        code,
        TargetColumn.metric,
        "Số biến động đoàn viên thuộc các loại đã chọn trong kỳ",
    )
    assert editor.problem_list.item(0).text() == (
        "Chỉ tiêu dòng 21 (mã «21»), «Tham số»: cách tính «member_events» cần tham số «kinds» "
        "(loại biến động: admitted, readmitted, transferred_in, transferred_out, transferred, "
        "left)."
    )

    dialog = ParametersDialog("member_events", "")
    qtbot.addWidget(dialog)
    checks = {c.text(): c for c in dialog.findChildren(QCheckBox)}
    assert list(checks) == [
        "kết nạp",
        "kết nạp lại",
        "chuyển đến",
        "chuyển đi",
        "chuyển sinh hoạt trong đơn vị",
        "ra khỏi tổ chức",
    ]
    checks["chuyển đến"].setChecked(True)
    editor.targets.set_parameters(row, dialog.values())
    assert _cell(editor, code, TargetColumn.measure) == "loại biến động: chuyển đến"
    assert editor.problem_list.isHidden()
    assert editor.save()
    saved = programme_of(shared(province_2026), 2026)
    assert saved is not None
    made = saved.targets[-1]
    assert (made.code, made.name, made.method, made.metric, made.measure, made.value_min) == (
        "21",
        "Đoàn viên chuyển đến",
        "computed",
        "member_events",
        '{"kinds":["transferred_in"]}',
        None,
    )


def test_parameters_are_chosen_in_their_dialog_from_the_table(
    qtbot: QtBot, province_2026: Path
) -> None:
    editor = _editor(qtbot, province_2026, 2026)
    row = _row(editor, "9c")  # CĐCS được kiểm tra tài chính: now measured from the catalogue
    editor.table.setCurrentIndex(editor.targets.index(row, TargetColumn.metric))
    editor.parameters_button.click()
    assert editor.message.text() == ("Chỉ tiêu «9c»: cách tính này không có tham số để chọn.")
    _choose_in_cell(
        qtbot,
        editor,
        "9c",
        TargetColumn.metric,
        "Tỷ lệ CĐCS (đang hoạt động cuối kỳ) có một thuộc tính",
    )
    seen: list[str] = []

    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ParametersDialog)
        seen.append(dialog.findChild(QWidget, "parametersMeasure").text())  # type: ignore[union-attr]
        prop = dialog.singles["property"]
        prop.setCurrentIndex(prop.findText("được kiểm tra trong kỳ"))
        kind = dialog.singles["inspection_kind"]
        kind.setCurrentIndex(kind.findText("kiểm tra tài chính"))
        dialog.findChild(QWidget, "parametersOk").click()  # type: ignore[union-attr]

    QTimer.singleShot(0, choose)
    editor.table.doubleClicked.emit(editor.targets.index(row, TargetColumn.measure))
    assert seen == ["Tỷ lệ CĐCS (đang hoạt động cuối kỳ) có một thuộc tính"]
    assert _cell(editor, "9c", TargetColumn.measure) == (
        "thuộc tính: được kiểm tra trong kỳ; loại kiểm tra: kiểm tra tài chính"
    )
    assert editor.problem_list.isHidden()
    assert editor.save()
    saved = programme_of(shared(province_2026), 2026)
    assert saved is not None
    target = next(t for t in saved.targets if t.code == "9c")
    assert (target.metric, target.measure) == (
        "unions_share",
        '{"inspection_kind":"finance","property":"inspected"}',
    )


def test_switching_year_with_changes_asks_first(
    qtbot: QtBot, province_2026: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = _editor(qtbot, province_2026, 2026)
    _type_in_cell(qtbot, editor, "11", TargetColumn.value_min, "3.200")
    seen = answer_boxes(monkeypatch, "cancel", "save")
    editor.year.setCurrentIndex(editor.year.findData(2024))
    editor.year.activated.emit(editor.year.currentIndex())
    assert editor.year.currentText() == "Năm 2026"  # «Hủy»: the year shown stays
    assert editor.draft.year == 2026  # type: ignore[union-attr]
    editor.year.setCurrentIndex(editor.year.findData(2024))
    editor.year.activated.emit(editor.year.currentIndex())
    assert (
        seen
        == ["Chương trình công tác năm 2026 có thay đổi chưa lưu. Lưu lại trước khi rời đi?"] * 2
    )
    assert (editor.year.currentText(), editor.windowTitle()) == (
        "Năm 2024",
        "Chương trình công tác năm 2024",
    )
    saved = programme_of(shared(province_2026), 2026)
    assert saved is not None
    assert next(t for t in saved.targets if t.code == "11").value_min == 3200.0


def test_a_district_reads_the_programme_and_cannot_change_it(
    qtbot: QtBot, small_district: Path
) -> None:
    from desktop.services.progress import ensure_programme

    ensure_programme(shared(small_district), 2024)
    stored = programme_of(shared(small_district), 2024)
    editor = _editor(qtbot, small_district, 2024)
    [notice] = [w for w in editor.findChildren(QWidget, "readOnlyNotice")]
    assert notice.text() == (  # type: ignore[attr-defined]
        "Chỉ xem: chương trình công tác do LĐLĐ tỉnh soạn; cơ sở dữ liệu này của Liên đoàn Lao "
        "động huyện Thạnh Phú nhận chương trình qua gói dữ liệu của tỉnh."
    )
    assert _years(editor) == ["Năm 2024"]  # no «Tạo năm mới…»
    assert editor.year.isEnabled()
    for button in (
        editor.save_button,
        editor.new_year_button,
        editor.add_target_button,
        editor.remove_target_button,
        editor.areas.add_button,
    ):
        assert not button.isEnabled()
    assert editor.close_button.isEnabled() and editor.close_button.text() == "Đóng"
    assert editor.title.isReadOnly() and editor.areas.points.isReadOnly()
    editor.table.edit(editor.targets.index(2, TargetColumn.province_value))
    assert not [w for w in editor.table.viewport().findChildren(QLineEdit) if w.isVisible()]
    assert editor.save() is False
    assert programme_of(shared(small_district), 2024) == stored


def test_a_viewer_reads_and_a_clerk_saves_at_the_province(
    qtbot: QtBot, province_2026: Path
) -> None:
    with_accounts(province_2026)
    sign_in_as(VIEWER)
    viewer = _editor(qtbot, province_2026, 2026)
    [notice] = [w for w in viewer.findChildren(QWidget, "readOnlyNotice")]
    assert notice.text() == "Chỉ xem: Tài khoản xem (Chỉ xem) không được sửa dữ liệu."  # type: ignore[attr-defined]
    assert not viewer.save_button.isEnabled()
    assert viewer.save() is False
    viewer.close()

    sign_in_as(STAFF)
    clerk = _editor(qtbot, province_2026, 2026)
    assert not clerk.findChildren(QWidget, "readOnlyNotice")
    index = clerk.targets.index(_row(clerk, "3a"), TargetColumn.value_min)
    clerk.table.setCurrentIndex(index)
    clerk.table.edit(index)
    [field] = [w for w in clerk.table.viewport().findChildren(QLineEdit) if w.isVisible()]
    field.selectAll()
    qtbot.keyClicks(field, "25")  # still in the cell when «Lưu» is pressed
    clerk.save_button.click()
    assert clerk.message.text() == "Đã lưu chương trình công tác năm 2026."
    saved = programme_of(shared(province_2026), 2026)
    assert saved is not None
    assert (saved.targets[4].code, saved.targets[4].value_min) == ("3a", 25.0)


def test_a_year_without_a_programme_says_so(qtbot: QtBot, province: Path) -> None:
    editor = _editor(qtbot, province, 2031)
    assert editor.windowTitle() == "Chương trình công tác năm 2031"
    assert editor.message.text() == (
        "Chưa có chương trình công tác năm 2031. Bấm «Tạo năm mới…» để lập, chép từ một năm đã có."
    )
    assert not editor.tabs.isEnabled() and editor.new_year_button.isEnabled()
    assert not editor.dirty()


def test_the_targets_table_model_is_a_well_behaved_qt_model(
    qtbot: QtBot,
    province_2026: Path,
    qtmodeltester,  # type: ignore[no-untyped-def]
) -> None:
    editor = _editor(qtbot, province_2026, 2026)
    qtmodeltester.check(editor.targets)
    assert [editor.targets.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == [
        "Mã",
        "Tên chỉ tiêu",
        "Đơn vị\ntính",
    ]


def test_everything_fits_in_a_1024_by_700_window(qtbot: QtBot, province: Path) -> None:
    editor = _editor(qtbot, province, 2024)
    shown = [
        editor.heading,
        editor.year,
        editor.number,
        editor.title,
        editor.save_button,
        editor.close_button,
        editor.new_year_button,
        editor.add_target_button,
        editor.remove_target_button,
        editor.parameters_button,
    ]
    assert clipped(editor, shown) == []
    assert editor.table.horizontalScrollBar().maximum() == 0  # every column in view
    assert editor.table.columnWidth(TargetColumn.target) >= 150
    editor.tabs.setCurrentIndex(1)
    assert clipped(editor, [editor.areas.add_button, editor.areas.remove_button]) == []
