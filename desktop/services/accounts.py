"""Who may open this office's database: accounts, passwords, sign-in and the signed-in account.

A database without accounts works as before (whoever runs the program has every right); the
first account created is its administrator, and from then on the window and every command that
reads or changes the data need a name and a password. Passwords are kept only as Argon2id hashes
(OWASP's minimum: m = 19 MiB, t = 2, p = 1). A wrong password and an unknown name give the same
message, take the same hashing time and earn the same growing wait, so trying names tells an
intruder nothing about which accounts exist. Changes of accounts reach the audit trail as every
ORM change does (desktop.models.audit_hook: the hash never, only that it changed).
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.errors import UserError

if TYPE_CHECKING:
    from argon2 import PasswordHasher
    from sqlalchemy.orm import Session

    from desktop.models.safety import Account
    from desktop.store import Store

ADMIN, STAFF, VIEWER = "admin", "staff", "viewer"
ROLE_LABELS: dict[str, str] = {ADMIN: "Quản trị", STAFF: "Cán bộ", VIEWER: "Chỉ xem"}

# OWASP Password Storage Cheat Sheet, Argon2id minimum: 19 MiB of memory, 2 passes, 1 lane.
MEMORY_KIB = 19456
TIME_COST = 2
PARALLELISM = 1

MIN_PASSWORD = 8
# Argon2 takes any length; a cap keeps a pasted novel from hashing for long.
MAX_PASSWORD = 1024
MAX_FULL_NAME = 120
NAME_RULE = re.compile(r"[a-z][a-z0-9._-]{2,31}")

# Failures 1–3 cost nothing (typos); from the third on, each doubles the wait, up to 5 minutes.
FREE_FAILURES = 3
MAX_WAIT_SECONDS = 300

WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."
WAIT = "Đã nhập sai nhiều lần: hãy chờ {seconds} giây rồi thử lại."
WRONG_PASSWORD = "Mật khẩu không đúng."
BAD_NAME = (
    "Tên đăng nhập «{name}» không dùng được: cần 3–32 ký tự, bắt đầu bằng chữ cái không dấu, "
    "chỉ gồm chữ cái không dấu, chữ số, dấu chấm, gạch dưới hoặc gạch ngang (ví dụ «lan.nguyen»)."
)
SHORT_PASSWORD = "Mật khẩu phải có ít nhất {count} ký tự."
LONG_PASSWORD = "Mật khẩu dài quá: tối đa {count} ký tự."
PASSWORD_IS_NAME = "Mật khẩu không được trùng với tên đăng nhập."
BAD_FULL_NAME = "Họ và tên có ký tự điều khiển hoặc ký tự ẩn ở vị trí thứ {position}; hãy gõ lại."
LONG_FULL_NAME = "Họ và tên dài quá: tối đa {count} ký tự."
UNKNOWN_ROLE = "Vai trò «{role}» không có; chọn một trong: {choices}."
NAME_TAKEN = "Tên đăng nhập «{name}» đã có; hãy chọn tên khác."
FIRST_MUST_BE_ADMIN = (
    "Tài khoản đầu tiên phải là quản trị (admin): chỉ quản trị mới thêm được tài khoản khác."
)
NO_SUCH_ACCOUNT = "Không có tài khoản «{name}»."
LAST_ADMIN = (
    "Không thể {what} «{name}»: đây là tài khoản quản trị cuối cùng còn dùng được. "
    "Hãy cho một tài khoản khác vai trò quản trị trước."
)

_FAILURES_KEY = "login_failures."


class SignInRefused(UserError):
    """A refused sign-in; `wait_seconds` > 0 when the next try is refused until that many
    seconds have passed (a login dialog can count down instead of letting the user retry)."""

    def __init__(self, message: str, wait_seconds: int = 0) -> None:
        super().__init__(message)
        self.wait_seconds = wait_seconds


@dataclass(frozen=True)
class SignedIn:
    """The account this process acts for."""

    name: str
    full_name: str
    role: str

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


@dataclass(frozen=True)
class AccountInfo:
    """One account as the user list shows it (never its hash)."""

    name: str
    full_name: str
    role: str
    active: bool
    created_at: datetime
    failed_logins: int

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


# --- the process-wide signed-in account --------------------------------------------------------

_current: SignedIn | None = None


def sign_in_as(user: SignedIn | None) -> None:
    """Make `user` the account this process acts for (None: the database has no accounts, or
    the window locked); the audit trail names it from now on."""
    from desktop.services.audit import set_actor

    global _current
    _current = user
    set_actor(user.name if user is not None else None)
    if user is not None:
        _guard_writes()


# What any signed-in account writes as a side effect of using the program: its own password and
# sign-in counters, the audit entries of what it viewed, automatic backup times, and the year's
# programme the program loads from its own files the first time a year is shown.
_BOOKKEEPING = frozenset(
    {"account", "setting", "audit_event", "issued_report", "programme", "task_area", "target"}
)


@cache
def _guard_writes() -> None:
    """From the first sign-in on, every ORM write of a record asks the role (once per process):
    a form or a script that reached a service without its own check still cannot change data."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    event.listen(Session, "before_flush", _refuse_unpermitted_flush)


