"""The prospect form (an enterprise without a union yet) and its status dialog, where "founded"
creates the new grassroots union or links one already entered. Problems are shown beside their
field and the dialog stays open. GUI thread only."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.models.enums import ProspectStatus
from desktop.services.prospect_status import (
    Founding,
    change_status,
    founding_draft,
    status_problems,
)
from desktop.services.prospects import (
    FIELDS,
    PROSPECT_TYPES,
    STATUS_DATE_LABELS,
    STATUS_LABELS,
    ProspectInput,
    ProspectRow,
    get_prospect,
    prospect_problems,
    save_prospect,
)
from desktop.services.stale import StaleRecord
from desktop.store import shared
from desktop.ui.combos import add_items, chosen, select, select_commune
from desktop.ui.form_helpers import check_and_save, date_line, narrow, read_days
from desktop.ui.oversight_form_parts import FieldRows, named, save_buttons
from desktop.ui.record_form import GuardedDialog
from desktop.ui.union_dialog import commune_combo, count_box

NO_LINK = "— Chọn công đoàn cơ sở —"
NEXT_STATUS: dict[str, str] = {
    ProspectStatus.identified: ProspectStatus.contacted,
    ProspectStatus.contacted: ProspectStatus.mobilising,
    ProspectStatus.mobilising: ProspectStatus.founded,
    ProspectStatus.dropped: ProspectStatus.contacted,
}


class ProspectDialog(GuardedDialog):
    """Add (no `existing`) or edit one prospect; `saved_id` holds its id once saved. The form
    opens on the prospect as stored at that moment and saves only over that."""

    what = "Thông tin doanh nghiệp"

    def __init__(
        self,
        db_path: Path | str,
        communes: list[tuple[str, str]],
        existing: ProspectRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        named(self, "prospectForm", "Doanh nghiệp chưa có công đoàn")
        self.setWindowTitle(
            "Sửa doanh nghiệp" if existing else "Thêm doanh nghiệp chưa có công đoàn"
        )
        self.setMinimumWidth(540)
        if existing is not None:  # as stored now, not as the list read it earlier
            existing = get_prospect(shared(db_path), existing.id) or existing
        self.db_path, self.existing = db_path, existing
        self.version = (existing.version or None) if existing else None
        self.saved_id: str | None = None
        p = existing
        form = QFormLayout()
        self.rows = FieldRows(form, "prospect")
        self.name = named(QLineEdit(p.name if p else ""), "prospect_name", FIELDS["name"])
        self.employer = named(
            add_items(QComboBox(), [(t, k) for k, t in PROSPECT_TYPES.items()]),
            "prospect_employer_type",
            FIELDS["employer_type"],
        )
        self.commune = commune_combo(
            "prospect_commune_code",
            communes,
            p.commune_code if p else "",
            p.commune_name if p else "",
        )
        self.address = named(
            QLineEdit(p.address if p else ""), "prospect_address", FIELDS["address"]
        )
        self.total = count_box("prospect_workforce_total", FIELDS["workforce_total"])
        self.women = count_box("prospect_workforce_women", FIELDS["workforce_women"])
        label = STATUS_DATE_LABELS[ProspectStatus.identified]
        self.identified = date_line("prospect_identified_on", label, date.today())
        self.note = named(QPlainTextEdit(p.note if p else ""), "prospect_note", FIELDS["note"])
        self.note.setPlaceholderText("Nguồn danh sách, người liên hệ, các lần tiếp cận…")
        self.note.setMaximumHeight(110)
        if p:
            self.fill(p)
        for key, widget in (
            ("name", self.name),
            ("employer_type", self.employer),
            ("commune_code", self.commune),
            ("address", self.address),
            ("workforce_total", self.total),
            ("workforce_women", self.women),
        ):
            self.rows.add(key, FIELDS[key], widget)
        if p is None:  # a new prospect's first status is dated here; later ones by status steps
            self.rows.add("status_on", label, self.identified)
        self.rows.add("note", FIELDS["note"], self.note)
        buttons = save_buttons()
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.mark_clean()

    def fill(self, p: ProspectRow) -> None:
        self.name.setText(p.name)
        select(self.employer, p.employer_type)
        select_commune(self.commune, p.commune_code, p.commune_name)
        self.address.setText(p.address)
        self.total.setValue(p.workforce_total)
        self.women.setValue(p.workforce_women)
        self.note.setPlainText(p.note)

    def reload(self) -> None:
        """Read the prospect again: every field as stored now (notes of a status step made
        meanwhile included), and its new version."""
        assert self.existing is not None
        fresh = get_prospect(shared(self.db_path), self.existing.id)
        if fresh is None:
            return  # gone: the next save says so
        self.existing, self.version = fresh, fresh.version
        self.fill(fresh)

    def try_save(self) -> bool:
        days, typed = read_days({"status_on": self.identified})
        data = ProspectInput(
            name=self.name.text(),
            employer_type=str(chosen(self.employer)),
            commune_code=str(chosen(self.commune) or ""),
            address=self.address.text(),
            workforce_total=self.total.value(),
            workforce_women=self.women.value(),
            note=self.note.toPlainText(),
            identified_on=days["status_on"] if self.existing is None else None,
        )
        prospect_id = self.existing.id if self.existing else None

        def save() -> None:
            try:
                self.saved_id = save_prospect(
                    shared(self.db_path), data, prospect_id, version=self.version
                )
            except StaleRecord as exc:
                raise UserError(self.after_stale(exc)) from exc

        def check() -> dict[str, str]:
            return prospect_problems(shared(self.db_path), data, prospect_id)

        return check_and_save(self, self.rows, typed, check, save, "name")


class StatusDialog(GuardedDialog):
    """Move a prospect to its next step; "founded" shows how the union comes about."""

    what = "Trạng thái vận động"

    def __init__(
        self,
        db_path: Path | str,
        prospect: ProspectRow,
        links: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        named(self, "prospectStatusForm", "Đổi trạng thái doanh nghiệp")
        self.setWindowTitle("Đổi trạng thái vận động")
        self.setMinimumWidth(560)
        self.db_path, self.prospect = db_path, prospect
        self.union_id: str | None = None
        form = QFormLayout()
        self.rows = FieldRows(form, "status")
        self.status = named(
            add_items(QComboBox(), [(t, k) for k, t in STATUS_LABELS.items()]),
            "statusValue",
            FIELDS["status"],
        )
        select(self.status, NEXT_STATUS.get(prospect.status, prospect.status))
        self.day = date_line("statusDate", FIELDS["status_on"], date.today())
        self.note = named(QLineEdit(), "statusNote", "Ghi chú lần này")
        self.note.setPlaceholderText("Gặp ai, kết quả, hẹn lần sau… (ghi vào phần ghi chú)")
        self.new_union = named(
            QRadioButton("Thành lập công đoàn cơ sở mới"), "foundNew", "Thành lập CĐCS mới"
        )
        self.link_union = named(
            QRadioButton("Gắn với công đoàn cơ sở đã nhập"), "foundLink", "Gắn với CĐCS đã có"
        )
        self.new_union.setChecked(True)
        draft = founding_draft(prospect, None)
        self.union_name = named(QLineEdit(draft.name), "foundName", "Tên công đoàn cơ sở")
        self.chair = named(QLineEdit(), "foundChair", "Chủ tịch")
        self.chair.setPlaceholderText("Họ và tên chủ tịch bầu tại đại hội thành lập")
        self.link = narrow(named(QComboBox(), "foundLinkUnion", "Công đoàn cơ sở đã có"))
        add_items(self.link, [(NO_LINK, None), *[(n, u) for u, n in links]])
        self.rows.add("status", FIELDS["status"], self.status)
        self.rows.add("status_on", FIELDS["status_on"], self.day)
        self.rows.add("note", "Ghi chú lần này", self.note)
        self.rows.add("union", FIELDS["union"], self.new_union)
        self.rows.add("union.name", "Tên công đoàn cơ sở", self.union_name)
        self.rows.add("union.chair_name", "Chủ tịch", self.chair)
        self.rows.add("link", "", self.link_union)
        self.rows.add("union.link", "Công đoàn cơ sở đã có", self.link)
        self.form = form
        for signal in (self.status.currentIndexChanged, self.new_union.toggled):
            signal.connect(lambda *_: self._show_founding())
        hint = QLabel(
            f"{prospect.name} · {prospect.workforce_total} lao động · hiện: {prospect.status_label}"
        )
        named(hint, "statusProspect", "Doanh nghiệp")
        hint.setWordWrap(True)
        buttons = save_buttons()
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._show_founding()
        self.mark_clean()

    def _show_founding(self) -> None:
        founded = chosen(self.status) == ProspectStatus.founded
        new = self.new_union.isChecked()
        self.form.setRowVisible(self.new_union, founded)
        self.form.setRowVisible(self.link_union, founded)
        self.form.setRowVisible(self.union_name, founded and new)
        self.form.setRowVisible(self.chair, founded and new)
        self.form.setRowVisible(self.link, founded and not new)
        caption = self.findChild(QLabel, "statusLabel_status_on")
        assert caption is not None
        caption.setText(STATUS_DATE_LABELS.get(str(chosen(self.status)), FIELDS["status_on"]))

    def founding(self, on: date | None) -> Founding | None:
        if chosen(self.status) != ProspectStatus.founded:
            return None
        if not self.new_union.isChecked():
            link = chosen(self.link)
            return Founding(link_union_id=str(link)) if link else Founding()
        chair = self.chair.text()
        draft = founding_draft(self.prospect, on)
        return Founding(
            replace(
                draft,
                name=self.union_name.text(),
                chair_name=chair,
                chair_elected_on=on if chair.strip() else None,
            )
        )

    def try_save(self) -> bool:
        days, typed = read_days({"status_on": self.day})
        status, on = str(chosen(self.status)), days["status_on"]
        founding, pid = self.founding(on), self.prospect.id

        def check() -> dict[str, str]:
            return self._placed(status_problems(shared(self.db_path), pid, status, on, founding))

        def save() -> None:
            note = self.note.text()
            self.union_id = change_status(shared(self.db_path), pid, status, on, note, founding)

        return check_and_save(self, self.rows, typed, check, save, "status")

    def _placed(self, problems: dict[str, str]) -> dict[str, str]:
        """The new union's problems beside the fields shown for it; the rest under «Công đoàn
        cơ sở» (they come from the prospect: fix them in its form)."""
        placed: dict[str, str] = {}
        for key, text in problems.items():
            if key == "union.chair_elected_on":
                key = "union.chair_name"
            elif key == "union" and not self.new_union.isChecked():
                key = "union.link"
            elif key.startswith("union.") and key not in ("union.name", "union.chair_name"):
                key = "union"
            placed[key] = f"{placed[key]} {text}" if key in placed else text
        return placed
