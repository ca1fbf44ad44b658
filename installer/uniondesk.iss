; Union Desk: the Windows installer (Inno Setup 6), made on Windows from the one-folder build.
;
;   .venv\Scripts\pyinstaller --noconfirm build.spec       -> dist\uniondesk\ (and its VERSION)
;   iscc /DAppVersion=X.Y.Z installer\uniondesk.iss        -> dist\UnionDesk-X.Y.Z-cai-dat.exe
;
; X.Y.Z is desktop.__version__, the text of dist\uniondesk\VERSION; a version that differs from the
; build's stops the compile. The names below are build.spec's FOLDER, CONSOLE_EXE, WINDOW_EXE and
; VERSION_FILE (tests/frozen/test_installer_script.py fails when they drift apart).
;
; Installs for all users under Program Files, with Start-menu and (optionally) desktop shortcuts to
; the windowed program, and an uninstaller. Uninstalling removes the program folder only: each
; user's data (AppData\Local\UnionDesk: databases, backups, key files, logs) and the keys in the
; Windows Credential Manager stay, and the uninstaller says so.
;
; This file is UTF-8 with a BOM: Inno Setup reads a BOM-less script as ANSI, and the Vietnamese
; texts would be garbled.

#define AppName "Union Desk"
#define AppFolder "uniondesk"
#define ConsoleExe "uniondesk.exe"
#define WindowExe "uniondesk-gui.exe"
#define VersionFile "VERSION"
#define DistDir SourcePath + "..\dist\" + AppFolder

#ifndef AppVersion
  #error Thiếu phiên bản: dựng bằng iscc /DAppVersion=X.Y.Z installer\uniondesk.iss (X.Y.Z ghi trong dist\uniondesk\VERSION).
#endif
#if !FileExists(DistDir + "\" + VersionFile)
  #error Chưa có bản dựng dist\uniondesk: chạy pyinstaller --noconfirm build.spec trước.
#endif
#define VersionHandle FileOpen(DistDir + "\" + VersionFile)
#define BuiltVersion Trim(FileRead(VersionHandle))
#expr FileClose(VersionHandle)
#if AppVersion != BuiltVersion
  #error AppVersion khác phiên bản của bản dựng (dist\uniondesk\VERSION): dựng lại hoặc sửa /DAppVersion.
#endif

[Setup]
; The AppId ties every later version's installer to this one (upgrade in place, one uninstaller).
AppId={{A5DE3B5D-505C-4DD4-91DF-8116FFFDDF56}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=UnionDesk-{#AppVersion}-cai-dat
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#WindowExe}
; A running Union Desk is asked to close before files are replaced or removed.
CloseApplications=yes
RestartApplications=no

[Languages]
; Vietnamese is one of Inno Setup's unofficial translations (jrsoftware.org/files/istrans/, in its
; sources Files/Languages/Unofficial/Vietnamese.isl): put Vietnamese.isl in Inno Setup's
; Languages\Unofficial folder or beside this script. Without it the compile stops: the installer
; speaks Vietnamese or is not made.
#if FileExists(AddBackslash(CompilerPath) + "Languages\Vietnamese.isl")
Name: "vi"; MessagesFile: "compiler:Languages\Vietnamese.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\Unofficial\Vietnamese.isl")
Name: "vi"; MessagesFile: "compiler:Languages\Unofficial\Vietnamese.isl"
#elif FileExists(SourcePath + "Vietnamese.isl")
Name: "vi"; MessagesFile: "Vietnamese.isl"
#else
  #error Thiếu bản dịch tiếng Việt của Inno Setup (Vietnamese.isl): đặt tệp vào thư mục Languages\Unofficial của Inno Setup hoặc cạnh tệp này.
#endif

[CustomMessages]
ShortcutsGroup=Lối tắt:
DesktopShortcut=Tạo lối tắt Union Desk trên màn hình nền
OpenNow=Mở Union Desk ngay
UninstallShortcut=Gỡ cài đặt Union Desk
DataKept=Đã gỡ Union Desk khỏi máy. Dữ liệu của đơn vị (cơ sở dữ liệu, bản sao lưu, tệp khóa, nhật ký) vẫn được giữ trong thư mục AppData\Local\UnionDesk của từng người dùng, khóa bí mật trong Windows Credential Manager cũng vậy. Cài lại Union Desk sẽ dùng tiếp dữ liệu đó.

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopShortcut}"; GroupDescription: "{cm:ShortcutsGroup}"

[Files]
; The whole one-folder build: both programs (the console one for scripts: uniondesk.exe) and _internal.
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#WindowExe}"
Name: "{group}\{cm:UninstallShortcut}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#WindowExe}"; Tasks: desktopicon

[Run]
; As the user who started the installer, not the administrator it elevated to: the program's data
; folder is that user's.
Filename: "{app}\{#WindowExe}"; Description: "{cm:OpenNow}"; Flags: nowait postinstall skipifsilent runasoriginaluser

; No [UninstallDelete]: the uninstaller removes what it installed and nothing of the users' data.
[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent() then
    MsgBox(CustomMessage('DataKept'), mbInformation, MB_OK);
end;