def _refuse_unpermitted_flush(session: Any, _context: Any, _instances: Any) -> None:
    from itertools import chain

    from desktop.services.roles import Action, require

    user = current_user()
    if user is None:
        return
    for row in chain(session.new, session.dirty, session.deleted):
        if getattr(row, "__tablename__", "") not in _BOOKKEEPING:
            require(user, Action.EDIT)
            return


def _permit_users() -> None:
    """Accounts are managed by an administrator (or, before any exists, by `init`)."""
    from desktop.services.roles import Action, require

    require(current_user(), Action.USERS)


def current_user() -> SignedIn | None:
    """The signed-in account; None means the database has no accounts, so every right is held."""
    return _current


# --- rules ----------------------------------------------------------------------------------


def normal_name(name: str) -> str:
    """The form a login name is stored and looked up in: `Lan.Nguyen ` is `lan.nguyen`."""
    return unicodedata.normalize("NFC", name).strip().lower()


def account_problems(name: str, password: str, role: str, full_name: str = "") -> list[str]:
    """What is wrong with a new account, in Vietnamese; empty when it can be created. Lets
    `init --admin-user` check everything before the office is created."""
    return [*name_problems(name, role, full_name), *password_problems(password, name)]


def name_problems(name: str, role: str, full_name: str = "") -> list[str]:
    """What is wrong with a new account's name, role and full name (asked before its password)."""
    problems: list[str] = []
    if not NAME_RULE.fullmatch(normal_name(name)):
        problems.append(BAD_NAME.format(name=name.strip()))
    if role not in ROLE_LABELS:
        problems.append(UNKNOWN_ROLE.format(role=role, choices=_role_choices()))
    hidden = [i for i, ch in enumerate(full_name, 1) if unicodedata.category(ch) in ("Cc", "Cf")]
    if hidden:
        problems.append(BAD_FULL_NAME.format(position=hidden[0]))
    elif len(_clean(full_name)) > MAX_FULL_NAME:
        problems.append(LONG_FULL_NAME.format(count=MAX_FULL_NAME))
    return problems


def password_problems(password: str, name: str = "") -> list[str]:
    if len(password) < MIN_PASSWORD:
        return [SHORT_PASSWORD.format(count=MIN_PASSWORD)]
    if len(password) > MAX_PASSWORD:
        return [LONG_PASSWORD.format(count=MAX_PASSWORD)]
    if name and password.strip().lower() == normal_name(name):
        return [PASSWORD_IS_NAME]
    return []


def wait_after(failed_logins: int) -> int:
    """Seconds the next sign-in must wait after this many failures in a row: 0, 0, 0, then
    2, 4, 8, 16 … up to 300."""
    if failed_logins < FREE_FAILURES:
        return 0
    doublings = min(failed_logins - FREE_FAILURES + 1, 16)  # no giant number after years
    return min(MAX_WAIT_SECONDS, 1 << doublings)


# --- services ---------------------------------------------------------------------------------


def has_accounts(db: Store | Path | str) -> bool:
    """Whether the database has any account (then a login is needed). Called at every start-up
    and before every command, before anything is opened: so, alone of the account services, it
    also takes the file (a cheap read-only look, never opened as a store) or the URL (asked
    through a store opened without upgrading) rather than only the caller's store."""
    if isinstance(db, Path | str):  # before anything imports SQLAlchemy
        from desktop.store.probe import has_rows

        return has_rows(db, "account")
    from sqlalchemy import text

    from desktop.store.dialect import table_exists

    with db.reading() as con:
        if not table_exists(con, "account"):
            return False
        return con.execute(text("SELECT 1 FROM account LIMIT 1")).first() is not None


