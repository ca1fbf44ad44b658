"""Accounts: Argon2id hashes at OWASP's parameters, one message for every failed sign-in, a wait
that grows after failures (for names nobody has too), and an administrator always left."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import argon2
import pytest

from desktop.errors import UserError
from desktop.services import accounts
from desktop.services.accounts import SignedIn, SignInRefused
from desktop.services.audit import current_actor
from desktop.store import shared

WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."
T0 = datetime(2025, 3, 1, 8, 0, 0)


@pytest.fixture(scope="module")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from desktop.store.schema import ensure_schema

    path = tmp_path_factory.mktemp("accounts") / "empty.sqlite"
    ensure_schema(path)
    return path


@pytest.fixture
def db(empty_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "office.sqlite"
    path.write_bytes(empty_template.read_bytes())
    return path


@pytest.fixture
def office(db: Path) -> Path:
    """An office with its administrator «lan» and a staff account «minh»."""
    accounts.create_account(shared(db), "lan", "quan-tri-2025", "admin", "Nguyễn Thị Lan")
    accounts.create_account(shared(db), "minh", "can-bo-2025", "staff", "Trần Văn Minh")
    return db


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with contextlib.closing(sqlite3.connect(db)) as con:
        return con.execute(sql).fetchall()


def _refusal(db: Path, name: str, password: str, now: datetime) -> tuple[str, int]:
    with pytest.raises(SignInRefused) as refused:
        accounts.sign_in(shared(db), name, password, now=now)
    return refused.value.message, refused.value.wait_seconds


def test_the_stored_hash_is_argon2id_at_19_mib_2_passes_1_lane(office: Path) -> None:
    (stored,) = _rows(office, "SELECT password_hash FROM account WHERE name = 'lan'")[0]
    params = argon2.extract_parameters(str(stored))
    assert (params.type, params.memory_cost, params.time_cost, params.parallelism) == (
        argon2.Type.ID,
        19456,
        2,
        1,
    )
    assert str(stored).startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert b"quan-tri-2025" not in office.read_bytes()


def test_sign_in_gives_the_account_and_a_hash_of_older_parameters_is_made_again(
    office: Path,
) -> None:
    weak = argon2.PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
    with contextlib.closing(sqlite3.connect(office)) as con, con:
        con.execute(
            "UPDATE account SET password_hash = ? WHERE name = 'minh'", (weak.hash("can-bo-2025"),)
        )
    user = accounts.sign_in(shared(office), " Minh ", "can-bo-2025", now=T0)
    assert user == SignedIn(name="minh", full_name="Trần Văn Minh", role="staff")
    assert user.role_label == "Cán bộ"
    (stored,) = _rows(office, "SELECT password_hash FROM account WHERE name = 'minh'")[0]
    assert str(stored).startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert accounts.sign_in(shared(office), "minh", "can-bo-2025", now=T0).name == "minh"


def test_unknown_name_wrong_password_and_disabled_account_get_one_message(office: Path) -> None:
    accounts.disable_account(shared(office), "minh")
    assert _refusal(office, "lan", "sai-mat-khau", T0) == (WRONG, 0)
    assert _refusal(office, "khong-co-ai", "quan-tri-2025", T0) == (WRONG, 0)
    assert _refusal(office, "minh", "can-bo-2025", T0) == (WRONG, 0)  # the right password
    assert _refusal(office, "Tên có dấu cách", "x", T0) == (WRONG, 0)


def test_the_wait_grows_after_three_failures_and_a_success_clears_it(office: Path) -> None:
    assert [accounts.wait_after(n) for n in range(12)] == [
        0,
        0,
        0,
        2,
        4,
        8,
        16,
        32,
        64,
        128,
        256,
        300,
    ]
    assert _refusal(office, "lan", "sai-1", T0) == (WRONG, 0)
    assert _refusal(office, "lan", "sai-2", T0) == (WRONG, 0)
    third = _refusal(office, "lan", "sai-3", T0)
    assert third == (f"{WRONG} Đã nhập sai nhiều lần: hãy chờ 2 giây rồi thử lại.", 2)
    # Too soon: refused even with the right password, which is not even looked at.
    assert _refusal(office, "lan", "quan-tri-2025", T0 + timedelta(seconds=1)) == (
        "Đã nhập sai nhiều lần: hãy chờ 1 giây rồi thử lại.",
        1,
    )
    assert _rows(office, "SELECT failed_logins FROM account WHERE name = 'lan'") == [(3,)]
    moment, waits = T0 + timedelta(seconds=2), []
    for _ in range(4):
        message, wait = _refusal(office, "lan", "sai", moment)
        waits.append(wait)
        assert message == f"{WRONG} Đã nhập sai nhiều lần: hãy chờ {wait} giây rồi thử lại."
        moment += timedelta(seconds=wait)
    assert waits == [4, 8, 16, 32]
    assert accounts.sign_in(shared(office), "lan", "quan-tri-2025", now=moment).role == "admin"
    assert _rows(
        office, "SELECT failed_logins, last_failed_at FROM account WHERE name = 'lan'"
    ) == [(0, None)]
    assert _refusal(office, "lan", "sai", moment) == (WRONG, 0)


def test_a_name_nobody_has_earns_the_same_waits_and_is_never_stored(office: Path) -> None:
    def schedule(name: str) -> list[tuple[str, int]]:
        seen, moment = [], T0
        for _ in range(6):
            seen.append(_refusal(office, name, "doan-mo-123", moment))
            seen.append(_refusal(office, name, "doan-mo-123", moment + timedelta(seconds=1)))
            moment += timedelta(seconds=seen[-2][1])
        return seen

    assert schedule("khach.la") == schedule("minh")
    stored = _rows(office, "SELECT key, value FROM setting WHERE key LIKE 'login_failures.%'")
    assert len(stored) == 1
    assert "khach" not in repr(_rows(office, "SELECT * FROM setting"))
    assert _rows(office, "SELECT name FROM account ORDER BY name") == [("lan",), ("minh",)]


def test_confirm_password_before_an_export(office: Path) -> None:
    user = accounts.sign_in(shared(office), "minh", "can-bo-2025", now=T0)
    accounts.confirm_password(shared(office), user, "can-bo-2025")
    with pytest.raises(UserError) as wrong:
        accounts.confirm_password(shared(office), user, "quan-tri-2025")
    assert wrong.value.message == "Mật khẩu không đúng."
    assert _rows(office, "SELECT failed_logins FROM account WHERE name = 'minh'") == [(1,)]


def test_new_accounts_are_checked_in_vietnamese(db: Path) -> None:
    cases = [
        (("lan", "quan-tri-2025", "staff"), accounts.FIRST_MUST_BE_ADMIN),
        (
            ("Lan Nguyễn", "quan-tri-2025", "admin"),
            "Tên đăng nhập «Lan Nguyễn» không dùng được: cần 3–32 ký tự, bắt đầu bằng chữ cái "
            "không dấu, chỉ gồm chữ cái không dấu, chữ số, dấu chấm, gạch dưới hoặc gạch ngang "
            "(ví dụ «lan.nguyen»).",
        ),
        (("lan", "ngan", "admin"), "Mật khẩu phải có ít nhất 8 ký tự."),
        (("lan.nguyen", "Lan.Nguyen", "admin"), "Mật khẩu không được trùng với tên đăng nhập."),
        (
            ("lan", "quan-tri-2025", "boss"),
            "Vai trò «boss» không có; chọn một trong: admin (Quản trị), staff (Cán bộ), "
            "viewer (Chỉ xem).",
        ),
    ]
    for (name, password, role), message in cases:
        with pytest.raises(UserError) as refused:
            accounts.create_account(shared(db), name, password, role)
        assert refused.value.message == message
    with pytest.raises(UserError) as hidden:
        accounts.create_account(shared(db), "lan", "quan-tri-2025", "admin", "Nguyễn\u202eLan")
    assert hidden.value.message == (
        "Họ và tên có ký tự điều khiển hoặc ký tự ẩn ở vị trí thứ 7; hãy gõ lại."
    )
    assert not accounts.has_accounts(db)
    accounts.create_account(shared(db), "Lan", "quan-tri-2025", "admin")
    with pytest.raises(UserError) as taken:
        accounts.create_account(shared(db), "LAN", "khac-han-2025", "viewer")
    assert taken.value.message == "Tên đăng nhập «lan» đã có; hãy chọn tên khác."


def test_the_last_active_administrator_cannot_be_demoted_or_disabled(office: Path) -> None:
    last = (
        "Không thể {what} «lan»: đây là tài khoản quản trị cuối cùng còn dùng được. "
        "Hãy cho một tài khoản khác vai trò quản trị trước."
    )
    for change, what in (
        (lambda: accounts.set_role(shared(office), "lan", "viewer"), "bỏ quyền quản trị của"),
        (lambda: accounts.disable_account(shared(office), "lan"), "khóa"),
    ):
        with pytest.raises(UserError) as refused:
            change()
        assert refused.value.message == last.format(what=what)
    accounts.set_role(shared(office), "minh", "admin")
    accounts.disable_account(shared(office), "minh")  # a disabled administrator does not count
    with pytest.raises(UserError):
        accounts.set_role(shared(office), "lan", "staff")
    accounts.enable_account(shared(office), "minh")
    accounts.set_role(shared(office), "lan", "staff")
    listed = [(a.name, a.role_label, a.active) for a in accounts.list_accounts(shared(office))]
    assert listed == [("minh", "Quản trị", True), ("lan", "Cán bộ", True)]


def test_a_new_password_replaces_the_old_one(office: Path) -> None:
    accounts.change_password(shared(office), "minh", "mat-khau-moi-9")
    assert _refusal(office, "minh", "can-bo-2025", T0) == (WRONG, 0)
    assert accounts.sign_in(shared(office), "minh", "mat-khau-moi-9", now=T0).name == "minh"
    with pytest.raises(UserError) as unknown:
        accounts.change_password(shared(office), "ai-do", "mat-khau-moi-9")
    assert unknown.value.message == "Không có tài khoản «ai-do»."


def test_has_accounts(db: Path, tmp_path: Path) -> None:
    assert not accounts.has_accounts(tmp_path / "none.sqlite")
    text = tmp_path / "note.sqlite"
    text.write_text("không phải cơ sở dữ liệu\n" * 100, encoding="utf-8")
    assert not accounts.has_accounts(text)
    assert not accounts.has_accounts(db)
    accounts.create_account(shared(db), "lan", "quan-tri-2025", "admin")
    assert accounts.has_accounts(db)


def test_the_signed_in_account_names_the_audit_entries(office: Path) -> None:
    before = current_actor()
    user = accounts.sign_in(shared(office), "lan", "quan-tri-2025", now=T0)
    try:
        accounts.sign_in_as(user)
        assert (accounts.current_user(), current_actor()) == (user, "lan")
        accounts.create_account(shared(office), "nga", "chi-xem-2025", "viewer", "Phan Thị Nga")
        accounts.disable_account(shared(office), "nga")
    finally:
        accounts.sign_in_as(None)
    assert (accounts.current_user(), current_actor()) == (None, before)
    entries = _rows(
        office,
        "SELECT actor, action, changes FROM audit_event "
        "WHERE record_table = 'account' AND record_id = 'nga' ORDER BY id",
    )
    assert [(actor, action) for actor, action, _ in entries] == [("lan", "add"), ("lan", "edit")]
    assert '"role":[null,"viewer"]' in str(entries[0][2])
    assert "argon2" not in repr(_rows(office, "SELECT * FROM audit_event"))


def test_guesses_made_at_once_are_counted_one_after_another(tmp_path: Path) -> None:
    """Twelve wrong passwords tried in parallel: each is counted, so the wait begins after the
    third as it does for tries made one by one."""
    from concurrent.futures import ThreadPoolExecutor

    from desktop.services.accounts import WRONG, SignInRefused, create_account, sign_in
    from desktop.store.schema import ensure_schema

    db = tmp_path / "office.sqlite"
    ensure_schema(db)
    create_account(shared(db), "quantri", "mat-khau-dung", "admin")

    def guess(n: int) -> str:
        try:
            sign_in(shared(db), "quantri", f"doan-sai-{n}")
        except SignInRefused as refused:
            return refused.message
        return "vào được"

    with ThreadPoolExecutor(max_workers=12) as pool:
        said = list(pool.map(guess, range(12)))
    checked = [m for m in said if m.startswith(WRONG)]  # the third also says how long to wait
    assert len(checked) == 3 and "vào được" not in said
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT failed_logins FROM account").fetchone() == (3,)
    con.close()
