"""Every command of the command line and every action of the app that writes goes through
an operation, and this test shows which: the commands are read from their handlers'
code (the operations each calls, following helpers of its own module), the app's menu
actions and buttons from ui/operation_map.py, checked against the real windows."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import textwrap
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton

import operations
from cli import handlers
from cli.parser import build_parser
from operations.base import REGISTRY

ROOT = Path(__file__).resolve().parent.parent

for _info in pkgutil.iter_modules(operations.__path__):  # every operation registers itself
    importlib.import_module(f"operations.{_info.name}")

# Commands that run no operation, with the reason.
NO_OPERATION = {}


def _bindings(tree: ast.AST) -> dict[str, str]:
    """Local name -> "operations.x" or "operations.x.f" for each import of operations/."""
    bound = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "operations":
            for alias in node.names:
                bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("operations.") and alias.asname:
                    bound[alias.asname] = alias.name
    return bound


def _operation(dotted: str):
    """The operation a dotted name designates, or None."""
    module, _, name = dotted.rpartition(".")
    try:
        found = getattr(importlib.import_module(module), name, None)
    except ImportError:
        try:
            found = importlib.import_module(dotted)
        except ImportError:
            return None
    return found if getattr(found, "operation_name", None) else None


def operations_used(function, seen: set | None = None) -> set[str]:
    """The operations a command handler calls or hands on, following the functions of
    its own module that it calls."""
    seen = seen if seen is not None else set()
    if function in seen:
        return set()
    seen.add(function)
    module = inspect.getmodule(function)
    module_tree = ast.parse(inspect.getsource(module))
    bound = _bindings(ast.Module(body=[n for n in module_tree.body if isinstance(n, (ast.Import, ast.ImportFrom))],
                                 type_ignores=[]))
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    bound.update(_bindings(tree))
    used = set()
    for node in ast.walk(tree):
        dotted = None
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound:
            dotted = f"{bound[node.value.id]}.{node.attr}"
        elif isinstance(node, ast.Name) and node.id in bound:
            dotted = bound[node.id]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            helper = getattr(module, node.func.id, None)
            if inspect.isfunction(helper) and inspect.getmodule(helper) is module:
                used |= operations_used(helper, seen)
        if dotted and (op := _operation(dotted)) is not None:
            used.add(op.operation_name)
    return used


def commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")  # noqa: SLF001 (argparse keeps them here)
    return sorted(sub.choices)


def command_map() -> dict[str, set[str]]:
    found = handlers()
    return {name: operations_used(found[name]) for name in commands()}


def test_every_command_has_a_handler():
    missing = [name for name in commands() if name not in handlers()]
    assert not missing, f"commands without a handler: {missing}"


def test_every_command_runs_an_operation():
    table = command_map()
    print("\nLệnh → thao tác (operations):")
    for name, used in table.items():
        print(f"  {name:<14} {', '.join(sorted(used)) or '—'}")
    missing = [name for name, used in table.items() if not used and name not in NO_OPERATION]
    assert not missing, f"commands that call no operation: {missing}"
    assert all(op in REGISTRY for used in table.values() for op in used)


def test_commands_call_the_operations_a_person_expects():
    table = command_map()
    expected = {"init": {"maintenance.init"}, "demo": {"maintenance.demo"}, "search": {"records.search"},
                "backup": {"maintenance.backup"}, "restore": {"maintenance.restore"},
                "check": {"maintenance.check"}, "export": {"exchange.export_plan", "exchange.export"},
                "import": {"exchange.import_packages"}, "stations": {"reports.stations_grid"},
                "trust": {"exchange.trust_superior"}, "key": {"exchange.save_public_key"}}
    for name, operations_expected in expected.items():
        assert operations_expected <= table[name], name


def test_the_reader_sees_through_helpers(tmp_path, monkeypatch):
    """operations_used follows a helper of the handler's own module, sees an operation
    imported by name, and finds nothing in a handler that runs none."""
    (tmp_path / "fake_family.py").write_text(
        "from operations import maintenance\n"
        "from operations.records import search as find\n\n\n"
        "def _helper(db, actor):\n    return maintenance.check(db, actor)\n\n\n"
        "def cmd_check(args):\n    return _helper(None, None)\n\n\n"
        "def cmd_find(args):\n    return find(None, None, args.query)\n\n\n"
        "def cmd_nothing(args):\n    return print('—')\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    family = importlib.import_module("fake_family")
    assert operations_used(family.cmd_check) == {"maintenance.check"}
    assert operations_used(family.cmd_find) == {"records.search"}
    assert operations_used(family.cmd_nothing) == set()


def _window_controls(qtbot, db) -> set[str]:
    from storage.records import accounts
    from ui.context import AppContext
    from ui.main_window import MainWindow

    context = AppContext(db, None, "Người thử")
    context.account = accounts.Account(1, "quantri", "Người thử", accounts.ADMIN, 1)
    noop = lambda *args: None  # noqa: E731
    window = MainWindow(context, on_open_other=noop, on_demo=noop, on_backup=noop, on_restore=noop,
                        on_log_out=noop)
    qtbot.addWidget(window)
    pages = {tr_label.replace("&", "&&") for _key, tr_label, _factory in window.page_list}
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)  # every page built, with its buttons
    texts = {a.text() for a in window.findChildren(QAction) if a.text() and not a.menu()}
    texts |= {b.text() for b in window.findChildren(QPushButton) if b.text()}
    return texts - pages


@pytest.fixture
def aggregator_db():
    from storage.db.connection import open_database
    from storage.records import unit

    database = open_database(None)
    unit.initialise(database, "Người thử", role="aggregator", province=22)
    yield database
    database.close()


def test_every_app_action_is_mapped(qtbot, db, aggregator_db):
    from ui.operation_map import APP_ACTIONS

    seen = _window_controls(qtbot, db) | _window_controls(qtbot, aggregator_db)
    missing = sorted(seen - set(APP_ACTIONS))
    assert not missing, ("actions and buttons with no entry in ui/operation_map.py (name the operation "
                         f"they run, or READS_ONLY): {missing}")
    stale = sorted(set(APP_ACTIONS) - seen)
    assert not stale, f"ui/operation_map.py names controls the windows no longer have: {stale}"


def test_mapped_operations_exist_and_ui_calls_them():
    from ui.operation_map import APP_ACTIONS

    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "ui").rglob("*.py")
                       if p.name != "operation_map.py")
    print("\nViệc trong ứng dụng → thao tác (operations):")
    for text, used in APP_ACTIONS.items():
        print(f"  {text:<36} {', '.join(used) or 'chỉ đọc'}")
        for name in used:
            assert name in REGISTRY, f"{text}: no operation {name}"
            function = REGISTRY[name].__wrapped__.__name__
            assert re.search(rf"\b{function}\b", source), f"{text}: ui/ never calls {name}"
