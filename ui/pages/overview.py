"""Tổng quan: the period's figures as large numbers and small charts; clicking a
figure opens the list behind it."""

from __future__ import annotations

from datetime import date

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from storage.query import figure_labels
from storage.query.periods import Period, station_period
from storage.records import unit
from ui.charts import BarChart
from ui.formatting import format_number, format_ratio
from ui.i18n import tr
from ui.periods import period_combo
from ui.tasks import run_db_task
from ui.theme import note_style


def period_figures(db, period) -> dict:
    """The period's figures (storage.query.stats), always summed on a worker: the module is
    imported there the first time, not while the first window opens."""
    from storage.query.stats import period_figures as summed

    return summed(db, period)


# (figure path, label, page, tab) — the page and tab that list the records behind it.
TILES = [
    ("teams.total", "Tổ, nhóm tự quản", "teams", 0),
    ("teams.members", "Thành viên các tổ", "teams", 1),
    ("households.pledged", "Hộ ký cam kết", "households", 1),
    ("patrols.total", "Ca tuần tra", "patrols", None),
    ("mediation.received", "Vụ việc hòa giải", "mediation", None),
    ("tips.received", "Tin báo, tố giác", "incidents", 0),
    ("models.total", "Mô hình", "models", None),
    ("commendations.total", "Khen thưởng", "reviews", 1),
]


def today() -> date:
    return date.today()


def _year_before(day: date) -> date:
    return day.replace(year=day.year - 1) if (day.month, day.day) != (2, 29) else date(day.year - 1, 2, 28)


def same_time_last_year(period: Period, on: date) -> Period:
    """The same part of last year; for a period not over yet, only up to the same day
    last year, so a half-finished year is not set against a whole one."""
    previous = period.previous()
    if period.start <= on <= period.end:
        end = min(previous.end, _year_before(on))
        previous = Period(previous.start, end, f"{previous.start.isoformat()}..{end.isoformat()}")
    return previous


def every_month(period: Period, counted: list[dict], on: date) -> list[dict]:
    """Every month of the period up to the current one, with 0 where nothing was counted
    (a chart of only the months with data reads as one wide bar)."""
    counts = {m["month"]: m["count"] for m in counted}
    last = min(period.end, max(on, period.start))
    months, year, month = [], period.start.year, period.start.month
    while (year, month) <= (last.year, last.month):
        key = f"{year:04d}-{month:02d}"
        months.append({"month": key, "count": counts.pop(key, 0)})
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    months += [{"month": k, "count": v} for k, v in sorted(counts.items())]  # dated after today: still shown
    return months


def change(now, then) -> str:
    """' (+3)', ' (−2)' or '' when equal."""
    if now == then:
        return ""
    sign = "+" if now > then else "−"
    return f" ({sign}{format_number(abs(now - then))})"


