; Inno Setup script: the Windows installer of bieumau, wrapping the PyInstaller one-folder build.
; Build (docs/installer.md): PyInstaller on Windows with installer\bieumau.spec, then
;   iscc /DAppVersion=<version from pyproject.toml> installer\bieumau.iss
; The version is never written here: pyproject.toml is the one place.

#ifndef AppVersion
  #error Pass the version from pyproject.toml: iscc /DAppVersion=X.Y.Z installer\bieumau.iss
#endif
#ifndef SourceDir
  #define SourceDir "..\dist\bieumau"
#endif
#ifndef VietnameseIsl
  #define VietnameseIsl "compiler:Languages\Vietnamese.isl"
#endif
#ifndef ProgramsRoot
  ; {autopf}: %LOCALAPPDATA%\Programs per user, Program Files for all users. Wine cannot expand the per-user
  ; one (FOLDERID_UserProgramFiles is unimplemented there), so installer\wine\check.sh passes its own.
  #define ProgramsRoot "{autopf}"
#endif
#define AppExe "bieumau.exe"

[Setup]
AppId={{6F1C2B8E-3D4A-4E5F-9A7B-B1E0C0DE2024}
AppName=bieumau
AppVersion={#AppVersion}
AppVerName=bieumau {#AppVersion}
AppPublisher=bieumau
DefaultDirName={#ProgramsRoot}\bieumau
DefaultGroupName=bieumau
DisableProgramGroupPage=yes
; Clerks rarely have admin rights: install for the current user unless they choose all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=bieumau-{#AppVersion}-windows-x64-setup
SetupIconFile=..\resources\icons\bieumau.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName=bieumau {#AppVersion}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
ChangesAssociations=yes
CloseApplications=yes
ShowLanguageDialog=auto

[Languages]
Name: "vi"; MessagesFile: "{#VietnameseIsl}"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
vi.XlsxMenu=Thêm mục «Mở bằng bieumau» vào menu chuột phải của tệp Excel (.xlsx)
en.XlsxMenu=Add "Open with bieumau" to the right-click menu of Excel files (.xlsx)
vi.OpenWith=Mở bằng bieumau
en.OpenWith=Open with bieumau
vi.Integration=Tích hợp với Windows:
en.Integration=Windows integration:
vi.DataKept=Đã gỡ bieumau. Dữ liệu của bạn KHÔNG bị xóa: cơ sở dữ liệu, bản sao lưu và cài đặt vẫn nằm trong thư mục%n%n%1%n%nCài lại bieumau sẽ dùng tiếp dữ liệu này. Nếu không cần nữa, hãy tự xóa thư mục đó.
en.DataKept=bieumau has been removed. Your data was NOT deleted: the database, backups and settings remain in%n%n%1%n%nReinstalling bieumau picks this data up again. Delete that folder yourself if you no longer need it.
vi.SelfTest=Tự kiểm tra bản cài đặt
en.SelfTest=Self-test of the installation

[Tasks]
; The desktop icon is how most clerks start programs: on unless they untick it.
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "xlsxmenu"; Description: "{cm:XlsxMenu}"; GroupDescription: "{cm:Integration}"; Flags: unchecked

[InstallDelete]
; An update replaces the program files wholesale; the user's data lives in %LOCALAPPDATA%\bieumau, not here.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\bieumau"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"
Name: "{group}\{cm:SelfTest}"; Filename: "{cmd}"; Parameters: "/k ""{app}\bieumau-cli.exe"" selftest"; WorkingDir: "{userdocs}"
Name: "{group}\{cm:UninstallProgram,bieumau}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\bieumau"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Registry]
; SystemFileAssociations adds the verb whichever program owns .xlsx (Excel, LibreOffice); HKA is the
; current user's hive in a per-user install and HKLM in an all-users one.
Root: HKA; Subkey: "Software\Classes\SystemFileAssociations\.xlsx\shell\bieumau"; ValueType: string; ValueName: ""; ValueData: "{cm:OpenWith}"; Flags: uninsdeletekey; Tasks: xlsxmenu
Root: HKA; Subkey: "Software\Classes\SystemFileAssociations\.xlsx\shell\bieumau"; ValueType: string; ValueName: "Icon"; ValueData: """{app}\{#AppExe}"",0"; Tasks: xlsxmenu
Root: HKA; Subkey: "Software\Classes\SystemFileAssociations\.xlsx\shell\bieumau\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: xlsxmenu

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,bieumau}"; Flags: nowait postinstall skipifsilent

; There is deliberately no [UninstallDelete] entry: the data folder %LOCALAPPDATA%\bieumau is never removed.

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [ExpandConstant('{localappdata}\bieumau')]), mbInformation, MB_OK);
end;
