"""The two dated actions on one grassroots union: its rating for a year, and its dissolution
(with the transfer of its active members where there are any). Problems are shown beside their
field and the dialog stays open. GUI thread only."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.format import number
from desktop.services.union_events import (
    DISSOLVE_FIELDS,
    RATING_FIELDS,
    Dissolved,
    active_members,
    dissolve_problems,
    dissolve_union,
    rating_problems,
    set_rating,
)
from desktop.services.unions import RATING_LABELS, UnionRow
from desktop.store import shared
from desktop.ui.combos import add_items, chosen, select
from desktop.ui.form_helpers import check_and_save, date_line, narrow, read_days
from desktop.ui.oversight_form_parts import FieldRows, named, save_buttons
from desktop.ui.record_form import GuardedDialog

NO_TRANSFER = "— Không chuyển (CĐCS không còn đoàn viên) —"


def _title(union: UnionRow) -> QLabel:
    label = named(QLabel(f"<b>{union.name}</b>"), "actionUnion", "Công đoàn cơ sở")
    label.setWordWrap(True)
    return label


def default_rated_on(year: int, today: date | None = None) -> date:
    """The end of the year rated, or today while that year is still running."""
    today = today or date.today()
    return min(date(year, 12, 31), today)


class RatingDialog(GuardedDialog):
    """Set or change the union's rating for a year (targets 6b and 6c count it)."""

    what = "Xếp loại công đoàn cơ sở"

    def __init__(
        self, db_path: Path | str, union: UnionRow, year: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        named(self, "ratingForm", "Xếp loại công đoàn cơ sở")
        self.setWindowTitle("Xếp loại công đoàn cơ sở")
        self.db_path, self.union = db_path, union
        form = QFormLayout()
        self.rows = FieldRows(form, "rating")
        self.year = named(QSpinBox(), "ratingYear", RATING_FIELDS["year"])
        self.year.setRange(1990, 2100)
        self.year.setValue(year)
        self.rating = named(
            add_items(QComboBox(), [(t, k) for k, t in RATING_LABELS.items()]),
            "ratingValue",
            RATING_FIELDS["rating"],
        )
        current = union.rating_of(year)
        select(self.rating, current or "good")
        self.rated_on = date_line("ratingDate", RATING_FIELDS["rated_on"], default_rated_on(year))
        self.year.valueChanged.connect(self._year_changed)
        self.rows.add("year", RATING_FIELDS["year"], self.year)
        self.rows.add("rating", RATING_FIELDS["rating"], self.rating)
        self.rows.add("rated_on", RATING_FIELDS["rated_on"], self.rated_on)
        buttons = save_buttons()
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_title(union))
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.mark_clean()

    def _year_changed(self, year: int) -> None:
        select(self.rating, self.union.rating_of(year) or "good")
        self.rated_on.setText(f"{default_rated_on(year):%d/%m/%Y}")

    def try_save(self) -> bool:
        days, typed = read_days({"rated_on": self.rated_on})
        args = (shared(self.db_path), self.union.id, self.year.value(), str(chosen(self.rating)))
        on = days["rated_on"]

        def check() -> dict[str, str]:
            return rating_problems(*args, on)

        return check_and_save(
            self, self.rows, typed, check, lambda: set_rating(*args, on), "rating"
        )


class DissolveDialog(GuardedDialog):
    """Dissolve the union on a date with a reason; its active members, if any, go to the union
    chosen to receive them (see `services.union_events` for why there is no other road)."""

    what = "Quyết định giải thể"

    def __init__(
        self,
        db_path: Path | str,
        union: UnionRow,
        receivers: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        named(self, "dissolveForm", "Giải thể công đoàn cơ sở")
        self.setWindowTitle("Giải thể công đoàn cơ sở")
        self.setMinimumWidth(600)
        self.db_path, self.union = db_path, union
        self.result_: Dissolved | None = None
        self.members = active_members(shared(db_path), union.id)
        form = QFormLayout()
        self.rows = FieldRows(form, "dissolve")
        self.day = date_line("dissolveDate", DISSOLVE_FIELDS["dissolved_on"], date.today())
        self.reason = named(QLineEdit(), "dissolveReason", DISSOLVE_FIELDS["reason"])
        self.reason.setPlaceholderText("Doanh nghiệp chấm dứt hoạt động; sáp nhập vào CĐCS …")
        self.receiver = narrow(
            named(QComboBox(), "dissolveReceiver", DISSOLVE_FIELDS["transfer_to"])
        )
        add_items(self.receiver, [(NO_TRANSFER, None)])
        add_items(self.receiver, [(n, u) for u, n in receivers if u != union.id])
        self.rows.add("dissolved_on", DISSOLVE_FIELDS["dissolved_on"], self.day)
        self.rows.add("reason", DISSOLVE_FIELDS["reason"], self.reason)
        self.rows.add("transfer_to", DISSOLVE_FIELDS["transfer_to"], self.receiver)
        if self.members:
            text = (
                f"Còn {number(self.members)} đoàn viên đang sinh hoạt. Khi sáp nhập, hợp nhất: "
                "chọn CĐCS nhận, cả số đoàn viên này được chuyển sinh hoạt sang đó vào ngày giải "
                "thể. Khi đơn vị chấm dứt hoạt động: ghi chuyển đi hoặc ra khỏi tổ chức cho từng "
                "người trên màn hình Đoàn viên trước."
            )
        else:
            text = "Công đoàn cơ sở không còn đoàn viên đang sinh hoạt."
        self.summary = named(QLabel(text), "dissolveSummary", "Đoàn viên đang sinh hoạt")
        self.summary.setWordWrap(True)
        buttons = save_buttons()
        dissolve = buttons.button(buttons.StandardButton.Save)
        dissolve.setText("Giải thể")
        dissolve.setAccessibleName("Giải thể")
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_title(union))
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.mark_clean()

    def try_save(self) -> bool:
        days, typed = read_days({"dissolved_on": self.day})
        receiver = chosen(self.receiver)
        to = str(receiver) if receiver else None
        args = (shared(self.db_path), self.union.id, days["dissolved_on"], self.reason.text(), to)

        def save() -> None:
            self.result_ = dissolve_union(*args)

        def check() -> dict[str, str]:
            return dissolve_problems(*args)

        return check_and_save(self, self.rows, typed, check, save, "dissolved_on")
