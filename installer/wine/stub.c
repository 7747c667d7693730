/* Stand-in for bieumau.exe / bieumau-cli.exe when the installer is checked under Wine (check.sh):
   it appends its own command line to %TEMP%\bieumau-stub.log so the check can see what a shortcut or
   the .xlsx context action would have started. */
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

int main(void) {
    wchar_t path[MAX_PATH];
    DWORD n = GetTempPathW(MAX_PATH, path);
    if (n == 0 || n > MAX_PATH - 20) return 1;
    wcscat(path, L"bieumau-stub.log");
    FILE *log = _wfopen(path, L"a, ccs=UTF-8");
    if (!log) return 1;
    fwprintf(log, L"%ls\n", GetCommandLineW());
    fclose(log);
    return 0;
}
