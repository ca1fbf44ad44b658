"""Tổng hợp on a province of three offices, Chợ Lách three months behind: each office's cells are
its own figures as of the month, the behind office shows «chưa gửi», columns sort, an office's
unions and members open read-only, the month exports to Excel."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop.services.progress import progress_for
from desktop.store import shared
from desktop.ui.summary_screen import MISSING, SummaryScreen
from desktop.ui.targets_model import shown
from desktop.ui.tasks import SynchronousPool, TaskRunner
from tests.unit._sync_fixtures import DISTRICT, OTHER_DISTRICT, memory_keyring
from tests.unit.test_incoming import CHO_LACH, Province, province_template, three_offices

__all__ = ["memory_keyring", "province_template", "three_offices"]
SHOTS = Path(os.environ["UNIONDESK_SHOTS"]) if os.environ.get("UNIONDESK_SHOTS") else None


@pytest.fixture
def province(three_offices: Province, tmp_path: Path, memory_keyring) -> Province:  # type: ignore[no-untyped-def]
    p = three_offices
    p.merge_all()
    return p


def _screen(qtbot: Any, db: Path | str) -> SummaryScreen:
    screen = SummaryScreen(db, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(screen)
    screen.resize(1100, 640)
    return screen


def _headers(screen: SummaryScreen) -> list[str]:
    model = screen.proxy
    return [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for c in range(model.columnCount())
    ]


def _grid(screen: SummaryScreen) -> dict[str, list[str]]:
    """Target code → the texts of its row as shown (sorted as the view sorts)."""
    model = screen.proxy
    return {
        model.index(r, 0).data(): [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    }


def _own(db: Path | str, period: str, unit: str) -> dict[str, str]:
    """The office's own figures (year to date) as the table shows them."""
    report = progress_for(shared(db), period, unit=unit)
    return {
        t.code: "—" if t.year_to_date is None else shown(t.year_to_date, t.unit)
        for t in report.targets
    }


def test_each_office_shows_its_own_figures_and_the_behind_office_shows_missing(
    qtbot: Any, province: Province
) -> None:
    screen = _screen(qtbot, province.province)
    assert screen.period.currentData() == "2024-06"  # the newest month merged
    assert [screen.period.itemData(i) for i in range(3)] == ["2024-06", "2024-05", "2024-04"]
    headers = _headers(screen)
    # The province's columns first, in sight however many offices follow.
    assert headers == [
        "Mã",
        "Chỉ tiêu",
        "Toàn tỉnh",
        "Chỉ tiêu\ntỉnh",
        "% chỉ tiêu\ntỉnh",
        DISTRICT[0],
        f"{CHO_LACH[0]}\n{MISSING}",
        OTHER_DISTRICT[0],
    ]
    grid = _grid(screen)
    assert len(grid) > 10
    for column, unit in ((5, DISTRICT[0]), (7, OTHER_DISTRICT[0])):
        own = _own(province.province, "2024-06", unit)
        assert {code: row[column] for code, row in grid.items()} == own
    assert {row[6] for row in grid.values()} == {MISSING}  # never March's numbers
    assert grid["2a"][5:8] == ["3", MISSING, "3"]  # members admitted in 2024 up to June
    assert grid["2a"][2] == "6"  # the province: the two offices that sent June
    assert "Chưa gửi số liệu tháng 6/2024: LDLD-CHOLACH – Liên đoàn Lao động huyện Chợ Lách " in (
        screen.missing.text()
    )
    assert "(gói mới nhất tháng 3/2024)" in screen.missing.text()
    assert "2/3 đơn vị có số liệu" in screen.heading.text()
    screen.grab().save(str(province.ex.folder / "summary.png"))


def test_a_month_the_behind_office_reached_counts_it(qtbot: Any, province: Province) -> None:
    screen = _screen(qtbot, province.province)
    screen.set_period("2024-03")
    grid = _grid(screen)
    assert _headers(screen)[5:8] == [DISTRICT[0], CHO_LACH[0], OTHER_DISTRICT[0]]
    for column, unit in ((5, DISTRICT[0]), (6, CHO_LACH[0]), (7, OTHER_DISTRICT[0])):
        own = _own(province.province, "2024-03", unit)
        assert {code: row[column] for code, row in grid.items()} == own
    assert grid["2a"][5:8] == ["2", "2", "2"]  # admitted in February and March: 2 each
    assert grid["2a"][2] == "6"
    assert screen.missing.text() == ""


