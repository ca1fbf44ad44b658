"""Active members at each month end, drawn with QtCharts.

Imported only after the dashboard's first paint: QtCharts costs about a tenth of a second to load.
"""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QWidget

ACCENT = "#1d4f91"


def _axis_top(high: int) -> int:
    """A round top for the value axis a little above the highest month."""
    if high <= 0:
        return 10
    step = 10 ** max(0, len(str(high)) - 2)
    return ((high * 11 // 10) // step + 1) * step


class MemberTrendChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("memberTrend")
        self.setAccessibleName("Số đoàn viên cuối mỗi tháng")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.points: tuple[tuple[str, int], ...] = ()

    def set_points(self, points: tuple[tuple[str, int], ...], title: str) -> None:
        self.points = points
        chart = QChart()
        chart.setTitle(title)
        title_font = QFont(chart.titleFont())
        title_font.setPointSize(11)
        title_font.setBold(True)
        chart.setTitleFont(title_font)
        chart.legend().hide()
        chart.setLocalizeNumbers(True)  # 4.511, not 4511
        chart.setLocale(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(6)
        bars = QBarSet("Đoàn viên")
        bars.setColor(QColor(ACCENT))
        bars.setLabelColor(QColor("#1a202c"))
        for _, value in points:
            bars.append(value)
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        series.setBarWidth(0.7)
        label_font = QFont(bars.labelFont())
        label_font.setPointSize(7)
        bars.setLabelFont(label_font)
        chart.addSeries(series)
        months = QBarCategoryAxis()
        months.append([f"T{int(label[5:])}" for label, _ in points])
        axis_font = QFont(months.labelsFont())
        axis_font.setPointSize(7)  # «T10» … «T12» fit a narrow dashboard column unelided
        months.setLabelsFont(axis_font)
        chart.addAxis(months, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(months)
        values = QValueAxis()
        # From zero: a bar chart cut off above zero makes a 5 % rise look like a doubling.
        values.setRange(0, _axis_top(max((v for _, v in points), default=0)))
        values.setLabelFormat("%.0f")
        values.setTickCount(6)
        values.applyNiceNumbers()
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(values)
        self.setChart(chart)
