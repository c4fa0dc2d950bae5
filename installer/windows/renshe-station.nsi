; RenShe Station 人社服务站 — the Windows installer (NSIS 3, Unicode).
;
; Built from the PyInstaller bundle (installer/README.md, "Windows"):
;   makensis /DVERSION=0.1.0 /DBUNDLE_DIR=dist\renshe-station /DICON=build\installer\icons\renshe-station.ico
;            /DOUTFILE=dist\renshe-station-0.1.0-setup.exe installer\windows\renshe-station.nsi
; (on Linux the switches are written -DVERSION=…; CI compiles the script that way
; against a placeholder bundle: tests/installer/test_windows_script.py).
;
; Per-machine install into Program Files, Start menu and desktop shortcuts for all
; users. The station database is not in the install folder: each user's data is in
; their profile (%USERPROFILE%\.local\share\renshe-station, the machine secret in
; %USERPROFILE%\.config\renshe-station) and a provisioning file in
; %ProgramData%\RenShe Station. Upgrades replace the program files only; uninstalling
; keeps the data unless "remove station data" is ticked (or /REMOVEDATA is given to a
; silent uninstall).
;
; Command line: setup.exe [/S] [/D=folder] [/PROVISION=path\station.renshe]
;               uninstall.exe [/S] [/REMOVEDATA]

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "pass /DVERSION=x.y.z"
!endif
!ifndef BUNDLE_DIR
  !error "pass /DBUNDLE_DIR=path of the PyInstaller bundle (dist\renshe-station)"
!endif
!ifndef OUTFILE
  !define OUTFILE "renshe-station-${VERSION}-setup.exe"
!endif
!ifndef ICON
  !error "pass /DICON=path of renshe-station.ico (installer/icon.py renders it)"
!endif

!define APP_NAME "RenShe Station"
!define APP_NAME_ZH "人社服务站"
!define PUBLISHER "区人社局信息科 District HRSS IT"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\RenSheStation"
!define APP_EXE "renshe-station-gui.exe"  ; windowed: no console behind the counter app
!define CLI_EXE "renshe-station.exe"      ; the command line (enrol, sync, provision)
!define DATA_DIR_NAME "renshe-station"
!define PROVISION_FILE "station.renshe"

; The bundle must be a Windows build of the station (checked while compiling).
!if ! /FileExists "${BUNDLE_DIR}\${APP_EXE}"
  !error "${BUNDLE_DIR} has no ${APP_EXE}: not a Windows build of the station bundle"
!endif
!if ! /FileExists "${BUNDLE_DIR}\${CLI_EXE}"
  !error "${BUNDLE_DIR} has no ${CLI_EXE}"
!endif
!if ! /FileExists "${BUNDLE_DIR}\_internal\app\renshe-package.json"
  !error "${BUNDLE_DIR} has no application layer (_internal\app\renshe-package.json)"
!endif

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "Sections.nsh"
!include "x64.nsh"

Name "${APP_NAME_ZH} ${APP_NAME} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APP_NAME}"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
RequestExecutionLevel admin
ShowInstDetails show
ShowUninstDetails show
BrandingText "${APP_NAME} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP_NAME_ZH} ${APP_NAME} setup"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_PARAMETERS "app"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString DESC_REMOVE_DATA ${LANG_SIMPCHINESE} "同时删除本机当前用户的服务站数据库和机器密钥（无法恢复；未同步的业务将丢失）"
LangString DESC_REMOVE_DATA ${LANG_ENGLISH} "Also delete this user's station database and machine secret (cannot be undone; changes not yet synced are lost)"
LangString NEED_64BIT ${LANG_SIMPCHINESE} "人社服务站需要 64 位 Windows。"
LangString NEED_64BIT ${LANG_ENGLISH} "RenShe Station needs 64-bit Windows."
LangString NO_PROVISION ${LANG_SIMPCHINESE} "找不到配置文件："
LangString NO_PROVISION ${LANG_ENGLISH} "Provisioning file not found: "

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "$(NEED_64BIT)" /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  SetShellVarContext all
FunctionEnd

Section "!${APP_NAME}" SecProgram
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An upgrade: the previous version's program files go first (a file it had and this
  ; one has not must not linger); station data is never under $INSTDIR.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  File /r "${BUNDLE_DIR}\*"
  File "/oname=$INSTDIR\renshe-station.ico" "${ICON}"

  ; A provisioning file from district IT: the app enrols with it at its first start.
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/PROVISION=" $R1
  ${IfNot} ${Errors}
    ${If} ${FileExists} "$R1"
      CreateDirectory "$APPDATA\${APP_NAME}"
      CopyFiles /SILENT "$R1" "$APPDATA\${APP_NAME}\${PROVISION_FILE}"
    ${Else}
      MessageBox MB_ICONEXCLAMATION "$(NO_PROVISION)$R1" /SD IDOK
    ${EndIf}
  ${EndIf}

  CreateDirectory "$SMPROGRAMS\${APP_NAME_ZH}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME_ZH}\${APP_NAME_ZH}.lnk" "$INSTDIR\${APP_EXE}" "app" \
    "$INSTDIR\renshe-station.ico" 0
  CreateShortcut "$SMPROGRAMS\${APP_NAME_ZH}\就业信息屏 Information screen.lnk" \
    "$INSTDIR\${APP_EXE}" "info-screen" "$INSTDIR\renshe-station.ico" 0
  CreateShortcut "$SMPROGRAMS\${APP_NAME_ZH}\卸载 Uninstall.lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\${APP_NAME_ZH}.lnk" "$INSTDIR\${APP_EXE}" "app" \
    "$INSTDIR\renshe-station.ico" 0

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME_ZH} ${APP_NAME}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\renshe-station.ico"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section "un.${APP_NAME}" SecUnProgram
  SectionIn RO
  Delete "$DESKTOP\${APP_NAME_ZH}.lnk"
  RMDir /r "$SMPROGRAMS\${APP_NAME_ZH}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\renshe-station.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd

; Unticked unless the user ticks it (or /REMOVEDATA): the station database, its key
; slots and pushed software of the user running the uninstaller, their machine secret,
; and the provisioning file. Other users' data on this PC stay.
Section /o "un.删除服务站数据 Remove station data" SecRemoveData
  SetShellVarContext current
  RMDir /r "$PROFILE\.local\share\${DATA_DIR_NAME}"
  RMDir /r "$PROFILE\.config\${DATA_DIR_NAME}"
  SetShellVarContext all
  Delete "$APPDATA\${APP_NAME}\${PROVISION_FILE}"
  RMDir "$APPDATA\${APP_NAME}"
SectionEnd

Function un.onInit
  SetRegView 64
  SetShellVarContext all
  ; Silent uninstalls keep the data unless /REMOVEDATA is given.
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/REMOVEDATA" $R1
  ${IfNot} ${Errors}
    !insertmacro SelectSection ${SecRemoveData}
  ${EndIf}
FunctionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecRemoveData} "$(DESC_REMOVE_DATA)"
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END
