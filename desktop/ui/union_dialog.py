"""Add or edit one grassroots union; every problem is shown in red beside its field and the form
stays open until the union is saved. GUI thread only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.format import parse_typed_date, vn_date
from desktop.models.enums import EmployerType, UnionKind
from desktop.services.stale import StaleRecord
from desktop.services.union_form import (
    FIELDS,
    FIXED_SECTOR,
    UnionInput,
    chair_reelected,
    save_union,
    union_problems,
)
from desktop.services.unions import EMPLOYER_LABELS, KIND_LABELS, SECTOR_LABELS, UnionRow, get_union
from desktop.store import shared
from desktop.text import clean, fold
from desktop.ui.combos import add_items, chosen, select, select_commune
from desktop.ui.form_helpers import check_and_save, date_line, read_days
from desktop.ui.history_button import add_history_button
from desktop.ui.oversight_form_parts import FieldRows, named, save_buttons
from desktop.ui.record_form import GuardedDialog

NO_COMMUNE = "— Chọn xã, phường —"
MAX_WORKERS = 1_000_000
DATE_KEYS = ("founded_on", "chair_elected_on", "chair_trained_on")


def commune_combo(
    name: str, communes: list[tuple[str, str]], current: str = "", current_name: str = ""
) -> QComboBox:
    """The office's communes; a code outside them (an imported row) stays shown, so the form's
    check can say what is wrong with it."""
    combo = named(QComboBox(), name, "Xã, phường")
    add_items(combo, [(NO_COMMUNE, None), *[(n, c) for c, n in communes]])
    select_commune(combo, current, current_name)
    return combo


def count_box(name: str, accessible: str, value: int = 0) -> QSpinBox:
    box = named(QSpinBox(), name, accessible)
    box.setRange(0, MAX_WORKERS)
    box.setGroupSeparatorShown(True)
    box.setValue(value)
    box.setMaximumWidth(140)
    return box


class UnionDialog(GuardedDialog):
    """Add (no `existing`) or edit one union; `saved_id` holds its id once saved. The form
    opens on the union as stored at that moment and saves only over that."""

    what = "Thông tin công đoàn cơ sở"

    def __init__(
        self,
        db_path: Path | str,
        communes: list[tuple[str, str]],
        existing: UnionRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        named(self, "unionForm", "Thông tin công đoàn cơ sở")
        self.setWindowTitle("Sửa thông tin công đoàn cơ sở" if existing else "Thêm công đoàn cơ sở")
        self.setMinimumWidth(560)
        self.db_path = db_path
        if existing is not None:  # as stored now, not as the list read it earlier
            existing = get_union(shared(db_path), existing.id) or existing
        self.existing = existing
        self.version = (existing.version or None) if existing else None
        self.saved_id: str | None = None
        form = QFormLayout()
        self.rows = FieldRows(form, "union")
        u = existing

        def line(key: str, text: str = "", placeholder: str = "") -> QLineEdit:
            edit = named(QLineEdit(text), f"union_{key}", FIELDS[key])
            edit.setPlaceholderText(placeholder)
            return edit

        self.name = line("name", u.name if u else "", "Công đoàn cơ sở …")
        self.kind = named(
            add_items(QComboBox(), [(t, k) for k, t in KIND_LABELS.items()]),
            "union_kind",
            FIELDS["kind"],
        )
        self.employer = named(
            add_items(QComboBox(), [(t, k) for k, t in EMPLOYER_LABELS.items()]),
            "union_employer_type",
            FIELDS["employer_type"],
        )
        self.sector = named(
            add_items(QComboBox(), [(t, k) for k, t in SECTOR_LABELS.items()]),
            "union_sector",
            FIELDS["sector"],
        )
        self.commune = commune_combo(
            "union_commune_code", communes, u.commune_code if u else "", u.commune_name if u else ""
        )
        self.address = line("address", u.address if u else "")
        self.phone = line("phone", u.phone if u else "", "0275 3 861 234")
        self.total = count_box("union_workforce_total", FIELDS["workforce_total"])
        self.women = count_box("union_workforce_women", FIELDS["workforce_women"])
        self.dates = {
            key: date_line(f"union_{key}", FIELDS[key], getattr(u, key) if u else None)
            for key in DATE_KEYS
        }
        self.chair = line("chair_name", u.chair_name if u else "", "Họ và tên")
        self.reelected = named(
            QCheckBox("bầu lại chủ tịch đương nhiệm"),
            "union_chair_reelected",
            FIELDS["chair_reelected"],
        )
        self.reelected_stored = chair_reelected(shared(db_path), u.id) if u else False
        self.reelected.setChecked(self.reelected_stored)
        # Once staff tick or untick it themselves, the form stops guessing.
        self.reelected_chosen = False
        self.reelected.clicked.connect(self._choose_reelected)
        self.note = line("note", u.note if u else "")
        for key, widget in (
            ("name", self.name),
            ("kind", self.kind),
            ("employer_type", self.employer),
            ("sector", self.sector),
            ("commune_code", self.commune),
            ("address", self.address),
            ("phone", self.phone),
            ("workforce_total", self.total),
            ("workforce_women", self.women),
            ("founded_on", self.dates["founded_on"]),
            ("chair_name", self.chair),
            ("chair_elected_on", self.dates["chair_elected_on"]),
            ("chair_reelected", self.reelected),
            ("chair_trained_on", self.dates["chair_trained_on"]),
            ("note", self.note),
        ):
            self.rows.add(key, "Tái cử" if key == "chair_reelected" else FIELDS[key], widget)
        hint = named(
            QLabel(
                "Chỉ tiêu 5 tính chủ tịch bầu mới trong kỳ đã được bồi dưỡng nghiệp vụ (bồi "
                "dưỡng trước hay sau khi bầu đều tính); chủ tịch tái cử không tính."
            ),
            "unionChairHint",
            "Ghi chú về chỉ tiêu 5",
        )
        hint.setStyleSheet("color: #4a5568;")
        hint.setWordWrap(True)
        if u:
            self.fill(u)
        self.employer.currentIndexChanged.connect(lambda _i: self._follow_employer())
        self.dates["chair_elected_on"].textChanged.connect(lambda _t: self._guess_reelected())
        self.chair.textChanged.connect(lambda _t: self._guess_reelected())
        buttons = save_buttons()
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        if self.existing is not None:
            union_id = self.existing.id
            add_history_button(buttons, self, db_path, "grassroots_union", union_id, "unionHistory")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.mark_clean()

    def fill(self, u: UnionRow) -> None:
        """Every field from the union `u` (the employer's signal is not connected yet, or the
        union's own kind and sector are what is wanted: either way no follow-up guess)."""
        self.employer.blockSignals(True)
        self.name.setText(u.name)
        select(self.kind, u.kind)
        select(self.employer, u.employer_type)
        select(self.sector, u.sector)
        select_commune(self.commune, u.commune_code, u.commune_name)
        self.address.setText(u.address)
        self.phone.setText(u.phone)
        self.total.setValue(u.workforce_total)
        self.women.setValue(u.workforce_women)
        for key, edit in self.dates.items():
            edit.setText(vn_date(getattr(u, key)))
        self.chair.setText(u.chair_name)
        self.note.setText(u.note)
        self.employer.blockSignals(False)

    def reload(self) -> None:
        """Read the union again: every field as stored now, and its new version."""
        assert self.existing is not None
        fresh = get_union(shared(self.db_path), self.existing.id)
        if fresh is None:
            return  # gone: the next save says so
        self.existing, self.version = fresh, fresh.version
        self.reelected_stored = chair_reelected(shared(self.db_path), fresh.id)
        self.reelected_chosen = False
        self.fill(fresh)
        self.reelected.setChecked(self.reelected_stored)

    def _choose_reelected(self) -> None:
        self.reelected_chosen = True

    def _guess_reelected(self) -> None:
        """A new election date typed for the sitting chair's name is most often a re-election:
        ticked until staff say otherwise; a new name is a new chair; the stored date, the
        stored answer."""
        if self.existing is None:
            return
        sitting = self.existing.chair_name
        # A first date for a chair recorded without one dates their election, not a new one.
        if self.reelected_chosen or not sitting or self.existing.chair_elected_on is None:
            return
        try:
            elected = parse_typed_date(self.dates["chair_elected_on"].text())
        except ValueError:
            return  # half typed: the guess waits for a whole date
        if elected is None or elected == self.existing.chair_elected_on:
            self.reelected.setChecked(self.reelected_stored)
        else:
            self.reelected.setChecked(fold(clean(self.chair.text())) == fold(sitting))

    def _follow_employer(self) -> None:
        """An agency is state, a private enterprise is not, self-employed workers form a
        nghiệp đoàn: the form follows the employer chosen (staff may still change it)."""
        employer = str(chosen(self.employer))
        if employer in FIXED_SECTOR:
            select(self.sector, FIXED_SECTOR[employer])
        trade = employer == EmployerType.trade
        select(self.kind, UnionKind.trade_based if trade else UnionKind.workplace)

    def collect(self) -> tuple[UnionInput, dict[str, str]]:
        days, found = read_days(self.dates)
        data = UnionInput(
            name=self.name.text(),
            sector=str(chosen(self.sector)),
            kind=str(chosen(self.kind)),
            employer_type=str(chosen(self.employer)),
            commune_code=str(chosen(self.commune) or ""),
            address=self.address.text(),
            phone=self.phone.text(),
            workforce_total=self.total.value(),
            workforce_women=self.women.value(),
            chair_name=self.chair.text(),
            chair_reelected=self.reelected.isChecked(),
            note=self.note.text(),
            **days,  # type: ignore[arg-type]
        )
        return data, found

    def try_save(self) -> bool:
        """Save and close, or show every problem beside its field and stay open."""
        data, typed = self.collect()
        union_id = self.existing.id if self.existing else None

        def save() -> None:
            try:
                self.saved_id = save_union(
                    shared(self.db_path), data, union_id, version=self.version
                )
            except StaleRecord as exc:
                raise UserError(self.after_stale(exc)) from exc

        def check() -> dict[str, str]:
            return union_problems(shared(self.db_path), data, union_id)

        return check_and_save(self, self.rows, typed, check, save, "name")
