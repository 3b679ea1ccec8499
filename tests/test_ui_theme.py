"""Light and dark system themes (palette roles, not fixed colours), the window icon, and
the overview's charts: values on them, the month not over yet marked, and the same
period last year beside each figure."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from storage.records.mediation import PARTY, mediation_cases
from storage.records.patrols import patrols
from tests.conftest import ACTOR
from ui import icon
from ui.charts import BarChart
from ui.pages import overview

FIXED = re.compile(r"#[0-9a-fA-F]{3,8}\b|\b(white|black)\b")


@pytest.fixture
def dark(qapp):
    before = qapp.palette()
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#f0f0f0"),
                         (QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.Text, "#eeeeee"),
                         (QPalette.ColorRole.Highlight, "#3d8ee0"), (QPalette.ColorRole.Link, "#7fb6ff"),
                         (QPalette.ColorRole.Mid, "#555555"), (QPalette.ColorRole.Button, "#353535"),
                         (QPalette.ColorRole.ButtonText, "#f0f0f0")):
        palette.setColor(role, QColor(colour))
    qapp.setPalette(palette)
    yield palette
    qapp.setPalette(before)


def _colours(image, rect):
    return {image.pixelColor(x, y).name() for x in range(rect[0], rect[2]) for y in range(rect[1], rect[3])}


def test_the_overview_follows_a_dark_theme(dark, window, world, qtbot):
    page = window.navigate("overview")
    tile = page.tiles["teams.total"]
    chart = page.teams_chart
    QApplication.processEvents()
    for widget in list(page.tiles.values()) + [page.areas_label, page.teams_chart]:
        assert not FIXED.search(widget.styleSheet()), widget.styleSheet()
        for child in widget.findChildren(type(tile.number)):
            assert not FIXED.search(child.styleSheet()), child.styleSheet()
    picture = tile.grab().toImage()
    assert picture.pixelColor(tile.width() // 2, 3).name() == "#1e1e1e"  # palette(base), not white
    number = tile.number.grab().toImage()
    assert "#3d8ee0" in _colours(number, (0, 0, number.width(), number.height()))  # palette(highlight)
    drawn = chart.grab().toImage()
    assert drawn.pixelColor(2, 2).name() == "#1e1e1e"
    title = _colours(drawn, (8, 4, min(200, chart.width()), 24))
    assert "#eeeeee" in title  # the title in the palette's text colour, readable on dark


def test_bars_and_columns_carry_their_values(qtbot):
    bars = BarChart("Kết quả hòa giải")
    qtbot.addWidget(bars)
    bars.resize(400, 220)
    bars.set_items([("Thành", 12), ("Không thành", 3), ("Đang hòa giải", 1234)])
    bars.grab()
    assert bars.values_drawn == ["12", "3", "1.234"]
    columns = BarChart("Ca tuần tra theo tháng", vertical=True)
    qtbot.addWidget(columns)
    columns.resize(420, 220)
    columns.set_items([("05/26", 8), ("06/26", 14), ("07/26", 5)], partial=2, note="▨ tháng 7 chưa hết")
    image = columns.grab().toImage()
    assert columns.values_drawn == ["8", "14", "5"]
    assert columns.toolTip() == "05/26: 8\n06/26: 14\n07/26: 5"
    # the month not over yet is hatched: inside its column both the bar and the background show
    slot = (420 - 16) / 3
    x0, x1 = int(8 + 2 * slot + slot * 0.2), int(8 + 2 * slot + slot * 0.8)
    inside = _colours(image, (x0, 190, x1, 196))
    bar = columns.palette().color(QPalette.ColorRole.Highlight).name()
    base = columns.palette().color(QPalette.ColorRole.Base).name()
    assert bar in inside and base in inside
    full = _colours(image, (int(8 + slot * 0.2), 190, int(8 + slot * 0.8), 196))
    assert full == {bar}


def test_same_period_last_year_beside_each_figure(window, db, monkeypatch):
    on = date(2026, 7, 5)
    monkeypatch.setattr(overview, "today", lambda: on)
    for received in ("2026-03-01",):
        mediation_cases.create(db, ACTOR, received_on=received, category="Đất đai", content="Lối đi",
                               people=[{"role": PARTY, "name": "Phan Văn Lũy"}, {"role": PARTY, "name": "Lê Văn Tư"}])
    for received in ("2025-02-01", "2025-07-05", "2025-07-06"):  # the last one is after 5/7 last year
        mediation_cases.create(db, ACTOR, received_on=received, category="Đất đai", content="Lối đi cũ",
                               people=[{"role": PARTY, "name": "Vũ Thị Bé"}, {"role": PARTY, "name": "Lê Văn Tư"}])
    page = window.navigate("overview")
    page.period.setCurrentIndex(page.period.findData("2026"))
    page.refresh()
    assert (page.previous.start, page.previous.end) == (date(2025, 1, 1), date(2025, 7, 5))
    tile = page.tiles["mediation.received"]
    assert (tile.number.text(), tile.compare.text()) == ("1", "Cùng kỳ năm trước: 2 (−1)")


def test_a_past_period_is_compared_whole(monkeypatch):
    from storage.query.periods import parse_period

    previous = overview.same_time_last_year(parse_period("2025-Q2"), date(2026, 7, 5))
    assert (previous.start, previous.end) == (date(2024, 4, 1), date(2024, 6, 30))
    leap = overview.same_time_last_year(parse_period("2028"), date(2028, 2, 29))
    assert leap.end == date(2027, 2, 28)


def test_the_current_month_is_marked_on_the_patrol_chart(window, world, db, monkeypatch):
    on = date.today()
    monkeypatch.setattr(overview, "today", lambda: on)
    last_month = (on.replace(day=1) - timedelta(days=1)).isoformat()
    for day in (on.isoformat(), last_month):
        patrols.create(db, ACTOR, team_id=world["team"].id, patrol_date=day, route="Đường làng")
    page = window.navigate("overview")
    page.period.setCurrentIndex(page.period.findData(str(on.year)))
    page.refresh()
    chart = page.patrols_chart
    months = [label for label, _v in chart.items]
    assert chart.partial == months.index(on.strftime("%m/%y"))
    assert chart.note == f"▨ tháng {on.month} chưa hết"


def test_every_window_gets_the_program_icon(qapp):
    made = icon.app_icon()
    assert not made.isNull()
    picture = made.pixmap(32, 32).toImage()
    assert (picture.pixelColor(4, 12).name(), picture.pixelColor(16, 12).name()) == ("#c8102e", "#ffcd00")
    assert picture.pixelColor(0, 31).alpha() == 0  # outside the shield: transparent
    icon.install(qapp)
    assert not qapp.windowIcon().isNull()
    assert qapp.desktopFileName() == "binhyen"


def test_switching_to_dark_while_open_repaints_the_tiles(window, world, qapp, qtbot, dark_later):
    page = window.navigate("overview")
    tile = page.tiles["teams.total"]
    light = tile.grab().toImage().pixelColor(tile.width() // 2, 3).name()
    dark_later()
    qtbot.waitUntil(lambda: tile.grab().toImage().pixelColor(tile.width() // 2, 3).name() != light, timeout=2000)
    assert light != "#1e1e1e"
    assert tile.grab().toImage().pixelColor(tile.width() // 2, 3).name() == "#1e1e1e"


@pytest.fixture
def dark_later(qapp, request):
    """Switch the application to the dark palette when called (as a system theme change)."""
    def switch():
        request.getfixturevalue("dark")
    return switch


def test_form_errors_read_on_dark_and_on_light(dark, window, qtbot):
    form = window.navigate("areas").open_form()
    qtbot.addWidget(form)
    form.show()
    form.save()  # nothing typed: the name is refused under its field
    shown = [label for label in form.errors.values() if label.isVisible()]
    assert shown and all("#ff8a80" in label.styleSheet() for label in shown)  # light red on dark
    assert not FIXED.search(window.navigate("overview").reminders_label.styleSheet())


def test_form_errors_on_light_are_dark_red(window, qtbot):
    form = window.navigate("areas").open_form()
    qtbot.addWidget(form)
    form.show()
    form.save()
    shown = [label for label in form.errors.values() if label.isVisible()]
    assert shown and all("#b00020" in label.styleSheet() for label in shown)


def test_last_year_is_summed_off_the_gui_thread_on_a_file(db_path, qtbot, qsettings, monkeypatch):
    """On a data file the comparison comes from a worker with its own connection; the
    window shows this year's figures first and last year's when they arrive."""
    import threading

    from storage.db.connection import open_database
    from ui.context import AppContext
    from ui.main_window import MainWindow

    on = date(2026, 7, 5)
    monkeypatch.setattr(overview, "today", lambda: on)
    db = open_database(db_path)
    for received in ("2025-03-01", "2025-04-01"):
        mediation_cases.create(db, ACTOR, received_on=received, category="Đất đai", content="Lối đi",
                               people=[{"role": PARTY, "name": "Vũ Thị Bé"}, {"role": PARTY, "name": "Lê Văn Tư"}])
    threads = []
    summed = overview.period_figures
    monkeypatch.setattr(overview, "period_figures",
                        lambda database, period: threads.append(threading.current_thread().name) or
                        summed(database, period))
    window = MainWindow(AppContext(db, db_path, ACTOR))
    qtbot.addWidget(window)
    window.show()
    page = window.navigate("overview")
    page.period.setCurrentIndex(page.period.findData("2026"))
    tile = page.tiles["mediation.received"]
    qtbot.waitUntil(lambda: tile.compare.text() == "Cùng kỳ năm trước: 2 (−2)", timeout=10_000)
    assert tile.number.text() == "0"
    # this year's and last year's both summed on workers: the GUI thread never waits (issue 17)
    assert len(threads) >= 2 and threading.main_thread().name not in threads
    window.close()
    db.close()
