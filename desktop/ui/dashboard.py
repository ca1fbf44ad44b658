"""Tổng quan: the district's figures at a glance, read from the database at start-up.

The cards are painted first from a few plain SQL counts; the member chart (QtCharts), the targets'
pace and what is due follow once the cards are on screen (the first paint), off the start-up path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.format import number, percent
from desktop.services.dashboard import DashboardFigures, load_dashboard, working_year
from desktop.store.probe import quick_look
from desktop.ui.dashboard_progress import HEADING, ProgrammePanel
from desktop.ui.tasks import TaskRunner

ACCENT = "#1d4f91"
COUNTING = "Tiến độ chỉ tiêu: đang tính…"


class FigureCard(QFrame):
    """One big number with its caption and a detail line."""

    def __init__(self, key: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"card_{key}")
        self.setAccessibleName(caption)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            f"#card_{key} {{ background: white; border: 1px solid #d5dbe5; border-radius: 6px; }}"
        )
        layout = QVBoxLayout(self)
        self.caption = QLabel(caption)
        self.caption.setStyleSheet("color: #4a5568; font-size: 10pt;")
        self.value = QLabel("—")
        self.value.setObjectName(f"value_{key}")
        self.value.setStyleSheet(f"color: {ACCENT}; font-size: 22pt; font-weight: 600;")
        self.detail = QLabel("")
        self.detail.setObjectName(f"detail_{key}")
        self.detail.setStyleSheet("color: #4a5568; font-size: 9pt;")
        self.detail.setWordWrap(True)
        for widget in (self.caption, self.value, self.detail):
            layout.addWidget(widget)

    def show_value(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)


class DashboardScreen(QWidget):
    def __init__(
        self, db_path: Path | str, parent: QWidget | None = None, runner: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardScreen")
        self.setAccessibleName("Tổng quan")
        self.db_path = db_path
        self.runner = runner or TaskRunner(self)
        self.trend: Any = None  # the QtCharts view, built after the first paint
        self.title = QLabel()
        self.title.setObjectName("dashboardTitle")
        self.title.setStyleSheet("font-size: 15pt; font-weight: 600; color: #1a202c;")
        self.cards = {
            "unions": FigureCard("unions", "Công đoàn cơ sở đang hoạt động"),
            "members": FigureCard("members", "Đoàn viên đang sinh hoạt"),
            "women": FigureCard("women", "Đoàn viên nữ"),
            "admitted": FigureCard("admitted", "Kết nạp trong năm"),
            "left": FigureCard("left", "Ra khỏi tổ chức / chuyển đi"),
            "unrated": FigureCard("unrated", "CĐCS chưa xếp loại năm"),
        }
        grid = QGridLayout()
        grid.setSpacing(12)
        for index, card in enumerate(self.cards.values()):
            grid.addWidget(card, index // 3, index % 3)
        self.trend_title = QLabel()
        self.trend_title.setObjectName("memberTrendTitle")
        self.trend_title.setStyleSheet(HEADING)
        self.trend_title.setWordWrap(True)
        self.trend_holder = QVBoxLayout()
        self.trend_holder.addWidget(self.trend_title)
        # Holds the chart's room, title on top, for the moment between the first paint and it.
        self.trend_waiting = QLabel("Đang vẽ biểu đồ…")
        self.trend_waiting.setObjectName("memberTrendWaiting")
        self.trend_waiting.setStyleSheet("color: #4a5568;")
        self.trend_waiting.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.trend_holder.addWidget(self.trend_waiting, 1)
        self.programme = ProgrammePanel()
        self.programme.targets_title.setText(COUNTING)  # counted right after the first paint
        lower = QHBoxLayout()
        lower.setSpacing(16)
        # The targets' names need the room more than the twelve bars of the chart do.
        lower.addLayout(self.trend_holder, 3)
        lower.addWidget(self.programme, 5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(14)
        layout.addWidget(self.title)
        layout.addLayout(grid)
        layout.addLayout(lower, 1)
        self.refresh()
        self._loading = False
        QTimer.singleShot(0, self, self._load_if_unseen)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._loading:  # the cards are on screen: the rest loads once this paint ends
            self._loading = True
            QTimer.singleShot(0, self, self.load_later)

    @property
    def loading_asked(self) -> bool:
        """Whether the chart and the programme panel were asked for (after the first paint, or
        at once out of sight); their work then runs on the screen's runner."""
        return self._loading

    def _load_if_unseen(self) -> None:
        """The chart and the programme panel follow the first paint (paintEvent), so the window
        shows before QtCharts and SQLAlchemy load; a screen built out of sight (behind another,
        or for a picture) never paints on its own and loads now."""
        hidden = self.window().testAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        if not self._loading and (hidden or not self.isVisible()):
            self._loading = True
            self.load_later()

    def refresh(self) -> None:
        """Re-read the figures. Call from the GUI thread (a few ms of SQL)."""
        # A file is peeked at (the first paint comes before SQLAlchemy loads); a server's store.
        look = quick_look(self.db_path)
        figures = load_dashboard(look, working_year(look))
        self.show_figures(figures)

    def load_later(self) -> None:
        """The chart and the programme panel: what the first paint can do without."""
        from desktop.ui.member_trend_chart import MemberTrendChart

        self._loading = True  # asked for (again, after the settings changed): no paint asks too

        if self.trend is None:
            self.trend = MemberTrendChart()
            self.trend_holder.replaceWidget(self.trend_waiting, self.trend)
            self.trend_holder.setStretchFactor(self.trend, 1)
            self.trend_waiting.deleteLater()
        self.trend.set_points(self.figures.members_by_month)
        db_path = self.db_path

        def work(progress: Any, token: Any) -> Any:
            from desktop.services.dashboard import to_do
            from desktop.services.progress import progress_for
            from desktop.services.targets import entered_figures, working_period
            from desktop.store import shared

            period = working_period(shared(db_path))
            store = shared(db_path)
            report = progress_for(store, period)
            # A province's 1a, 1b are its offices' summed counts, not entries of its own.
            entered = entered_figures(store, period) if report.unit.role != "province" else None
            # An office's own to-do, or the province's (never an office's lines at a province).
            return report, entered, period, to_do(store, period)

        def done(result: Any) -> None:
            report, entered, period, due = result
            self.programme.show_progress(report, entered)
            self.programme.show_due(period, due)

        def failed(exc: BaseException) -> None:
            # No programme for the working year yet: the cards and chart still stand.
            self.programme.targets_title.setText(f"Tiến độ chỉ tiêu: {exc}")
            self.programme.targets_title.setWordWrap(True)

        # Quiet: the panel says it is counting; a dialog over the window just opened would hide it.
        self.programme.targets_title.setText(COUNTING)
        self.runner.run("Đang tính tiến độ chỉ tiêu…", work, done, failed, quiet=True)

    def show_figures(self, f: DashboardFigures) -> None:
        self.figures = f
        self.title.setText(f"Tổng quan năm {f.year}")
        self.cards["unions"].show_value(
            number(f.unions_total),
            f"Khu vực nhà nước: {number(f.unions_state)} · Ngoài nhà nước: {number(f.unions_non_state)}",
        )
        self.cards["members"].show_value(number(f.members_active))
        share = 100 * f.members_women / f.members_active if f.members_active else None
        self.cards["women"].show_value(
            number(f.members_women), f"{percent(share)} tổng số đoàn viên"
        )
        self.cards["admitted"].show_value(number(f.admitted_in_year), "kể cả kết nạp lại")
        self.cards["left"].show_value(
            number(f.left_in_year + f.transferred_out_in_year),
            f"Ra khỏi tổ chức: {number(f.left_in_year)} · "
            f"Chuyển đi: {number(f.transferred_out_in_year)}",
        )
        self.cards["unrated"].caption.setText(f"CĐCS chưa xếp loại năm {f.year}")
        self.cards["unrated"].show_value(number(f.unions_without_rating))
        self.trend_title.setText(f"Số đoàn viên cuối mỗi tháng năm {f.year}")
        if self.trend is not None:
            self.trend.set_points(f.members_by_month)
