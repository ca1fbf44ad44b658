"""The screens a window shows, in sidebar order: an office's (its members and unions) and a
province's (its offices, the bundles they send, every office side by side, the quality of what
was merged), and the Đồng bộ menu of each. Plain data: each screen's module is imported on its
first visit, so start-up pays only for the dashboard.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.services.roles import Action

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class ScreenEntry:
    name: str  # the --screen NAME of the command line
    title: str  # Vietnamese, shown in the sidebar
    factory: Callable[[Path | str], QWidget]


def _dashboard(db_path: Path | str) -> QWidget:
    from desktop.ui.dashboard import DashboardScreen

    return DashboardScreen(db_path)


def _reports(db_path: Path | str) -> QWidget:
    from desktop.ui.reports_screen import ReportsScreen

    return ReportsScreen(db_path)


def _members(db_path: Path | str) -> QWidget:
    from desktop.ui.members_screen import MembersScreen

    return MembersScreen(db_path)


def _unions(db_path: Path | str) -> QWidget:
    from desktop.ui.unions_screen import UnionsScreen

    return UnionsScreen(db_path)


def _activities(db_path: Path | str) -> QWidget:
    from desktop.ui.activities_screen import ActivitiesScreen

    return ActivitiesScreen(db_path)


def _targets(db_path: Path | str) -> QWidget:
    from desktop.ui.targets_screen import TargetsScreen

    return TargetsScreen(db_path)


def _sync(db_path: Path | str) -> QWidget:
    from desktop.ui.sync_screen import SyncScreen

    return SyncScreen(db_path)


def _offices(db_path: Path | str) -> QWidget:
    from desktop.ui.offices_screen import OfficesScreen

    return OfficesScreen(db_path)


def _incoming(db_path: Path | str) -> QWidget:
    from desktop.ui.incoming_screen import IncomingScreen

    return IncomingScreen(db_path)


def _summary(db_path: Path | str) -> QWidget:
    from desktop.ui.summary_screen import SummaryScreen

    return SummaryScreen(db_path)


def _quality(db_path: Path | str) -> QWidget:
    from desktop.ui.quality_screen import QualityScreen

    return QualityScreen(db_path)


# An office's window (an upper-level union keeping its members and unions).
SCREENS: list[ScreenEntry] = [
    ScreenEntry("dashboard", "Tổng quan", _dashboard),
    ScreenEntry("members", "Đoàn viên", _members),
    ScreenEntry("unions", "Công đoàn cơ sở", _unions),
    ScreenEntry("activities", "Hoạt động", _activities),
    ScreenEntry("targets", "Chỉ tiêu", _targets),
    ScreenEntry("reports", "Báo cáo", _reports),
    ScreenEntry("sync", "Đồng bộ", _sync),
]
# A province's window: its offices, the bundles they send, every office side by side and the
# quality of what was merged; its members and unions are the offices' (seen from Tổng hợp).
PROVINCE_SCREENS: list[ScreenEntry] = [
    ScreenEntry("dashboard", "Tổng quan", _dashboard),
    ScreenEntry("offices", "Đơn vị", _offices),
    ScreenEntry("incoming", "Nhận gói", _incoming),
    ScreenEntry("summary", "Tổng hợp", _summary),
    ScreenEntry("quality", "Chất lượng dữ liệu", _quality),
    ScreenEntry("activities", "Hoạt động", _activities),
    ScreenEntry("targets", "Chỉ tiêu", _targets),
    ScreenEntry("reports", "Báo cáo", _reports),
    ScreenEntry("sync", "Đồng bộ", _sync),
]


# The Đồng bộ menu: (action, text, screen, the screen's method, the right it needs).
OFFICE_SYNC = (
    ("actionExportBundle", "&Xuất gói tháng…", "sync", "choose_export", Action.EXPORT),
    ("actionTakePackage", "&Nhận gói của tỉnh…", "sync", "choose_packages", Action.IMPORT),
    ("actionExportCard", "Xuất &thẻ khóa của đơn vị…", "sync", "choose_card_export", Action.EXPORT),
    ("actionBackupKeys", "&Sao lưu khóa bí mật…", "sync", "choose_backup", Action.KEYS),
)
PROVINCE_SYNC = (
    ("actionTakeBundles", "&Nhận gói của các đơn vị…", "incoming", "choose_files", Action.IMPORT),
    (
        "actionRegisterCard",
        "Đăng &ký thẻ khóa của đơn vị…",
        "offices",
        "register_card",
        Action.KEYS,
    ),
    ("actionSendPackages", "&Gửi gói cho đơn vị…", "offices", "send_packages", Action.EXPORT),
    ("actionExportCard", "Xuất &thẻ khóa của tỉnh…", "sync", "choose_card_export", Action.EXPORT),
    ("actionBackupKeys", "&Sao lưu khóa bí mật…", "sync", "choose_backup", Action.KEYS),
)
PROVINCE_IMPORTS = (
    "Đoàn viên và công đoàn cơ sở của tỉnh đến từ gói dữ liệu của các đơn vị (màn hình "
    "Nhận gói), không nhập từ bảng tính."
)
NOT_HERE = "Màn hình «{name}» chỉ có ở cơ sở dữ liệu của {where}; {label} có các màn hình: {names}."