def create_account(store: Store, name: str, password: str, role: str, full_name: str = "") -> None:
    """Add an account. The first account of a database must be an administrator."""
    _permit_users()
    from desktop.models import Account

    problems = account_problems(name, password, role, full_name)
    if problems:
        raise UserError(" ".join(problems))
    key = normal_name(name)
    hashed = _hasher().hash(password)
    with store.session() as session:
        if session.get(Account, key) is not None:
            raise UserError(NAME_TAKEN.format(name=key))
        if role != ADMIN and session.query(Account).first() is None:
            raise UserError(FIRST_MUST_BE_ADMIN)
        session.add(
            Account(
                name=key,
                full_name=_clean(full_name),
                role=role,
                password_hash=hashed,
                failed_logins=0,
                created_at=_utcnow(),
            )
        )


def _claim_write_lock(session: Any) -> None:
    """Take the database's write lock before the failures are read: tries made at once (a
    script guessing in parallel) then count one after another, so the wait still grows."""
    from sqlalchemy import text

    session.execute(text("UPDATE account SET failed_logins = failed_logins WHERE 0 = 1"))


def sign_in(store: Store, name: str, password: str, *, now: datetime | None = None) -> SignedIn:
    """The account whose name and password these are, or SignInRefused with one message for an
    unknown name, a wrong password and a disabled account alike. After three failures in a row
    each try must wait longer (2, 4, 8 … s, at most 5 min) after the last failure; a try made
    sooner is refused without looking at the password. Success clears the count, and a hash
    made with older parameters is made again with today's."""
    from desktop.models import Account

    key = normal_name(name)
    with store.session() as session:
        _claim_write_lock(session)
        now = _naive_utc(now)  # read under the lock: a try that waited for it is not "earlier"
        row = session.get(Account, key) if NAME_RULE.fullmatch(key) else None
        failed, last = _failures(session, row, key)
        wait = _seconds_left(failed, last, now)
        if wait > 0:
            outcome: SignedIn | SignInRefused = SignInRefused(WAIT.format(seconds=wait), wait)
        else:
            # An unknown name is checked against a stand-in hash: the same time as a real one.
            stored = row.password_hash if row is not None else _stand_in_hash()
            good = _verify(stored, password) and row is not None and row.disabled_at is None
            if good and row is not None:
                row.failed_logins = 0
                row.last_failed_at = None
                if _hasher().check_needs_rehash(row.password_hash):
                    row.password_hash = _hasher().hash(password)
                outcome = SignedIn(row.name, row.full_name, row.role)
            else:
                failed += 1
                _store_failure(session, row, key, failed, now)
                outcome = _refusal(failed)
    if isinstance(outcome, SignInRefused):
        raise outcome
    return outcome


def confirm_password(store: Store, user: SignedIn, password: str) -> None:
    """The signed-in account's password asked again before an export or a key operation.
    Failures count towards the same wait as at sign-in, so guessing here is no faster."""
    from desktop.models import Account

    with store.session() as session:
        _claim_write_lock(session)
        now = _utcnow()
        row = session.get(Account, user.name)
        if row is None or row.disabled_at is not None:
            refusal: SignInRefused | None = SignInRefused(WRONG_PASSWORD)
        else:
            wait = _seconds_left(row.failed_logins, row.last_failed_at, now)
            if wait > 0:
                refusal = SignInRefused(WAIT.format(seconds=wait), wait)
            elif _verify(row.password_hash, password):
                row.failed_logins, row.last_failed_at = 0, None
                refusal = None
            else:
                failed = row.failed_logins + 1
                _store_failure(session, row, user.name, failed, now)
                wait = wait_after(failed)
                message = WRONG_PASSWORD + (f" {WAIT.format(seconds=wait)}" if wait else "")
                refusal = SignInRefused(message, wait)
    if refusal is not None:
        raise refusal


def change_password(store: Store, name: str, new_password: str) -> None:
    """Give an account a new password (its own owner, or an administrator resetting it) and
    clear its failures. Anyone signed in may change their own; another's needs the users right."""

    key = normal_name(name)
    user = current_user()
    if user is not None and user.name != key:
        _permit_users()
    problems = password_problems(new_password, key)
    if problems:
        raise UserError(" ".join(problems))
    hashed = _hasher().hash(new_password)
    with store.session() as session:
        row = _account(session, key)
        row.password_hash = hashed
        row.failed_logins, row.last_failed_at = 0, None


def set_role(store: Store, name: str, role: str) -> None:
    """Change an account's role; the last active administrator keeps hers."""
    _permit_users()

    if role not in ROLE_LABELS:
        raise UserError(UNKNOWN_ROLE.format(role=role, choices=_role_choices()))
    key = normal_name(name)
    with store.session() as session:
        row = _account(session, key)
        if row.role == role:
            return
        if row.role == ADMIN and row.disabled_at is None and _active_admins(session) <= 1:
            raise UserError(LAST_ADMIN.format(what="bỏ quyền quản trị của", name=key))
        row.role = role


