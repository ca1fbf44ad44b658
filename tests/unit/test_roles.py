"""The role matrix: every role × action through the real command line, on a small district with
accounts. What a role may do is done; what it may not is refused in Vietnamese, exit 1, with the
database byte for byte as it was and no file written."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from desktop.app import main
from desktop.services import accounts
from desktop.services.roles import Action, allowed
from desktop.store import Store

PASSWORDS = {"lan": "quan-tri-2025", "minh": "can-bo-2025", "xem": "chi-xem-2025"}
ROLE_OF = {"lan": "admin", "minh": "staff", "xem": "viewer"}
LABEL = {"lan": "Quản trị", "minh": "Cán bộ", "xem": "Chỉ xem"}

# Written out here, not read from the program: the test fails if the program's table moves.
MAY = {
    "lan": {"view", "view_full_id", "edit", "import", "export", "print", "backup", "keys",
            "users", "restore"},
    "minh": {"view", "view_full_id", "edit", "import", "export", "print", "backup"},
    "xem": {"view"},
}  # fmt: skip
REFUSAL = {
    "edit": "sửa dữ liệu",
    "import": "nhập dữ liệu",
    "export": "xuất dữ liệu",
    "print": "in danh sách, báo cáo",
    "backup": "sao lưu dữ liệu",
    "keys": "thao tác với khóa ký, khóa mã hóa",
    "users": "quản lý tài khoản",
    "restore": "khôi phục dữ liệu từ bản sao lưu",
}
FIRST_ID = "083190000000"  # Nguyễn Văn Đức in the small district
NEW_MEMBER = (
    "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Ngày vào công đoàn,Công đoàn cơ sở\n"
    "Lâm Thị Mới,Nữ,05/04/1990,083190123456,12/03/2015,CĐCS Trường THCS Thạnh Phong\n"
)


@pytest.fixture(scope="module")
def office_template(
    small_district_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    """The small district with one account per role, and a backup of it taken before."""
    folder = tmp_path_factory.mktemp("roles")
    path = folder / "office.sqlite"
    path.write_bytes(small_district_template.read_bytes())
    with Store(path) as store:  # closed before the file is copied
        for name, role in ROLE_OF.items():
            accounts.create_account(store, name, PASSWORDS[name], role)
    with contextlib.closing(sqlite3.connect(path)) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    from desktop.services.backup import backup

    kept = folder / "sao-luu.sqlite"
    backup(path, kept)
    return path, kept


@dataclass
class Office:
    db: Path
    kept: Path
    folder: Path


@pytest.fixture
def office(office_template: tuple[Path, Path], tmp_path: Path) -> Office:
    template, kept = office_template
    db = tmp_path / "office.sqlite"
    db.write_bytes(template.read_bytes())
    with contextlib.closing(sqlite3.connect(db)) as con, con:
        con.execute("UPDATE office SET signer_name = 'Trước khôi phục'")
    out = tmp_path / "ra"
    out.mkdir()
    return Office(db, kept, out)


def _query(db: Path, sql: str) -> list[tuple[object, ...]]:
    with contextlib.closing(sqlite3.connect(db)) as con:
        return con.execute(sql).fetchall()


def _dump(db: Path) -> str:
    with contextlib.closing(sqlite3.connect(db)) as con:
        return "\n".join(con.iterdump())


def _run(
    user: str, office: Office, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    *argv: str,
) -> tuple[int, str, str]:  # fmt: skip
    monkeypatch.setenv("UNIONDESK_PASSWORD", PASSWORDS[user])
    monkeypatch.setenv("UNIONDESK_NEW_PASSWORD", "nguoi-moi-2025")
    capsys.readouterr()
    code = main([*argv, "--db", str(office.db), "--user", user])
    seen = capsys.readouterr()
    return code, seen.out, seen.err


def _print_in_a_process(user: str, office: Office) -> tuple[int, str, str]:
    """Printing loads Qt's printer: in its own process, as an office's script runs it."""
    env = {**os.environ, "UNIONDESK_PASSWORD": PASSWORDS[user], "QT_QPA_PLATFORM": "offscreen"}
    printed = office.folder / "in.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "report", "union-list", "--period", "2024-06",
         "--print", "--printer", f"pdf:{printed}", "--db", str(office.db), "--user", user],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    return done.returncode, done.stdout, done.stderr


def _did(action: str, user: str, office: Office, mp: pytest.MonkeyPatch, cap: Any) -> bool:
    """Run the command that does `action` as `user`; True when it was done (and shows it),
    False when it was refused (exit 1, the Vietnamese refusal, nothing changed or written)."""
    before = _dump(office.db)

    def run(*argv: str) -> tuple[int, str, str]:
        return _run(user, office, mp, cap, *argv)

    if action == "view":
        code, out, err = run("office", "show")
        assert (code, err) == (0, "") and "Mã đơn vị: LDLD-THU (district)" in out
        return True
    if action == "view_full_id":
        code, out, err = run("members", "search", "Nguyễn Văn Đức")
        assert (code, err) == (0, "")
        if out == f"Nguyễn Văn Đức\t01/01/1990\tCĐCS Trường THCS Thạnh Phong\t{FIRST_ID}\n":
            return True
        assert out == "Nguyễn Văn Đức\t01/01/1990\tCĐCS Trường THCS Thạnh Phong\t083•••••••00\n"
        return False
    if action == "print":
        code, out, err = _print_in_a_process(user, office)
    else:
        argv = {
            "edit": ("office", "set", "--signer-name", "Người Mới"),
            "import": ("import", "members", str(office.folder.parent / "moi.csv")),
            "export": ("report", "member-list", "--period", "2024-06", "--format", "xlsx",
                       "--out", str(office.folder / "danh-sach.xlsx")),
            "backup": ("backup", "--out", str(office.folder / "ban-sao.sqlite")),
            "keys": ("keys", "create"),
            "users": ("users", "add", "nga", "--role", "viewer"),
            "restore": ("restore", str(office.kept)),
        }[action]  # fmt: skip
        (office.folder.parent / "moi.csv").write_text(NEW_MEMBER, encoding="utf-8")
        code, out, err = run(*argv)
    if code != 0:
        assert (code, out) == (1, "")
        assert err.strip() == f"Tài khoản {user} ({LABEL[user]}) không được {REFUSAL[action]}."
        assert _dump(office.db) == before
        assert list(office.folder.iterdir()) == []
        return False
    assert err in (
        "",
        "Lưu ý: tệp chứa dữ liệu cá nhân của đoàn viên; chỉ chuyển đi khi đã mã hóa.\n",
    )
    db = office.db
    done = {
        "edit": lambda: _query(db, "SELECT signer_name FROM office") == [("Người Mới",)],
        "import": lambda: (
            _query(db, "SELECT COUNT(*) FROM member WHERE full_name = 'Lâm Thị Mới'") == [(1,)]
        ),
        "export": lambda: (office.folder / "danh-sach.xlsx").stat().st_size > 0,
        "print": lambda: (office.folder / "in.pdf").read_bytes().startswith(b"%PDF"),
        "backup": lambda: (office.folder / "ban-sao.sqlite").stat().st_size > 0,
        "keys": lambda: _query(db, "SELECT own, active FROM unit_key") == [(1, 1)],
        "users": lambda: _query(db, "SELECT role FROM account WHERE name = 'nga'") == [("viewer",)],
        "restore": lambda: _query(db, "SELECT signer_name FROM office") == [("Nguyễn Văn Hùng",)],
    }[action]
    assert done(), f"{action} by {user} said it was done: {out}"
    return True


ACTIONS = ("view", "view_full_id", "edit", "import", "export", "print", "backup", "keys", "users",
           "restore")  # fmt: skip


@pytest.mark.parametrize("user", list(ROLE_OF))
@pytest.mark.parametrize("action", ACTIONS)
def test_role_matrix_through_the_command_line(
    user: str,
    action: str,
    office: Office,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _did(action, user, office, monkeypatch, capsys) == (action in MAY[user])


def test_the_program_table_is_the_matrix_above() -> None:
    for name, role in ROLE_OF.items():
        user = accounts.SignedIn(name, "", role)
        assert {a.value for a in Action if allowed(user, a)} == MAY[name]
    assert all(allowed(None, a) for a in Action)  # a database without accounts: as before
