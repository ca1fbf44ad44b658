"""Nhận gói on a province of three offices: verdicts before anything is written, merge, Cancel,
and a fork decided with its confirmation."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from desktop.store import shared
from desktop.ui.incoming_screen import IncomingScreen
from desktop.ui.tasks import SynchronousPool, TaskRunner
from tests.unit._sync_fixtures import Exchange, memory_keyring, rows_of
from tests.unit.test_incoming import Province, _forked, province_template, three_offices

__all__ = ["memory_keyring", "province_template", "three_offices"]
# UNIONDESK_SHOTS=docs: the screenshot the README shows is saved there.
SHOTS = Path(os.environ["UNIONDESK_SHOTS"]) if os.environ.get("UNIONDESK_SHOTS") else None


def _screen(qtbot: Any, db: Path | str) -> IncomingScreen:
    screen = IncomingScreen(db, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(screen)
    screen.resize(1000, 560)
    return screen


def _column(screen: IncomingScreen, column: int) -> list[str]:
    model = screen.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def _ticked(screen: IncomingScreen) -> list[Any]:
    model = screen.model
    return [model.index(r, 0).data(Qt.ItemDataRole.CheckStateRole) for r in range(model.rowCount())]


def _ledger(db: Path | str) -> list[tuple]:
    return rows_of(db, "SELECT unit_code, sequence, verdict FROM bundle_ledger ORDER BY id")


def test_each_file_shows_its_verdict_before_anything_is_written(
    three_offices: Province, qtbot: Any, tmp_path: Path, memory_keyring
) -> None:
    p = three_offices
    p.ex.merge(p.ba_tri_may)
    screen = _screen(qtbot, p.province)
    assert screen.details.text().startswith("Chưa có tệp nào. Bấm «Chọn tệp gói…» hoặc kéo thả")
    screen.add_files([p.ba_tri_june, p.ba_tri_may, p.forged()])
    assert _column(screen, 1) == [
        "ba-tri-2024-06.udb",
        "ba-tri-2024-05.udb",
        "thanh-phu-gia-mao.udb",
    ]
    assert _column(screen, 5) == ["Sẽ gộp", "Đã gộp trước đó", "Bị từ chối"]
    assert _column(screen, 2) == [
        "Liên đoàn Lao động huyện Ba Tri",
        "Liên đoàn Lao động huyện Ba Tri",
        "",
    ]
    assert _column(screen, 3)[:2] == ["tháng 6/2024", "tháng 5/2024"]
    assert _column(screen, 6) == [
        "Thay đổi so với gói số 1 (tháng 5/2024): không thay đổi.",
        "gói số 1 (kỳ 2024-05) của LDLD-BATRI – Liên đoàn Lao động huyện Ba Tri đã gộp trước "
        "đó; không thay đổi gì.",
        "chữ ký số không hợp lệ: nội dung đã bị thay đổi hoặc bị giả mạo. Gói bị từ chối.",
    ]
    assert _ticked(screen) == [Qt.CheckState.Checked, None, None]  # only a mergeable file
    assert screen.outcome.text().endswith("Đã kiểm tra 3 tệp: 1 tệp có thể gộp.</span>")
    details = screen.details.text()
    assert "<b>Sẽ gộp</b>" in details
    assert "Gói trước đã gộp của đơn vị: gói số 1, tháng 5/2024." in details
    assert "Thay đổi so với gói số 1 (tháng 5/2024): không thay đổi." in details
    screen.table.selectRow(2)
    assert (
        "chữ ký số không hợp lệ: nội dung đã bị thay đổi hoặc bị giả mạo" in screen.details.text()
    )
    screen.table.selectRow(1)
    assert "đã gộp trước đó; không thay đổi gì." in screen.details.text()
    assert not screen.fork_button.isEnabled()
    assert _ledger(p.province) == [("LDLD-BATRI", 1, "merged")]  # checking wrote nothing
    screen.grab().save(str(tmp_path / "incoming.png"))


def test_dropped_files_are_checked_and_the_ticked_ones_merged(
    three_offices: Province, qtbot: Any, tmp_path: Path, memory_keyring
) -> None:
    p = three_offices
    screen = _screen(qtbot, p.province)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(f)) for f in (p.thanh_phu_june, p.cho_lach_march)])
    drop = QDropEvent(
        QPointF(QPoint(10, 10)),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    screen.dropEvent(drop)
    assert _column(screen, 5) == ["Sẽ gộp", "Sẽ gộp"]
    screen.model.setData(
        screen.model.index(1, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )
    qtbot.mouseClick(screen.merge_button, Qt.MouseButton.LeftButton)
    assert _column(screen, 5) == ["Đã gộp", "Sẽ gộp"]
    assert screen.outcome.text().endswith("Đã gộp 1/1 tệp.</span>")
    assert _ledger(p.province) == [("LDLD-THUNHA", 1, "merged")]
    assert not screen.merge_button.isEnabled()  # nothing ticked is left
    screen.merge()
    assert "Chưa có tệp nào được đánh dấu để gộp." in screen.outcome.text()


def test_cancel_stops_between_files_and_says_what_is_left(
    three_offices: Province,
    qtbot: Any,
    tmp_path: Path,
    memory_keyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import desktop.services.incoming as incoming

    p = three_offices
    screen = _screen(qtbot, p.province)
    screen.add_files([p.ba_tri_may, p.thanh_phu_june, p.cho_lach_march])
    real = incoming.merge_files

    def pressed_cancel_after_the_first(store: Any, files: Any, **kw: Any) -> Any:
        calls: list[float] = []

        def progress(fraction: float, text: str) -> None:
            calls.append(fraction)
            if len(calls) == 2:
                kw["cancel"].cancel()  # the dialog's Hủy sets the task's token
            kw["progress"](fraction, text)

        return real(store, files, **{**kw, "progress": progress})

    monkeypatch.setattr(incoming, "merge_files", pressed_cancel_after_the_first)
    screen.merge()
    assert _column(screen, 5) == ["Đã gộp", "Sẽ gộp", "Sẽ gộp"]
    assert "Đã gộp 1/3 tệp. Đã dừng theo yêu cầu: 2 tệp chưa gộp" in screen.outcome.text()
    assert _ledger(p.province) == [("LDLD-BATRI", 1, "merged")]
    monkeypatch.setattr(incoming, "merge_files", real)
    screen.merge()
    assert _column(screen, 5) == ["Đã gộp", "Đã gộp", "Đã gộp"]
    assert [r[0] for r in _ledger(p.province)] == ["LDLD-BATRI", "LDLD-THUNHA", "LDLD-CHOLACH"]


def test_a_fork_is_decided_here_after_a_confirmation(
    qtbot: Any, tmp_path: Path, memory_keyring
) -> None:
    ex = Exchange(tmp_path)
    _, fork = _forked(ex)
    screen = _screen(qtbot, ex.province)
    screen.add_files([fork])
    assert _column(screen, 5) == ["Gói rẽ nhánh – chờ quyết định"]
    assert screen.fork_button.isEnabled()
    assert screen.forks.isHidden()  # checked only: no fork is in the ledger yet
    qtbot.mouseClick(screen.fork_button, Qt.MouseButton.LeftButton)
    dialog = screen.fork_dialog
    assert dialog is not None and dialog.isVisible()
    texts = dialog.findChild(type(screen.details), "forkKeepText").text()
    assert texts.startswith("Giữ dữ liệu đã gộp của LDLD-BATRI – Liên đoàn Lao động huyện Ba Tri")
    assert not dialog.ok.isEnabled()
    dialog.take.setChecked(True)
    assert not dialog.ok.isEnabled()  # not before «đã liên hệ đơn vị» is ticked
    dialog.sure.setChecked(True)
    assert dialog.ok.isEnabled()
    dialog.grab().save(str(tmp_path / "fork.png"))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert _column(screen, 5) == ["Đã gộp (nhận nhánh mới)"]
    assert "LĐLĐ tỉnh nhận nhánh mới của LDLD-BATRI: gói số 2" in screen.outcome.text()
    assert _ledger(ex.province)[-1] == ("LDLD-BATRI", 2, "merged")
    names = {r[0] for r in rows_of(ex.province, "SELECT full_name FROM member")}
    assert "Đỗ Văn Minh" in names and "Phạm Thị Lan" not in names
    assert date(2024, 4, 20)  # the forked branch's member, admitted after the restore


def test_the_demo_province_checks_the_offices_next_bundles(qtbot: Any, demo_province: Path) -> None:
    """The education union, three months behind, sends October and November; Ba Tri sends its
    December again (a new bundle, nothing changed), which is then merged; a forged copy."""
    from desktop.sync.format.crypto import generate_key_pair
    from desktop.sync.office.export import export_bundle
    from tests.unit._bundle_craft import open_inner, reseal, resign
    from tests.unit._sync_fixtures import no_passphrase

    offices, folder = demo_province.parent / "offices", demo_province.parent
    files = {}
    for code, period in (("CDGD-BENTRE", "2024-10"), ("CDGD-BENTRE", "2024-11")):
        files[period] = folder / f"goi-{code.lower()}-{period}.udb"
        export_bundle(
            shared(offices / f"{code}.sqlite"), period, files[period], passphrase=no_passphrase
        )
    again = folder / "goi-ldld-batri-2024-12.udb"
    export_bundle(shared(offices / "LDLD-BATRI.sqlite"), "2024-12", again, passphrase=no_passphrase)
    forged = folder / "goi-cdkcn-bentre-2024-12.udb"
    inner = open_inner(demo_province, files["2024-10"].read_bytes())
    forged.write_bytes(reseal(resign(inner, generate_key_pair()), demo_province))
    screen = _screen(qtbot, demo_province)
    screen.add_files([again])
    screen.merge()
    assert _column(screen, 5) == ["Đã gộp"]
    screen.clear()
    screen.add_files([files["2024-10"], files["2024-11"], again, forged])
    assert _column(screen, 5) == ["Sẽ gộp", "Sẽ gộp", "Đã gộp trước đó", "Bị từ chối"]
    assert _column(screen, 3)[:2] == ["tháng 10/2024", "tháng 11/2024"]
    october = screen.model.result(0)
    assert october is not None
    assert "Gói trước đã gộp của đơn vị: gói số 9, tháng 9/2024." in october.lines
    assert october.brief.startswith("Thay đổi so với gói số 9 (tháng 9/2024): ")
    november = screen.model.result(1)
    assert november is not None
    assert any(line.startswith("Biến động đoàn viên tháng 11/2024") for line in november.lines)
    if SHOTS:
        screen.table.selectRow(0)
        screen.grab().save(str(SHOTS / "screen-incoming.png"))


def test_cancel_while_checking_leaves_the_list_as_it_was(
    three_offices: Province, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import desktop.services.incoming as incoming
    from desktop.errors import Cancelled

    p = three_offices
    screen = _screen(qtbot, p.province)
    screen.add_files([p.ba_tri_may])
    real = incoming.check_files

    def pressed_cancel(store: Any, files: Any, **kw: Any) -> Any:
        kw["progress"](0.0, "")
        raise Cancelled()  # what the runner's progress does once Hủy is pressed

    monkeypatch.setattr(incoming, "check_files", pressed_cancel)
    screen.add_files([p.thanh_phu_june, p.cho_lach_march])
    assert _column(screen, 1) == ["ba-tri-2024-05.udb"]
    assert _column(screen, 5) == ["Sẽ gộp"]
    assert screen.outcome.text().endswith(
        "Đã dừng kiểm tra: các tệp chưa được kiểm tra đã bỏ khỏi danh sách.</span>"
    )
    monkeypatch.setattr(incoming, "check_files", real)
    screen.add_files([p.thanh_phu_june])
    assert _column(screen, 5) == ["Sẽ gộp", "Sẽ gộp"]
    assert _ticked(screen) == [Qt.CheckState.Checked, Qt.CheckState.Checked]
