"""Charts of one indicator: across units for a period (bars) and across periods for one unit (a line),
with the target drawn where the form sets one; numbers written the Vietnamese way; export as PNG.

Drawn with QPainter: QtCharts is not installed, and a dozen bars with Vietnamese axis labels do not
justify a plotting library.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.approval import latest_finished, recent_periods, units_in_tree_order
from desktop.background import BackgroundTask, TaskState, run_in_background
from desktop.change_bus import change_bus
from desktop.i18n import Retranslating, arg, refusal_text, tr
from forms.model import Form, Target
from forms.numbers import format_number
from forms.periods import Period, parse_period
from operations.changes import OpChanges
from operations.charts import (
    BAR,
    LINE,
    ChartSeries,
    across_periods,
    across_units,
    chartable,
    latest_period_with_values,
)
from operations.context import AppContext

BAR_COLOUR = QColor("#2563eb")
MISSED_COLOUR = QColor("#dc2626")
TARGET_COLOUR = QColor("#d97706")


@dataclass(frozen=True)
class Series:
    """What one chart draws: ``operations.charts.ChartSeries`` worded in the interface's language."""

    kind: str
    title: str
    subtitle: str
    unit: str
    points: tuple[tuple[str, Decimal | None], ...]
    target: Target | None = None
    decimals: int | None = None


def period_name(period: Period, lang: str) -> str:
    return period.name_en if lang == "en" else period.name_vi


def drawn(series: ChartSeries, lang: str) -> Series:
    """The figures of ``series`` with the period names in ``lang`` (unit names and titles are data)."""
    if series.kind == BAR:
        subtitle = f"{series.place_name} — {period_name(parse_period(series.period), lang)}"
        points = series.points
    else:
        subtitle = series.place_name
        points = tuple((period_name(parse_period(key), lang), value)
                       for key, (_, value) in zip(series.keys, series.points))
    return Series(series.kind, series.title, subtitle, series.unit, points, series.target, series.decimals)


def nice_ticks(low: float, high: float, count: int = 5) -> list[Decimal]:
    """Round axis steps (1, 2, 5 × 10ⁿ) covering [low, high]."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    step_d = Decimal(str(step))
    start = Decimal(math.floor(low / step)) * step_d
    ticks = []
    tick = start
    while tick <= Decimal(str(high)) + step_d / 1000:
        ticks.append(tick)
        tick += step_d
    if ticks[-1] < Decimal(str(high)):
        ticks.append(ticks[-1] + step_d)
    return ticks


def tick_labels(ticks: list[Decimal]) -> list[str]:
    """Axis numbers the Vietnamese way ("1.000", "2,5"), all with the step's decimals."""
    step = ticks[1] - ticks[0] if len(ticks) > 1 else Decimal(1)
    exponent = step.normalize().as_tuple().exponent
    decimals = max(-exponent, 0) if isinstance(exponent, int) else 0
    return [format_number(t, decimals) for t in ticks]


