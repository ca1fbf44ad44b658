"""Active members at each month end, drawn with QtCharts.

Imported only after the dashboard's first paint: QtCharts costs about a tenth of a second to load.
The chart has no title of its own (the dashboard's heading above it wraps; a chart title is cut
short in half a 1024-pixel window); months are numbered 1…12 under the axis title «Tháng», and
each bar's value is written up the bar, so twelve bars in 300 pixels never overlap.
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

    def set_points(self, points: tuple[tuple[str, int], ...]) -> None:
        self.points = points
        chart = QChart()
        chart.legend().hide()
        chart.setLocalizeNumbers(True)  # 4.511, not 4511
        chart.setLocale(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(6)
        bars = QBarSet("Đoàn viên")
        bars.setColor(QColor(ACCENT))
        bars.setLabelColor(QColor("white"))
        for _, value in points:
            bars.append(value)
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        # Written up the bar, inside its top: «4.174» side by side is wider than a bar.
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsInsideEnd)
        series.setLabelsAngle(-90)
        series.setLabelsFormat("@value")
        series.setBarWidth(0.75)
        label_font = QFont(bars.labelFont())
        label_font.setPointSize(7)
        bars.setLabelFont(label_font)
        chart.addSeries(series)
        months = QBarCategoryAxis()
        months.append([str(int(label[5:])) for label, _ in points])
        months.setTitleText("Tháng")
        # Qt cuts a label to the axis width / 13 less padding (10 px at 1024 wide): «10» became
        # «…» in a column 22 px wide. Two digits fit any column the dashboard gives the chart.
        months.setTruncateLabels(False)
        axis_font = QFont(months.labelsFont())
        axis_font.setPointSize(8)
        months.setLabelsFont(axis_font)
        months.setTitleFont(axis_font)
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
