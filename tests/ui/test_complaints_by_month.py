"""The complaints tab lists the month's complaints under a count that matches them, and apart, the
older ones still open when the month began («3 đơn thư trong tháng 12/2024» once listed complaints
received in January, August and November)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.services.oversight import ComplaintInput, save_complaint
from desktop.store import shared
from desktop.ui.complaint_form import ComplaintForm
from desktop.ui.oversight_complaints import ComplaintsPanel
from desktop.ui.tasks import SynchronousPool, TaskRunner

FISHERY = "CĐCS Công ty TNHH Thủy sản Đông Hải"
SCHOOL = "CĐCS Trường THCS Thạnh Phong"


def _cells(proxy) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [
        [proxy.index(r, c).data() for c in range(proxy.columnCount())]
        for r in range(proxy.rowCount())
    ]


@pytest.fixture
def panel(qtbot: QtBot, small_district: Path, tmp_path: Path) -> ComplaintsPanel:
    db = tmp_path / "district.sqlite"
    shutil.copy(small_district, db)
    with sqlite3.connect(db) as con:
        unions = {name: uid for uid, name in con.execute("SELECT id, name FROM grassroots_union")}
    fishery, school = unions[FISHERY], unions[SCHOOL]
    for received, subject, union, resolved, outcome in (
        # Before December: January and August resolved in December, November still open; one
        # resolved in October is done with and listed nowhere in December.
        (
            date(2024, 1, 21),
            "Đề nghị giải quyết chế độ ốm đau",
            school,
            date(2024, 12, 5),
            "Đã chi trả.",
        ),
        (
            date(2024, 8, 23),
            "Tố cáo vi phạm thời giờ làm việc",
            None,
            date(2024, 12, 20),
            "Đã xử lý.",
        ),
        (
            date(2024, 9, 2),
            "Khiếu nại chậm đóng bảo hiểm",
            school,
            date(2024, 10, 1),
            "Đã đóng đủ.",
        ),
        (date(2024, 11, 9), "Khiếu nại về kỷ luật lao động", school, None, ""),
        # December's own.
        (date(2024, 12, 3), "Khiếu nại chậm trả lương tháng 11", fishery, None, ""),
        (
            date(2024, 12, 16),
            "Đề nghị hỗ trợ tai nạn lao động",
            None,
            date(2024, 12, 27),
            "Đã hỗ trợ.",
        ),
    ):
        save_complaint(
            shared(db), ComplaintInput(received, subject, union, True, resolved, outcome)
        )
    widget = ComplaintsPanel(db, TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(widget)
    widget.set_period("2024-12")
    return widget


def test_a_month_lists_its_own_complaints_and_apart_the_older_ones_still_open(
    panel: ComplaintsPanel,
) -> None:
    assert (
        panel.title.text()
        == "2 đơn thư nhận trong tháng 12/2024: 1 đã giải quyết, 1 đang giải quyết"
    )
    assert _cells(panel.proxy) == [
        [
            "03/12/2024",
            "Khiếu nại chậm trả lương tháng 11",
            FISHERY,
            "Thuộc",
            "Đang giải quyết",
            "",
        ],
        ["16/12/2024", "Đề nghị hỗ trợ tai nạn lao động", "", "Thuộc", "27/12/2024", "Đã hỗ trợ."],
    ]
    assert panel.older_title.text() == (
        "Đơn thư tháng trước chưa giải quyết (3): 2 giải quyết trong tháng 12/2024, 1 còn tồn"
    )
    assert _cells(panel.older_proxy) == [
        [
            "21/01/2024",
            "Đề nghị giải quyết chế độ ốm đau",
            SCHOOL,
            "Thuộc",
            "05/12/2024",
            "Đã chi trả.",
        ],
        ["23/08/2024", "Tố cáo vi phạm thời giờ làm việc", "", "Thuộc", "20/12/2024", "Đã xử lý."],
        ["09/11/2024", "Khiếu nại về kỷ luật lao động", SCHOOL, "Thuộc", "Đang giải quyết", ""],
    ]
    assert panel.older_table.isVisibleTo(panel)


def test_an_earlier_month_and_the_whole_year(panel: ComplaintsPanel) -> None:
    panel.set_period("2024-11")
    assert (
        panel.title.text()
        == "1 đơn thư nhận trong tháng 11/2024: 0 đã giải quyết, 1 đang giải quyết"
    )
    assert [row[1] for row in _cells(panel.proxy)] == ["Khiếu nại về kỷ luật lao động"]
    # In November the January and August complaints were both still open at the month's end.
    assert panel.older_title.text() == (
        "Đơn thư tháng trước chưa giải quyết (2): 0 giải quyết trong tháng 11/2024, 2 còn tồn"
    )
    assert [row[0] for row in _cells(panel.older_proxy)] == ["21/01/2024", "23/08/2024"]

    panel.whole_year.setChecked(True)
    assert panel.title.text() == "6 đơn thư nhận trong năm 2024: 4 đã giải quyết, 2 đang giải quyết"
    assert len(_cells(panel.proxy)) == 6
    assert panel.older_title.text() == "Không có đơn thư năm trước chưa giải quyết."
    assert not panel.older_table.isVisibleTo(panel)


def test_an_older_complaint_is_resolved_from_its_own_list(
    panel: ComplaintsPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel.select_row(0)  # December's open complaint
    assert panel.selected() is not None
    panel.select_older_row(2)  # the November one: one selection between the two lists
    assert not panel.table.selectionModel().hasSelection()
    selected = panel.selected()
    assert selected is not None and selected.subject == "Khiếu nại về kỷ luật lao động"
    assert panel.resolve_button.isEnabled()

    def resolve(form: ComplaintForm) -> int:
        form.resolved_on.setDate(date(2024, 12, 30))
        form.outcome.setPlainText("Đã hòa giải thành.")
        assert form.try_save()
        return form.result()

    monkeypatch.setattr(ComplaintForm, "exec", resolve)
    panel.resolve_selected()
    assert panel.older_title.text() == (
        "Đơn thư tháng trước chưa giải quyết (3): 3 giải quyết trong tháng 12/2024, 0 còn tồn"
    )
    assert _cells(panel.older_proxy)[2][4:] == ["30/12/2024", "Đã hòa giải thành."]
