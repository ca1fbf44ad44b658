"""The distributable build run as an office runs it: the frozen programs from build.spec, offscreen.

The build is made once a session (tests/frozen/_frozen_build.py: dist/uniondesk/ when it is newer
than every source, else PyInstaller into a temporary folder, 1–2 minutes on 2 busy cores). Each
command runs in its own process with a private data folder and nothing of the test's Python: no
PYTHON* variables, no checkout on its path (its working folder is the test's own).

Keys: the in-memory keyring the other tests use forgets everything when its process ends, and here
every command is a process of its own. The child gets keyring's `fail` backend instead, which is
what a PC without a system keyring has: the program then keeps each private key in a
passphrase-locked file in its data folder, the passphrase from UNIONDESK_KEY_PASSPHRASE as an
office's script gives it. The developer's own keyring is never touched.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop import __version__
from desktop.app import main
from tests.frozen._frozen_build import ROOT, build, executable, spec_names, up_to_date
from tests.ui.test_printed_pages import INKED, Sheet, assert_prints_like

NAMES = spec_names()
RUN_TIMEOUT = 300  # seconds for one command; each takes 1–10 s here
PASSPHRASE = "Bến Tre 2024 khóa đơn vị"
PROVINCE = ("LDLD-BT", "Liên đoàn Lao động tỉnh Bến Tre")
DISTRICT = ("LDLD-BATRI", "Liên đoàn Lao động huyện Ba Tri")  # the demo district
FINGERPRINT = re.compile(r"Dấu vân tay \(đọc cho đơn vị nhận để đối chiếu\): ((?:\d{4} ){5}\d{4})")
PRINT_DPI = 60  # the printed-pages checks' grain (tests/ui/test_printed_pages.py)


@pytest.fixture(scope="session")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder build.spec makes (dist/uniondesk/ when up to date, else a fresh build)."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.skip(
            "PyInstaller is not installed (it comes with pip install -e '.[dev]'), so the frozen "
            "app cannot be built and its smoke test cannot run"
        )
    made = ROOT / "dist" / NAMES.folder
    if up_to_date(made, __version__):
        return made
    return build(tmp_path_factory.mktemp("frozen"))


def child_env(data: Path, **extra: str) -> dict[str, str]:
    """The environment of a frozen command: the test's own minus anything Python, Qt, display or
    Union Desk; offscreen; a private data folder; keys in passphrase-locked files (see above)."""
    dropped = ("PYTHON", "QT_", "UNIONDESK_", "VIRTUAL_ENV", "LD_LIBRARY_PATH")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS"):
        env.pop(name, None)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        UNIONDESK_DATA_DIR=str(data),
        XDG_CONFIG_HOME=str(data / "config"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        # The fonts shipped inside, even on a PC that has Times New Roman.
        UNIONDESK_REPORT_FONT="bundled",
    )
    env.update(extra)
    return env


@dataclass(frozen=True)
class Office:
    """One office's frozen program: its folder, environment and working folder."""

    folder: Path
    env: Mapping[str, str]
    cwd: Path

    def run(self, *argv: str, window: bool = False) -> subprocess.CompletedProcess[str]:
        program = executable(self.folder, NAMES.window_exe if window else NAMES.console_exe)
        return subprocess.run(
            [str(program), *argv],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=dict(self.env),
            cwd=self.cwd,
            timeout=RUN_TIMEOUT,
        )

    def ok(self, *argv: str, window: bool = False) -> str:
        done = self.run(*argv, window=window)
        assert done.returncode == 0, (argv, done.stdout, done.stderr)
        return done.stdout


def office(frozen: Path, work: Path, **extra: str) -> Office:
    work.mkdir(parents=True, exist_ok=True)
    return Office(frozen, child_env(work / "data", **extra), work)


