; Bình Yên: per-user Windows installer (no administrator needed), built by
; .github/workflows/windows.yml after `pyinstaller packaging/binhyen.spec` has made
; dist\binhyen\ and build\icon\binhyen.ico:
;     iscc /DAppVersion=0.1.0 packaging\windows\binhyen.iss
; It installs into %LOCALAPPDATA%\Programs\BinhYen and adds Start-menu entries. The data
; (%APPDATA%\BinhYen: binhyen.db, backups, logs) is never touched by the installer or
; the uninstaller: an update is a newer installer over the old one, and the program
; backs the data file up before it upgrades its structure.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define Root "..\.."

[Setup]
; The AppId stays the same for every version: a newer installer updates in place.
AppId={{DC62490D-DCA7-4F1F-B25F-387FEFBC4EC7}
AppName=Bình Yên
AppVersion={#AppVersion}
AppVerName=Bình Yên {#AppVersion}
AppPublisher=Bình Yên
VersionInfoVersion={#AppVersion}
VersionInfoProductName=Bình Yên
VersionInfoDescription=Cài đặt Bình Yên
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\BinhYen
DisableDirPage=auto
DefaultGroupName=Bình Yên
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist
OutputBaseFilename=BinhYen-{#AppVersion}-setup
SetupIconFile={#Root}\build\icon\binhyen.ico
UninstallDisplayIcon={app}\binhyen.exe
UninstallDisplayName=Bình Yên
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
english.CommandLine=Bình Yên - dòng lệnh
english.DesktopIcon=Tạo biểu tượng trên màn hình nền
english.OpenNow=Mở Bình Yên

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; Flags: unchecked

[Files]
; The whole one-folder bundle: binhyen.exe (the window), binhyen-cli.exe (commands),
; _internal\ (Python, Qt, the fonts, the unit list).
Source: "{#Root}\dist\binhyen\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An update replaces the program's files only (old libraries would otherwise linger).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\Bình Yên"; Filename: "{app}\binhyen.exe"; WorkingDir: "{app}"
Name: "{group}\{cm:CommandLine}"; Filename: "{cmd}"; Parameters: "/k ""{app}\binhyen-cli.exe"" --help"; WorkingDir: "{userdocs}"
Name: "{userdesktop}\Bình Yên"; Filename: "{app}\binhyen.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\binhyen.exe"; Description: "{cm:OpenNow}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the program folder. The data folder %APPDATA%\BinhYen stays for a later install.
Type: filesandordirs; Name: "{app}"
