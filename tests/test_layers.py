"""The layer contract: each app imports only the apps below it (docs/architecture.md).

Lowest first: ``core < search < directory < home < signin < portal``. Every ``.py`` file of
those apps is parsed with ``ast`` (nothing is imported, no database is needed), and every
import — at module level, inside functions and classes, ``import x``, ``from x import y`` and
relative imports — is checked; an import of a higher layer fails with its file and line.

Migrations are checked too: a migration that imports an app above its own would tie the
schema history to code that may move, so they keep to the same rule. ``tests/`` and
``bench/`` sit outside the apps and may import anything.

Strings that name a module (``"portal.settings.test"`` in settings, a dotted path in
``MIDDLEWARE``) are not imports and are not checked; ``portal`` is the top layer anyway.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("core", "search", "directory", "home", "signin", "portal")
RANK = {name: rank for rank, name in enumerate(LAYERS)}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported_modules(tree: ast.AST, module: str, is_package: bool):
    """Yield (line, absolute module name) for every import in the tree, at any depth."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                if node.level > 1:
                    base = base[: -(node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            yield node.lineno, target


def layer_violations() -> list[str]:
    found = []
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            module = _module_name(path)
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for line, target in _imported_modules(tree, module, path.name == "__init__.py"):
                top = target.split(".")[0]
                if top in RANK and RANK[top] > RANK[app]:
                    found.append(f"{path.relative_to(ROOT)}:{line}: {app} imports {target}")
    return found


def test_no_app_imports_a_layer_above_it():
    found = layer_violations()
    assert not found, (
        f"{len(found)} import(s) reach up a layer "
        f"({' < '.join(LAYERS)}); offer a registry or a signal in the lower app and "
        "register from the upper one instead:\n" + "\n".join(found)
    )


@pytest.mark.parametrize(
    ("source", "module", "expected"),
    [
        ("import home.views", "directory.x", ["home.views"]),
        ("from home import views", "directory.x", ["home"]),
        ("def f():\n    from portal.urls import x", "core.x", ["portal.urls"]),
        ("from . import y", "directory.models.centres", ["directory.models"]),
        ("from ..listing import z", "directory.models.centres", ["directory.listing"]),
    ],
)
def test_the_walker_sees_every_kind_of_import(source, module, expected):
    tree = ast.parse(source)
    assert [name for _, name in _imported_modules(tree, module, False)] == expected
