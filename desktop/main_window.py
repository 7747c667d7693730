"""The main window: pick a unit (tree), a period and a form; fill it in the grid; see every problem."""

from __future__ import annotations

import textwrap
from datetime import date, datetime

from PySide6.QtCore import QByteArray, QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QActionGroup, QBrush, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStyle,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.change_bus import change_bus
from desktop.grid_model import FormTableModel
from desktop.grid_view import FormGridView
from desktop.i18n import (
    LANGUAGE_MENU_TITLE,
    LANGUAGE_NAMES,
    LANGUAGES,
    Retranslating,
    arg,
    level_text,
    period_name,
    refusal_text,
    tr,
)
from desktop.panels import Banner, CellPanel, ViolationsPanel
from forms.errors import BieumauError
from forms.periods import Period, parse_period, periods_of_year
from operations.changes import OpChanges
from operations.clock import local
from operations.context import AppContext
from operations.document import FormDocument, WriteOutcome

FIRST_YEAR = 2021
LAYOUT_SETTING = "entry_window_layout"
UNIT_LINE = 22  # characters per line of a unit's name in the tree


def is_returned(status) -> bool:
    """Sent back by a reviewer and not yet checked again: the status a return leaves, with its reason
    (a value typed since keeps both; marking the form checked clears them)."""
    from storage.review import RETURNED_TO

    return status.status == RETURNED_TO and bool(status.reason)


def _same_time_in(kind: str, asked: Period) -> str | None:
    """The period of ``kind`` that ends with or contains the end of ``asked`` (Quý II/2024 → 6 tháng đầu năm
    2024 for a half-yearly form); None when the kind has no period there."""
    candidates = [p for p in periods_of_year(kind, asked.end.year) if p.start <= asked.end <= p.end]
    return candidates[0].code if candidates else None


