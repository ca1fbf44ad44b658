"""Who may run which command: one table from each command to what it does (desktop.services.roles),
applied once where commands are dispatched (desktop.app), so no command can forget it.

A database without accounts is used as before. Once it has accounts, every command on it needs
`--user NAME` and that account's password (UNIONDESK_PASSWORD, else asked on the terminal), and
the account's role must allow every action the command performs.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from desktop.errors import UserError
from desktop.services.roles import Action

PASSWORD_VARIABLE = "UNIONDESK_PASSWORD"
NEW_PASSWORD_VARIABLE = "UNIONDESK_NEW_PASSWORD"

NEEDS_USER = (
    "Cơ sở dữ liệu {db} có tài khoản: hãy ghi --user TÊN (mật khẩu lấy từ biến môi trường "
    f"{PASSWORD_VARIABLE}, hoặc được hỏi khi chạy trong cửa sổ dòng lệnh)."
)
NO_TERMINAL = (
    "Cần mật khẩu của tài khoản {name} nhưng không có bàn phím để hỏi (đầu vào không phải cửa sổ "
    "dòng lệnh): hãy đặt biến môi trường {variable}."
)
MISMATCH = "Hai lần nhập mật khẩu không khớp nhau; không có gì thay đổi."
PROMPT = "Mật khẩu của {name}: "
NEW_PROMPT = "Mật khẩu mới cho {name}: "
AGAIN_PROMPT = "Nhập lại mật khẩu mới: "

Rule = tuple[Action, ...] | Callable[[argparse.Namespace], tuple[Action, ...]]


def _report(args: argparse.Namespace) -> tuple[Action, ...]:
    """A report written to a file leaves the PC as data; one sent to a printer is a print."""
    wanted: tuple[Action, ...] = ()
    if getattr(args, "out", None) is not None:
        wanted += (Action.EXPORT,)
    if getattr(args, "print", False):
        wanted += (Action.PRINT,)
    return wanted or (Action.EXPORT,)


def _idle_lock(args: argparse.Namespace) -> tuple[Action, ...]:
    """Anyone signed in may read the setting; setting it is the administrator's."""
    return (Action.VIEW,) if args.minutes is None else (Action.USERS,)


def _password(args: argparse.Namespace) -> tuple[Action, ...]:
    """Anyone may change their own password; someone else's is an administrator's work."""
    from desktop.services.accounts import current_user, normal_name

    user = current_user()
    if user is not None and normal_name(getattr(args, "name", "")) == user.name:
        return (Action.VIEW,)
    return (Action.USERS,)


# Every command, by its words on the command line, and what it does to the data.
COMMAND_ACTIONS: dict[str, Rule] = {
    "demo": (Action.RESTORE,),  # only over a file that has accounts: it replaces the data
    "init": (Action.USERS,),
    "check": (Action.VIEW_FULL_ID,),  # its findings name members by citizen ID, as in the window
    "backup": (Action.BACKUP,),
    "restore": (Action.RESTORE,),
    "report": _report,
    "progress": (Action.VIEW,),
    "audit": (Action.VIEW,),  # entries mask citizen IDs
    "keys create": (Action.KEYS,),
    "keys export": (Action.EXPORT,),
    "keys trust": (Action.KEYS,),
    "keys show": (Action.VIEW,),
    "keys backup": (Action.KEYS,),
    "keys restore": (Action.KEYS,),
    "keys rotate": (Action.KEYS,),
    "keys revoke": (Action.KEYS,),
    "bundle export": (Action.EXPORT,),
    "bundle verify": (Action.VIEW,),
    "bundle merge": (Action.IMPORT,),
    "bundle package": (Action.EXPORT,),
    "bundle list": (Action.VIEW,),
    "bundle resolve": (Action.EDIT,),
    "bundle accept-fork": (Action.IMPORT,),
    "bundle decide": (Action.EDIT,),  # the province's word on an office's month
    "members search": (Action.VIEW,),
    "import": (Action.IMPORT,),
    "office show": (Action.VIEW,),
    "office set": (Action.EDIT,),
    "office merge": (Action.IMPORT,),
    "office handover": (Action.EXPORT,),
    "programme new": (Action.EDIT,),
    "programme show": (Action.VIEW,),
    "programme template": (Action.VIEW,),
    "programme import": (Action.IMPORT,),
    "quotas set": (Action.EDIT,),
    "quotas import": (Action.IMPORT,),
    "quotas show": (Action.VIEW,),
    "users list": (Action.USERS,),
    "users add": (Action.USERS,),
    "users passwd": _password,
    "users role": (Action.USERS,),
    "users disable": (Action.USERS,),
    "users enable": (Action.USERS,),
    "users idle-lock": _idle_lock,
}
# A command missing from the table is an administrator's until someone says otherwise.
UNLISTED: tuple[Action, ...] = tuple(Action)


def command_words(args: argparse.Namespace) -> str:
    """`bundle export`, `import`: the command as typed (sub-command dests are `<command>_command`)."""
    command: str = args.command
    sub = getattr(args, f"{command}_command", None)
    return f"{command} {sub}" if sub else command


def actions_for(args: argparse.Namespace) -> tuple[Action, ...]:
    rule = COMMAND_ACTIONS.get(command_words(args), UNLISTED)
    return rule(args) if callable(rule) else rule


def database_of(args: argparse.Namespace) -> Path | str:
    """The database the command reads or changes: a file (`demo PATH` writes PATH) or a
    postgresql:// URL, kept as typed (a Path would fold its //)."""
    from desktop import paths
    from desktop.store.target import is_url

    if args.command == "demo":
        return Path(args.path)
    given = getattr(args, "db", None)
    if given is not None and is_url(given):
        return str(given)
    return Path(given or paths.default_db_path())


def sign_in_for_command(args: argparse.Namespace) -> None:
    """Sign the command's account in and check its role; nothing to do without accounts.
    Raises UserError (exit 1) before the command touches anything."""
    from desktop.services.accounts import has_accounts, sign_in, sign_in_as
    from desktop.services.roles import require

    sign_in_as(None)
    db = database_of(args)
    if not has_accounts(db):
        return
    name = getattr(args, "user", None)
    if not name:
        from desktop.store.target import parse_target

        raise UserError(NEEDS_USER.format(db=parse_target(db).label))  # never the password
    password = read_password(name)  # asked before the database is opened: no connection waits
    from desktop.store import Store

    with Store(db) as store:  # closed before the command opens its own (open_db)
        user = sign_in(store, name, password)
    sign_in_as(user)
    for action in actions_for(args):
        require(user, action)


def read_password(name: str, variable: str = PASSWORD_VARIABLE) -> str:
    """The account's password: from the environment (scripts), else typed without echo."""
    given = os.environ.get(variable)
    if given is not None:
        return given
    _need_terminal(name, variable)
    return getpass.getpass(PROMPT.format(name=name))


def read_new_password(name: str, variable: str = NEW_PASSWORD_VARIABLE) -> str:
    """A password being set: from the environment, else typed twice without echo."""
    given = os.environ.get(variable)
    if given is not None:
        return given
    _need_terminal(name, variable)
    first = getpass.getpass(NEW_PROMPT.format(name=name))
    if getpass.getpass(AGAIN_PROMPT) != first:
        raise UserError(MISMATCH)
    return first


def _need_terminal(name: str, variable: str) -> None:
    # getpass falls back to /dev/tty even when stdin is a pipe: a scheduled job would hang.
    if not sys.stdin or not sys.stdin.isatty():
        raise UserError(NO_TERMINAL.format(name=name, variable=variable))