class Tile(QFrame):
    clicked = Signal()

    def __init__(self, label: str, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        # palette roles, not fixed colours: readable in the light and the dark system theme
        self.setStyleSheet("Tile { background: palette(base); border: 1px solid palette(mid); border-radius: 6px; }")
        self.number = QLabel("—", self)
        self.number.setStyleSheet("font-size: 26pt; font-weight: bold; color: palette(highlight);")
        self.caption = QLabel(tr(label), self)
        self.caption.setWordWrap(True)
        self.detail = QLabel(self)
        self.compare = QLabel(self)  # the same period last year
        self.compare.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)
        layout.addWidget(self.detail)
        layout.addWidget(self.compare)
        self.setMinimumWidth(170)

    def palette_changed(self, _palette) -> None:
        QTimer.singleShot(0, self, self.repolish)  # once the new palette has reached the widgets

    def repolish(self) -> None:
        """The system theme switched (light ↔ dark): resolve palette(…) in the style sheets again."""
        for widget in (self, self.number):
            css = widget.styleSheet()
            widget.setStyleSheet("")
            widget.setStyleSheet(css)

    def mouseReleaseEvent(self, event):  # noqa: N802 (Qt's name)
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class OverviewPage(QScrollArea):
    open_list = Signal(str, object)  # page key, tab index or None

    def __init__(self, context):
        super().__init__()
        self.context = context
        self.setWidgetResizable(True)
        body = QWidget(self)
        outer = QVBoxLayout(body)
        top = QHBoxLayout()
        self.heading = QLabel(body)
        self.heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.period = period_combo(body)
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        top.addWidget(self.heading, 1)
        top.addWidget(QLabel(tr("Kỳ:"), body))
        top.addWidget(self.period)
        outer.addLayout(top)
        self.range_label = QLabel(body)
        outer.addWidget(self.range_label)

        grid = QGridLayout()
        self.tiles: dict[str, Tile] = {}
        for index, (path, label, page, tab) in enumerate(TILES):
            tile = Tile(label, body)
            tile.clicked.connect(lambda p=page, t=tab: self.open_list.emit(p, t))
            self.tiles[path] = tile
            # a theme switched while the app is open: the tiles take the new palette
            QApplication.instance().paletteChanged.connect(tile.palette_changed)
            grid.addWidget(tile, index // 4, index % 4)
        outer.addLayout(grid)

        charts = QGridLayout()
        self.teams_chart = BarChart(tr("Tổ theo loại"), parent=body)
        self.patrols_chart = BarChart(tr("Ca tuần tra theo tháng"), vertical=True, parent=body)
        self.mediation_chart = BarChart(tr("Kết quả hòa giải"), parent=body)
        self.areas_label = QLabel(body)
        self.areas_label.setWordWrap(True)
        self.areas_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.areas_label.setStyleSheet("background: palette(base); color: palette(text); padding: 10px;")
        charts.addWidget(self.teams_chart, 0, 0)
        charts.addWidget(self.patrols_chart, 0, 1)
        charts.addWidget(self.mediation_chart, 1, 0)
        charts.addWidget(self.areas_label, 1, 1)
        outer.addLayout(charts, 1)
        # The year's calendar: what is due soon or overdue (storage/query/evaluation.py).
        self.reminders_label = QLabel(body)
        self.reminders_label.setObjectName("reminders")
        self.reminders_label.setWordWrap(True)
        self.reminders_label.setStyleSheet(note_style())  # palette roles: reads on light and dark
        self.reminders_label.linkActivated.connect(lambda _link: self.open_list.emit("calendar", None))
        self.reminded = False
        outer.addWidget(self.reminders_label)
        self.setWidget(body)
        context.changed.connect(lambda _t: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        """The period's figures and the calendar's reminders, gathered on a worker with a
        connection of its own (over a second at 80,000 households), shown when ready
        unless the period changed meanwhile; the last figures stay until then."""
        chosen = self.period.currentData()
        self._refreshing = getattr(self, "_refreshing", 0) + 1
        asked = self._refreshing

        def gather(db, _progress, _cancelled):
            from storage.clock import today as clock_today
            from storage.query.evaluation import reminders

            period = station_period(db, chosen)
            items = [i for i in reminders(db, clock_today()) if i["todo"]]
            return period, period_figures(db, period), unit.get_unit(db).station_name, items

        def show(result) -> None:
            if shiboken6.isValid(self) and asked == self._refreshing:
                self.show_figures(*result)

        run_db_task(self.context, self, tr("Đang tính số liệu…"), gather, show, show_progress=False)

    def show_figures(self, period, figures: dict, station_name: str, reminder_items: list) -> None:
        self.figures = figures
        self.heading.setText(station_name)
        self.range_label.setText(tr("Số liệu {0}, từ {1} đến {2}").format(
            period.label, period.start.strftime("%d/%m/%Y"), period.end.strftime("%d/%m/%Y")))
        for path, tile in self.tiles.items():
            section, key = path.split(".")
            tile.number.setText(format_number(figures[section][key]))
        self.compare_with_last_year(period, figures)
        self.tiles["households.pledged"].detail.setText(tr("trên {0} hộ ({1})").format(
            format_number(figures["households"]["total"]), format_ratio(figures["households"]["ratio_pledged"])))
        self.tiles["mediation.received"].detail.setText(tr("thành {0}, không thành {1}").format(
            format_number(figures["mediation"]["settled"]), format_number(figures["mediation"]["not_settled"])))
        self.tiles["tips.received"].detail.setText(tr("{0} tin có giá trị").format(
            format_number(figures["tips"]["valuable"])))
        self.tiles["patrols.total"].detail.setText(tr("{0} ca phát hiện vụ việc").format(
            format_number(figures["patrols"]["with_findings"])))
        self.tiles["models.total"].detail.setText(tr("{0} điểm, {1} điển hình").format(
            format_number(figures["models"]["points"]), format_number(figures["models"]["exemplary"])))
        self.teams_chart.set_items([(figure_labels.entry_label(k, "kind", "team_kind"), k["teams"])
                                    for k in figures["teams"]["by_kind"]])
        months = every_month(period, figures["patrols"]["by_month"], today())
        this_month = today().strftime("%Y-%m")
        partial = next((i for i, m in enumerate(months) if m["month"] == this_month), None)
        self.patrols_chart.set_items([(m["month"][5:] + "/" + m["month"][2:4], m["count"]) for m in months],
                                     partial=partial,
                                     note=tr("▨ tháng {0} chưa hết").format(today().month) if partial is not None
                                     else "")
        self.mediation_chart.set_items([(tr("Thành"), figures["mediation"]["settled"]),
                                        (tr("Không thành"), figures["mediation"]["not_settled"]),
                                        (tr("Đang hòa giải"), figures["mediation"]["in_progress"])])
        areas = figures["areas"]
        self.areas_label.setText(tr("<b>Địa bàn “an toàn về ANTT” năm {0}</b><br>{1} / {2} địa bàn được công nhận "
                                    "({3}); {4} địa bàn đăng ký.").format(
            areas["year"], format_number(areas["recognised_safe"]), format_number(areas["total"]),
            format_ratio(areas["ratio_recognised"]), format_number(areas["registered"])))
        self.show_reminders(reminder_items)

    def compare_with_last_year(self, period, figures: dict) -> None:
        """Last year's figures beside this year's: summed off the GUI thread (they cost as
        much as the figures themselves), shown when ready unless the period changed."""
        self.previous = same_time_last_year(period, today())
        self._comparing = getattr(self, "_comparing", 0) + 1
        asked = self._comparing
        previous = self.previous

        def show(before: dict) -> None:
            if not shiboken6.isValid(self) or asked != self._comparing:
                return  # the window closed, or another period was chosen meanwhile
            for path, tile in self.tiles.items():
                section, key = path.split(".")
                now, then = figures[section][key], before[section][key]
                tile.compare.setText(tr("Cùng kỳ năm trước: {0}{1}").format(format_number(then), change(now, then)))
                tile.compare.setToolTip(tr("Cùng kỳ năm trước: {0}").format(previous.label))

        for tile in self.tiles.values():
            tile.compare.setText(tr("Cùng kỳ năm trước: …"))
        run_db_task(self.context, self, tr("Đang tính số liệu cùng kỳ năm trước…"),
                    lambda db, _progress, _cancelled: period_figures(db, previous), show,
                    lambda _error, _details: [t.compare.setText("") for t in self.tiles.values()],
                    show_progress=False)

    def show_reminders(self, items: list) -> None:
        """Calendar dates due in the next weeks or past with work left; said once in the
        status bar when the app starts."""
        lines = [f"<b>{i['date'][8:10]}/{i['date'][5:7]}</b> {i['title']}"
                 + (tr(" (đã qua)") if i["overdue"] else "") + ": " + "; ".join(i["todo"]) for i in items]
        self.reminders_label.setVisible(bool(lines))
        self.reminders_label.setText(tr("<b>Việc cần làm theo lịch năm</b> (<a href=\"calendar\">xem lịch năm</a>)"
                                        "<br>") + "<br>".join(lines))
        if lines and not self.reminded:
            self.reminded = True
            self.context.status.emit(tr("Nhắc việc: {0}").format("; ".join(items[0]["todo"])))

    def focus_search(self) -> None:
        self.period.setFocus()