class MainWindow(Retranslating, QMainWindow):
    def __init__(self, ctx: AppContext, place: tuple[str | None, str | None, str | None] | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.doc: FormDocument | None = None
        self.model: FormTableModel | None = None
        self._fit_to_screen()

        self.units_tree = QTreeWidget()
        # long names and end dates go onto more lines (and the column follows its content, scrolling
        # sideways in a narrow dock) rather than being cut
        self.units_tree.setIndentation(14)
        self.units_tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.units_tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.units_tree.header().setStretchLastSection(False)
        self._fill_units()
        self.units_tree.currentItemChanged.connect(lambda *_: self._place_changed())
        units_dock = self.units_dock = QDockWidget(self)
        units_dock.setObjectName("units")
        units_dock.setWidget(self.units_tree)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, units_dock)

        self.form_box = QComboBox()
        # a long title is elided (full text in the tooltip), never widening the window
        self.form_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.form_box.setMinimumContentsLength(30)
        self.form_box.view().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.period_box = QComboBox()
        self.period_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.period_box.setMinimumContentsLength(16)
        toolbar = self.place_toolbar = QToolBar(self)
        toolbar.setObjectName("place")
        toolbar.setMovable(False)
        self.form_label, self.period_label = QLabel(), QLabel()
        toolbar.addWidget(self.form_label)
        toolbar.addWidget(self.form_box)
        toolbar.addWidget(self.period_label)
        toolbar.addWidget(self.period_box)
        self.addToolBar(toolbar)

        self.banner = Banner()
        self.banner.hide()
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.heading.setStyleSheet("QLabel { font-size: 15px; font-weight: bold; padding: 4px 2px; }")
        self.grid = FormGridView()
        self.grid.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.banner)
        layout.addWidget(self.grid)
        self.setCentralWidget(central)

        self.violations = ViolationsPanel()
        self.violations.cells_chosen.connect(self.select_cells)
        violations_dock = self.violations_dock = QDockWidget(self)
        violations_dock.setObjectName("violations")
        violations_dock.setWidget(self.violations)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, violations_dock)
        self.cell_panel = CellPanel()
        self.cell_panel.edited.connect(self._comment_edited)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._keep_pending)
        cell_dock = self.cell_dock = QDockWidget(self)
        cell_dock.setObjectName("cell")
        cell_dock.setWidget(self.cell_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, cell_dock)
        self.default_layout()

        self.saved_label = QLabel()
        self.counts_label = QLabel()
        self.statusBar().addPermanentWidget(self.counts_label)
        self.statusBar().addPermanentWidget(self.saved_label)
        self._build_menus()
        self._restore_layout()
        change_bus().changed.connect(self._changes_published)
        self.retranslate()

        self.form_box.currentIndexChanged.connect(lambda *_: self._form_changed())
        self.period_box.currentIndexChanged.connect(lambda *_: self._open_current())
        if place and any(place):
            # what was not given (say only --period) comes from where the user last worked
            last = self.ctx.settings.get("last_place") or {}
            self.open_place(*(given or last.get(key) for given, key in zip(place, ("unit", "form", "period"))))
        else:
            self._restore_last_place()

    def _fit_to_screen(self) -> None:
        """1400×820 where there is room; on a 1366×768 office screen, what the screen offers."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(1400, 820)
            return
        room = screen.availableGeometry()
        self.resize(min(1400, room.width() - 20), min(820, room.height() - 40))

    def default_layout(self) -> None:
        """Every dock shown, in widths that leave the grid most of a 1366-px screen."""
        for dock in (self.units_dock, self.violations_dock, self.cell_dock):
            dock.show()
        wide = self.width() >= 1500
        self.resizeDocks([self.units_dock, self.violations_dock], [250 if wide else 200, 400 if wide else 290],
                         Qt.Orientation.Horizontal)

    def _restore_layout(self) -> None:
        """The docks and window size as the user left them, never larger than this screen."""
        saved = self.ctx.settings.get(LAYOUT_SETTING) or {}
        try:
            if saved.get("geometry"):
                self.restoreGeometry(QByteArray.fromBase64(saved["geometry"].encode("ascii")))
            if saved.get("state"):
                self.restoreState(QByteArray.fromBase64(saved["state"].encode("ascii")))
        except (AttributeError, TypeError, UnicodeError):
            return
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None and not self.isMaximized():
            room = screen.availableGeometry()
            self.resize(min(self.width(), room.width()), min(self.height(), room.height()))

    def save_layout(self) -> None:
        self.ctx.settings.set(LAYOUT_SETTING, {
            "geometry": bytes(self.saveGeometry().toBase64()).decode("ascii"),
            "state": bytes(self.saveState().toBase64()).decode("ascii"),
        })

    def closeEvent(self, event) -> None:
        self.grid.commit_editing()
        self.cell_panel.commit()
        self.save_layout()
        super().closeEvent(event)

    # --- menus ------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = file_menu = bar.addMenu("")
        self.export_action = file_menu.addAction("")
        self.template_action = file_menu.addAction("")
        self.pdf_action = file_menu.addAction("")
        self.import_action = file_menu.addAction("")
        file_menu.addSeparator()
        self.quit_action = file_menu.addAction("")
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.export_action.triggered.connect(self.export_submission)
        self.template_action.triggered.connect(self.export_template)
        self.pdf_action.triggered.connect(self.export_pdf)
        self.import_action.triggered.connect(self.import_workbooks)

        self.edit_menu = edit_menu = bar.addMenu("")
        self.undo_action = QAction(self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(lambda: self.model and self.model.undo_stack.undo())
        self.redo_action = QAction(self)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence.StandardKey.Redo])
        self.redo_action.triggered.connect(lambda: self.model and self.model.undo_stack.redo())
        self.copy_action = QAction(self)
        self.copy_action.triggered.connect(self.grid.copy_selection)
        self.paste_action = QAction(self)
        self.paste_action.triggered.connect(lambda: self.grid.paste(QGuiApplication.clipboard().text()))
        self.clear_action = QAction(self)
        self.clear_action.triggered.connect(self.grid.clear_selection)
        for action in (self.undo_action, self.redo_action, self.copy_action, self.paste_action, self.clear_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            edit_menu.addAction(action)

        self.form_menu = form_menu = bar.addMenu("")
        self.recheck_action = form_menu.addAction("")
        self.recheck_action.setShortcut(QKeySequence("F9"))
        self.recheck_action.triggered.connect(self._open_current)
        self.checked_action = form_menu.addAction("")
        self.checked_action.triggered.connect(self.mark_checked)

        self.consolidation_menu = consolidation_menu = bar.addMenu("")
        self.merge_action = consolidation_menu.addAction("")
        self.merge_action.triggered.connect(self.merge_submissions)
        self.consolidate_action = consolidation_menu.addAction("")
        self.consolidate_action.triggered.connect(self.consolidate)

        self.overview_menu = overview_menu = bar.addMenu("")
        self.dashboard_action = overview_menu.addAction("")
        self.dashboard_action.triggered.connect(self.open_dashboard)
        self.charts_action = overview_menu.addAction("")
        self.charts_action.triggered.connect(self.open_charts)
        self.approval_action = overview_menu.addAction("")
        self.approval_action.triggered.connect(self.open_approval)
        self.report_action = overview_menu.addAction("")
        self.report_action.triggered.connect(self.open_report_window)
        overview_menu.addSeparator()
        self.units_action = overview_menu.addAction("")
        self.units_action.triggered.connect(self.import_units)
        self.form_update_action = overview_menu.addAction("")
        self.form_update_action.triggered.connect(self.update_form)

        self.view_menu = view_menu = bar.addMenu("")
        for dock in (self.units_dock, self.violations_dock, self.cell_dock):
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        self.layout_action = view_menu.addAction("")
        self.layout_action.triggered.connect(self.default_layout)

        self.settings_menu = settings_menu = bar.addMenu("")
        self.my_unit_action = settings_menu.addAction("")
        self.my_unit_action.triggered.connect(self.choose_my_unit)
        # written in both languages, so whoever cannot read the current one still finds the switch
        language_menu = settings_menu.addMenu(LANGUAGE_MENU_TITLE)
        group = QActionGroup(self)
        group.setExclusive(True)
        self.language_actions: list[QAction] = []
        for lang in LANGUAGES:
            action = language_menu.addAction(LANGUAGE_NAMES[lang])
            action.setData(lang)
            action.setCheckable(True)
            action.setChecked(lang == self.ctx.lang)
            group.addAction(action)
            action.triggered.connect(lambda _checked=False, lang=lang: self.set_language(lang))
            self.language_actions.append(action)

        self.help_menu = help_menu = bar.addMenu("")
        self.about_action = help_menu.addAction("")
        self.about_action.triggered.connect(self.about)

    def retranslate(self) -> None:
        """Every text of the window in the interface language; the checks rendered again in it."""
        self.units_tree.setHeaderLabels([tr("Đơn vị báo cáo")])
        self.units_dock.setWindowTitle(tr("Đơn vị"))
        self.violations_dock.setWindowTitle(tr("Kiểm tra số liệu"))
        self.cell_dock.setWindowTitle(tr("Ô đang chọn"))
        self.place_toolbar.setWindowTitle(tr("Chọn biểu mẫu"))
        self.form_label.setText(tr(" Biểu mẫu: "))
        self.period_label.setText(tr("   Kỳ báo cáo: "))
        self.file_menu.setTitle(tr("&Tệp"))
        self.export_action.setText(tr("Xuất bộ số liệu nộp lên (Excel)…"))
        self.template_action.setText(tr("Tạo mẫu nhập liệu Excel…"))
        self.pdf_action.setText(tr("In bản giấy (PDF)…"))
        self.import_action.setText(tr("Nhập số liệu từ tệp Excel…"))
        self.quit_action.setText(tr("Thoát"))
        self.edit_menu.setTitle(tr("&Sửa"))
        self.undo_action.setText(tr("Hoàn tác"))
        self.redo_action.setText(tr("Làm lại"))
        self.copy_action.setText(tr("Sao chép"))
        self.paste_action.setText(tr("Dán"))
        self.clear_action.setText(tr("Xóa ô đã chọn"))
        self.form_menu.setTitle(tr("&Biểu mẫu"))
        self.recheck_action.setText(tr("Kiểm tra lại toàn bộ"))
        self.checked_action.setText(tr("Đánh dấu «Đã kiểm tra»"))
        self.consolidation_menu.setTitle(tr("Tổng &hợp"))
        self.merge_action.setText(tr("Gộp nhiều tệp nộp lên (cả thư mục)…"))
        self.consolidate_action.setText(tr("Tổng hợp từ đơn vị cấp dưới…"))
        self.overview_menu.setTitle(tr("&Tổng quan"))
        self.dashboard_action.setText(tr("Tình hình nộp báo cáo…"))
        self.charts_action.setText(tr("Biểu đồ chỉ tiêu…"))
        self.approval_action.setText(tr("Duyệt và khóa số liệu…"))
        self.report_action.setText(tr("Báo cáo thuyết minh…"))
        self.units_action.setText(tr("Nhập danh mục đơn vị…"))
        self.form_update_action.setText(tr("Cập nhật định nghĩa biểu mẫu…"))
        self.view_menu.setTitle(tr("&Xem"))
        self.layout_action.setText(tr("Bố cục mặc định"))
        self.settings_menu.setTitle(tr("&Cài đặt"))
        self.my_unit_action.setText(tr("Đơn vị của tôi…"))
        self.help_menu.setTitle(tr("Trợ &giúp"))
        self.about_action.setText(tr("Giới thiệu bieumau"))
        for action in self.language_actions:
            action.setChecked(action.data() == self.ctx.lang)
        if self.model is not None:
            self.model.retranslate()
            self.grid.resizeRowsToContents()  # translated cell texts (Có/Không, Đạt …) may wrap differently
        self._show_place()
        self._show_banner()
        self._show_counts()
        self._show_last_saved()
        if self.doc is not None:
            self.violations.show_document(self.doc)
            self.cell_panel.show_history()  # not show_cell: a note being written stays as it is

    # --- units, forms, periods ---------------------------------------------------------------
    def _fill_units(self) -> None:
        self.units_tree.clear()
        self._unit_items: dict[str, QTreeWidgetItem] = {}

        def add(unit, parent_item) -> None:
            label = textwrap.fill(unit.name, UNIT_LINE, break_long_words=False)
            if unit.valid_to:
                label += "\n" + arg(tr("(đến %1)"), f"{unit.valid_to:%d/%m/%Y}")
            item = QTreeWidgetItem([label])
            item.setData(0, Qt.ItemDataRole.UserRole, unit.code)
            item.setToolTip(0, f"{unit.name}\n" + arg(tr("Mã: %1 · Cấp: %2"), unit.code, level_text(unit.level)))
            if parent_item is None:
                self.units_tree.addTopLevelItem(item)
            else:
                parent_item.addChild(item)
            self._unit_items[unit.code] = item
            for child in self.ctx.units.children(unit.code):
                add(child, item)

        for root in self.ctx.units.roots():
            add(root, None)
        self.units_tree.expandToDepth(0)
        self._grey_units(self.doc.period if self.doc is not None else None)

    def _grey_units(self, period: Period | None) -> None:
        """Grey the units that did not exist during ``period`` (today when none is chosen)."""
        start, end = (period.start, period.end) if period is not None else (date.today(), date.today())
        for code, item in self._unit_items.items():
            unit = self.ctx.units[code]
            item.setForeground(0, QBrush() if unit.active_during(start, end) else QBrush(Qt.GlobalColor.darkGray))

    def current_unit(self) -> str | None:
        item = self.units_tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else None

    def _fill_forms(self) -> None:
        unit_code = self.current_unit()
        unit = self.ctx.units.get(unit_code) if unit_code else None
        self.form_box.clear()
        for form in sorted(self.ctx.catalogue.values(), key=lambda f: f.id):
            if unit is None or unit.level in form.levels:
                self.form_box.addItem(f"{form.id} — {form.title}", form.id)
                self.form_box.setItemData(self.form_box.count() - 1, f"{form.id} — {form.title}",
                                          Qt.ItemDataRole.ToolTipRole)

    def _fill_periods(self) -> None:
        form_id = self.form_box.currentData()
        self.period_box.clear()
        if form_id:
            form = self.ctx.catalogue[form_id]
            for year in range(date.today().year, FIRST_YEAR - 1, -1):
                # every period type the form accepts, latest end first, the default type first on a tie
                periods = [p for kind in form.period_kinds for p in periods_of_year(kind, year)]
                for period in sorted(periods, key=lambda p: (p.end, p.kind == form.period), reverse=True):
                    self.period_box.addItem(period_name(period), period.code)

    def _place_changed(self) -> None:
        previous = self.form_box.currentData()
        self.form_box.blockSignals(True)
        self._fill_forms()
        self.form_box.setCurrentIndex(max(self.form_box.findData(previous), 0))
        self.form_box.blockSignals(False)
        self._form_changed()

    def _form_changed(self) -> None:
        previous = self.period_box.currentData()
        self.period_box.blockSignals(True)
        self._fill_periods()
        index = self.period_box.findData(previous)
        if index < 0:
            index = self._latest_finished_period_index()
        self.period_box.setCurrentIndex(max(index, 0))
        self.period_box.blockSignals(False)
        self._open_current()

    def _latest_finished_period_index(self) -> int:
        today = date.today()
        for i in range(self.period_box.count()):
            if parse_period(self.period_box.itemData(i)).end < today:
                return i
        return 0

    def _restore_last_place(self) -> None:
        last = self.ctx.settings.get("last_place") or {}
        self.open_place(last.get("unit"), last.get("form"), last.get("period"))

    def open_place(self, unit: str | None, form_id: str | None, period: str | None) -> None:
        """Select a unit, form and period (any may be None) and open the form."""
        item = self._unit_items.get(unit or "")
        if item is None:
            for code, candidate in self._unit_items.items():
                if self.ctx.units[code].level == "so":
                    item = candidate
                    break
        if item is not None:
            self.units_tree.blockSignals(True)
            self.units_tree.setCurrentItem(item)
            self.units_tree.blockSignals(False)
            self.units_tree.scrollToItem(item)
        self.form_box.blockSignals(True)
        self.period_box.blockSignals(True)
        self._fill_forms()
        self.form_box.setCurrentIndex(max(self.form_box.findData(form_id), 0))
        self._fill_periods()
        code = parse_period(period).code if period else None
        form = self.ctx.catalogue.get(self.form_box.currentData())
        if code and form is not None and not form.accepts(parse_period(code).kind):
            code = _same_time_in(form.period, parse_period(code))
        if code and self.period_box.findData(code) < 0:
            self.period_box.addItem(period_name(parse_period(code)), code)
        index = self.period_box.findData(code) if code else self._latest_finished_period_index()
        self.period_box.setCurrentIndex(max(index, 0))
        self.form_box.blockSignals(False)
        self.period_box.blockSignals(False)
        self._open_current()

    # --- the open form ----------------------------------------------------------------------
    def _open_current(self) -> None:
        unit = self.current_unit()
        form_id = self.form_box.currentData()
        period = self.period_box.currentData()
        if not (unit and form_id and period):
            return
        self.open_form(unit, form_id, period)

    def open_form(self, unit: str, form_id: str, period: str) -> None:
        self._keep_pending()  # into the form being left, before its model goes
        form = self.ctx.catalogue[form_id]
        try:
            doc = FormDocument(self.ctx, form, unit, period)
        except BieumauError as exc:  # e.g. a unit's login on a server where the province has not loaded the form
            QMessageBox.warning(self, tr("Không mở được biểu mẫu"), refusal_text(exc))
            return
        self.doc = doc
        self.model = FormTableModel(self.doc, self)
        self.model.saved.connect(self._saved)
        self.model.comment_saved.connect(self._comment_saved)
        self.model.written.connect(self._written)
        self.model.conflict.connect(lambda text: QMessageBox.warning(self, tr("Số liệu vừa bị thay đổi"), tr(text)))
        self.grid.setModel(self.model)
        self.grid.selectionModel().currentChanged.connect(self._current_cell_changed)
        self._grey_units(self.doc.period)
        self._show_place()
        self._show_banner()
        self.ctx.settings.set("last_place", {"unit": unit, "form": form_id, "period": self.doc.period.code})
        self.violations.show_document(self.doc)
        self._show_counts()
        self._show_last_saved()
        # the cell the grid selected on opening is the panel's cell too (setModel chose it before any signal)
        self._current_cell_changed(self.grid.currentIndex(), None)

    def _show_place(self) -> None:
        if self.doc is None:
            self.setWindowTitle(tr("bieumau — Nhập và kiểm tra biểu mẫu báo cáo"))
            return
        form, unit, period = self.doc.form, self.ctx.units[self.doc.unit], self.doc.period
        self.heading.setText(f"{form.id} · {form.title.upper()} — {unit.name} — {period_name(period)}")
        self.setWindowTitle(f"{form.id} — {unit.name} — {period_name(period)} · bieumau")
        self.form_box.setToolTip(f"{form.id} — {form.title}")  # the whole title the picker may elide

    def _show_last_saved(self) -> None:
        if self.doc is None:
            self.saved_label.setText("")
        elif self.doc.last_saved:
            self.saved_label.setText(arg(tr("Dữ liệu lưu lần cuối: %1"), f"{self.doc.last_saved:%d/%m/%Y %H:%M}"))
        else:
            self.saved_label.setText(tr("Chưa có số liệu"))

    def _changes_published(self, changes: OpChanges) -> None:
        """Another window or an operation changed data: read the open form again when it is concerned
        (imports, merges, consolidation, approvals, even when started from this window's menus); the
        writes of its open document it already shows."""
        if changes.units and changes.origin is not self:
            self._fill_units()  # a new unit list: the tree again, and the clerk back where they were
            self._restore_last_place()
            return
        if changes.forms:  # a new form definition: the form list again, the open form in its new version
            self._place_changed()
            return
        doc = self.doc
        if doc is None or changes.origin is doc or (changes.origin is self and not (changes.values or changes.statuses)):
            return
        if changes.touches(doc.form.id, doc.unit, doc.period.code):
            self.open_form(doc.unit, doc.form.id, doc.period.code)

    def _show_banner(self) -> None:
        """Approved: read only. Returned: who sent it back, when and why, until it is checked again."""
        status = self.doc.status if self.doc is not None else None
        if status is None:
            self.banner.hide()
            return
        when = f"{local(status.changed_at):%d/%m/%Y %H:%M}" if status.changed_at else ""
        if status.locked:
            self.banner.show_message(QStyle.StandardPixmap.SP_MessageBoxInformation, arg(tr(
                "Kỳ báo cáo này đã được duyệt (%1 %2) nên chỉ xem, không sửa được. "
                "Muốn sửa, đề nghị cấp trên mở khóa (cần nêu lý do)."
            ), status.user or "", when))
        elif is_returned(status):
            self.banner.show_message(QStyle.StandardPixmap.SP_MessageBoxWarning, arg(tr(
                "Biểu mẫu đã bị trả lại bởi %1 lúc %2. Lý do: %3 — Sửa theo yêu cầu rồi đánh dấu «Đã kiểm tra»."
            ), status.user or "", when, status.reason or ""))
        else:
            self.banner.hide()

    def _saved(self, when: datetime) -> None:
        self.saved_label.setText(arg(tr("✓ Đã lưu lúc %1"), f"{when:%H:%M:%S}"))

    def _written(self, outcome: WriteOutcome) -> None:
        """A write of the open form: the check list by the write's delta, the counts, the cell panel, and
        the change told to the other windows."""
        self.violations.apply_delta(outcome.added, outcome.removed, outcome.cells)
        self._show_counts()
        self._current_cell_changed(self.grid.currentIndex(), None)
        change_bus().publish(outcome.changes)

    def _show_counts(self) -> None:
        if self.doc is None:
            self.counts_label.setText("")
            return
        errors, warnings = self.doc.counts()
        self.counts_label.setText(arg(tr("%1 lỗi · %2 cảnh báo"), errors, warnings))

    def _comment_edited(self, key, kind: str, text: str) -> None:
        if self.model is not None and self.doc is self.cell_panel.doc:
            self.model.edit_comment(key, kind, text)
        elif self.cell_panel.doc is not None:  # a form already closed: stored all the same
            change_bus().publish(self.cell_panel.doc.set_note(key[0], key[1], text, kind).changes)

    def _comment_saved(self, key, when: datetime) -> None:
        self.statusBar().showMessage(arg(tr("✓ Đã lưu ghi chú lúc %1"), f"{when:%H:%M:%S}"), 8000)
        self._saved(when)
        if self.cell_panel.key == key:
            self.cell_panel.show_texts()

    def _keep_pending(self) -> None:
        """The app quits: what is being typed is stored first, as leaving the field would."""
        self.grid.commit_editing()
        self.cell_panel.commit()

    def _current_cell_changed(self, current, _previous) -> None:
        if self.model is None:
            return
        key = self.model.cell_key(current) if current is not None else None
        self.cell_panel.show_cell(self.doc, key if key and key[1] else None)

    def select_cells(self, cells: list[tuple[str, str]]) -> None:
        if self.model is None:
            return
        selection = QItemSelection()
        first = None
        for key in cells:
            index = self.model.index_of(tuple(key))  # type: ignore[arg-type]
            if index.isValid():
                selection.select(index, index)
                first = first or index
        if first is not None:
            self.grid.setCurrentIndex(first)
            self.grid.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.grid.scrollTo(first)
            self.grid.setFocus()

    def mark_checked(self) -> None:
        if self.doc is None:
            return
        self._keep_pending()  # a justification still being typed counts
        ok, message, changes = self.doc.mark_checked()
        self._show_banner()
        change_bus().publish(changes)
        (QMessageBox.information if ok else QMessageBox.warning)(self, tr("Kiểm tra biểu mẫu"), tr(message))

    # --- workbooks ----------------------------------------------------------------------------
    def export_submission(self) -> None:
        from desktop.workbook_actions import export_submission

        export_submission(self)

    def export_template(self) -> None:
        from desktop.workbook_actions import export_template

        export_template(self)

    def export_pdf(self) -> None:
        from desktop.workbook_actions import export_pdf

        export_pdf(self)

    def import_workbooks(self) -> None:
        from desktop.workbook_actions import import_workbooks

        import_workbooks(self)

    def merge_submissions(self) -> None:
        from desktop.consolidation_actions import merge_submissions

        merge_submissions(self)

    def consolidate(self) -> None:
        from desktop.consolidation_actions import consolidate_open_unit

        consolidate_open_unit(self)

    def about(self) -> None:
        from operations.version import version

        QMessageBox.about(
            self,
            tr("Giới thiệu bieumau"),
            arg(tr("<b>bieumau %1</b><br>Nhập, kiểm tra và tổng hợp biểu mẫu báo cáo chỉ tiêu.<br>"
                   "Cơ sở dữ liệu: %2"), version(), self.ctx.db.url),
        )

    # --- settings: language, my unit ------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        """Switch the interface language now; the choice is kept for the next start."""
        from desktop.application import switch_language

        self.grid.commit_editing()  # the value being typed is stored, as leaving the cell would
        switch_language(QApplication.instance(), self.ctx, lang)
        self.statusBar().showMessage(tr("Giao diện đã chuyển sang tiếng Việt.") if lang == "vi"
                                     else tr("Giao diện đã chuyển sang tiếng Anh."), 8000)

    def choose_my_unit(self) -> None:
        from desktop.my_unit import choose_my_unit

        if choose_my_unit(self.ctx, self) is None:
            return
        # the windows that show units from where the user stands (dashboard, approval) listen for this
        change_bus().publish(OpChanges(units=True, origin=self))

    # --- the workspace around the grid: dashboard, approval, charts, administration ------------
    def open_dashboard(self) -> None:
        from desktop.dashboard import show_dashboard

        show_dashboard(self)

    def open_report_window(self) -> None:
        from desktop.report_window import show_report_window

        show_report_window(self)

    def open_approval(self) -> None:
        from desktop.approval import show_approval

        show_approval(self)

    def import_units(self) -> None:
        from desktop.admin_dialogs import show_unit_import

        show_unit_import(self)

    def update_form(self) -> None:
        from desktop.admin_dialogs import show_form_update

        show_form_update(self)

    def open_charts(self) -> None:
        from desktop.charts import show_charts

        show_charts(self)
