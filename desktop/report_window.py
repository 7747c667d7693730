"""The narrative report window: check a written report (.docx/.txt) with every finding highlighted in
the text, and draft one for a unit and period from the database."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import Retranslating, arg, refusal_text, tr
from forms.errors import BieumauError
from operations.context import AppContext
from operations.reports import ReportCheck, check_report, draft_report
from reports.findings import CERTAIN, POSSIBLE, REVIEW

# a sign as well as a colour for each confidence level
LOOK = {CERTAIN: ("✖", "#ffb3b3"), REVIEW: ("⚠", "#ffe08a"), POSSIBLE: ("?", "#d6e9ff")}


def confidence_name(confidence: str) -> str:
    names = {CERTAIN: tr("chắc chắn"), REVIEW: tr("nên xem lại"), POSSIBLE: tr("có thể")}
    return names.get(confidence, confidence)


class ReportWindow(Retranslating, QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, unit: str | None = None,
                 period: str | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.resize(1100, 720)
        self.checked: ReportCheck | None = None
        self.path: Path | None = None
        self._draft_said: tuple[str, Path | str] = ("hint", "")
        tabs = QTabWidget()
        tabs.addTab(self._check_tab(), "")
        tabs.addTab(self._draft_tab(unit, period), "")
        self.tabs = tabs
        self.setCentralWidget(tabs)
        self.retranslate()

    @property
    def findings(self) -> list:
        return self.checked.findings if self.checked is not None else []

    @property
    def report(self):
        return self.checked.report if self.checked is not None else None

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Báo cáo thuyết minh"))
        self.tabs.setTabText(0, tr("Kiểm tra báo cáo"))
        self.tabs.setTabText(1, tr("Lập dự thảo"))
        self.open_button.setText(tr("Mở báo cáo…"))
        self.compare_box.setText(tr("So với số liệu đã lưu (đơn vị, kỳ ở thẻ «Lập dự thảo»)"))
        self.unit_label.setText(tr("Đơn vị:"))
        self.period_label.setText(tr("Kỳ báo cáo:"))
        self.period_edit.setPlaceholderText(tr("2024S1, 2024Q2, 2024"))
        self.save_button.setText(tr("Lưu dự thảo…"))
        self._show_file_label()
        self._show_draft_status()
        for n, finding in enumerate(self.findings):
            self.list.item(n).setText(self._finding_text(finding))

    # --- check ----------------------------------------------------------------------------------
    def _check_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self._choose_report)
        self.compare_box = QCheckBox()
        self.file_label = QLabel()
        row.addWidget(self.open_button)
        row.addWidget(self.compare_box)
        row.addWidget(self.file_label, 1)
        layout.addLayout(row)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.text = QTextEdit()
        self.text.setReadOnly(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self.select_finding)
        split.addWidget(self.text)
        split.addWidget(self.list)
        split.setSizes([650, 450])
        layout.addWidget(split, 1)
        return page

    def _show_file_label(self) -> None:
        if self.path is None or self.checked is None:
            self.file_label.setText(tr("Chưa mở báo cáo nào."))
        else:
            self.file_label.setText(arg(tr("%1: %2 phát hiện"), self.path.name, len(self.findings)))

    def _finding_text(self, finding) -> str:
        sign, _ = LOOK.get(finding.confidence, ("•", "#eeeeee"))
        return f"{sign} [{confidence_name(finding.confidence)}] {finding.message}"

    def _choose_report(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Mở báo cáo"), "", tr("Báo cáo (*.docx *.txt)"))
        if path:
            self.open_report(Path(path))

    def open_report(self, path: Path) -> bool:
        if self.compare_box.isChecked() and not self.period_edit.text().strip():
            QMessageBox.warning(self, tr("Không kiểm tra được"),
                                tr("Hãy ghi kỳ báo cáo ở thẻ «Lập dự thảo» để so với số liệu đã lưu."))
            return False
        try:
            if self.compare_box.isChecked():
                checked = check_report(path, self.ctx.db, self.unit_box.currentData(), self.period_edit.text())
            else:
                checked = check_report(path)
        except BieumauError as exc:
            QMessageBox.warning(self, tr("Không kiểm tra được"), refusal_text(exc))
            return False
        self.checked, self.path = checked, Path(path)
        self._show_file_label()
        self.text.setPlainText(_document_text(checked.report))
        self.list.clear()
        for finding in checked.findings:
            _, colour = LOOK.get(finding.confidence, ("•", "#eeeeee"))
            item = QListWidgetItem(self._finding_text(finding))
            item.setBackground(QColor(colour))
            item.setToolTip("\n".join(finding.quotes))
            self.list.addItem(item)
        self._highlight(None)
        return True

    def select_finding(self, index: int) -> None:
        if 0 <= index < len(self.findings):
            self._highlight(index)

    def _highlight(self, selected: int | None) -> None:
        """Every quoted sentence in its confidence colour; the selected finding's in bold, scrolled to."""
        document: QTextDocument = self.text.document()
        selections = []
        first_cursor = None
        for n, finding in enumerate(self.findings):
            _, colour = LOOK.get(finding.confidence, ("•", "#eeeeee"))
            for quote in finding.quotes:
                cursor = document.find(quote)
                if cursor.isNull():
                    continue
                selection = QTextEdit.ExtraSelection()
                fmt = QTextCharFormat()
                fmt.setBackground(QColor(colour))
                if n == selected:
                    fmt.setFontWeight(700)
                    fmt.setFontUnderline(True)
                    first_cursor = first_cursor or cursor
                selection.format = fmt
                selection.cursor = cursor
                selections.append(selection)
        self.text.setExtraSelections(selections)
        if first_cursor is not None:
            moved = QTextCursor(first_cursor)
            moved.clearSelection()
            self.text.setTextCursor(moved)
            self.text.ensureCursorVisible()

    def highlighted_texts(self) -> list[str]:
        return [s.cursor.selectedText() for s in self.text.extraSelections()]

    # --- draft ----------------------------------------------------------------------------------
    def _draft_tab(self, unit: str | None, period: str | None) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        self.unit_label = QLabel()
        row.addWidget(self.unit_label)
        self.unit_box = QComboBox()
        for u in sorted(self.ctx.units, key=lambda u: (u.level != "so", u.level != "huyen", u.code)):
            if u.level in ("so", "huyen", "tinh"):
                self.unit_box.addItem(f"{u.name} ({u.code})", u.code)
        default = unit if unit and self.unit_box.findData(unit) >= 0 else None
        if default is None:
            default = next((u.code for u in self.ctx.units if u.level == "so"), None)
        if default is not None:
            self.unit_box.setCurrentIndex(self.unit_box.findData(default))
        row.addWidget(self.unit_box, 1)
        self.period_label = QLabel()
        row.addWidget(self.period_label)
        self.period_edit = QLineEdit(period or "")
        row.addWidget(self.period_edit)
        layout.addLayout(row)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self._choose_draft_path)
        layout.addWidget(self.save_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.draft_status = QLabel()
        self.draft_status.setWordWrap(True)
        layout.addWidget(self.draft_status)
        layout.addStretch(1)
        return page

    def _show_draft_status(self) -> None:
        said, detail = self._draft_said
        if said == "saved":
            self.draft_status.setText(arg(tr("Đã lưu dự thảo vào %1."), detail))
        elif said == "refused":
            self.draft_status.setText(str(detail))
        else:
            self.draft_status.setText(tr("Dự thảo dùng mẫu mặc định theo loại kỳ (quý, 6 tháng, năm); "
                                         "chỗ tô vàng là chỗ người viết cần bổ sung."))

    def _choose_draft_path(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Lưu dự thảo báo cáo"), "bao-cao.docx", tr("Word (*.docx)"))
        if path:
            self.save_draft(Path(path))

    def save_draft(self, path: Path) -> bool:
        try:
            draft = draft_report(self.ctx.db, self.unit_box.currentData(), self.period_edit.text(), path)
        except BieumauError as exc:
            self._draft_said = ("refused", refusal_text(exc))
            self._show_draft_status()
            return False
        self._draft_said = ("saved", draft.path)
        self._show_draft_status()
        return True


def _document_text(report) -> str:
    """Paragraphs, then each table as rows "a | b | c" — the same form the findings quote."""
    from reports.checks.base import row_quote

    blocks: list[str] = []
    tables = {}
    for table in report.tables:
        tables.setdefault(table.paragraph, []).append(table)
    for n in range(len(report.paragraphs) + 1):
        for table in tables.get(n, []):
            blocks.append("\n".join(row_quote(r) for r in table.rows))
        if n < len(report.paragraphs):
            blocks.append(report.paragraphs[n])
    return "\n\n".join(blocks)


def show_report_window(main_window) -> ReportWindow:
    period = main_window.period_box.currentData()
    window = ReportWindow(main_window.ctx, main_window, unit=main_window.current_unit(),
                          period=getattr(period, "code", period))
    window.setWindowFlag(Qt.WindowType.Window, True)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    window.show()
    return window
