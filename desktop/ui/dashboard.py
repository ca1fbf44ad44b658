"""Tổng quan: the district's figures at a glance, read from the database at start-up."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from desktop.format import number, percent
from desktop.services.dashboard import DashboardFigures, load_dashboard, working_year

ACCENT = "#1d4f91"


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


class TrendBars(QWidget):
    """Active members at each month end, as bars: cheap to paint, no chart library at start-up."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("memberTrend")
        self.setAccessibleName("Số đoàn viên cuối mỗi tháng")
        self.setMinimumHeight(190)
        self.points: tuple[tuple[str, int], ...] = ()

    def set_points(self, points: tuple[tuple[str, int], ...]) -> None:
        self.points = points
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.points:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        values = [v for _, v in self.points]
        low, high = min(values) * 0.95, max(values) or 1
        width, height = self.width(), self.height() - 40
        slot = width / len(self.points)
        for index, (label, value) in enumerate(self.points):
            bar = max(2.0, (value - low) / ((high - low) or 1) * (height - 20))
            x = int(index * slot + slot * 0.18)
            painter.fillRect(x, int(20 + height - bar), int(slot * 0.64), int(bar), QColor(ACCENT))
            painter.setPen(QColor("#2d3748"))
            painter.drawText(
                int(index * slot), 0, int(slot), 18, Qt.AlignmentFlag.AlignCenter, number(value)
            )
            painter.drawText(
                int(index * slot),
                height + 22,
                int(slot),
                18,
                Qt.AlignmentFlag.AlignCenter,
                f"T{int(label[5:])}",
            )
        painter.end()


class DashboardScreen(QWidget):
    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardScreen")
        self.setAccessibleName("Tổng quan")
        self.db_path = db_path
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
        self.trend_caption = QLabel()
        self.trend_caption.setStyleSheet("font-size: 11pt; font-weight: 600; color: #1a202c;")
        self.trend = TrendBars()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(14)
        layout.addWidget(self.title)
        layout.addLayout(grid)
        layout.addWidget(self.trend_caption)
        layout.addWidget(self.trend, 1)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the figures. Call from the GUI thread (a few ms of SQL)."""
        figures = load_dashboard(self.db_path, working_year(self.db_path))
        self.show_figures(figures)

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
        self.trend_caption.setText(f"Số đoàn viên cuối mỗi tháng năm {f.year}")
        self.trend.set_points(f.members_by_month)
