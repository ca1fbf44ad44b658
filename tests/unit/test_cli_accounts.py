"""`init --admin-user`, `--user` on every command of a database with accounts, and `users …`,
as an office's scripts and a clerk at a terminal use them."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.app import main
from desktop.cli import access
from desktop.cli.parser import build_parser
from desktop.store import shared

WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."
INIT = ["init", "--role", "district", "--unit-code", "BT-BATRI", "--unit-name", "LĐLĐ huyện Ba Tri"]


def _query(db: Path, sql: str) -> list[tuple[object, ...]]:
    with contextlib.closing(sqlite3.connect(db)) as con:
        return con.execute(sql).fetchall()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    seen = capsys.readouterr()
    return code, seen.out, seen.err


class Terminal(io.StringIO):
    """A keyboard: getpass is asked only when the input is one."""

    def isatty(self) -> bool:
        return True


def _typed(monkeypatch: pytest.MonkeyPatch, *answers: str) -> list[str]:
    """Answers typed at getpass's prompts; returns the prompts as they were shown."""
    prompts: list[str] = []
    replies = iter(answers)

    def getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(replies)

    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(access.getpass, "getpass", getpass)
    return prompts


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An office made by `init --admin-user lan`, with staff «minh»."""
    db = tmp_path / "batri.sqlite"
    monkeypatch.setenv("UNIONDESK_PASSWORD", "quan-tri-2025")
    assert main([*INIT, "--db", str(db), "--admin-user", "Lan"]) == 0
    monkeypatch.setenv("UNIONDESK_NEW_PASSWORD", "can-bo-2025")
    assert main(["users", "add", "minh", "--role", "staff", "--db", str(db), "--user", "lan"]) == 0
    monkeypatch.delenv("UNIONDESK_PASSWORD")
    monkeypatch.delenv("UNIONDESK_NEW_PASSWORD")
    return db


def test_init_with_an_administrator_then_every_command_needs_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "batri.sqlite"
    monkeypatch.setenv("UNIONDESK_PASSWORD", "quan-tri-2025")
    code, out, _ = _run(capsys, *INIT, "--db", str(db), "--admin-user", "Lan")
    assert code == 0
    assert "Đã tạo tài khoản lan (Quản trị): từ nay mọi lệnh cần --user lan.\n" in out
    assert _query(db, "SELECT name, role, disabled_at FROM account") == [("lan", "admin", None)]
    code, out, err = _run(capsys, "office", "show", "--db", str(db))
    assert (code, out) == (1, "")
    assert err == (
        f"Cơ sở dữ liệu {db} có tài khoản: hãy ghi --user TÊN (mật khẩu lấy từ biến môi trường "
        "UNIONDESK_PASSWORD, hoặc được hỏi khi chạy trong cửa sổ dòng lệnh).\n"
    )
    code, out, _ = _run(capsys, "--user", "lan", "office", "show", "--db", str(db))
    assert code == 0 and "Mã đơn vị: BT-BATRI (district)" in out
    monkeypatch.setenv("UNIONDESK_PASSWORD", "sai-mat-khau")
    assert _run(capsys, "office", "show", "--db", str(db), "--user", "lan") == (1, "", WRONG + "\n")
    assert _run(capsys, "office", "show", "--db", str(db), "--user", "ai") == (1, "", WRONG + "\n")


def test_a_script_without_the_password_is_told_to_set_it_and_never_waits(office: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "UNIONDESK_PASSWORD"}
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "progress", "--period", "06/2024", "--db", str(office),
         "--user", "minh"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "Cần mật khẩu của tài khoản minh nhưng không có bàn phím để hỏi (đầu vào không phải cửa "
        "sổ dòng lệnh): hãy đặt biến môi trường UNIONDESK_PASSWORD.\n"
    )


def test_at_a_terminal_the_password_is_asked(
    office: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    prompts = _typed(monkeypatch, "can-bo-2025")
    code, out, _ = _run(capsys, "office", "show", "--db", str(office), "--user", "minh")
    assert code == 0 and "BT-BATRI" in out
    assert prompts == ["Mật khẩu của minh: "]


def test_init_asks_the_administrators_password_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "batri.sqlite"
    prompts = _typed(monkeypatch, "quan-tri-2025", "quan-tri-2052")
    code, out, err = _run(capsys, *INIT, "--db", str(db), "--admin-user", "lan")
    assert (code, out, err) == (
        1,
        "",
        "Hai lần nhập mật khẩu không khớp nhau; không có gì thay đổi.\n",
    )
    assert prompts == ["Mật khẩu mới cho lan: ", "Nhập lại mật khẩu mới: "]
    assert not db.exists()
    _typed(monkeypatch, "quan-tri-2025", "quan-tri-2025")
    assert _run(capsys, *INIT, "--db", str(db), "--admin-user", "lan")[0] == 0
    assert _query(db, "SELECT name, role FROM account") == [("lan", "admin")]


def test_init_refuses_a_bad_administrator_before_making_the_office(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "batri.sqlite"
    monkeypatch.setenv("UNIONDESK_PASSWORD", "ngan")
    code, _, err = _run(capsys, *INIT, "--db", str(db), "--admin-user", "lan")
    assert (code, err) == (1, "Mật khẩu phải có ít nhất 8 ký tự.\n")
    monkeypatch.setenv("UNIONDESK_PASSWORD", "quan-tri-2025")
    code, _, err = _run(capsys, *INIT, "--db", str(db), "--admin-user", "Nguyễn Lan")
    assert code == 1 and err.startswith("Tên đăng nhập «Nguyễn Lan» không dùng được")
    assert not db.exists()


def test_users_list_add_role_disable(
    office: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--db", str(office))
    monkeypatch.setenv("UNIONDESK_PASSWORD", "quan-tri-2025")
    monkeypatch.setenv("UNIONDESK_NEW_PASSWORD", "chi-xem-2025")
    assert _run(capsys, "users", "add", "Xem", "--role", "viewer", "--full-name", "Lê Thị Xem",
                *db, "--user", "lan") == (0, "Đã thêm tài khoản xem (Chỉ xem).\n", "")  # fmt: skip
    assert _run(capsys, "users", "role", "minh", "admin", *db, "--user", "lan") == (
        0,
        "Tài khoản minh nay có vai trò Quản trị.\n",
        "",
    )
    assert _run(capsys, "users", "disable", "xem", *db, "--user", "lan") == (
        0,
        "Đã khóa tài khoản xem: không đăng nhập được nữa.\n",
        "",
    )
    assert _run(capsys, "users", "list", *db, "--user", "lan") == (
        0,
        "lan\tQuản trị\tđang dùng\t\nminh\tQuản trị\tđang dùng\t\nxem\tChỉ xem\tđã khóa\tLê Thị Xem\n",
        "",
    )
    monkeypatch.setenv("UNIONDESK_PASSWORD", "chi-xem-2025")
    assert _run(capsys, "progress", "--period", "06/2024", *db, "--user", "xem") == (
        1,
        "",
        WRONG + "\n",
    )


def test_the_last_administrator_is_kept(
    office: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("UNIONDESK_PASSWORD", "quan-tri-2025")
    code, out, err = _run(
        capsys, "users", "role", "lan", "staff", "--db", str(office), "--user", "lan"
    )
    assert (code, out) == (1, "")
    assert err == (
        "Không thể bỏ quyền quản trị của «lan»: đây là tài khoản quản trị cuối cùng còn dùng được. "
        "Hãy cho một tài khoản khác vai trò quản trị trước.\n"
    )
    assert _query(office, "SELECT role FROM account WHERE name = 'lan'") == [("admin",)]


def test_staff_change_their_own_password_only(
    office: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--db", str(office))
    monkeypatch.setenv("UNIONDESK_PASSWORD", "can-bo-2025")
    monkeypatch.setenv("UNIONDESK_NEW_PASSWORD", "mat-khau-moi-9")
    assert _run(capsys, "users", "passwd", "lan", *db, "--user", "minh") == (
        1,
        "",
        "Tài khoản minh (Cán bộ) không được quản lý tài khoản.\n",
    )
    assert _run(capsys, "users", "passwd", "minh", *db, "--user", "minh") == (
        0,
        "Đã đặt mật khẩu mới cho minh.\n",
        "",
    )
    assert _run(capsys, "office", "show", *db, "--user", "minh")[0] == 1
    monkeypatch.setenv("UNIONDESK_PASSWORD", "mat-khau-moi-9")
    assert _run(capsys, "office", "show", *db, "--user", "minh")[0] == 0


def test_without_accounts_nothing_is_asked_and_the_first_account_is_an_administrator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "cu.sqlite"
    assert main([*INIT, "--db", str(db)]) == 0
    code, out, _ = _run(capsys, "users", "list", "--db", str(db))
    assert (code, out) == (
        0,
        "Chưa có tài khoản nào: ai mở cơ sở dữ liệu cũng có mọi quyền.\n"
        "Thêm quản trị: uniondesk users add TÊN --role admin\n",
    )
    monkeypatch.setenv("UNIONDESK_NEW_PASSWORD", "can-bo-2025")
    code, _, err = _run(capsys, "users", "add", "minh", "--role", "staff", "--db", str(db))
    assert (code, err) == (
        1,
        "Tài khoản đầu tiên phải là quản trị (admin): chỉ quản trị mới thêm được tài khoản khác.\n",
    )
    assert _run(capsys, "users", "add", "lan", "--role", "admin", "--db", str(db))[0] == 0
    assert _run(capsys, "office", "show", "--db", str(db))[0] == 1


def test_a_demo_over_a_database_with_accounts_needs_an_administrator(
    office: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("UNIONDESK_PASSWORD", "can-bo-2025")
    code, _, err = _run(capsys, "demo", str(office), "--force", "--members", "5", "--user", "minh")
    assert (code, err) == (
        1,
        "Tài khoản minh (Cán bộ) không được khôi phục dữ liệu từ bản sao lưu.\n",
    )
    assert _query(office, "SELECT code FROM office") == [("BT-BATRI",)]


def _commands(parser: argparse.ArgumentParser, prefix: str = "") -> list[str]:
    found: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                words = f"{prefix} {name}".strip()
                found.extend(_commands(sub, words) or [words])
    return found


def test_every_command_has_its_line_in_the_access_table() -> None:
    commands = _commands(build_parser())
    assert "bundle export" in commands and "users passwd" in commands
    assert sorted(set(commands) - set(access.COMMAND_ACTIONS)) == []
    assert sorted(set(access.COMMAND_ACTIONS) - set(commands)) == []


def test_the_idle_lock_minutes_are_the_administrators_to_set(
    office: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.services.settings import idle_lock_minutes

    as_lan = ("--db", str(office), "--user", "lan")
    monkeypatch.setenv("UNIONDESK_PASSWORD", "quan-tri-2025")
    assert _run(capsys, "users", "idle-lock", *as_lan) == (
        0, "cửa sổ tự khóa sau 10 phút không dùng.\n", ""
    )  # fmt: skip
    assert _run(capsys, "users", "idle-lock", "5", *as_lan) == (
        0, "Đã đặt: cửa sổ tự khóa sau 5 phút không dùng.\n", ""
    )  # fmt: skip
    assert idle_lock_minutes(shared(office)) == 5
    code, _, err = _run(capsys, "users", "idle-lock", "năm", *as_lan)
    assert (code, err) == (
        1,
        "Số phút khóa màn hình phải là số nguyên từ 0 (không bao giờ khóa) đến 480; "
        "đã ghi «năm».\n",
    )
    assert _run(capsys, "users", "idle-lock", "0", *as_lan)[1] == "Đã đặt: cửa sổ không tự khóa.\n"
    monkeypatch.setenv("UNIONDESK_PASSWORD", "can-bo-2025")
    as_minh = ("--db", str(office), "--user", "minh")
    assert _run(capsys, "users", "idle-lock", *as_minh)[:2] == (0, "cửa sổ không tự khóa.\n")
    code, _, err = _run(capsys, "users", "idle-lock", "30", *as_minh)
    assert (code, err) == (1, "Tài khoản minh (Cán bộ) không được quản lý tài khoản.\n")
    assert idle_lock_minutes(shared(office)) == 0


def test_accounts_on_a_server_database_ask_for_a_user_too(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A province's PostgreSQL database: its first administrator is added by `users add`,
    after which every command needs --user, and the refusal never shows the URL's password."""
    from desktop.models import Office
    from desktop.store import Store

    store = Store(pg_url)
    with store.session() as s:
        s.add(Office(role="province", kind="province_federation", code="LDLD-BT", name="LĐLĐ"))
    store.close()
    monkeypatch.setenv("UNIONDESK_NEW_PASSWORD", "Mật-khẩu-dài-đủ-1")
    code, out, _ = _run(capsys, "users", "add", "lan", "--role", "admin", "--db", pg_url)
    assert (code, out) == (0, "Đã thêm tài khoản lan (Quản trị).\n")
    with_password = pg_url.replace("postgres@", "postgres:bí-mật@", 1)
    code, _, err = _run(capsys, "users", "list", "--db", with_password)
    label = pg_url.replace("postgres@", "postgres:***@", 1)
    assert code == 1
    assert err.startswith(f"Cơ sở dữ liệu {label} có tài khoản: hãy ghi --user TÊN")
    assert "bí-mật" not in err
    monkeypatch.setenv("UNIONDESK_PASSWORD", "Mật-khẩu-dài-đủ-1")
    code, out, _ = _run(capsys, "users", "list", "--db", pg_url, "--user", "lan")
    assert code == 0
    assert out.split("\t")[:3] == ["lan", "Quản trị", "đang dùng"]