def test_columns_sort_by_their_numbers(qtbot: Any, province: Province) -> None:
    screen = _screen(qtbot, province.province)
    codes = list(_grid(screen))
    assert codes[:4] == ["1a", "1b", "2a", "2b"]  # the programme's order at first
    assert codes.index("9b") < codes.index("10")
    screen.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # Toàn tỉnh, largest first
    grid = _grid(screen)
    assert set(list(grid)[:2]) == {"2a", "2b"} and list(grid)[2] == "3a"
    assert [row[2] for row in grid.values()][:3] == ["6", "6", "1"]
    assert list(grid.values())[-1][2] == "—"  # not measured: last
    screen.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    by_number = sorted(codes, key=lambda c: (int("".join(d for d in c if d.isdigit())), c))
    assert list(_grid(screen)) == by_number[::-1]  # 10 after 9b, never between 1b and 2a
    assert list(_grid(screen))[-4:] == ["2b", "2a", "1b", "1a"]


def test_double_clicking_an_office_opens_its_unions_and_members_only(
    qtbot: Any, province: Province
) -> None:
    screen = _screen(qtbot, province.province)
    index = screen.proxy.index(0, 7)  # Thạnh Phú's column
    screen.table.doubleClicked.emit(index)
    browser = screen.browser
    assert browser is not None and browser.isVisible()
    assert browser.windowTitle() == f"{OTHER_DISTRICT[0]} – {OTHER_DISTRICT[1]}"
    members = browser.members_model  # type: ignore[attr-defined]
    names = [members.index(r, 0).data() for r in range(members.rowCount())]
    assert names == ["Võ Thị Mỹ", "Phạm Thị Ngọc", "Huỳnh Văn Tài"]
    unions = browser.unions_model  # type: ignore[attr-defined]
    assert [unions.index(r, 0).data() for r in range(unions.rowCount())] == [
        "Tất cả đoàn viên của đơn vị",
        "CĐCS Trường THCS Thạnh Phong",
    ]
    browser.grab().save(str(province.ex.folder / "browser.png"))
    browser.close()
    screen._header_double_clicked(5)  # Ba Tri by its header
    browser = screen.browser
    assert browser is not None
    browser.select_union(browser.holdings.unions[0].id)  # type: ignore[attr-defined]
    members = browser.members_model  # type: ignore[attr-defined]
    assert [members.index(r, 0).data() for r in range(members.rowCount())] == ["Lê Thị Ánh"]
    assert browser.members_title.text() == (  # type: ignore[attr-defined]
        "Đoàn viên – CĐCS Công ty TNHH Thủy sản Đông Hải: 1 người"
    )
    browser.close()


