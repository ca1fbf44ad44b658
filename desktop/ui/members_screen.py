"""Đoàn viên: the whole district in one table, searched as staff type, filtered, exported.

The search index is built once on the task runner; each keystroke (debounced) filters it in
memory and the table fetches only the rows on screen.
"""

from __future__ import annotations

import calendar
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.citizen_id import masked
from desktop.format import number, vn_date
from desktop.services.member_events import MOVES, allowed_moves
from desktop.services.member_search import (
    GENDER_LABELS,
    HOUSEHOLD_LABELS,
    STATUS_LABELS,
    MemberFilter,
    MemberRow,
)
from desktop.services.roles import Action
from desktop.store import shared
from desktop.ui.combos import add_items, chosen, select
from desktop.ui.confirm_password import confirm_again, gate, may, refusal
from desktop.ui.members_model import COLUMNS, DEFAULT_HIDDEN, MembersModel
from desktop.ui.registry_panel import ReadableColumn, fitted
from desktop.ui.tasks import TaskRunner

DEBOUNCE_MS = 120
UNION_FLOOR = 180  # the narrowest the union column gets before the table scrolls sideways
PERSONAL_DATA_WARNING = (
    "Tệp Excel sẽ chứa dữ liệu cá nhân của đoàn viên (họ tên, ngày sinh, số CCCD). Theo Luật Bảo vệ "
    "dữ liệu cá nhân, chỉ lưu vào máy của đơn vị và không gửi qua mạng khi chưa mã hóa. Tiếp tục?"
)


def _named(widget: QWidget, name: str, accessible: str) -> QWidget:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


def _combo(name: str, accessible: str, items: list[tuple[str, object]]) -> QComboBox:
    combo = QComboBox()
    _named(combo, name, accessible)
    return add_items(combo, items)


