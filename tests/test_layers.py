"""The layers of architecture.md: storage/ and printing/ never import Qt or ui/, and
printing/ runs no SQL."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("layer, forbidden", [
    ("storage", {"PySide6", "ui"}),
    ("printing", {"PySide6", "ui", "sqlite3", "sqlite_utils"}),
])
def test_layer_imports(layer, forbidden):
    files = list((ROOT / layer).rglob("*.py"))
    assert files, f"{layer}/ has no modules"
    for path in files:
        wrong = imported_modules(path) & forbidden
        assert not wrong, f"{path.relative_to(ROOT)} imports {sorted(wrong)}"
