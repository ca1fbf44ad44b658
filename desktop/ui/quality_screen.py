"""(Province) the «Chất lượng dữ liệu» screen: what in the merged data needs a person, grouped by
kind with a count, each group saying what to do (desktop/services/data_quality.py finds them).

GUI thread only; the findings are read in the task runner's worker.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.format import number, vn_date
from desktop.services.data_quality import KINDS, NONE_FOUND, TITLES, QualityFindings
from desktop.ui.tasks import TaskRunner

TITLE_STYLE = "font-size: 14pt; font-weight: 600; color: #1a202c;"
ACTION_STYLE = "color: #1f4e79; background: #eef4fb; padding: 6px; border-radius: 4px;"
FOUND_STYLE = (
    "QGroupBox { font-weight: 600; border: 1px solid #e0a100; border-radius: 4px; "
    "margin-top: 14px; padding-top: 8px; } QGroupBox::title { subcontrol-origin: margin; "
    "left: 8px; padding: 0 4px; color: #8a5a00; }"
)
CLEAR_STYLE = (
    "QGroupBox { font-weight: 600; border: 1px solid #b7d7b9; border-radius: 4px; "
    "margin-top: 14px; padding-top: 8px; } QGroupBox::title { subcontrol-origin: margin; "
    "left: 8px; padding: 0 4px; color: #2e7d32; }"
)
MASKED_NOTE = (
    "Số CCCD được ẩn một phần: tài khoản này không được xem đầy đủ số CCCD (Luật Bảo vệ dữ liệu "
    "cá nhân 91/2025/QH15)."
)
INTRO = (
    "Những điểm trong dữ liệu các đơn vị đã gộp cần người xem và xử lý. Mỗi nhóm ghi cách xử lý; "
    "sau khi đơn vị sửa và gửi lại gói, bấm «Kiểm tra lại»."
)


def summary_text(found: QualityFindings, today: date) -> str:
    """«7 vấn đề cần xem (kiểm tra ngày 29/07/2024).» or that nothing needs a person."""
    if found.total == 0:
        return f"Không có vấn đề nào cần xử lý (kiểm tra ngày {vn_date(today)})."
    return f"{number(found.total)} vấn đề cần xem (kiểm tra ngày {vn_date(today)})."


class QualityScreen(QWidget):
    """The findings, one box per kind (always four, in the same order), each with its count,
    what to do, and one line per finding."""

    def __init__(
        self,
        db_path: Path | str,
        parent: QWidget | None = None,
        runner: TaskRunner | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("qualityScreen")
        self.setAccessibleName("Chất lượng dữ liệu")
        self.db_path = db_path
        self.runner = runner or TaskRunner(self)
        self.today = today
        self.found: QualityFindings | None = None

        title = QLabel("Chất lượng dữ liệu")
        title.setObjectName("qualityTitle")
        title.setStyleSheet(TITLE_STYLE)
        self.refresh_button = QPushButton("Kiểm tra lại")
        self.refresh_button.setObjectName("qualityRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(self.refresh_button)
        intro = QLabel(INTRO)
        intro.setObjectName("qualityIntro")
        intro.setWordWrap(True)
        self.summary = QLabel("Đang kiểm tra…")
        self.summary.setObjectName("qualitySummary")
        self.summary.setStyleSheet("font-weight: 600;")
        self.masked_note = QLabel(MASKED_NOTE)
        self.masked_note.setObjectName("qualityMaskedNote")
        self.masked_note.setWordWrap(True)
        self.masked_note.setStyleSheet("color: #5f6b7a;")
        self.masked_note.hide()

        self.boxes: dict[str, QGroupBox] = {}
        self.action_labels: dict[str, QLabel] = {}
        self.lines: dict[str, list[QLabel]] = {}
        self._bodies: dict[str, QVBoxLayout] = {}
        inner = QWidget()
        column = QVBoxLayout(inner)
        for kind in KINDS:
            box = QGroupBox(TITLES[kind])
            box.setObjectName(f"quality_{kind}")
            layout = QVBoxLayout(box)
            action = QLabel()
            action.setObjectName(f"qualityAction_{kind}")
            action.setWordWrap(True)
            action.setStyleSheet(ACTION_STYLE)
            layout.addWidget(action)
            body = QVBoxLayout()
            layout.addLayout(body)
            self.boxes[kind], self.action_labels[kind], self._bodies[kind] = box, action, body
            self.lines[kind] = []
            column.addWidget(box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("qualityScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(intro)
        layout.addWidget(self.summary)
        layout.addWidget(self.masked_note)
        layout.addWidget(scroll, 1)
        self.refresh()

    def refresh(self) -> None:
        """Read the findings again (in the worker)."""
        from desktop.services.data_quality import quality_findings
        from desktop.store import shared

        db_path, today = self.db_path, self.today or date.today()

        def work(progress: Any, token: Any) -> Any:
            return quality_findings(shared(db_path), today)

        self.summary.setText("Đang kiểm tra…")
        self.runner.run("Đang kiểm tra chất lượng dữ liệu…", work, self.show_findings)

    def show_findings(self, found: QualityFindings) -> None:
        self.found = found
        self.summary.setText(summary_text(found, self.today or date.today()))
        self.masked_note.setVisible(not found.full_ids)
        for group in found.groups:
            box, body = self.boxes[group.kind], self._bodies[group.kind]
            for label in self.lines[group.kind]:
                body.removeWidget(label)
                label.deleteLater()
            box.setTitle(group.heading)
            box.setStyleSheet(FOUND_STYLE if group.findings else CLEAR_STYLE)
            self.action_labels[group.kind].setText(f"Cách xử lý: {group.action}")
            self.action_labels[group.kind].setVisible(bool(group.findings))
            texts = [f"• {f.text}" for f in group.findings] or [NONE_FOUND]
            labels = []
            for text in texts:
                label = QLabel(text)
                label.setTextFormat(Qt.TextFormat.PlainText)  # names are never markup
                label.setWordWrap(True)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                label.setObjectName(f"qualityFinding_{group.kind}")
                body.addWidget(label)
                labels.append(label)
            self.lines[group.kind] = labels

    def texts(self, kind: str) -> list[str]:
        """The lines shown under one kind (what a person reads there)."""
        return [label.text() for label in self.lines[kind]]
