"""installer/uniondesk.iss installs what build.spec makes: the same folder, the same programs, the
same version file; its shortcuts open the windowed program; the users' data stays on uninstall.

Inno Setup runs only on Windows, so the script is read here, not compiled (README, "Building the
Windows release", says how it is built)."""

from __future__ import annotations

import re

import pytest

from tests.frozen._frozen_build import ROOT, spec_names

SCRIPT = ROOT / "installer" / "uniondesk.iss"


@pytest.fixture(scope="module")
def script() -> str:
    raw = SCRIPT.read_bytes()
    # Inno Setup reads a script without a BOM as ANSI: the Vietnamese texts would be garbled.
    assert raw.startswith(b"\xef\xbb\xbf")
    return raw.decode("utf-8-sig")


def _defines(script: str) -> dict[str, str]:
    return dict(re.findall(r'^#define (\w+) "([^"]*)"$', script, flags=re.MULTILINE))


def _section(script: str, name: str) -> list[str]:
    """The entries of one [section], comments and blank lines left out."""
    found = re.search(rf"^\[{name}\]\n(.*?)(?=^\[|\Z)", script, flags=re.MULTILINE | re.DOTALL)
    assert found, name
    return [
        line
        for line in found.group(1).splitlines()
        if line.strip() and not line.lstrip().startswith((";", "#"))
    ]


def test_the_script_names_the_folder_programs_and_version_file_build_spec_makes(
    script: str,
) -> None:
    names, defines = spec_names(), _defines(script)
    assert defines["AppFolder"] == names.folder
    assert defines["ConsoleExe"] == f"{names.console_exe}.exe"
    assert defines["WindowExe"] == f"{names.window_exe}.exe"
    assert defines["VersionFile"] == names.version_file
    # PyInstaller's dist/ beside build.spec, seen from installer/.
    assert '#define DistDir SourcePath + "..\\dist\\" + AppFolder' in script.splitlines()
    # No program named anywhere but in its #define.
    outside = [
        line for line in script.splitlines() if ".exe" in line and not line.startswith(("#", ";"))
    ]
    assert outside == []


def test_the_version_is_passed_by_the_build_and_checked_against_its_version_file(
    script: str,
) -> None:
    lines = script.splitlines()
    assert "#ifndef AppVersion" in lines
    assert "#if AppVersion != BuiltVersion" in lines
    assert '#define VersionHandle FileOpen(DistDir + "\\" + VersionFile)' in lines
    setup = _section(script, "Setup")
    assert "AppVersion={#AppVersion}" in setup
    assert "VersionInfoVersion={#AppVersion}" in setup


def test_it_installs_under_program_files_with_shortcuts_and_an_uninstaller(script: str) -> None:
    assert _defines(script)["AppName"] == "Union Desk"
    setup = _section(script, "Setup")
    assert "DefaultDirName={autopf}\\{#AppName}" in setup
    assert "PrivilegesRequired=admin" in setup
    assert _section(script, "Files") == [
        'Source: "{#DistDir}\\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs '
        "createallsubdirs"
    ]
    assert _section(script, "Icons") == [
        'Name: "{group}\\{#AppName}"; Filename: "{app}\\{#WindowExe}"',
        'Name: "{group}\\{cm:UninstallShortcut}"; Filename: "{uninstallexe}"',
        'Name: "{autodesktop}\\{#AppName}"; Filename: "{app}\\{#WindowExe}"; Tasks: desktopicon',
    ]
    messages = dict(line.split("=", 1) for line in _section(script, "CustomMessages"))
    assert messages["UninstallShortcut"] == "Gỡ cài đặt Union Desk"
    assert messages["DesktopShortcut"] == "Tạo lối tắt Union Desk trên màn hình nền"


def test_uninstalling_keeps_every_users_data_and_says_so(script: str) -> None:
    assert "[UninstallDelete]" not in script.splitlines()
    assert "{localappdata}" not in script and "{userappdata}" not in script
    messages = dict(line.split("=", 1) for line in _section(script, "CustomMessages"))
    assert "AppData\\Local\\UnionDesk" in messages["DataKept"]
    assert "MsgBox(CustomMessage('DataKept'), mbInformation, MB_OK);" in script


def test_the_installer_speaks_vietnamese_or_is_not_made(script: str) -> None:
    languages = _section(script, "Languages")
    assert languages == [
        'Name: "vi"; MessagesFile: "compiler:Languages\\Vietnamese.isl"',
        'Name: "vi"; MessagesFile: "compiler:Languages\\Unofficial\\Vietnamese.isl"',
        'Name: "vi"; MessagesFile: "Vietnamese.isl"',
    ]
    assert "#else\n  #error Thiếu bản dịch tiếng Việt của Inno Setup" in script
