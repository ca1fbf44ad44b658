"""`uniondesk report NAME --period P --print [--printer …]`: the Print button's printing for scripts."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinterInfo

from desktop.app import main
from tests.ui.test_printed_pages import assert_prints_like


def _audit(db: Path) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(db)) as con:
        return con.execute(
            "SELECT action, detail FROM audit_event WHERE record_table = '' ORDER BY id"
        ).fetchall()


def _uniondesk(*argv: str) -> subprocess.CompletedProcess[str]:
    """The real command in its own process, as an office's script runs it: on Linux with no
    display and no QT_QPA_PLATFORM (a scheduled job on a server)."""
    env = dict(os.environ)
    if sys.platform.startswith("linux"):
        for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
            env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "desktop", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_print_to_a_pdf_printer_gives_the_reports_pages_on_white_paper(
    small_district: Path, tmp_path: Path
) -> None:
    printed, saved = tmp_path / "in-ra.pdf", tmp_path / "bao-cao.pdf"
    common = ("--db", str(small_district), "--date", "15/07/2024")
    done = _uniondesk(
        "report", "monthly-progress", "--period", "06/2024", "--print",
        "--printer", f"pdf:{printed}", *common,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"Đã gửi lệnh in: 3 trang tới {printed}.\n"
    kept = _uniondesk(
        "report", "monthly-progress", "--period", "2024-06", "--format", "pdf",
        "--out", str(saved), *common,
    )  # fmt: skip
    assert kept.returncode == 0, kept.stderr
    assert_prints_like(printed, saved)
    # Printed like the Print button prints: remembered for the dashboard's "due this month".
    assert _audit(small_district) == [
        ("print", f"monthly-progress 2024-06 → {printed}"),
        ("report", f"monthly-progress 2024-06 → {saved}"),
    ]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_printer_that_does_not_exist_is_refused_naming_those_that_do(
    qapp: object,
    small_district: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QPrinterInfo, "availablePrinterNames", lambda: ["Canon LBP2900", "HP 107a"])
    code, out, err = _run(
        capsys, "report", "member-list", "--period", "12/2024", "--print",
        "--printer", "Máy in phòng 2", "--db", str(small_district),
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err == "Không có máy in «Máy in phòng 2». Các máy in có: «Canon LBP2900», «HP 107a».\n"
    assert _audit(small_district) == []  # nothing was printed, nothing is remembered


def test_no_default_printer_is_said_with_the_way_round_it(
    qapp: object,
    small_district: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QPrinterInfo, "defaultPrinter", lambda: QPrinterInfo())
    monkeypatch.setattr(QPrinterInfo, "availablePrinterNames", lambda: [])
    code, out, err = _run(
        capsys, "report", "union-list", "--period", "2024", "--print", "--db", str(small_district)
    )
    assert (code, out) == (1, "")
    assert err == (
        "Không có máy in mặc định. Ghi tên máy in bằng --printer TÊN (máy này chưa cài máy in "
        "nào), hoặc in ra tệp bằng --printer pdf:TỆP.pdf.\n"
    )


def test_a_pdf_printer_into_a_missing_folder_is_refused(
    qapp: object, small_district: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "khong-co"
    code, _, err = _run(
        capsys, "report", "union-list", "--period", "2024", "--print",
        "--printer", f"pdf:{missing / 'x.pdf'}", "--db", str(small_district),
    )  # fmt: skip
    assert (code, err) == (1, f"Thư mục {missing} không tồn tại.\n")


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        ((), "thiếu --format và --out (hoặc dùng --print để in ra máy in)"),
        (("--format", "pdf"), "thiếu --out (hoặc dùng --print để in ra máy in)"),
        (("--printer", "pdf:x.pdf"), "--printer chỉ dùng cùng với --print"),
        (("--print", "--out", "x.pdf"), "--format và --out phải đi cùng nhau"),
    ],
)
def test_without_print_format_and_out_are_still_required(
    small_district: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], said: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["report", "union-list", "--period", "2024", "--db", str(small_district), *argv])
    assert exited.value.code == 2
    assert capsys.readouterr().err.endswith(f"uniondesk report: lỗi cú pháp: {said}\n")


def test_the_period_is_taken_as_offices_write_it(
    small_district: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "thang.pdf"
    code, said, _ = _run(
        capsys, "report", "monthly-progress", "--period", "06/2024", "--format", "pdf",
        "--out", str(out), "--db", str(small_district),
    )  # fmt: skip
    assert (code, said) == (0, f"Đã ghi {out}\n")
    assert _audit(small_district) == [("report", f"monthly-progress 2024-06 → {out}")]
