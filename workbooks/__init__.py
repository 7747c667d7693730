"""Excel workbooks without Qt: the submission paper, fill-in templates, and hardened reading back.

Writing uses xlsxwriter, reading python-calamine plus our own checks of the zip package.
"""

from workbooks.errors import WorkbookError
from workbooks.paper import CellMark, SheetContext
from workbooks.reading import WorkbookContent, read_workbook
from workbooks.submission import write_submission
from workbooks.template import write_template

__all__ = [
    "CellMark",
    "SheetContext",
    "WorkbookContent",
    "WorkbookError",
    "read_workbook",
    "write_submission",
    "write_template",
]
