"""The window on a province's PostgreSQL database: `uniondesk --db postgresql://…` opens it,
signs in against the server's accounts, shows every screen and the same figures as a file."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import TracebackType

import pytest
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.app import main
from desktop.services.accounts import SignedIn
from desktop.store import Store, shared
from desktop.store.handle import forget
from desktop.store.target import parse_target
from desktop.ui.about import AboutDialog
from desktop.ui.login_dialog import LoginDialog
from desktop.ui.main import open_window
from desktop.ui.main_window import MainWindow

PASSWORD = "quan-tri-tinh-2025"
PROVINCE = "LĐLĐ tỉnh Vĩnh Long"
INIT = ["init", "--role", "province", "--unit-code", "VL-TINH", "--unit-name", PROVINCE]
SHOT = Path("/tmp/uniondesk-window-on-postgres.png")


def _with_password(url: str) -> str:
    """The fixture's URL with a password in it: the window must never show it."""
    head, _, tail = url.partition("://")
    user, _, where = tail.partition("@")
    return f"{head}://{user}:bi-mat-khong-lo@{where}"


def _province(target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`init` of a province with an administrator, then two unions and three members of its own."""
    from desktop.models import GrassrootsUnion, Member, MemberEvent
    from desktop.text import fold, name_sort_key

    monkeypatch.setenv("UNIONDESK_PASSWORD", PASSWORD)
    assert main([*INIT, "--db", target, "--admin-user", "quantri"]) == 0
    monkeypatch.delenv("UNIONDESK_PASSWORD")
    with Store(target) as store, store.session() as s:
        unions = [
            GrassrootsUnion(name="CĐCS Bệnh viện Đa khoa Vĩnh Long", sector="state"),
            GrassrootsUnion(name="CĐCS Công ty Cổ phần Dược Cửu Long", sector="non_state"),
        ]
        for union in unions:
            union.name_key = fold(union.name)
            union.founded_on = date(2010, 1, 1)
            union.employer_type = "agency" if union.sector == "state" else "private_enterprise"
        s.add_all(unions)
        s.flush()
        for index, (name, gender, u) in enumerate(
            [
                ("Trương Thị Ánh", "female", 0),
                ("Lý Văn Đạt", "male", 1),
                ("Mai Thị Ngọc", "female", 1),
            ]
        ):
            member = Member(
                union_id=unions[u].id,
                full_name=name,
                name_key=fold(name),
                sort_key=name_sort_key(name),
                gender=gender,
                birth_date=date(1990, 1, 1),
                citizen_id=f"08619{index:07d}",
                joined_on=date(2024, 3, 1),
                status="active",
            )
            s.add(member)
            s.flush()
            s.add(
                MemberEvent(
                    member_id=member.id,
                    kind="admitted",
                    event_date=date(2024, 3, 1),
                    to_union_id=unions[u].id,
                )
            )


@pytest.fixture
def hooked() -> Iterator[list[str]]:
    """Every exception that reached the event loop (a slot, a worker's callback), as text."""
    caught: list[str] = []
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        import traceback

        caught.append("".join(traceback.format_exception(kind, exc, tb)))

    sys.excepthook = hook
    yield caught
    sys.excepthook = previous


def _settle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.busy(), timeout=30_000)
    QApplication.processEvents()


def _figures(window: MainWindow, qtbot: QtBot) -> dict[str, str]:
    dashboard = window.show_screen("dashboard")
    assert dashboard is not None
    _settle(qtbot, window)
    return {key: card.value.text() for key, card in dashboard.cards.items()}  # type: ignore[attr-defined]


def test_the_window_opens_on_a_province_server_signed_in_with_its_accounts(
    qtbot: QtBot,
    qapp: QApplication,
    pg_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    hooked: list[str],
) -> None:
    url = _with_password(pg_url)
    _province(pg_url, monkeypatch)
    label = parse_target(url).label
    assert "bi-mat" not in label

    seen: list[tuple[str, str, str]] = []

    def typed(login: LoginDialog) -> int:
        """The clerk types a wrong password, then the right one, at the window's login."""
        login.name.setText("quantri")
        login.password.setText("sai-mat-khau-roi")
        login.accept()
        wrong = login.message.text()
        login.password.setText(PASSWORD)
        login.accept()
        office = login.findChild(QWidget, "loginOffice").text()  # type: ignore[union-attr]
        where = login.findChild(QWidget, "loginDatabase").text()  # type: ignore[union-attr]
        seen.append((office, where, wrong))
        return int(login.result())

    monkeypatch.setattr(LoginDialog, "exec", typed)
    window = open_window(url)
    assert seen == [
        (PROVINCE, f"Cơ sở dữ liệu: {label}", "Tên đăng nhập hoặc mật khẩu không đúng.")
    ]
    assert isinstance(window, MainWindow)  # deleted on close: closed below, not by qtbot
    assert window.store is shared(url)
    assert window.store.kind == "postgresql"
    # A server is worked on by several staff at once: no lock file, no backups of its own.
    assert window.guard is None  # type: ignore[attr-defined]
    assert not hasattr(window, "backups")
    assert window.windowTitle() == f"Union Desk — {PROVINCE} — quantri (Quản trị) — {label}"
    assert window.db_label.text() == label
    assert "bi-mat" not in window.windowTitle() + window.db_label.text()
    assert window.user == SignedIn("quantri", "", "admin")
    assert open_window(url) is window  # one window per server here
    about: list[str] = []
    monkeypatch.setattr(AboutDialog, "exec", lambda d: about.append(d.text.toPlainText()) or 0)
    window.findChild(QAction, "actionAbout").trigger()  # type: ignore[union-attr]
    assert f"Cơ sở dữ liệu đang mở: {label}" in about[0] and "bi-mat" not in about[0]
    for key in ("actionBackup", "actionAutoBackup", "actionRestore"):
        copies = window.findChild(QAction, key)
        assert copies is not None and not copies.isEnabled()
        assert copies.toolTip() == (
            f"{label} là cơ sở dữ liệu PostgreSQL của tỉnh: sao lưu và khôi phục bằng công cụ "
            "của máy chủ (pg_dump, pg_restore) do người quản trị máy chủ thực hiện."
        )

    for entry in window.screens:
        shown = window.show_screen(entry.name)
        assert shown is not None, entry.title
        _settle(qtbot, window)
        assert window.sidebar.currentItem().text() == entry.title
    assert hooked == [], "\n".join(hooked)

    on_server = _figures(window, qtbot)
    assert on_server["members"] == "3"
    assert on_server["women"] == "2"
    assert on_server["unions"] == "2"
    window.grab().save(str(SHOT))
    window.close()
    forget(url)

    office = str(tmp_path / "tinh.sqlite")
    _province(office, monkeypatch)
    on_file = MainWindow(office, user=None)
    qtbot.addWidget(on_file)
    assert _figures(on_file, qtbot) == on_server
    on_file.close()
    forget(office)
    assert hooked == [], "\n".join(hooked)


def test_the_command_line_pictures_a_screen_of_the_server_signed_in(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`uniondesk --db postgresql://… --screenshot` signs in with --user as a command does and
    pictures the screen asked for; without --user it says the account is needed, naming the
    database without its password."""
    url = _with_password(pg_url)
    _province(pg_url, monkeypatch)
    out = tmp_path / "summary.png"
    capsys.readouterr()
    assert main(["--db", url, "--screenshot", str(out), "--screen", "summary"]) == 1
    said = capsys.readouterr().err
    assert said.startswith(f"Cơ sở dữ liệu {parse_target(url).label} có tài khoản:")
    assert "bi-mat" not in said and not out.exists()
    monkeypatch.setenv("UNIONDESK_PASSWORD", PASSWORD)
    argv = ["--db", url, "--user", "quantri", "--screenshot", str(out), "--screen", "summary"]
    assert main(argv) == 0
    picture = QImage(str(out))
    assert (picture.width(), picture.height()) == (1280, 800)
    forget(url)


def test_a_server_that_does_not_answer_opens_no_window_and_says_so(
    qapp: QApplication, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "postgresql://lan:mat-khau-bi-mat@127.0.0.1:1/tinh"
    assert open_window(url) is None
    said = capsys.readouterr().err
    assert said.startswith(
        "Không kết nối được cơ sở dữ liệu postgresql://lan:***@127.0.0.1:1/tinh: máy chủ "
        "PostgreSQL không trả lời"
    )
    assert "mat-khau-bi-mat" not in said