def test_the_month_exports_to_excel(qtbot: Any, province: Province, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    screen = _screen(qtbot, province.province)
    out = tmp_path / "tong-hop.xlsx"
    screen.export_to(out)
    assert screen.outcome.text() == f"Đã xuất bảng tổng hợp tháng 6/2024: {out}"
    book = load_workbook(out)
    texts = {str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value}
    assert any(CHO_LACH[0] in t or "Chợ Lách" in t for t in texts)


def test_the_demo_province_shows_each_offices_own_december(qtbot: Any, demo_province: Path) -> None:
    """Three generated offices merged month by month; the education union stops at September."""
    screen = _screen(qtbot, demo_province)
    assert screen.period.currentData() == "2024-12"
    headers = _headers(screen)
    assert headers[5:8] == ["CDGD-BENTRE\nchưa gửi", "CDKCN-BENTRE", "LDLD-BATRI"]
    grid = _grid(screen)
    for column, unit in ((6, "CDKCN-BENTRE"), (7, "LDLD-BATRI")):
        own = _own(demo_province, "2024-12", unit)
        assert {code: row[column] for code, row in grid.items()} == own
    assert {row[5] for row in grid.values()} == {MISSING}
    wide = progress_for(shared(demo_province), "2024-12")
    assert {code: row[2] for code, row in grid.items()} == {
        t.code: "—" if t.year_to_date is None else shown(t.year_to_date, t.unit)
        for t in wide.targets
    }
    assert "CDGD-BENTRE – Công đoàn ngành Giáo dục tỉnh Bến Tre (gói mới nhất tháng 9/2024)" in (
        screen.missing.text()
    )
    screen.set_period("2024-09")  # a month all three reached
    grid = _grid(screen)
    assert _headers(screen)[5] == "CDGD-BENTRE"
    own = _own(demo_province, "2024-09", "CDGD-BENTRE")
    assert {code: row[5] for code, row in grid.items()} == own
    screen.set_period("2024-12")
    assert _headers(screen)[5] == "CDGD-BENTRE\nchưa gửi"
    if SHOTS:
        screen.grab().save(str(SHOTS / "screen-summary.png"))


def test_the_month_alone_shows_each_offices_june(qtbot: Any, province: Province) -> None:
    screen = _screen(qtbot, province.province)
    screen.figure.setCurrentIndex(screen.figure.findData("month"))
    grid = _grid(screen)
    for column, unit in ((5, DISTRICT[0]), (7, OTHER_DISTRICT[0])):
        report = progress_for(shared(province.province), "2024-06", unit=unit)
        assert {code: row[column] for code, row in grid.items()} == {
            t.code: "—" if t.month is None else shown(t.month, t.unit) for t in report.targets
        }
    assert grid["2a"][5:8] == ["0", MISSING, "0"]  # nobody admitted in June
    assert grid["2a"][2] == "0"
    assert _headers(screen)[4] == "% chỉ tiêu tỉnh\n(lũy kế năm)"


def test_a_month_is_accepted_or_returned_from_its_office_column(
    qtbot: Any, demo_province: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo province returned Ba Tri's June; the province accepts it once corrected, then
    returns the industrial zones' June with a reason."""
    from desktop.services.decisions import decisions

    screen = _screen(qtbot, demo_province)
    screen.set_period("2024-06")
    headers = _headers(screen)
    assert headers[7] == "LDLD-BATRI\nbị trả lại"
    assert not screen.accept_button.isEnabled()  # no office column chosen yet
    screen.table.setCurrentIndex(screen.proxy.index(0, 7))
    assert screen.accept_button.isEnabled() and screen.return_button.isEnabled()
    screen.accept_month()
    assert _headers(screen)[7] == "LDLD-BATRI\nđã chấp nhận"
    assert screen.outcome.text() == (
        "Báo cáo tháng 6/2024 của LDLD-BATRI – Liên đoàn Lao động huyện Ba Tri: đã chấp nhận. "
        "Quyết định đến đơn vị trong gói biên nhận tiếp theo (Gửi gói cho đơn vị…)."
    )
    screen.table.setCurrentIndex(screen.proxy.index(0, 6))
    monkeypatch.setattr(screen, "ask_reason", lambda office, month: "   ")
    screen.return_month()
    assert screen.outcome.text() == "Chưa trả lại: cần ghi lý do để đơn vị biết phải sửa gì."
    monkeypatch.setattr(screen, "ask_reason", lambda office, month: "Thiếu số liệu 1b")
    screen.return_month()
    assert _headers(screen)[6] == "CDKCN-BENTRE\nbị trả lại"
    newest = {
        (d.unit_code, d.period): (d.decision, d.reason) for d in decisions(shared(demo_province))
    }
    assert newest[("LDLD-BATRI", "2024-06")] == ("accepted", "")
    assert newest[("CDKCN-BENTRE", "2024-06")] == ("returned", "Thiếu số liệu 1b")
    screen.set_period("2024-12")
    screen.table.setCurrentIndex(screen.proxy.index(0, 5))  # the education union: no December
    assert not screen.accept_button.isEnabled()
