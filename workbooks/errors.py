"""The refusal of a workbook operation: a Vietnamese sentence naming the file and the reason."""

from __future__ import annotations

from forms.errors import BieumauError


class WorkbookError(BieumauError):
    """A workbook could not be written or was refused on reading; nothing was returned or stored."""

    code = "workbook"