class MembersScreen(QWidget):
    def __init__(
        self, db_path: Path | str, parent: QWidget | None = None, runner: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        _named(self, "membersScreen", "Đoàn viên")
        self.db_path = db_path
        self.runner = runner or TaskRunner(self)
        self.model: MembersModel | None = None
        # What the signed-in role may do here; a viewer reads the list with citizen IDs masked.
        self.full_ids = may(Action.VIEW_FULL_ID)
        self.can_edit = may(Action.EDIT)
        from desktop.services.member_search import union_options

        self.unions = union_options(shared(db_path))

        self.search = QLineEdit()
        _named(self.search, "memberSearch", "Tìm đoàn viên")
        self.search.setPlaceholderText(
            "Tìm theo họ tên (gõ không dấu cũng được), số CCCD hoặc số thẻ…"
        )
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply)
        self.search.textChanged.connect(lambda _t: self._debounce.start())

        self.union = _combo(
            "filterUnion", "Lọc theo CĐCS", [("Mọi CĐCS", None), *[(n, u) for u, n in self.unions]]
        )
        # Long union names would widen the screen past a 1024-pixel window: the box is as wide
        # as «Mọi CĐCS» needs, grows up to 280 pixels, and its popup shows names in full.
        fitted(self.union, 16)
        self.union.setMaximumWidth(280)
        self.gender = _combo(
            "filterGender",
            "Lọc theo giới tính",
            [("Nam và nữ", None), *[(t, k) for k, t in GENDER_LABELS.items()]],
        )
        self.status = _combo(
            "filterStatus",
            "Lọc theo trạng thái",
            [("Mọi trạng thái", None), *[(t, k) for k, t in STATUS_LABELS.items()]],
        )
        self.status.setCurrentIndex(1)  # active members: what staff look for first
        years = list(range(date.today().year, 1989, -1))
        self.joined = _combo(
            "filterJoined",
            "Năm vào công đoàn",
            [("Mọi năm vào", None), *[(f"Vào năm {y}", y) for y in years]],
        )
        self.joined_month = _combo(
            "filterJoinedMonth",
            "Tháng vào công đoàn",
            [("Cả năm", None), *[(f"Tháng {m}", m) for m in range(1, 13)]],
        )
        self.joined_month.setEnabled(False)  # a month means something only within a chosen year
        self.joined.currentIndexChanged.connect(
            lambda _i: self.joined_month.setEnabled(chosen(self.joined) is not None)
        )
        self.smartca = _combo(
            "filterSmartca",
            "SmartCA",
            [("SmartCA: tất cả", None), ("Đã cài SmartCA", True), ("Chưa cài SmartCA", False)],
        )
        self.household = _combo(
            "filterHousehold",
            "Hộ gia đình",
            [("Hộ: tất cả", None), *[(t, k) for k, t in HOUSEHOLD_LABELS.items()]],
        )
        self.party = _combo(
            "filterParty",
            "Giới thiệu cho Đảng",
            [("Đảng: tất cả", None), ("Đã giới thiệu cho Đảng", True), ("Chưa giới thiệu", False)],
        )
        self.count = QLabel("Đang nạp danh sách…")
        _named(self.count, "memberCount", "Số đoàn viên tìm thấy")
        filters = QVBoxLayout()
        for boxes in (
            (self.union, self.gender, self.status, self.joined, self.joined_month),
            (self.smartca, self.household, self.party),
        ):
            row = QHBoxLayout()
            for box in boxes:
                if box is not self.union:
                    fitted(box)  # as wide as its longest choice: none is cut off
                row.addWidget(box)
                box.currentIndexChanged.connect(self.apply)
            row.addStretch(1)
            filters.addLayout(row)
        row.addWidget(self.count)

        self.table = QTableView()
        _named(self.table, "membersTable", "Danh sách đoàn viên")
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.horizontalHeader().customContextMenuRequested.connect(self.choose_columns)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        union = next(c for c, (key, _, _) in enumerate(COLUMNS) if key == "union")
        self.union_column = ReadableColumn(self.table, union, UNION_FLOOR)

        self.history_title = QLabel("Chọn một đoàn viên để xem quá trình sinh hoạt.")
        self.history_title.setObjectName("historyTitle")
        self.history_title.setWordWrap(True)
        self.history = QListWidget()
        _named(self.history, "memberHistory", "Quá trình sinh hoạt")
        # A narrow panel: each line wraps instead of running off to the right, so nothing is
        # cut off and no sideways scroll is carried from one member to the next. The whole
        # history is also in the member form's «Quá trình» tab.
        self.history.setWordWrap(True)
        self.history.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history.setResizeMode(QListWidget.ResizeMode.Adjust)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.history_title)
        side_layout.addWidget(self.history, 1)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("add", "Thêm đoàn viên…", self.add),
            ("edit", "Sửa…", self.edit),
            ("transferred", "Chuyển sinh hoạt…", lambda: self.move_selected("transferred")),
            ("transferred_out", "Chuyển đi…", lambda: self.move_selected("transferred_out")),
            ("left", "Ra khỏi tổ chức…", lambda: self.move_selected("left")),
            ("readmitted", "Kết nạp lại…", lambda: self.move_selected("readmitted")),
            ("undo", "Hoàn tác biến động cuối", self.undo),
            ("export", "Xuất Excel…", self.choose_export),
            ("import", "Nhập từ bảng tính…", self.import_file),
        ):
            if key == "edit" and not self.can_edit:
                text = "Xem…"  # the form opens read-only
            button = QPushButton(text)
            _named(button, f"member_{key}", text.rstrip("…"))
            button.clicked.connect(slot)
            self.buttons[key] = button
            side_layout.addWidget(button)
        for key, needs in (
            ("add", Action.EDIT),
            ("transferred", Action.EDIT),
            ("transferred_out", Action.EDIT),
            ("left", Action.EDIT),
            ("readmitted", Action.EDIT),
            ("undo", Action.EDIT),
            ("export", Action.EXPORT),
            ("import", Action.IMPORT),
        ):
            gate(self.buttons[key], needs)
        self.can_export = self.buttons["export"].isEnabled()
        self.can_import = self.buttons["import"].isEnabled()

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(side)
        split.setSizes([840, 210])
        self.message = QLabel()
        _named(self.message, "membersMessage", "Thông báo")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        top = QHBoxLayout()
        title = QLabel("Đoàn viên")
        title.setStyleSheet("font-size: 14pt; font-weight: 600; color: #1a202c;")
        top.addWidget(title)
        top.addWidget(self.search, 1)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        self._update_buttons()
        self.load()

    # --- loading and searching -------------------------------------------------------------

    def load(self, keep: str | None = None) -> None:
        """Build the search index off the GUI thread (half a second on 150,000 members), then
        show the table; after a write, select `keep` again. Viewing the list is audited."""
        from desktop.services.audit import record
        from desktop.services.member_search import MemberIndex

        store = shared(self.db_path)
        first = self.model is None

        def work(progress: Any, token: Any) -> Any:
            with store.reading() as con:
                index = MemberIndex(con)
            if first:
                record(store, "view", f"danh sách đoàn viên ({len(index)} người)")
            return index

        def done(index: Any) -> None:
            if self.model is None:
                self.model = MembersModel(store, index, self, masked_ids=not self.full_ids)
                self.table.setModel(self.model)
                selection = self.table.selectionModel()
                selection.currentRowChanged.connect(lambda *_: self.show_member())
                self._restore_columns()
            else:
                self.model.replace(index)  # keeps the columns as staff arranged them
            self.apply()
            if keep is not None:
                self.select_member(keep)

        self.runner.run("Đang nạp danh sách đoàn viên…", work, done)

    def refresh_unions(self) -> None:
        """Unions added or renamed on the Công đoàn cơ sở screen appear in the filter."""
        from desktop.services.member_search import union_options

        unions = union_options(shared(self.db_path))
        if unions == self.unions:
            return
        current = chosen(self.union)
        self.unions = unions
        self.union.blockSignals(True)
        self.union.clear()
        add_items(self.union, [("Mọi CĐCS", None), *[(n, u) for u, n in unions]])
        select(self.union, current)
        self.union.blockSignals(False)
        if chosen(self.union) != current:
            self.apply()

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh_unions()
        super().showEvent(event)

    def filters(self) -> MemberFilter:
        year, month = chosen(self.joined), chosen(self.joined_month)
        joined_from = joined_to = None
        if isinstance(year, int):
            first, last = (month, month) if isinstance(month, int) else (1, 12)
            joined_from = date(year, first, 1)
            joined_to = date(year, last, calendar.monthrange(year, last)[1])
        return MemberFilter(
            union_id=chosen(self.union),  # type: ignore[arg-type]
            gender=chosen(self.gender),  # type: ignore[arg-type]
            status=chosen(self.status),  # type: ignore[arg-type]
            joined_from=joined_from,
            joined_to=joined_to,
            smartca=chosen(self.smartca),  # type: ignore[arg-type]
            household_status=chosen(self.household),  # type: ignore[arg-type]
            party_introduced=chosen(self.party),  # type: ignore[arg-type]
        )

    def apply(self) -> None:
        if self.model is None:
            return
        positions = self.model.search_index.find(self.search.text(), self.filters())
        self.model.show(positions)
        self.count.setText(f"{number(len(positions))} đoàn viên")
        self.show_member()

    # --- columns ----------------------------------------------------------------------------

    def _restore_columns(self) -> None:
        hidden = QSettings().value("members/hidden_columns", sorted(DEFAULT_HIDDEN))
        hidden = set(hidden if isinstance(hidden, list) else [hidden])
        header = self.table.horizontalHeader()
        for column, (key, _, _) in enumerate(COLUMNS):
            self.table.setColumnHidden(column, key in hidden)
        for column, width in enumerate(
            (170, 58, 84, 104, 90, 200, 110, 84, 140, 110, 110, 130, 96)
        ):
            header.resizeSection(column, width)
        # The union's long name takes what is left, so the usual columns fit without scrolling
        # on a wide window; on a narrow one it keeps a readable width and the table scrolls.
        self.union_column.fit()

    def choose_columns(self, at: QPoint | None = None) -> QMenu:
        menu = QMenu(self)
        menu.setObjectName("columnChooser")
        for column, (key, title, _) in enumerate(COLUMNS):
            action = QAction(title, menu)
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(column))
            action.setEnabled(key != "full_name")
            action.toggled.connect(lambda on, c=column: self.set_column(c, on))
            menu.addAction(action)
        if at is not None:
            menu.popup(self.table.horizontalHeader().mapToGlobal(at))
        return menu

    def set_column(self, column: int, shown: bool) -> None:
        self.table.setColumnHidden(column, not shown)
        self.union_column.fit()
        hidden = [key for c, (key, _, _) in enumerate(COLUMNS) if self.table.isColumnHidden(c)]
        QSettings().setValue("members/hidden_columns", hidden)

    # --- the selected member ----------------------------------------------------------------

    def selected(self) -> MemberRow | None:
        index = self.table.currentIndex()
        if self.model is None or not index.isValid():
            return None
        return self.model.member(index.row())

    def _update_buttons(self) -> None:
        member = self.selected()
        status = member.status if member else None
        edit = self.can_edit  # a role that may not edit keeps these disabled, saying why
        self.buttons["edit"].setEnabled(member is not None)
        self.buttons["undo"].setEnabled(edit and member is not None)
        allowed = allowed_moves(status)  # the service's rule, not one of the screen's own
        for key in MOVES:
            self.buttons[key].setEnabled(edit and key in allowed)

    def show_member(self) -> None:
        from desktop.services.member_events import history

        self._update_buttons()
        self.history.clear()
        member = self.selected()
        if member is None:
            self.history_title.setText("Chọn một đoàn viên để xem quá trình sinh hoạt.")
            return
        shown_id = member.citizen_id if self.full_ids else masked(member.citizen_id)
        self.history_title.setText(
            f"<b>{member.full_name}</b><br>{member.union_name}<br>CCCD {shown_id or '—'}"
        )
        for h in history(shared(self.db_path), member.id):
            where = h.to_union or h.from_union
            text = f"{vn_date(h.event_date)} · {h.label}"
            if where:
                text += f" – {where}"
            if h.reason:
                text += f" ({h.reason})"
            self.history.addItem(text)
        self.history.scrollToTop()
        self.history.horizontalScrollBar().setValue(0)

    # --- writing ----------------------------------------------------------------------------

    def member_dialog(self, existing: MemberRow | None = None) -> Any:
        from desktop.services.member_search import union_options
        from desktop.ui.member_dialog import MemberDialog

        # A new member joins a living union; an existing one shows theirs even if dissolved.
        unions = self.unions if existing else union_options(shared(self.db_path), alive_only=True)
        return MemberDialog(self.db_path, unions, existing, self)

    def add(self) -> None:
        if not self.can_edit:
            self.message.setText(refusal(Action.EDIT))
            return
        dialog = self.member_dialog()
        if dialog.exec():
            self.reload(f"Đã thêm đoàn viên {dialog.text('full_name').strip()}.", dialog.saved_id)

    def edit(self) -> None:
        member = self.selected()
        if member is None:
            return
        dialog = self.member_dialog(member)
        if dialog.exec():
            self.reload(f"Đã lưu thông tin {member.full_name}.", member.id)

    def move_dialog(self, kind: str) -> Any:
        from desktop.services.member_search import union_options
        from desktop.ui.member_move_dialog import MoveDialog

        member = self.selected()
        assert member is not None
        unions = union_options(shared(self.db_path), alive_only=True)
        return MoveDialog(self.db_path, member, kind, unions, self)

    def move_selected(self, kind: str) -> None:
        from desktop.services.member_events import EVENT_LABELS

        member = self.selected()
        if member is None:
            return
        if self.move_dialog(kind).exec():
            self.reload(f"{EVENT_LABELS[kind]}: {member.full_name}.", member.id)

    def undo(self) -> None:
        from desktop.errors import UserError
        from desktop.services.member_events import undo_last_event

        member = self.selected()
        if member is None:
            return
        try:
            undone = undo_last_event(shared(self.db_path), member.id)
        except UserError as exc:
            self.message.setText(str(exc))
            return
        self.reload(
            f"Đã hoàn tác «{undone.label.lower()}» ngày {vn_date(undone.event_date)} "
            f"của {member.full_name}.",
            member.id,
        )

    def reload(self, message: str, keep: str | None = None) -> None:
        """Rebuild the index after a write and select `keep` again if it is still shown."""
        self.message.setText(message)
        self.load(keep)

    def select_member(self, member_id: str) -> bool:
        assert self.model is not None
        row = self.model.row_of(member_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    # --- import and export ------------------------------------------------------------------

    def import_file(self) -> Any:
        """Open the import wizard; reload the table once a file went in. Returns the wizard."""
        from desktop.ui.import_wizard import ImportWizard

        if not self.can_import:
            self.message.setText(refusal(Action.IMPORT))
            return None
        wizard = ImportWizard(self.db_path, "members", self.runner.pool, self)
        wizard.exec()
        if wizard.imported:
            self.refresh_unions()
            self.reload("Đã nhập danh sách từ bảng tính.")
        return wizard

    def choose_export(self) -> None:
        if self.model is None or not self.can_export:
            return
        answer = QMessageBox.question(self, "Dữ liệu cá nhân", PERSONAL_DATA_WARNING)
        if answer != QMessageBox.StandardButton.Yes:
            return
        out, _ = QFileDialog.getSaveFileName(
            self, "Xuất danh sách đoàn viên", "doan-vien.xlsx", "Excel (*.xlsx)"
        )
        if out:
            self.export_to(Path(out))

    def export_to(self, out: Path) -> None:
        """Write the list shown to `out`, once the role allows it and the password was given
        again (personal data leaves the program)."""
        from desktop.services.member_export import export_members

        assert self.model is not None
        if not self.can_export:
            self.message.setText(refusal(Action.EXPORT))
            return
        if not confirm_again(self, self.db_path, f"xuất danh sách đoàn viên ra {out.name}"):
            self.message.setText("Chưa xuất: mật khẩu chưa được xác nhận.")
            return
        ids = self.model.shown_ids()
        shown = [c for c in range(len(COLUMNS)) if not self.table.isColumnHidden(c)]
        # A printed list names each union in full; the screen's short form is for the eye.
        columns = [
            (title, (lambda m: m.union_name) if key == "union" else value)
            for key, title, value in (COLUMNS[c] for c in shown)
        ]
        if not self.full_ids:  # never written in full by a role that may not see it
            columns = [
                (title, (lambda m: masked(m.citizen_id)) if title == "Số CCCD" else value)
                for title, value in columns
            ]
        caption = f"{self.count.text()} — {self.search.text().strip() or 'không lọc theo tên'}"
        db_path = self.db_path

        def work(progress: Any, token: Any) -> Any:
            # Its own connection: the table keeps reading the screen's while the export runs.
            export_members(shared(db_path), out, columns, ids, caption, progress, token)
            return len(ids)

        def done(count: int) -> None:
            self.message.setText(f"Đã xuất {number(count)} đoàn viên ra {out}.")

        self.runner.run("Đang xuất danh sách đoàn viên…", work, done)
