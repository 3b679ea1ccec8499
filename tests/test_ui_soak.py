"""An hour of work in a few seconds: the real window on a demo commune, driven through a
few thousand operations (every page, every column sorted both ways, every filter, search,
F5, records opened and closed). No crash, no error dialog, every list still usable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QTabWidget

from storage import demo
from storage.query.listing import LISTS
from tests.conftest import ACTOR
from ui.list_page import ListPage
from ui.record_form import RecordForm


@pytest.fixture
def demo_window(qtbot, qsettings, monkeypatch):
    from ui import errors
    from ui.context import AppContext
    from ui.main_window import MainWindow

    failures = []

    def refuse(*args, **_kwargs):
        failures.append(args)
        return QMessageBox.StandardButton.Ok

    # Any dialog that reports a failure is a failure of this test.
    monkeypatch.setattr(errors, "show_error", lambda parent, error, details=None: failures.append(error))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: failures.append(box.text()) or 0)
    for name in ("critical", "warning"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(refuse))

    def open_and_close(form):
        qtbot.addWidget(form)
        form.show()
        qtbot.keyClick(form, Qt.Key.Key_Escape)
        return form.result()

    monkeypatch.setattr(RecordForm, "exec", open_and_close)
    db = demo.generate(None, households_count=120, seed=3)
    main = MainWindow(AppContext(db, None, ACTOR))
    qtbot.addWidget(main)
    main.resize(1366, 728)
    main.show()
    qtbot.waitExposed(main)
    yield main, db, failures
    db.close()


def _list_pages(window, key):
    page = window.navigate(key)
    if isinstance(page, QTabWidget):
        found = []
        for tab in range(page.count()):
            page.setCurrentIndex(tab)
            found += [page.widget(tab)] + page.widget(tab).findChildren(ListPage)
        return [p for p in found if isinstance(p, ListPage)]
    return [p for p in [page] + page.findChildren(ListPage) if isinstance(p, ListPage)]


def _click_header(qtbot, page, column):
    header = page.table.horizontalHeader()
    page.table.scrollTo(page.model.index(0, column)) if page.model.rowCount() else None
    header.setSectionHidden(column, False)
    x = header.sectionViewportPosition(column) + max(3, header.sectionSize(column) // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_a_few_thousand_operations_leave_every_list_working(demo_window, qtbot):
    window, db, failures = demo_window
    operations = 0
    sorted_both_ways: dict[str, set] = {}
    for _round in range(7):
        for key, _label, _factory in window.page_list:
            window.navigate(key)
            operations += 1
            for page in _list_pages(window, key):
                spec = page.model.spec
                seen = sorted_both_ways.setdefault(page.key, set())
                for column in range(len(spec.columns)):
                    for _direction in range(2):
                        _click_header(qtbot, page, column)
                        seen.add((column, page.model.descending))
                        assert page.model.sort_column == column
                        operations += 1
                for box, _flt in page.filter_boxes.values():
                    for index in range(min(box.count(), 4)):
                        box.setCurrentIndex(index)
                        operations += 1
                    box.setCurrentIndex(0)
                page.search.setFocus()
                for text in ("nguyen", "Thôn", ""):
                    page.search.setText(text)
                    page._search_now()
                    operations += 1
                page.table.setFocus()
                qtbot.keyClick(window, Qt.Key.Key_F5)
                operations += 1
                if page.model.rowCount():
                    page.table.selectRow(0)
                    page.table.setFocus()
                    qtbot.keyClick(page.table, Qt.Key.Key_Return)
                    operations += 1
                assert page.model.rowCount() == len(page.model.ids)
                QApplication.processEvents()
    assert not failures, failures[:3]
    assert operations >= 2000, operations
    # Every column of every list was sorted both ways.
    for key, seen in sorted_both_ways.items():
        columns = len(LISTS[key].columns)
        assert seen == {(c, d) for c in range(columns) for d in (False, True)}, key


@pytest.mark.parametrize("key", sorted(LISTS))
def test_every_column_sorts_both_ways_in_storage(key):
    """The query behind every column runs in both directions (a bare number as ORDER BY
    term once broke 'Số nhân khẩu')."""
    db = demo.generate(None, households_count=40, seed=5)
    try:
        spec = LISTS[key]
        for column in range(len(spec.columns)):
            up = spec.ordered_ids(db, (), column, False)
            down = spec.ordered_ids(db, (), column, True)
            assert sorted(up) == sorted(down)
            assert len(up) == db.conn.execute(
                f"SELECT count(*) FROM {spec.table} t {spec.joins} WHERE {spec.base_where}").fetchone()[0]
    finally:
        db.close()


def test_a_failing_sort_leaves_the_list_usable(demo_window, qtbot, monkeypatch):
    import sqlite3

    window, db, failures = demo_window
    page = _list_pages(window, "households")[0]
    shown = list(page.model.ids)
    real = type(page.model.spec).ordered_ids
    calls = []

    def fail_once(spec, *args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise sqlite3.OperationalError("1st ORDER BY term out of range - should be between 1 and 1")
        return real(spec, *args, **kwargs)

    monkeypatch.setattr(type(page.model.spec), "ordered_ids", fail_once)
    with pytest.raises(sqlite3.OperationalError):
        page.model.sort(3, Qt.SortOrder.DescendingOrder)
    # Back on the order that worked; filters, refresh and search still answer.
    assert (page.model.sort_column, page.model.ids) == (page.model.spec.default_sort, shown)
    page.refresh()
    box, _flt = page.filter_boxes["area"]
    box.setCurrentIndex(1)
    assert 0 < page.model.rowCount() < len(shown)
    assert not failures