def disable_account(store: Store, name: str) -> None:
    """Stop an account from signing in (kept, so the audit trail's names stay explained)."""
    _permit_users()

    key = normal_name(name)
    with store.session() as session:
        row = _account(session, key)
        if row.disabled_at is not None:
            return
        if row.role == ADMIN and _active_admins(session) <= 1:
            raise UserError(LAST_ADMIN.format(what="khóa", name=key))
        row.disabled_at = _utcnow()


def enable_account(store: Store, name: str) -> None:
    """Let a disabled account sign in again, with its failures cleared."""
    _permit_users()

    key = normal_name(name)
    with store.session() as session:
        row = _account(session, key)
        if row.disabled_at is None:
            return
        row.disabled_at = None
        row.failed_logins, row.last_failed_at = 0, None


def list_accounts(store: Store) -> list[AccountInfo]:
    """Every account, administrators first, then by name."""
    from sqlalchemy import select

    from desktop.models import Account

    order = {ADMIN: 0, STAFF: 1, VIEWER: 2}
    with store.session() as session:
        rows = session.scalars(select(Account)).all()
        found = [
            AccountInfo(
                name=r.name,
                full_name=r.full_name,
                role=r.role,
                active=r.disabled_at is None,
                created_at=r.created_at,
                failed_logins=r.failed_logins,
            )
            for r in rows
        ]
    return sorted(found, key=lambda a: (order.get(a.role, 9), a.name))


# --- inside -----------------------------------------------------------------------------------


@cache
def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher, Type

    return PasswordHasher(
        time_cost=TIME_COST, memory_cost=MEMORY_KIB, parallelism=PARALLELISM, type=Type.ID
    )


@cache
def _stand_in_hash() -> str:
    return _hasher().hash("no account has this password")


def _verify(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


def _failures(session: Session, row: Account | None, key: str) -> tuple[int, datetime | None]:
    """(failures in a row, when the last one was) for an account, or for a name nobody has."""
    from sqlalchemy import text

    if row is not None:
        return row.failed_logins, row.last_failed_at
    kept = session.execute(
        text("SELECT value FROM setting WHERE key = :key"), {"key": _unknown_key(key)}
    ).scalar()
    count, _, when = str(kept or "").partition(";")
    try:
        return int(count), datetime.fromisoformat(when)
    except ValueError:
        return 0, None


def _store_failure(
    session: Session, row: Account | None, key: str, failed: int, now: datetime
) -> None:
    from sqlalchemy import text

    if row is not None:
        row.failed_logins, row.last_failed_at = failed, now
        return
    # Plain SQL, outside the ORM: a counter is no change of a record for the audit trail, and a
    # known account's counter leaves none there either.
    session.execute(
        text(
            "INSERT INTO setting (key, value, updated_at) VALUES (:key, :value, :now) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"
        ),
        {
            "key": _unknown_key(key),
            "value": f"{failed};{now.isoformat()}",
            "now": now.isoformat(sep=" "),
        },
    )


def _unknown_key(key: str) -> str:
    # A digest, never the typed name: people type their password into the name field.
    return _FAILURES_KEY + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _seconds_left(failed: int, last: datetime | None, now: datetime) -> int:
    if last is None:
        return 0
    left = (last + timedelta(seconds=wait_after(failed)) - now).total_seconds()
    return math.ceil(left) if left > 0 else 0


def _refusal(failed: int) -> SignInRefused:
    wait = wait_after(failed)
    return SignInRefused(WRONG + (f" {WAIT.format(seconds=wait)}" if wait else ""), wait)


def _account(session: Session, key: str) -> Account:
    from desktop.models import Account

    row = session.get(Account, key)
    if row is None:
        raise UserError(NO_SUCH_ACCOUNT.format(name=key))
    return row


def _active_admins(session: Session) -> int:
    from sqlalchemy import func, select

    from desktop.models import Account

    return int(
        session.scalar(
            select(func.count())
            .select_from(Account)
            .where(Account.role == ADMIN, Account.disabled_at.is_(None))
        )
        or 0
    )


def _role_choices() -> str:
    return ", ".join(f"{code} ({label})" for code, label in ROLE_LABELS.items())


def _clean(text: str) -> str:
    from desktop.text import clean

    return clean(text)


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _naive_utc(moment: datetime | None) -> datetime:
    if moment is None:
        return _utcnow()
    if moment.tzinfo is not None:
        return moment.astimezone(UTC).replace(tzinfo=None)
    return moment
