"""The rules package stays plain Python: its imports are limited to stdlib and stdnum."""

import ast
import sys
from pathlib import Path

import pytest

import station_client.rules

RULES_DIR = Path(station_client.rules.__file__).parent
ALLOWED_PROJECT = ("station_client.rules", "station_client.errors")


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", sorted(RULES_DIR.glob("*.py")), ids=lambda p: p.name)
def test_imports_are_plain(path: Path) -> None:
    for name in imported_modules(path):
        top = name.split(".")[0]
        if top == "station_client":
            assert name.startswith(ALLOWED_PROJECT), f"{path.name} imports {name}"
        else:
            assert top in sys.stdlib_module_names or top == "stdnum", f"{path.name} imports {name}"


@pytest.mark.parametrize("path", sorted(RULES_DIR.glob("*.py")), ids=lambda p: p.name)
def test_modules_stay_small(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) < 400