class ChartWidget(QWidget):
    """Paints a ``Series`` as bars or a line, with a value above each point."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: Series | None = None
        self.setMinimumSize(640, 360)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor("white"))
        self.setPalette(palette)

    def sizeHint(self) -> QSize:
        return QSize(900, 520)

    def set_series(self, series: Series | None) -> None:
        self.series = series
        self.update()

    def export_png(self, path: str | Path, scale: float = 2.0) -> None:
        """Render at ``scale`` times the screen size so the picture stays sharp in a document; a path the
        output guard refuses raises ``BieumauError`` with the reason."""
        size = self.size() * scale
        image = QImage(size, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.scale(scale, scale)
        self.paint(painter, QRectF(0, 0, self.width(), self.height()))
        painter.end()
        from desktop.image_files import save_png

        save_png(image, path)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        self.paint(painter, QRectF(self.rect()))
        painter.end()

    # --- drawing ----------------------------------------------------------------------------
    def paint(self, painter: QPainter, area: QRectF) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(area, QColor("white"))
        series = self.series
        base = QFont(self.font())
        title_font = QFont(base)
        title_font.setPointSizeF(base.pointSizeF() * 1.25)
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(QColor("#111827"))
        if series is None:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, tr("Chọn biểu mẫu, chỉ tiêu và đơn vị để vẽ."))
            return
        title_rect = QRectF(area.left() + 12, area.top() + 8, area.width() - 24, area.height() / 4)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
        title_h = painter.boundingRect(title_rect, flags, series.title).height() + 2
        painter.drawText(title_rect, flags, series.title)
        painter.setFont(base)
        metrics = painter.fontMetrics()
        top = area.top() + 8 + title_h
        painter.setPen(QColor("#4b5563"))
        painter.drawText(QRectF(area.left() + 12, top, area.width() - 24, metrics.height()),
                         Qt.AlignmentFlag.AlignLeft, series.subtitle)
        top += metrics.height() + 10

        values = [float(v) for _, v in series.points if v is not None]
        if not values:
            painter.drawText(QRectF(area.left(), top, area.width(), area.bottom() - top),
                             Qt.AlignmentFlag.AlignCenter, tr("Chưa có số liệu cho lựa chọn này."))
            return
        target = float(series.target.value) if series.target is not None and not series.target.level else None
        low = min([0.0, *values])
        high = max([*values, *([target] if target is not None else [])])
        top_value = high * 1.08 if high > 0 else high
        if series.unit == "%" and 0 < high <= 100:
            top_value = min(top_value, 100.0)  # a share never needs an axis past 100 %
        ticks = nice_ticks(low, top_value)
        labels = tick_labels(ticks)
        left = area.left() + 16 + max(metrics.horizontalAdvance(s) for s in labels)
        right = area.right() - 20
        label_lines = 3 if series.kind == BAR else 2
        # many units (a district's communes, a province's 100+ communes): names turn upright
        upright = (right - left) / max(len(series.points), 1) < 64
        label_h = min(180.0, area.height() / 4) if upright else metrics.height() * label_lines
        bottom = area.bottom() - 12 - label_h - (metrics.height() + 8)
        head = metrics.height() * 1.6
        plot = QRectF(left, top + head, right - left, bottom - top - head)
        y_low, y_high = float(ticks[0]), float(ticks[-1])

        def y_of(value: float) -> float:
            return plot.bottom() - (value - y_low) / (y_high - y_low) * plot.height()

        # unit above the axis, grid lines and tick labels
        painter.setPen(QColor("#4b5563"))
        if series.unit:
            painter.drawText(QRectF(area.left() + 8, top, 300, metrics.height()), Qt.AlignmentFlag.AlignLeft,
                             f"({series.unit})")
        for tick, text in zip(ticks, labels):
            y = y_of(float(tick))
            painter.setPen(QPen(QColor("#e5e7eb"), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor("#374151"))
            painter.drawText(QRectF(area.left(), y - metrics.height() / 2, left - area.left() - 8, metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        painter.setPen(QPen(QColor("#6b7280"), 1))
        painter.drawLine(QPointF(plot.left(), plot.top()), QPointF(plot.left(), plot.bottom()))
        painter.drawLine(QPointF(plot.left(), y_of(max(y_low, 0.0))), QPointF(plot.right(), y_of(max(y_low, 0.0))))

        slot = plot.width() / len(series.points)
        centres = [plot.left() + slot * (i + 0.5) for i in range(len(series.points))]
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.9)
        painter.setFont(small)
        small_metrics = painter.fontMetrics()
        for (label, _), x in zip(series.points, centres):
            painter.setPen(QColor("#374151"))
            if upright:
                painter.save()
                painter.translate(x, plot.bottom() + 6)
                painter.rotate(-90)
                text = small_metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(label_h - 6))
                painter.drawText(QRectF(-label_h + 6, -small_metrics.height() / 2, label_h - 6,
                                        small_metrics.height()),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
                painter.restore()
                continue
            painter.drawText(QRectF(x - slot / 2 + 2, plot.bottom() + 6, slot - 4, small_metrics.height() * label_lines),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                             label)
        if series.kind == BAR:
            self._bars(painter, series, centres, slot, y_of, max(y_low, 0.0), small_metrics.height())
        else:
            self._line(painter, series, centres, y_of, small_metrics.height())
        painter.setFont(base)
        if target is not None:
            self._target(painter, series.target, series.unit, plot, y_of(target), metrics)
        self._legend(painter, series, area, metrics)

    def _met(self, series: Series, value: Decimal) -> bool:
        return series.target is None or series.target.level or series.target.met_by(value)

    def _bars(self, painter: QPainter, series: Series, centres: list[float], slot: float, y_of, base: float,
              text_h: float) -> None:
        width = min(slot * 0.62, 90)
        for (_, value), x in zip(series.points, centres):
            if value is None:
                painter.setPen(QColor("#9ca3af"))
                if slot >= 64:
                    painter.drawText(QRectF(x - slot / 2, y_of(base) - text_h - 4, slot, text_h),
                                     Qt.AlignmentFlag.AlignCenter, tr("chưa nhập"))
                else:  # no room for words: a grey dot on the axis says "nothing entered", never 0
                    painter.setBrush(QColor("#9ca3af"))
                    painter.drawEllipse(QPointF(x, y_of(base) - 5), 2.5, 2.5)
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                continue
            colour = BAR_COLOUR if self._met(series, value) else MISSED_COLOUR
            y0, y1 = y_of(base), y_of(float(value))
            painter.fillRect(QRectF(x - width / 2, min(y0, y1), width, abs(y0 - y1)), colour)
            text = format_number(value, series.decimals)
            if painter.fontMetrics().horizontalAdvance(text) <= slot:  # too narrow: the axis tells the value
                painter.setPen(QColor("#111827"))
                painter.drawText(QRectF(x - slot / 2, min(y0, y1) - text_h - 2, slot, text_h),
                                 Qt.AlignmentFlag.AlignCenter, text)

    def _line(self, painter: QPainter, series: Series, centres: list[float], y_of, text_h: float) -> None:
        known = [QPointF(x, y_of(float(v))) for (_, v), x in zip(series.points, centres) if v is not None]
        index = [i for i, (_, v) in enumerate(series.points) if v is not None]
        for (a, b), (i, j) in zip(pairwise(known), pairwise(index)):
            # across periods with nothing entered the line is dashed: the trend there is not known
            style = Qt.PenStyle.SolidLine if j == i + 1 else Qt.PenStyle.DashLine
            painter.setPen(QPen(BAR_COLOUR, 2.5 if j == i + 1 else 1.5, style))
            painter.drawLine(a, b)
        for (_, value), x in zip(series.points, centres):
            if value is None:
                continue
            colour = BAR_COLOUR if self._met(series, value) else MISSED_COLOUR
            point = QPointF(x, y_of(float(value)))
            painter.setPen(QPen(QColor("white"), 2))
            painter.setBrush(colour)
            painter.drawEllipse(point, 5.5, 5.5)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QColor("#111827"))
            painter.drawText(QRectF(x - 60, point.y() - text_h - 8, 120, text_h), Qt.AlignmentFlag.AlignCenter,
                             format_number(value, series.decimals))

    def _target(self, painter: QPainter, target: Target, unit: str, plot: QRectF, y: float, metrics) -> None:
        painter.setPen(QPen(TARGET_COLOUR, 2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        label = f"{target.label_vi} {unit}" if unit and not target.level else target.label_vi
        text = arg(tr("Mục tiêu %1"), label)
        width = metrics.horizontalAdvance(text) + 10
        box = QRectF(plot.right() - width, y - metrics.height() - 3, width, metrics.height())
        painter.fillRect(box, QColor(255, 255, 255, 220))
        painter.setPen(TARGET_COLOUR)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _legend(self, painter: QPainter, series: Series, area: QRectF, metrics) -> None:
        if series.target is None or series.target.level:
            return
        y = area.bottom() - metrics.height() - 6
        x = area.left() + 16
        for colour, text in ((BAR_COLOUR, tr("đạt mục tiêu")), (MISSED_COLOUR, tr("chưa đạt mục tiêu"))):
            painter.fillRect(QRectF(x, y + 3, 14, metrics.height() - 6), colour)
            painter.setPen(QColor("#374151"))
            painter.drawText(QPointF(x + 20, y + metrics.ascent()), text)
            x += 20 + metrics.horizontalAdvance(text) + 24


class ChartsWindow(Retranslating, QMainWindow):
    """Choose a form, an indicator and either a parent unit and period (bars) or a unit (line over periods)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, form_id: str | None = None,
                 unit: str | None = None, period: str | None = None, indicator: str | None = None,
                 kind: str | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task: BackgroundTask | None = None
        self.figures: ChartSeries | None = None  # what the chart shows, before it is worded
        self.resize(1180, 720)

        self.form_box = QComboBox()
        self.form_box.setMinimumContentsLength(30)
        for form in sorted(ctx.catalogue.values(), key=lambda f: f.id):
            if chartable(form):
                self.form_box.addItem(f"{form.id} — {form.title}", form.id)
        self.indicator_box = QComboBox()
        self.indicator_box.setMinimumContentsLength(40)
        self.column_box = QComboBox()
        self.column_box.setMinimumContentsLength(10)
        self.kind_box = QComboBox()
        self.kind_box.addItem("", BAR)
        self.kind_box.addItem("", LINE)
        self.unit_box = QComboBox()
        self.unit_box.setMinimumContentsLength(28)
        self.period_box = QComboBox()
        self.period_box.setMinimumContentsLength(18)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export)

        self.form_label, self.indicator_label, self.column_label = QLabel(), QLabel(), QLabel()
        row1 = QHBoxLayout()
        for label, box in ((self.form_label, self.form_box), (self.indicator_label, self.indicator_box),
                           (self.column_label, self.column_box)):
            row1.addWidget(label)
            row1.addWidget(box, 1 if box is not self.column_box else 0)
        row2 = QHBoxLayout()
        self.kind_label, self.unit_label, self.period_label = QLabel(), QLabel(), QLabel()
        for widget in (self.kind_label, self.kind_box, self.unit_label, self.unit_box, self.period_label,
                       self.period_box):
            row2.addWidget(widget)
        row2.addStretch(1)
        row2.addWidget(self.export_button)

        self.chart = ChartWidget()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.chart, 1)
        self.setCentralWidget(central)

        if form_id is not None and self.form_box.findData(form_id) >= 0:
            self.form_box.setCurrentIndex(self.form_box.findData(form_id))
        if kind is not None:
            self.kind_box.setCurrentIndex(max(self.kind_box.findData(kind), 0))
        self._form_changed(indicator=indicator, period=period)
        self._fill_units(unit)
        self.form_box.currentIndexChanged.connect(lambda *_: (self._form_changed(), self.redraw()))
        self.indicator_box.currentIndexChanged.connect(lambda *_: (self._fill_columns(), self.redraw()))
        self.column_box.currentIndexChanged.connect(lambda *_: self.redraw())
        self.kind_box.currentIndexChanged.connect(lambda *_: (self._fill_units(None), self.redraw()))
        self.unit_box.currentIndexChanged.connect(lambda *_: self.redraw())
        self.period_box.currentIndexChanged.connect(lambda *_: self.redraw())
        change_bus().changed.connect(self._changed)
        self.retranslate()
        self.redraw()

    @property
    def loading(self) -> bool:
        return self.task is not None and not self.task.done

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Biểu đồ chỉ tiêu"))
        self.form_label.setText(tr("Biểu mẫu:"))
        self.indicator_label.setText(tr("Chỉ tiêu:"))
        self.column_label.setText(tr("Cột:"))
        self.kind_label.setText(tr("Kiểu:"))
        self.kind_box.setItemText(0, tr("So sánh các đơn vị (cột)"))
        self.kind_box.setItemText(1, tr("Qua các kỳ của một đơn vị (đường)"))
        self.export_button.setText(tr("Xuất ảnh PNG…"))
        self._place_labels()
        for i in range(self.period_box.count()):
            self.period_box.setItemText(i, period_name(parse_period(self.period_box.itemData(i)), self.ctx.lang))
        if self.figures is not None:
            self.chart.set_series(drawn(self.figures, self.ctx.lang))
        self.chart.update()

    def _place_labels(self) -> None:
        bar = self.kind_box.currentData() == BAR
        self.unit_label.setText(tr("Các đơn vị thuộc:") if bar else tr("Đơn vị:"))
        self.period_label.setText(tr("Kỳ báo cáo:") if bar else tr("Đến kỳ:"))

    def _changed(self, changes: OpChanges) -> None:
        """Values, units or the form definition of what is drawn changed elsewhere: read it again."""
        figures = self.figures
        if figures is None or not changes.touches(figures.form_id):
            return
        if changes.units or figures.form_id in changes.forms:
            self._form_changed(self.indicator_box.currentData(), self.period_box.currentData())
            self._fill_units(self.unit_box.currentData())
        self.redraw()

    def form(self) -> Form | None:
        form_id = self.form_box.currentData()
        return self.ctx.catalogue.get(form_id) if form_id else None

    def _form_changed(self, indicator: str | None = None, period: str | None = None) -> None:
        form = self.form()
        self.indicator_box.blockSignals(True)
        self.indicator_box.clear()
        if form is not None:
            for ind in chartable(form):
                suffix = f" ({ind.unit})" if ind.unit else ""
                self.indicator_box.addItem(f"{ind.title}{suffix}", ind.id)
            wanted = self.indicator_box.findData(indicator) if indicator else -1
            if wanted < 0:
                # an indicator with a target makes the most telling first chart
                wanted = next((self.indicator_box.findData(i.id) for i in chartable(form) if i.target is not None),
                              0)
            self.indicator_box.setCurrentIndex(max(wanted, 0))
        self.indicator_box.blockSignals(False)
        self._fill_columns()
        periods = recent_periods(form.period) if form else []
        self.period_box.blockSignals(True)
        self.period_box.clear()
        for p in periods:
            self.period_box.addItem(period_name(p, self.ctx.lang), p.code)
        code = parse_period(period).code if period else None
        if code is None and form is not None:
            latest = latest_period_with_values(self.ctx, form.id)
            code = latest.code if latest is not None else None
        if code and self.period_box.findData(code) < 0:
            self.period_box.insertItem(0, period_name(parse_period(code), self.ctx.lang), code)
        self.period_box.setCurrentIndex(self.period_box.findData(code) if code else latest_finished(periods))
        self.period_box.blockSignals(False)

    def _fill_columns(self) -> None:
        form = self.form()
        self.column_box.blockSignals(True)
        self.column_box.clear()
        if form is not None and self.indicator_box.currentData():
            indicator = form.indicator(self.indicator_box.currentData())
            for column in form.columns:
                if column.id in form.columns_of(indicator):
                    self.column_box.addItem(column.title, column.id)
        self.column_box.blockSignals(False)

    def _fill_units(self, wanted: str | None) -> None:
        bar = self.kind_box.currentData() == BAR
        self._place_labels()
        previous = wanted or self.unit_box.currentData()
        self.unit_box.blockSignals(True)
        self.unit_box.clear()
        for unit in units_in_tree_order(self.ctx):
            has_children = bool(self.ctx.units.children(unit.code))
            if (bar and has_children) or (not bar and unit.level != "tinh"):
                self.unit_box.addItem(unit.name, unit.code)
        index = self.unit_box.findData(previous) if previous else -1
        if index < 0 and previous and bar and self.ctx.units.get(previous) and self.ctx.units[previous].parent:
            index = self.unit_box.findData(self.ctx.units[previous].parent)
        self.unit_box.setCurrentIndex(max(index, 0))
        self.unit_box.blockSignals(False)

    def redraw(self) -> None:
        form, indicator_id = self.form(), self.indicator_box.currentData()
        column, unit, code = self.column_box.currentData(), self.unit_box.currentData(), self.period_box.currentData()
        if not (form and indicator_id and column and unit and code):
            self.figures = None
            self.chart.set_series(None)
            return
        if self.loading:
            self.task.cancel()
        indicator, period = form.indicator(indicator_id), parse_period(code)
        if self.kind_box.currentData() == BAR:
            def job(state: TaskState) -> ChartSeries:
                return across_units(self.ctx, form, indicator, column, unit, period, state)
        else:
            def job(state: TaskState) -> ChartSeries:
                return across_periods(self.ctx, form, indicator, column, unit, period, progress=state)
        self.task = run_in_background(self, job, title=tr("Đang đọc số liệu…"), on_success=self._show,
                                      on_failure=self._failed)

    def _show(self, figures: ChartSeries) -> None:
        self.figures = figures
        self.chart.set_series(drawn(figures, self.ctx.lang))

    def _failed(self, exc: BaseException) -> None:
        from desktop.background import Cancelled

        if not isinstance(exc, Cancelled):
            self.statusBar().showMessage(arg(tr("Không đọc được số liệu: %1"), exc), 8000)

    def export(self, path: str | None = None) -> bool:
        from forms.errors import BieumauError

        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, tr("Xuất biểu đồ"), "bieu-do.png", tr("Ảnh PNG (*.png)"))
            if not path:
                return False
        try:
            self.chart.export_png(path)
        except BieumauError as exc:
            self.statusBar().showMessage(refusal_text(exc) or arg(tr("Không ghi được ảnh %1"), path), 8000)
            return False
        self.statusBar().showMessage(arg(tr("Đã lưu biểu đồ vào %1"), path), 8000)
        return True


def show_charts(main_window) -> ChartsWindow:
    window = ChartsWindow(main_window.ctx, main_window, form_id=main_window.form_box.currentData(),
                          unit=main_window.current_unit(), period=main_window.period_box.currentData())
    window.setWindowFlag(Qt.WindowType.Window, True)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    window.show()
    return window
