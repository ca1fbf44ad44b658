"""Composition root: parse the command line, then run one command or open the window.

Exit status: 0 done, 1 the input was refused (a UserError, its message on stderr), 2 usage.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path


def _utf8_console() -> None:
    # Windows consoles default to a legacy code page that cannot print Vietnamese.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def _private_files() -> int | None:
    # Everything this process creates (database, -wal/-shm, backups, reports, error workbooks,
    # the log, .partial files) is owner-only: the office PC is shared by several accounts.
    return os.umask(0o077) if os.name == "posix" else None


def _remove_leftovers(args: object) -> None:
    """What a kill or a power cut left half-written last time goes before anything is opened."""
    from desktop import paths
    from desktop.store.target import is_url

    try:
        paths.remove_leftovers(paths.data_dir())
        db: Path | str | None = getattr(args, "db", None)
        if db is not None and not is_url(db):  # a server keeps its own files
            paths.remove_leftovers(Path(db).parent, subfolders=False)
            paths.tighten_database(Path(db))
    except OSError:
        pass  # an unreachable folder is reported by the command that needs it


def main(argv: Sequence[str] | None = None) -> int:
    previous = _private_files()
    try:
        return _main(argv)
    finally:
        if previous is not None:  # the window and every command end here: a caller's own stays
            os.umask(previous)


def _main(argv: Sequence[str] | None) -> int:
    from desktop.cli.parser import parse_command_line
    from desktop.errors import UserError

    _utf8_console()
    args = parse_command_line(sys.argv[1:] if argv is None else list(argv))
    _remove_leftovers(args)
    try:
        if args.command is not None:
            from desktop.cli.access import sign_in_for_command
            from desktop.cli.common import finish_output
            from desktop.services.accounts import sign_in_as

            try:
                sign_in_for_command(args)
                return int(args.handler(args))
            finally:
                sign_in_as(None)  # a caller running several commands in one process
                finish_output()
        return _open_gui(args)
    except UserError as exc:
        from desktop.cli.common import say

        say(exc.message, error=True)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from desktop.storage_errors import storage_refusal

        told = storage_refusal(exc, getattr(args, "db", None))
        if told is None:
            raise
        from desktop.cli.common import say

        say(told, error=True)
        return 1


def _open_gui(args: object) -> int:
    from desktop import paths
    from desktop.ui.main import run_gui

    demo = bool(getattr(args, "demo", False))
    province = bool(getattr(args, "province", False))
    if province and not demo:
        print("--province chỉ dùng cùng với --demo (mở tỉnh mẫu).", file=sys.stderr)
        return 2
    db: Path | str | None = getattr(args, "db", None)  # a file, or a province's postgresql:// URL
    if db is None:
        if province:
            from desktop.demo.province import demo_province_path

            db = demo_province_path()
        else:
            db = paths.demo_db_path() if demo else paths.default_db_path()
    screenshot: Path | None = getattr(args, "screenshot", None)
    screen: str | None = getattr(args, "screen", None)
    size: tuple[int, int] | None = getattr(args, "size", None)
    if (screen or size) and not screenshot:
        option = "--screen" if screen else "--size"
        print(f"{option} chỉ dùng cùng với --screenshot.", file=sys.stderr)
        return 2
    from desktop.store.target import is_url

    missing_province = province and not is_url(db) and not Path(db).exists()
    if missing_province and not _make_demo_province(Path(db), interactive=screenshot is None):
        return 0  # cancelled: nothing was written, nothing to open

    there = is_url(db) or Path(db).exists()  # a server's database is asked, never looked for
    if screenshot is not None and getattr(args, "user", None) and there:
        # A picture of the data is a view of it: signed in as a command is, never by a dialog.
        from desktop.cli.access import read_password
        from desktop.services.accounts import has_accounts, sign_in, sign_in_as
        from desktop.store import shared

        if has_accounts(db):
            password = read_password(args.user)  # type: ignore[attr-defined]
            sign_in_as(sign_in(shared(db), args.user, password))  # type: ignore[attr-defined]
    return run_gui(db, screenshot=screenshot, screen=screen, demo=demo, size=size)


def _make_demo_province(path: Path, *, interactive: bool) -> bool:
    """Write the demo province at `path` (it takes a while: in a window, with progress and
    Cancel); False when the user cancelled."""
    if not interactive:
        from desktop.demo.province import make_demo_province

        make_demo_province(path)
        return True
    from desktop.ui.demo_province import make_with_progress

    return make_with_progress(path)


if __name__ == "__main__":
    sys.exit(main())
