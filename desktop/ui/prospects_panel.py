"""Doanh nghiệp chưa có công đoàn: the prospects tab of the Công đoàn cơ sở screen. Enterprises
with 25 workers or more come first and are highlighted (target 3b counts their new unions); a
status step is dated and noted; "founded" creates or links the union. GUI thread only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.format import number
from desktop.services.prospects import (
    OPEN,
    PRIORITY_WORKFORCE,
    STATUS_LABELS,
    ProspectFilter,
    ProspectRow,
    filter_prospects,
)
from desktop.store import shared
from desktop.ui.combos import chosen
from desktop.ui.oversight_form_parts import named
from desktop.ui.registry_panel import ALL_COMMUNES, ReadableColumn, RegistryPanel, combo, fitted
from desktop.ui.tasks import TaskRunner
from desktop.ui.unions_model import ProspectColumn, ProspectsModel


class ProspectsPanel(RegistryPanel[ProspectRow]):
    """`unions_changed` is emitted when a founding added or linked a grassroots union."""

    unions_changed = Signal()
    loading = "Đang nạp danh sách doanh nghiệp…"

    def __init__(
        self, db_path: Path | str, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            db_path,
            runner,
            ProspectsModel(),
            "prospect",
            "Tìm theo tên doanh nghiệp (gõ không dấu cũng được)",
            parent,
        )
        named(self, "prospectsPanel", "Doanh nghiệp chưa có công đoàn")
        named(self.table, "prospectsTable", "Danh sách doanh nghiệp chưa có công đoàn")
        self.count.setAccessibleName("Số doanh nghiệp")
        self.status = combo(
            "filterProspectStatus",
            "Lọc theo trạng thái",
            [
                ("Chưa có công đoàn (đang theo dõi)", OPEN),
                *[(t, k) for k, t in STATUS_LABELS.items()],
                ("Mọi trạng thái", None),
            ],
        )
        self.status.currentIndexChanged.connect(lambda _i: self.apply())
        fitted(self.status)
        fitted(self.commune, len(ALL_COMMUNES))
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.status)
        top.addWidget(self.commune)
        bar = self.button_bar(
            "prospect",
            (
                ("add", "Thêm doanh nghiệp…", "Thêm doanh nghiệp", self.add),
                ("edit", "Sửa…", "Sửa doanh nghiệp", self.edit),
                ("status", "Đổi trạng thái…", "Đổi trạng thái vận động", self.change_status),
                ("delete", "Xóa", "Xóa doanh nghiệp", self.delete),
            ),
        )
        # The name column sorts ≥ 25 workers first, then by name: the order staff work in.
        self.table.doubleClicked.connect(lambda _i: self.edit())
        header = self.table.horizontalHeader()
        self.note_column = ReadableColumn(self.table, ProspectColumn.note, 160)
        for column, width in zip(ProspectColumn, (300, 140, 80, 130, 90, 200), strict=True):
            header.resizeSection(column, width)

        self.notes_title = named(QLabel(), "prospectNotesTitle", "Doanh nghiệp đang chọn")
        self.notes_title.setWordWrap(True)
        self.notes = named(QPlainTextEdit(), "prospectNotes", "Ghi chú, các lần vận động")
        self.notes.setReadOnly(True)
        notes = QWidget()
        notes_layout = QVBoxLayout(notes)
        notes_layout.setContentsMargins(0, 6, 0, 0)
        notes_layout.addWidget(self.notes_title)
        notes_layout.addWidget(self.notes, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(notes)
        split.setSizes([380, 160])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        self.show_selected()

    def read(self, db_path: Path | str) -> list[ProspectRow]:
        from desktop.services.prospects import list_prospects

        return list_prospects(shared(db_path))

    def shown(self) -> list[ProspectRow]:
        return filter_prospects(
            self.all_rows,
            ProspectFilter(
                query=self.search.text(),
                status=chosen(self.status),  # type: ignore[arg-type]
                commune_code=chosen(self.commune),  # type: ignore[arg-type]
            ),
        )

    def counted(self, rows: list[ProspectRow]) -> str:
        big = sum(1 for r in rows if r.priority)
        return (
            f"{number(len(rows))} doanh nghiệp, {number(big)} có từ {PRIORITY_WORKFORCE} lao động"
        )

    def show_selected(self) -> None:
        p = self.selected()
        founded = p is not None and p.status == "founded"
        self.buttons["edit"].setEnabled(p is not None)
        self.buttons["status"].setEnabled(p is not None and not founded)
        self.buttons["delete"].setEnabled(p is not None and not founded)
        if p is None:
            self.notes_title.setText("Chọn một doanh nghiệp để xem ghi chú và các lần vận động.")
            self.notes.setPlainText("")
            return
        linked = f" · đã thành lập {p.union_name}" if p.union_name else ""
        self.notes_title.setText(
            f"<b>{p.name}</b> — {number(p.workforce_total)} lao động (nữ "
            f"{number(p.workforce_women)}) · {p.status_label}{linked}"
        )
        self.notes.setPlainText(p.note)

    # --- writing ---------------------------------------------------------------------------

    def prospect_dialog(self, existing: ProspectRow | None = None) -> Any:
        from desktop.ui.prospect_dialogs import ProspectDialog

        return ProspectDialog(self.db_path, self.communes, existing, self)

    def add(self) -> None:
        dialog = self.prospect_dialog()
        if dialog.exec():
            self.load(f"Đã thêm {dialog.name.text().strip()}.", dialog.saved_id)

    def edit(self) -> None:
        row = self.selected()
        if row is not None and self.prospect_dialog(row).exec():
            self.load(f"Đã lưu {row.name}.", row.id)

    def status_dialog(self) -> Any:
        from desktop.services.prospect_status import link_choices
        from desktop.ui.prospect_dialogs import StatusDialog

        row = self.selected()
        assert row is not None
        return StatusDialog(self.db_path, row, link_choices(shared(self.db_path)), self)

    def change_status(self) -> None:
        row = self.selected()
        if row is None or row.status == "founded":
            return
        dialog = self.status_dialog()
        if not dialog.exec():
            return
        self.after_status(row, dialog.union_id)

    def after_status(self, row: ProspectRow, union_id: str | None) -> None:
        if union_id:
            self.unions_changed.emit()
            self.load(f"{row.name}: đã thành lập công đoàn cơ sở (tính vào chỉ tiêu 3).", row.id)
        else:
            self.load(f"Đã ghi trạng thái mới của {row.name}.", row.id)

    def delete(self, confirm: bool = True) -> None:
        from desktop.services.prospects import delete_prospect

        row = self.selected()
        if row is None:
            return
        if confirm:
            answer = QMessageBox.question(
                self, "Xóa doanh nghiệp", f"Xóa {row.name} khỏi danh sách doanh nghiệp?"
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            delete_prospect(shared(self.db_path), row.id)
        except UserError as exc:
            self.message.setText(exc.message)
            return
        self.load(f"Đã xóa {row.name}.")
