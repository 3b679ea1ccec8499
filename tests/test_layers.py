"""The layers of docs/architecture.md, checked on the source: every import of every module
of the project (function-level imports included) is read with ast, and

- nothing below ui/ imports Qt or ui/ (storage/, operations/, printing/, cli/);
- printing/ takes from storage/ only the document dataclasses, and runs no SQL;
- storage/ never reaches up into operations/, printing/ or cli/;
- ui/ writes only through operations/: from storage/ it imports only read-side modules,
  or names on an explicit list of reads, and it calls no storage write with a database;
- the project's modules import each other without a cycle."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("storage", "operations", "printing", "cli", "ui")


@dataclass(frozen=True)
class Import:
    importer: str     # dotted module doing the import
    target: str       # the dotted name imported ("storage.records.people" or "…people.people")
    line: int


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def project_files() -> dict[str, Path]:
    files = {module_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}
    files["main"] = ROOT / "main.py"
    return files


FILES = project_files()


def imports_of(name: str) -> list[Import]:
    """Every import in the module, at any depth (inside functions too), made absolute."""
    path = FILES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [Import(name, alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1] + ([base] if base else []))
            found += [Import(name, f"{base}.{alias.name}", node.lineno) for alias in node.names]
    return found


IMPORTS = {name: imports_of(name) for name in FILES}


def project_module(target: str) -> str | None:
    """The project module a dotted import name lands in (a module, or a name in one)."""
    while target and target not in FILES:
        target = target.rpartition(".")[0]
    return target or None


def top(target: str) -> str:
    return target.split(".")[0]


def where(item: Import) -> str:
    return f"{FILES[item.importer].relative_to(ROOT)}:{item.line} imports {item.target}"


# ---- Qt stays in ui/ -------------------------------------------------------------------
# No way up at all: with no command main.py (not cli/) opens the app.


@pytest.mark.parametrize("layer", ["storage", "operations", "printing", "cli"])
def test_no_qt_below_ui(layer):
    modules = [name for name in FILES if top(name) == layer]
    assert modules, f"{layer}/ has no modules"
    wrong = [where(i) for name in modules for i in IMPORTS[name]
             if top(i.target) in ("PySide6", "shiboken6", "ui")]
    assert not wrong, "\n".join(wrong)


def test_storage_does_not_reach_up():
    wrong = [where(i) for name in FILES if top(name) == "storage" for i in IMPORTS[name]
             if top(i.target) in ("operations", "printing", "cli", "ui", "main")]
    assert not wrong, "\n".join(wrong)


def test_operations_are_called_not_calling_up():
    wrong = [where(i) for name in FILES if top(name) == "operations" for i in IMPORTS[name]
             if top(i.target) in ("cli", "ui", "main")]
    assert not wrong, "\n".join(wrong)


# ---- printing takes plain data ---------------------------------------------------------
def test_printing_imports_only_the_document_dataclasses():
    wrong = []
    for name in (n for n in FILES if top(n) == "printing"):
        for item in IMPORTS[name]:
            landed = project_module(item.target)
            if top(item.target) in ("sqlite3", "sqlite_utils", "operations", "cli", "ui", "main"):
                wrong.append(where(item))
            elif landed and top(landed) == "storage" and landed != "storage.documents.data":
                wrong.append(where(item))
    assert not wrong, "printing/ may take from storage/ only storage.documents.data:\n" + "\n".join(wrong)


# ---- ui/ writes only through operations/ -----------------------------------------------
# Modules of storage/ that only read, or hold constants: ui/ may import anything from them.
READ_SIDE = ("storage.query", "storage.reference", "storage.vocabulary", "storage.text", "storage.errors",
             "storage.clock", "storage.version", "storage.db.paths", "storage.documents.data", "storage.labels")

# Names ui/ may take from the other modules of storage/, each a read or a constant. A
# repository object (people, teams …) may be read (get, list, count); a write on it is
# caught by test_ui_calls_no_storage_write. Adding a name here needs a reason.
READS = {
    # opening the file for a window, the writer lock and the quick check at opening belong
    # to the session, not to a job (docs/architecture.md, "The app")
    "storage.db.connection": {"open_database", "open_read_only"},
    "storage.db.lock": {"acquire", "release", "read", "LockInfo"},
    "storage.db.integrity": {"quick_check"},
    "storage.db.backup": {"list_backups", "folder_for", "second_place", "describe", "BackupInfo",
                          "check_file", "decrypt_copy",  # decrypt: a temporary file to restore from
                          "reason_label",  # why a backup was taken, in words
                          "second_place_problem"},  # why the last copy to the USB stick failed
    "storage.demo": {"Cancelled", "MAX_HOUSEHOLDS"},
    "storage.documents.gather": {"DOCUMENT_KINDS", "STATION_COLUMNS",
                                 "report_sections"},  # the report's draft words, shown to be edited
    "storage.documents.wording": {"DEFAULT_MINUTES_CLOSING", "MARGINS", "margins", "minutes_closing",
                                  # Mẫu in: who signs, and the report's sections (names, reads)
                                  "REPORT_SECTIONS", "SIGNED_DOCUMENTS", "SIGNER_MODES", "signer_settings",
                                  # the other documents' wording: the texts, and why one cannot be saved
                                  "TEXTS", "texts", "wording_problem"},
    "storage.excel.plan": {"STATUS_LABELS", "change_text"},  # the preview's labels and wording
    "storage.excel.table": {"FIELDS_BY_KIND"},
    "storage.exchange.aggregate": {"known_stations", "reporting_grid", "station_records"},
    "storage.exchange.importer": {"ACCEPTED", "NEEDS_TRUST", "REJECTED", "NOT_RECEIVED", "is_package"},
    "storage.exchange.keys": {"KeyReplacement", "encryption_public", "fingerprint", "signing_public", "superior"},
    "storage.exchange.records": {"TABLES"},
    "storage.records.accounts": {"ROLES", "ADMIN", "OFFICER", "VIEWER", "count", "list_accounts", "Account",
                                 "LoginError"},
    "storage.records.areas": {"areas"},
    "storage.records.audit": {"ACTIONS", "AuditEntry", "action_label", "actors", "changes", "entries", "history"},
    "storage.records.evaluation": {"FILE_LABELS", "ORG_KINDS", "SecurityMember", "entry_for", "events",
                                   "organisations", "score_items_for", "security_members", "setting",
                                   "team_gradings", "window",
                                   "criteria_tables", "scoring_tables",  # the shipped data files, read
                                   "model_team_ids"},
    "storage.records.households": {"households", "members"},
    "storage.records.incidents": {"ITEM_UNITS", "reintegration_cases", "surrendered_items", "tips"},
    "storage.records.lists": {"AREA_KINDS", "ITEM_KINDS", "LIST_TITLES", "MEDIATION_CATEGORIES", "MODEL_KINDS",
                              "TEAM_KINDS", "TIP_CHANNELS", "choices", "label_of", "labels", "list_items"},
    "storage.records.mediation": {"EXCLUDED_WARNING", "INVITED", "MEDIATOR", "PARTY", "PERSON_ROLES", "RELATED",
                                  "mediation_cases"},
    "storage.records.models": {"models", "MODEL_STATUSES"},
    "storage.records.patrols": {"patrols"},
    "storage.records.people": {"history", "mask_cccd", "people"},
    "storage.records.pledges": {"DEFAULT_BODY", "DEFAULT_TITLE", "PLACEHOLDERS", "default_text", "fill", "pledges",
                                "unknown_placeholders", "STATUSES"},
    "storage.records.reviews": {"area_assessments", "commendations", "reviews"},
    "storage.records.settings": {"get", "DEFAULTS"},
    "storage.records.teams": {"members_of", "memberships", "teams", "ROLES", "TEAM_STATUSES"},
    "storage.records.trash": {"TrashItem", "items"},
    "storage.records.unit": {"ROLE_LABELS", "get_unit", "has_unit", "identity_from_official_list"},
    "storage.records.validate": {"format_date"},
}

# Calls that write when handed a database: a storage function or a repository method.
WRITE_CALLS = {"create", "create_many", "update", "delete", "restore", "empty", "mark", "put", "append",
               "append_many", "initialise", "generate", "make_backup", "backup_to_file", "set_second_place",
               "trust_superior", "ensure_keys", "import_packages", "export", "write_receipt", "login",
               "change_password", "reset_password", "change_role", "end_membership", "set_margins",
               "set_minutes_closing", "finish", "migrate", "execute", "executemany", "atomic"}


def read_side(module: str) -> bool:
    return any(module == allowed or module.startswith(allowed + ".") for allowed in READ_SIDE)


def storage_names_used_by(name: str) -> list[tuple[str, str, int]]:
    """(storage module, name, line) for each name ui module `name` takes from storage/
    outside the read-side modules: `from storage.x import f`, and `m.f` where m is a
    storage module bound by an import."""
    tree = ast.parse(FILES[name].read_text(encoding="utf-8"))
    bound, used = {}, []
    for item, node in zip(IMPORTS[name], _import_nodes(tree)):
        landed = project_module(item.target)
        if not landed or top(landed) != "storage" or read_side(landed):
            continue
        if landed == item.target:  # a module: its attributes are checked below
            bound[node.asname or item.target.rpartition(".")[2]] = landed
        else:
            used.append((landed, item.target[len(landed) + 1:], item.line))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound:
            used.append((bound[node.value.id], node.attr, node.lineno))
    return used


def _import_nodes(tree) -> list[ast.alias]:
    """The alias nodes, in the order imports_of lists them."""
    aliases = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            aliases += node.names
    return aliases


def test_ui_takes_from_storage_only_reads():
    wrong = []
    for name in (n for n in FILES if top(n) == "ui"):
        for module, used, line in storage_names_used_by(name):
            if used not in READS.get(module, set()):
                wrong.append(f"{FILES[name].relative_to(ROOT)}:{line} uses {module}.{used}")
    assert not wrong, ("ui/ writes only through operations/; these are not known reads (write through an "
                       "operation, or add a read to READS with its reason):\n" + "\n".join(wrong))


def _looks_like_db(node: ast.AST) -> bool:
    if isinstance(node, ast.Name):
        return node.id in ("db", "conn")
    return isinstance(node, ast.Attribute) and node.attr in ("db", "conn")


def operation_modules_bound(name: str) -> set[str]:
    """Local names bound to a module of operations/ in ui module `name` (`records`,
    `account_ops` …): calling an operation with the database is how ui/ writes."""
    tree = ast.parse(FILES[name].read_text(encoding="utf-8"))
    return {node.asname or item.target.rpartition(".")[2]
            for item, node in zip(IMPORTS[name], _import_nodes(tree))
            if top(item.target) == "operations" and project_module(item.target) == item.target}


def storage_writes_in(name: str, source: str | None = None) -> list[str]:
    """Calls that write to storage: a write method handed the database first
    (`people.create(db, actor, …)`), or one made on it (`db.atomic()`,
    `db.conn.execute(…)`); a call of an operation (`records.create(db, actor, …)`) is fine."""
    operations_here = operation_modules_bound(name) if source is None else set()
    tree = ast.parse(source if source is not None else FILES[name].read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in WRITE_CALLS:
            continue
        receiver = node.func.value
        if isinstance(receiver, ast.Name) and receiver.id in operations_here:
            continue
        if _looks_like_db(receiver) or (node.args and _looks_like_db(node.args[0])):
            found.append(f"{node.lineno} calls {ast.unparse(node.func)}")
    return found


def test_ui_calls_no_storage_write():
    wrong = [f"{FILES[name].relative_to(ROOT)}:{call}" for name in FILES if top(name) == "ui"
             for call in storage_writes_in(name)]
    assert not wrong, "ui/ writes only through operations/:\n" + "\n".join(wrong)


def test_the_checks_catch_a_write():
    """The two ui/ checks above, run on a made-up page that writes directly."""
    source = ("from storage.records import trash\nfrom storage.records.people import people\n"
              "def f(context):\n    people.delete(context.db, 'x', 1)\n    trash.empty(context.db, 'x')\n")
    assert storage_writes_in("ui", source) == ["4 calls people.delete", "5 calls trash.empty"]
    assert storage_writes_in("ui", "def f(db):\n    with db.atomic():\n        db.conn.execute('x')\n") == [
        "2 calls db.atomic", "3 calls db.conn.execute"]
    assert "empty" not in READS["storage.records.trash"] and "delete" not in READS["storage.records.people"]


# ---- no cycles -------------------------------------------------------------------------
def import_graph() -> dict[str, set[str]]:
    graph = {}
    for name in FILES:
        targets = {project_module(i.target) for i in IMPORTS[name]}
        graph[name] = {t for t in targets if t and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycles():
    found = cycles(import_graph())
    assert not found, "import cycles:\n" + "\n".join(" ↔ ".join(c) for c in found)


def test_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