@pytest.fixture(scope="session")
def frozen_demo(frozen: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """`uniondesk demo PATH` by the frozen program, once: the file and what the command said."""
    work = tmp_path_factory.mktemp("frozen-demo")
    path = work / "demo.sqlite"
    said = office(frozen, work).ok("demo", str(path))
    return path, said


@pytest.fixture
def demo_copy(frozen_demo: tuple[Path, str], tmp_path: Path) -> Path:
    """A test's own copy of the frozen demo (commands add audit rows, keys, bundles)."""
    path = tmp_path / "huyen-mau.sqlite"
    shutil.copyfile(frozen_demo[0], path)
    return path


def test_the_folder_holds_both_programs_and_the_version(frozen: Path, tmp_path: Path) -> None:
    assert frozen.name == NAMES.folder
    assert (frozen / NAMES.version_file).read_text(encoding="utf-8") == f"{__version__}\n"
    assert executable(frozen, NAMES.window_exe).is_file()
    done = office(frozen, tmp_path).run("--version")
    assert (done.returncode, done.stdout, done.stderr) == (0, f"Union Desk {__version__}\n", "")


def _guide_pictures(guide: Path) -> list[str]:
    text = guide.read_text(encoding="utf-8")
    found = re.findall(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)", text)
    found += re.findall(r"""<img\s[^>]*src=["']([^"']+)["']""", text)
    return [f for f in found if "://" not in f]


def test_the_bundle_carries_what_the_program_reads(frozen: Path) -> None:
    from PyInstaller.archive.readers import pkg_archive_contents

    inside = frozen / "_internal"
    # Every shipped resource as in the checkout: programmes, administrative units (the 2025
    # commune successors too), fonts and their licence, the .ts the .qm is compiled from.
    for must in (
        "programmes/2024.json",
        "admin-units/admin-units-2024.csv",
        "admin-units/admin-units-2025.csv",
        "admin-units/commune-successors-2025.csv",
        "admin-units/README.md",
        "fonts/LiberationSerif-Regular.ttf",
        "fonts/LiberationSerif-BoldItalic.ttf",
        "fonts/LICENSE-LiberationSerif.txt",
        "translations/qtbase_vi.ts",
    ):
        assert (ROOT / "resources" / must).is_file(), must
    for source in (ROOT / "resources").rglob("*"):
        if source.is_file() and source.suffix != ".qm":
            shipped = inside / "resources" / source.relative_to(ROOT / "resources")
            assert shipped.read_bytes() == source.read_bytes(), shipped
    for catalogue in (ROOT / "resources" / "translations").glob("*.ts"):
        compiled = inside / "resources" / "translations" / f"{catalogue.stem}.qm"
        assert compiled.stat().st_size > 1000, compiled  # Qt's texts in Vietnamese, compiled
    for migration in (ROOT / "desktop" / "migrations" / "versions").glob("*.py"):
        shipped = inside / "desktop" / "migrations" / "versions" / migration.name
        assert shipped.read_bytes() == migration.read_bytes(), shipped
    # Qt's PDF view and printing, and the charts, with their plugins.
    qt = inside / "PySide6"
    for module in ("QtPdf", "QtPdfWidgets", "QtCharts", "QtPrintSupport"):
        assert list(qt.glob(f"{module}.*")), module
    assert list((qt / "Qt" / "plugins" / "imageformats").glob("*qpdf*"))
    assert list((qt / "Qt" / "plugins" / "printsupport").iterdir())
    # The system keyrings (Windows Credential Manager, macOS Keychain, Secret Service) and the
    # password hashing, imported only when needed, are in the program's archive.
    modules = set(pkg_archive_contents(str(executable(frozen, NAMES.console_exe)), recursive=True))
    for module in (
        "keyring.backends.Windows",
        "keyring.backends.macOS",
        "keyring.backends.SecretService",
        "keyring.backends.fail",
        "argon2.low_level",
        "_argon2_cffi_bindings",
        "desktop.sync.keystore",
        "desktop.ui.printing",
    ):
        assert module in modules, module
    # keyring finds its backends through its metadata; Giới thiệu reads the libraries' versions.
    for distribution in ("keyring", "pyside6_essentials", "sqlalchemy", "reportlab"):
        assert list(inside.glob(f"{distribution}-*.dist-info")), distribution
    # The user guide F1 opens, with every picture it shows, at the same places under docs/.
    guide = ROOT / "docs" / "huong-dan.md"
    assert (inside / "docs" / "huong-dan.md").read_bytes() == guide.read_bytes()
    pictures = _guide_pictures(guide)
    assert len(pictures) >= 10  # the guide shows every screen and the setup wizard
    for picture in pictures:
        shipped = inside / "docs" / picture
        assert shipped.read_bytes() == (ROOT / "docs" / picture).read_bytes(), picture


def _thousands(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def test_demo_written_by_the_frozen_program(frozen_demo: tuple[Path, str]) -> None:
    path, said = frozen_demo
    with closing(sqlite3.connect(path)) as con:

        def count(sql: str) -> str:
            return _thousands(con.execute(sql).fetchone()[0])

        unions = count("SELECT count(*) FROM grassroots_union")
        members = count("SELECT count(*) FROM member")
        active = count("SELECT count(*) FROM member WHERE status = 'active'")
        events = count("SELECT count(*) FROM member_event")
        activities = count("SELECT count(*) FROM activity")
        offices = con.execute("SELECT code, name, role FROM office").fetchall()
    assert members == "5.000"
    assert said == (
        f"Đã tạo huyện mẫu tại {path}: {unions} CĐCS, {members} đoàn viên ({active} đang sinh "
        f"hoạt), {events} biến động, {activities} hoạt động\n"
    )
    assert offices == [(*DISTRICT, "district")]


def test_a_screenshot_of_the_window_from_the_windowed_program(
    frozen: Path, demo_copy: Path, tmp_path: Path, qapp: object
) -> None:
    from PySide6.QtGui import QImage

    shot = tmp_path / "cua-so.png"
    office(frozen, tmp_path).ok(
        "--db", str(demo_copy), "--screenshot", str(shot), "--size", "1366x768", window=True
    )
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1366, 768)
    colours: dict[int, int] = {}
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            pixel = image.pixel(x, y)
            colours[pixel] = colours.get(pixel, 0) + 1
    # A painted window: side bar, cards, chart and anti-aliased text, no colour covering it all.
    assert len(colours) > 100, len(colours)
    assert max(colours.values()) / sum(colours.values()) < 0.7


def _pdf_text(pdf: Path) -> str:
    assert shutil.which("pdftotext"), "pdftotext is missing: install poppler-utils (.ci/run does)"
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def test_the_monthly_progress_pdf_reads_in_vietnamese_as_the_source_writes_it(
    frozen: Path,
    demo_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = tmp_path / "bao-cao-thang-6.pdf"
    args = ("report", "monthly-progress", "--period", "2024-06", "--format", "pdf")
    dated = ("--date", "15/07/2024", "--db")
    source_db = tmp_path / "nguon.sqlite"
    shutil.copyfile(demo_copy, source_db)
    said = office(frozen, tmp_path).ok(*args, "--out", str(report), *dated, str(demo_copy))
    assert said == f"Đã ghi {report}\n"
    text = _pdf_text(report)
    lines = [line.strip() for line in text.splitlines()]
    for expected in (
        "LĐLĐ TỈNH BẾN TRE",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "LIÊN ĐOÀN LAO ĐỘNG HUYỆN",
        "Ba Tri, ngày 15 tháng 7 năm 2024",
        "Kết quả thực hiện chương trình công tác công đoàn tháng 6/2024",
        "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU",
    ):
        assert expected in lines, expected
    fonts = subprocess.run(["pdffonts", str(report)], capture_output=True, text=True, check=True)
    assert "LiberationSerif" in fonts.stdout  # the fonts shipped inside, embedded
    # The same report made by the source in this process: the frozen program left nothing out.
    monkeypatch.setenv("UNIONDESK_REPORT_FONT", "bundled")
    from_source = tmp_path / "tu-ma-nguon.pdf"
    capsys.readouterr()
    assert main([*args, "--out", str(from_source), *dated, str(source_db)]) == 0
    assert _pdf_text(from_source) == text


def test_a_bundle_exported_by_the_frozen_program_verifies_at_the_province(
    frozen: Path, demo_copy: Path, tmp_path: Path
) -> None:
    province_db, district_db = tmp_path / "tinh.sqlite", demo_copy
    province_card, district_card = tmp_path / "the-tinh.ukc", tmp_path / "the-huyen.ukc"
    bundle = tmp_path / "goi-thang-6.udb"
    province = office(frozen, tmp_path / "tinh", UNIONDESK_KEY_PASSPHRASE=PASSPHRASE)
    district = office(frozen, tmp_path / "huyen", UNIONDESK_KEY_PASSPHRASE=PASSPHRASE)

    # Set up without a passphrase: the office is made, its keys wait for one (no keyring here).
    said = office(frozen, tmp_path / "tinh").ok(
        "init", "--db", str(province_db), "--role", "province",
        "--unit-code", PROVINCE[0], "--unit-name", PROVINCE[1],
    )  # fmt: skip
    assert said.splitlines()[0] == (
        f"Đã khởi tạo {province_db} cho đơn vị {PROVINCE[0]} – {PROVINCE[1]} (province)."
    )
    assert said.splitlines()[-1] == (
        f"Khi có mật khẩu, hãy chạy: uniondesk keys create --db {province_db}"
    )
    assert province.ok("keys", "create", "--db", str(province_db)).startswith(
        f"Đã tạo khóa cho {PROVINCE[0]}, cất trong tệp khóa mã hóa.\n"
    )
    card = province.ok("keys", "export", "--out", str(province_card), "--db", str(province_db))
    [province_fingerprint] = FINGERPRINT.findall(card)

    # The district (the demo): its keys, the province's card taken with the fingerprint read out.
    district.ok("keys", "create", "--db", str(district_db))
    trusted = district.ok(
        "keys", "trust", str(province_card), "--fingerprint", province_fingerprint,
        "--db", str(district_db),
    )  # fmt: skip
    assert trusted.endswith(
        f"của {PROVINCE[0]} – {PROVINCE[1]}.\nDấu vân tay: {province_fingerprint}\n"
    )
    exported = district.ok(
        "bundle", "export", "--period", "2024-06", "--out", str(bundle), "--db", str(district_db)
    )
    found = re.fullmatch(
        rf"Đã xuất gói số 1 \(tháng 6/2024\) vào {re.escape(str(bundle))}: "
        r"([\d.]+) đoàn viên, ([\d.]+) CĐCS, ([\d.]+) byte\.\n",
        exported,
    )
    assert found, exported
    members, unions, size = found.groups()
    assert size == _thousands(bundle.stat().st_size)
    # Each office's private key is in a passphrase-locked file of its own data folder.
    for each in (province, district):
        [key_file] = (Path(each.env["UNIONDESK_DATA_DIR"]) / "keys").glob("*.ukey")
        assert key_file.stat().st_mode & 0o077 == 0

    # The province registers the district's card and verifies the bundle: signed and whole.
    card = district.ok("keys", "export", "--out", str(district_card), "--db", str(district_db))
    [district_fingerprint] = FINGERPRINT.findall(card)
    province.ok(
        "keys", "trust", str(district_card), "--fingerprint", district_fingerprint,
        "--db", str(province_db),
    )  # fmt: skip
    verdict = province.ok("bundle", "verify", str(bundle), "--db", str(province_db)).splitlines()
    assert verdict[0] == f"[HỢP LỆ] {bundle.name}"
    assert (
        verdict[1]
        .strip()
        .startswith(f"{DISTRICT[0]}, gói số 1, tháng 6/2024: {members} đoàn viên, {unions} CĐCS, ")
    )


def _printed_sheets(pdf: Path, folder: Path) -> list[Sheet]:
    """Each page as poppler renders it (grey, PRINT_DPI), in the printed-pages checks' form."""
    assert shutil.which("pdftoppm"), "pdftoppm is missing: install poppler-utils (.ci/run does)"
    subprocess.run(
        ["pdftoppm", "-gray", "-r", str(PRINT_DPI), str(pdf), str(folder / "trang")], check=True
    )
    sheets: list[Sheet] = []
    for page in sorted(folder.glob("trang-*.pgm")):
        raw = page.read_bytes()
        header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", raw)
        assert header, page
        width, height = int(header.group(1)), int(header.group(2))
        pixels = raw[header.end() :]
        assert len(pixels) == width * height, page
        rows = [pixels[y * width : (y + 1) * width] for y in range(height)]
        sheets.append(Sheet(width, height, rows))
    return sheets


def test_printing_to_a_pdf_printer_gives_pages_with_the_report_on_them(
    frozen: Path, small_district: Path, tmp_path: Path, qapp: object
) -> None:
    """On the small district (every page of its report full enough to compare, as in
    tests/ui/test_cli_print.py), made by the source and opened by the frozen program."""
    printed, saved = tmp_path / "in-ra.pdf", tmp_path / "bao-cao.pdf"
    common = ("report", "monthly-progress", "--period", "2024-06")
    dated = ("--date", "15/07/2024", "--db", str(small_district))
    clerk = office(frozen, tmp_path)
    said = clerk.ok(*common, "--print", "--printer", f"pdf:{printed}", *dated)
    clerk.ok(*common, "--format", "pdf", "--out", str(saved), *dated)
    pages = len(PdfReader(saved).pages)
    assert pages >= 2
    assert said == f"Đã gửi lệnh in: {pages} trang tới {printed}.\n"
    pictures = tmp_path / "trang"
    pictures.mkdir()
    sheets = _printed_sheets(printed, pictures)
    assert len(sheets) == pages
    for number, sheet in enumerate(sheets, start=1):
        where = f"trang {number}"
        assert sheet.near_white() > 0.8, (where, sheet.near_white())  # white paper, not black
        assert min(sheet.corners()) >= 245, (where, sheet.corners())
        inked = sum(1 for v in sheet.ink() if v > INKED)
        # At least a heading's worth of print: ~2 mm squares holding ink (a blank page has none).
        assert inked > 40, (where, inked)
    assert_prints_like(printed, saved)
