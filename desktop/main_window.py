"""The main window: pick a unit (tree), a period and a form; fill it in the grid; see every problem."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.form_document import FormDocument
from desktop.grid_model import FormTableModel
from desktop.grid_view import FormGridView
from desktop.panels import CellPanel, ViolationsPanel
from desktop.translation import LANGUAGE_MENU_TITLE, LANGUAGE_NAMES, LANGUAGES, tr
from forms.periods import Period, parse_period, periods_of_year
from forms.units import LEVEL_NAMES_VI

FIRST_YEAR = 2021


def _same_time_in(kind: str, asked: Period) -> str | None:
    """The period of ``kind`` that ends with or contains the end of ``asked`` (Quý II/2024 → 6 tháng đầu năm
    2024 for a half-yearly form); None when the kind has no period there."""
    candidates = [p for p in periods_of_year(kind, asked.end.year) if p.start <= asked.end <= p.end]
    return candidates[0].code if candidates else None


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, place: tuple[str | None, str | None, str | None] | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.doc: FormDocument | None = None
        self.model: FormTableModel | None = None
        self.last_import: list = []
        self.setWindowTitle("bieumau — Nhập và kiểm tra biểu mẫu báo cáo")
        self._fit_to_screen()

        self.units_tree = QTreeWidget()
        self.units_tree.setHeaderLabels(["Đơn vị báo cáo"])
        self.units_tree.setMinimumWidth(200)
        self._fill_units()
        self.units_tree.currentItemChanged.connect(lambda *_: self._place_changed())
        units_dock = QDockWidget("Đơn vị", self)
        units_dock.setObjectName("units")
        units_dock.setWidget(self.units_tree)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, units_dock)

        self.form_box = QComboBox()
        self.form_box.setMinimumContentsLength(38)
        self.period_box = QComboBox()
        self.period_box.setMinimumContentsLength(20)
        toolbar = QToolBar("Chọn biểu mẫu", self)
        toolbar.setObjectName("place")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" Biểu mẫu: "))
        toolbar.addWidget(self.form_box)
        toolbar.addWidget(QLabel("   Kỳ báo cáo: "))
        toolbar.addWidget(self.period_box)
        self.addToolBar(toolbar)

        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "QLabel { background: #fff3cd; color: #5c4400; padding: 6px; border: 1px solid #e0c36a; }"
        )
        self.banner.hide()
        self.heading = QLabel()
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
        self.violations.setMinimumWidth(300)
        violations_dock = QDockWidget("Kiểm tra số liệu", self)
        violations_dock.setObjectName("violations")
        violations_dock.setWidget(self.violations)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, violations_dock)
        self.cell_panel = CellPanel()
        self.cell_panel.saved.connect(self._notes_saved)
        cell_dock = QDockWidget("Ô đang chọn", self)
        cell_dock.setObjectName("cell")
        cell_dock.setWidget(self.cell_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, cell_dock)
        wide = self.width() >= 1500
        self.resizeDocks([units_dock, violations_dock], [260 if wide else 210, 400 if wide else 320],
                         Qt.Orientation.Horizontal)

        self.saved_label = QLabel()
        self.counts_label = QLabel()
        self.statusBar().addPermanentWidget(self.counts_label)
        self.statusBar().addPermanentWidget(self.saved_label)
        self._build_menus()

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

    # --- menus ------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&Tệp")
        self.export_action = file_menu.addAction("Xuất bộ số liệu nộp lên (Excel)…")
        self.template_action = file_menu.addAction("Tạo mẫu nhập liệu Excel…")
        self.import_action = file_menu.addAction("Nhập số liệu từ tệp Excel…")
        file_menu.addSeparator()
        quit_action = file_menu.addAction("Thoát")
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.export_action.triggered.connect(self.export_submission)
        self.template_action.triggered.connect(self.export_template)
        self.import_action.triggered.connect(self.import_workbooks)

        edit_menu = bar.addMenu("&Sửa")
        self.undo_action = QAction("Hoàn tác", self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(lambda: self.model and self.model.undo_stack.undo())
        self.redo_action = QAction("Làm lại", self)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence.StandardKey.Redo])
        self.redo_action.triggered.connect(lambda: self.model and self.model.undo_stack.redo())
        copy_action = QAction("Sao chép", self)
        copy_action.triggered.connect(self.grid.copy_selection)
        paste_action = QAction("Dán", self)
        paste_action.triggered.connect(lambda: self.grid.paste(QGuiApplication.clipboard().text()))
        clear_action = QAction("Xóa ô đã chọn", self)
        clear_action.triggered.connect(self.grid.clear_selection)
        for action in (self.undo_action, self.redo_action, copy_action, paste_action, clear_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            edit_menu.addAction(action)

        form_menu = bar.addMenu("&Biểu mẫu")
        recheck = form_menu.addAction("Kiểm tra lại toàn bộ")
        recheck.setShortcut(QKeySequence("F9"))
        recheck.triggered.connect(self._open_current)
        checked = form_menu.addAction("Đánh dấu «Đã kiểm tra»")
        checked.triggered.connect(self.mark_checked)

        consolidation_menu = bar.addMenu("Tổng &hợp")
        consolidation_menu.addAction("Gộp nhiều tệp nộp lên (cả thư mục)…").triggered.connect(self.merge_submissions)
        consolidation_menu.addAction("Tổng hợp từ đơn vị cấp dưới…").triggered.connect(self.consolidate)

        overview_menu = bar.addMenu("&Tổng quan")
        overview_menu.addAction("Tình hình nộp báo cáo…").triggered.connect(self.open_dashboard)
        overview_menu.addAction("Biểu đồ chỉ tiêu…").triggered.connect(self.open_charts)
        overview_menu.addAction("Duyệt và khóa số liệu…").triggered.connect(self.open_approval)
        overview_menu.addAction("Báo cáo thuyết minh…").triggered.connect(self.open_report_window)
        overview_menu.addSeparator()
        overview_menu.addAction("Nhập danh mục đơn vị…").triggered.connect(self.import_units)
        overview_menu.addAction("Cập nhật định nghĩa biểu mẫu…").triggered.connect(self.update_form)

        settings_menu = bar.addMenu("&Cài đặt")
        settings_menu.addAction("Đơn vị của tôi…").triggered.connect(self.choose_my_unit)
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

        help_menu = bar.addMenu("Trợ &giúp")
        about = help_menu.addAction("Giới thiệu bieumau")
        about.triggered.connect(self.about)

    # --- units, forms, periods ---------------------------------------------------------------
    def _fill_units(self) -> None:
        self.units_tree.clear()
        self._unit_items: dict[str, QTreeWidgetItem] = {}

        def add(unit, parent_item) -> None:
            label = unit.name
            if unit.valid_to:
                label += f" (đến {unit.valid_to:%d/%m/%Y})"
            item = QTreeWidgetItem([label])
            item.setData(0, Qt.ItemDataRole.UserRole, unit.code)
            item.setToolTip(0, f"{unit.name}\nMã: {unit.code} · Cấp: {LEVEL_NAMES_VI.get(unit.level, unit.level)}")
            if unit.valid_to and unit.valid_to < date.today():
                item.setForeground(0, Qt.GlobalColor.darkGray)
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

    def _fill_periods(self) -> None:
        form_id = self.form_box.currentData()
        self.period_box.clear()
        if form_id:
            kind = self.ctx.catalogue[form_id].period
            for year in range(date.today().year, FIRST_YEAR - 1, -1):
                for period in reversed(periods_of_year(kind, year)):
                    self.period_box.addItem(period.name_vi, period.code)

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
        if code and form is not None and parse_period(code).kind != form.period:
            code = _same_time_in(form.period, parse_period(code))
        if code and self.period_box.findData(code) < 0:
            self.period_box.addItem(parse_period(code).name_vi, code)
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

    def reopen_current(self) -> None:
        """Read the open form again from the database (after an import changed it)."""
        if self.doc is not None:
            self.open_form(self.doc.unit, self.doc.form.id, self.doc.period.code)

    def open_form(self, unit: str, form_id: str, period: str) -> None:
        form = self.ctx.catalogue[form_id]
        self.doc = FormDocument(self.ctx, form, unit, period)
        self.model = FormTableModel(self.doc, self)
        self.model.saved.connect(self._saved)
        self.model.checks_changed.connect(self._checks_changed)
        self.model.conflict.connect(lambda text: QMessageBox.warning(self, "Số liệu vừa bị thay đổi", text))
        self.grid.setModel(self.model)
        self.grid.selectionModel().currentChanged.connect(self._current_cell_changed)
        unit_obj = self.ctx.units[unit]
        period_obj: Period = self.doc.period
        self.heading.setText(f"{form.id} · {form.title.upper()} — {unit_obj.name} — {period_obj.name_vi}")
        self.setWindowTitle(f"{form.id} — {unit_obj.name} — {period_obj.name_vi} · bieumau")
        if self.doc.locked:
            who = self.doc.status.user or ""
            when = self.doc.status.changed_at.strftime("%d/%m/%Y") if self.doc.status.changed_at else ""
            self.banner.setText(
                f"🔒 Kỳ báo cáo này đã được duyệt ({who} {when}) nên chỉ xem, không sửa được. "
                "Muốn sửa, đề nghị cấp trên mở khóa (cần nêu lý do)."
            )
            self.banner.show()
        else:
            self.banner.hide()
        self.ctx.settings.set("last_place", {"unit": unit, "form": form_id, "period": period_obj.code})
        self._checks_changed()
        if self.doc.last_saved:
            self.saved_label.setText(f"Dữ liệu lưu lần cuối: {self.doc.last_saved:%d/%m/%Y %H:%M}")
        else:
            self.saved_label.setText("Chưa có số liệu")
        self.cell_panel.show_cell(self.doc, None)

    def _saved(self, when: datetime) -> None:
        self.saved_label.setText(f"✓ Đã lưu lúc {when:%H:%M:%S}")

    def _checks_changed(self) -> None:
        self.violations.show_document(self.doc)
        if self.doc is not None:
            errors, warnings = self.doc.counts()
            self.counts_label.setText(f"{errors} lỗi · {warnings} cảnh báo")
            self._current_cell_changed(self.grid.currentIndex(), None)

    def _notes_saved(self) -> None:
        self.statusBar().showMessage("Đã lưu ghi chú và giải trình.", 5000)
        if self.model is not None and self.cell_panel.key is not None:
            self.model.emit_cells({self.cell_panel.key})
        self.violations.show_document(self.doc)

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
        ok, message = self.doc.mark_checked()
        (QMessageBox.information if ok else QMessageBox.warning)(self, "Kiểm tra biểu mẫu", message)

    # --- workbooks ----------------------------------------------------------------------------
    def export_submission(self) -> None:
        from desktop.workbook_actions import export_submission

        export_submission(self)

    def export_template(self) -> None:
        from desktop.workbook_actions import export_template

        export_template(self)

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
        from desktop.version import version

        QMessageBox.about(
            self,
            "Giới thiệu bieumau",
            f"<b>bieumau {version()}</b><br>Nhập, kiểm tra và tổng hợp biểu mẫu báo cáo chỉ tiêu.<br>"
            f"Cơ sở dữ liệu: {self.ctx.db.url}",
        )

    # --- settings: language, my unit ------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        """Switch the interface language now; the choice is kept for the next start."""
        from desktop.application import switch_language

        self.grid.commit_editing()  # the value being typed is stored, as leaving the cell would
        switch_language(QApplication.instance(), self.ctx, lang)
        self.statusBar().showMessage(tr("Giao diện đã chuyển sang tiếng Việt.") if lang == "vi"
                                     else tr("Giao diện đã chuyển sang tiếng Anh."), 8000)

    def retranslate(self) -> None:
        """After a language switch: the checks rendered again in the new language (fixed texts are relabelled)."""
        for action in self.language_actions:
            action.setChecked(action.data() == self.ctx.lang)
        if self.doc is not None:
            self.violations.show_document(self.doc)
            self.cell_panel.show_history()  # not show_cell: a note being written stays as it is

    def choose_my_unit(self) -> None:
        from desktop.approval import ApprovalWindow
        from desktop.my_unit import choose_my_unit

        if choose_my_unit(self.ctx, self) is None:
            return
        dashboard = getattr(self, "dashboard_window", None)
        for window in [*self.findChildren(ApprovalWindow), *([dashboard] if dashboard is not None else [])]:
            window.my_unit_changed()

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
