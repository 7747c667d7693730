# installer\build-windows.ps1 — the Windows build: PyInstaller with installer\bieumau.spec into dist\bieumau,
# the bundle's self-test, then Inno Setup into dist\bieumau-<version>-windows-x64-setup.exe.
# The version is read from pyproject.toml and handed to Inno Setup as /DAppVersion.
param(
    [string]$Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe",
    [string]$Python = "py",
    # Inno Setup ships no Vietnamese; its unofficial translation is fetched once (pinned, checksummed).
    [string]$VietnameseIsl = ""
)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")

function Invoke-Step([string]$What, [scriptblock]$Block) {
    Write-Host "== $What"
    & $Block
    if ($LASTEXITCODE -ne 0) { throw "$What thất bại (mã $LASTEXITCODE)" }
}

if (-not (Test-Path .venv\Scripts\python.exe)) {
    Invoke-Step "Tạo .venv" { & $Python -3.11 -m venv .venv }
    Invoke-Step "Cài bieumau vào .venv" { .venv\Scripts\python -m pip install -q -e . }
}
.venv\Scripts\python -c "import PyInstaller" 2>$null
if ($LASTEXITCODE -ne 0) {
    Invoke-Step "Cài PyInstaller" { .venv\Scripts\python -m pip install -q "pyinstaller>=6.10" }
}
$version = (.venv\Scripts\python -c "import tomllib; print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])").Trim()

Invoke-Step "PyInstaller (bieumau $version)" {
    .venv\Scripts\python -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build\pyinstaller installer\bieumau.spec
}
Invoke-Step "Tự kiểm tra bản đóng gói" { dist\bieumau\bieumau-cli.exe selftest }
if (-not $VietnameseIsl) {
    $VietnameseIsl = Join-Path (Split-Path $Iscc) "Languages\Vietnamese.isl"
    if (-not (Test-Path $VietnameseIsl)) {
        # absolute: iscc reads relative paths from installer\, where the .iss is
        $VietnameseIsl = Join-Path (Get-Location) "build\Vietnamese.isl"
        $islUrl = "https://raw.githubusercontent.com/jrsoftware/issrc/is-6_4_1/Files/Languages/Unofficial/Vietnamese.isl"
        $islSha256 = "ab4360643e3a0c3973dcc7f46bc6a95150d3f5ffe592e351c7d9f48463055606"
        if (-not (Test-Path $VietnameseIsl)) {
            New-Item -ItemType Directory -Force build | Out-Null
            Write-Host "== Tải Vietnamese.isl ($islUrl)"
            Invoke-WebRequest -UseBasicParsing -Uri $islUrl -OutFile $VietnameseIsl
        }
        if ((Get-FileHash -Algorithm SHA256 $VietnameseIsl).Hash -ne $islSha256) {
            Remove-Item $VietnameseIsl
            throw "Vietnamese.isl tải về không đúng tổng kiểm SHA-256; hãy thử lại."
        }
    }
}
Invoke-Step "Inno Setup" { & $Iscc "/DAppVersion=$version" "/DVietnameseIsl=$VietnameseIsl" installer\bieumau.iss }
Write-Host "Bộ cài: dist\bieumau-$version-windows-x64-setup.exe"
