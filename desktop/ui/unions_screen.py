"""Công đoàn cơ sở: the office's grassroots unions (filters, search, form, ratings, dissolution,
the detail of one union) and, on a second tab, the prospects (enterprises without a union yet).

The list (a district has 150–400 unions) is read on the task runner and filtered in memory as
staff type. Call every method from the GUI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.format import number
from desktop.services.unions import (
    KIND_LABELS,
    RATING_LABELS,
    SECTOR_LABELS,
    UNRATED,
    UnionFilter,
    UnionRow,
    filter_unions,
    founded_years,
    rating_years,
)
from desktop.store import shared
from desktop.ui.combos import chosen
from desktop.ui.oversight_form_parts import named
from desktop.ui.registry_panel import (
    ALL_COMMUNES,
    ReadableColumn,
    RegistryPanel,
    combo,
    fitted,
    refill,
)
from desktop.ui.tasks import TaskRunner
from desktop.ui.union_detail import UnionDetailPane
from desktop.ui.unions_model import UnionColumn, UnionsModel

NAME_FLOOR = 240  # the union's name stays readable; the table scrolls sideways instead


class UnionsPanel(RegistryPanel[UnionRow]):
    loading = "Đang nạp danh sách công đoàn cơ sở…"
    model: UnionsModel

    def __init__(
        self, db_path: Path | str, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            db_path,
            runner,
            UnionsModel(),
            "union",
            "Tìm theo tên CĐCS hoặc tên chủ tịch (gõ không dấu cũng được)",
            parent,
        )
        named(self, "unionsPanel", "Danh sách công đoàn cơ sở")
        from desktop.services.targets import working_period

        self.year = int(working_period(shared(db_path))[:4])
        named(self.table, "unionsTable", "Danh sách công đoàn cơ sở")
        self.count.setAccessibleName("Số công đoàn cơ sở")
        self.sector = combo(
            "filterSector",
            "Lọc theo khu vực",
            [
                ("Mọi khu vực", None),
                *[(f"Khu vực {t.lower()}", k) for k, t in SECTOR_LABELS.items()],
            ],
        )
        self.kind = combo(
            "filterKind",
            "Lọc theo hình thức",
            [("Mọi hình thức", None), *[(t, k) for k, t in KIND_LABELS.items()]],
        )
        self.rating_year = combo(
            "filterRatingYear", "Năm xếp loại", [(f"Năm {self.year}", self.year)]
        )
        self.rating = combo(
            "filterRating",
            "Lọc theo xếp loại",
            [
                ("Mọi xếp loại", None),
                *[(t, k) for k, t in RATING_LABELS.items()],
                ("Chưa xếp loại", UNRATED),
            ],
        )
        self.founded = combo("filterFounded", "Năm thành lập", [("Mọi năm thành lập", None)])
        self.dissolved = combo(
            "filterDissolved",
            "Tình trạng",
            [("Đang hoạt động", False), ("Đã giải thể", True), ("Hoạt động và giải thể", None)],
        )
        # Two rows of boxes each as wide as its longest choice (communes: its first), so no
        # choice is cut off and the screen fits a 1024-pixel window beside the sidebar.
        filters = QVBoxLayout()
        for boxes in (
            (self.sector, self.kind, self.commune, self.dissolved),
            (self.rating_year, self.rating, self.founded),
        ):
            row = QHBoxLayout()
            for box in boxes:
                fitted(box, len(ALL_COMMUNES) if box is self.commune else None)
                row.addWidget(box)
                box.currentIndexChanged.connect(lambda _i: self.apply())
            row.addStretch(1)
            filters.addLayout(row)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)

        bar = self.button_bar(
            "union",
            (
                ("add", "Thêm CĐCS…", "Thêm công đoàn cơ sở", self.add),
                ("edit", "Sửa…", "Sửa công đoàn cơ sở", self.edit),
                ("rate", "Xếp loại…", "Xếp loại năm", lambda: self.rate(self.year_shown)),
                ("dissolve", "Giải thể…", "Giải thể công đoàn cơ sở", self.dissolve),
                ("reopen", "Hủy giải thể", "Hủy quyết định giải thể", self.reopen),
                (
                    "import",
                    "Nhập từ bảng tính…",
                    "Nhập danh sách công đoàn cơ sở từ bảng tính",
                    self.import_file,
                ),
            ),
            count=False,
        )
        self.model.set_rating_year(self.year)
        self.table.setAlternatingRowColors(True)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        header = self.table.horizontalHeader()
        self.name_column = ReadableColumn(self.table, UnionColumn.union, NAME_FLOOR)
        for column, width in zip(
            UnionColumn, (300, 104, 124, 70, 76, 140, 122, 84, 118), strict=True
        ):
            header.resizeSection(column, width)

        self.detail = UnionDetailPane(db_path)
        self.detail.rating_requested.connect(self.rate)
        self.detail.rating_changed.connect(lambda: self.load("Đã bỏ xếp loại."))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setSizes([330, 230])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        self._enable()

    # --- loading and filtering -------------------------------------------------------------

    def read(self, db_path: Path | str) -> list[UnionRow]:
        from desktop.services.unions import list_unions

        return list_unions(shared(db_path))

    def after_read(self) -> None:
        years = sorted({*rating_years(self.all_rows), self.year}, reverse=True)
        refill(self.rating_year, [(f"Năm {y}", y) for y in years])
        founded = [(f"Thành lập {y}", y) for y in founded_years(self.all_rows)]
        refill(self.founded, [("Mọi năm thành lập", None), *founded])

    @property
    def year_shown(self) -> int:
        year = chosen(self.rating_year)
        return int(year) if isinstance(year, int) else self.year

    def filters(self) -> UnionFilter:
        return UnionFilter(
            query=self.search.text(),
            sector=chosen(self.sector),  # type: ignore[arg-type]
            kind=chosen(self.kind),  # type: ignore[arg-type]
            commune_code=chosen(self.commune),  # type: ignore[arg-type]
            rating_year=self.year_shown,
            rating=chosen(self.rating),  # type: ignore[arg-type]
            founded_year=chosen(self.founded),  # type: ignore[arg-type]
            dissolved=chosen(self.dissolved),  # type: ignore[arg-type]
        )

    def shown(self) -> list[UnionRow]:
        self.model.set_rating_year(self.year_shown)
        self.detail.rating_year = self.year_shown
        # «Tình trạng» says nothing while only working unions are listed.
        self.table.setColumnHidden(UnionColumn.status, chosen(self.dissolved) is False)
        self.name_column.fit()
        return filter_unions(self.all_rows, self.filters())

    def counted(self, rows: list[UnionRow]) -> str:
        members = sum(r.members for r in rows)
        return f"{number(len(rows))} CĐCS · {number(members)} đoàn viên"

    def show_selected(self) -> None:
        self.detail.show_union(self.selected_id())
        self._enable()

    def _enable(self) -> None:
        union = self.selected()
        self.buttons["edit"].setEnabled(union is not None)
        self.buttons["rate"].setEnabled(union is not None)
        self.buttons["dissolve"].setEnabled(union is not None and not union.dissolved)
        self.buttons["reopen"].setEnabled(union is not None and union.dissolved)

    # --- writing ---------------------------------------------------------------------------

    def union_dialog(self, existing: UnionRow | None = None) -> Any:
        from desktop.ui.union_dialog import UnionDialog

        return UnionDialog(self.db_path, self.communes, existing, self)

    def add(self) -> None:
        dialog = self.union_dialog()
        if dialog.exec():
            self.load(f"Đã thêm {dialog.name.text().strip()}.", dialog.saved_id)

    def edit(self) -> None:
        union = self.selected()
        if union is not None and self.union_dialog(union).exec():
            self.load(f"Đã lưu thông tin {union.name}.", union.id)

    def import_file(self) -> Any:
        """The import wizard on a unions list; the table is read again once a file went in."""
        from desktop.ui.import_wizard import ImportWizard

        wizard = ImportWizard(self.db_path, "unions", self.runner.pool, self)
        wizard.exec()
        if wizard.imported:
            self.load("Đã nhập danh sách công đoàn cơ sở từ bảng tính.")
        return wizard

    def rating_dialog(self, year: int) -> Any:
        from desktop.ui.union_actions import RatingDialog

        union = self.selected()
        assert union is not None
        return RatingDialog(self.db_path, union, year, self)

    def rate(self, year: int) -> None:
        union = self.selected()
        if union is None:
            return
        dialog = self.rating_dialog(year)
        if dialog.exec():
            self.load(f"Đã xếp loại năm {dialog.year.value()}: {union.name}.", union.id)

    def dissolve_dialog(self) -> Any:
        from desktop.services.oversight import live_unions
        from desktop.ui.union_actions import DissolveDialog

        union = self.selected()
        assert union is not None
        return DissolveDialog(self.db_path, union, live_unions(shared(self.db_path)), self)

    def dissolve(self) -> None:
        union = self.selected()
        if union is None or union.dissolved:
            return
        dialog = self.dissolve_dialog()
        if dialog.exec() and dialog.result_ is not None:
            done = dialog.result_
            moved = (
                f"; {number(done.transferred)} đoàn viên chuyển sinh hoạt sang {done.to_union}"
                if done.transferred
                else ""
            )
            self.load(f"Đã giải thể {done.name}{moved}.", union.id)

    def reopen(self, confirm: bool = True) -> None:
        from desktop.services.union_events import reopen_union

        union = self.selected()
        if union is None or not union.dissolved:
            return
        if confirm:
            answer = QMessageBox.question(
                self,
                "Hủy giải thể",
                f"Hủy quyết định giải thể {union.name}? Đoàn viên đã chuyển đi khi giải thể vẫn ở "
                "công đoàn cơ sở nhận.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            reopen_union(shared(self.db_path), union.id)
        except UserError as exc:
            self.message.setText(exc.message)
            return
        self.load(f"Đã hủy giải thể {union.name}.", union.id)


class UnionsScreen(QWidget):
    def __init__(
        self, db_path: Path | str, parent: QWidget | None = None, runner: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        named(self, "unionsScreen", "Công đoàn cơ sở")
        from desktop.ui.prospects_panel import ProspectsPanel

        self.db_path = db_path
        self.runner = runner or TaskRunner(self)
        title = named(QLabel("Công đoàn cơ sở"), "unionsTitle", "Công đoàn cơ sở")
        title.setStyleSheet("font-size: 14pt; font-weight: 600; color: #1a202c;")
        self.unions = UnionsPanel(db_path, self.runner)
        self.prospects = ProspectsPanel(db_path, self.runner)
        self.prospects.unions_changed.connect(lambda: self.unions.load())
        self.tabs = named(QTabWidget(), "unionsTabs", "Công đoàn cơ sở và doanh nghiệp")
        self.tabs.addTab(self.unions, "Công đoàn cơ sở")
        self.tabs.addTab(self.prospects, "Doanh nghiệp chưa có công đoàn")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        self._shown_once = False
        self.unions.load()
        self.prospects.load()

    def showEvent(self, event: QShowEvent) -> None:
        # Members joined or moved on the Đoàn viên screen change the counts shown here.
        if self._shown_once:
            self.unions.load()
        self._shown_once = True
        super().showEvent(event)
