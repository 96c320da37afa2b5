"""The changes the project makes to Wagtail's and Django's own code all live in
core/adaptations/, are installed from ``CoreConfig.ready``, and fail here, by name, when the
library they mirror changes underneath them."""

import ast
import importlib
from pathlib import Path

import pytest
from django.core.files.storage import Storage
from wagtail.admin import auth
from wagtail.admin.widgets import BaseChooser

from core import adaptations
from core.adaptations import admin_refusal

ROOT = Path(__file__).resolve().parents[2]
OUR_APPS = ("core", "home", "directory", "search", "signin", "portal")
MIRRORED = [
    (name, target, digest)
    for name in adaptations.MODULES
    for target, digest in importlib.import_module(name).MIRRORS.items()
]


@pytest.mark.parametrize(("module", "target", "digest"), MIRRORED)
def test_what_each_adaptation_mirrors_is_unchanged(module, target, digest):
    assert adaptations.fingerprint(target) == digest, (
        f"{target} changed in the installed release: read {module} again against it, adapt "
        "it (or drop it if a hook, setting or template block now does the job) and record the "
        "new fingerprint."
    )


@pytest.mark.parametrize("name", adaptations.MODULES)
def test_each_adaptation_says_why_and_what_it_mirrors(name):
    module = importlib.import_module(name)
    assert module.__doc__ and "Why" in module.__doc__, name
    assert "Mirrors" in module.__doc__, name
    assert module.MIRRORS, name


def test_the_adaptations_are_installed_once():
    assert auth.permission_denied is admin_refusal.permission_denied
    assert BaseChooser.render.starts_from_data
    assert Storage.save.records_upload_writes
    render, save = BaseChooser.render, Storage.save
    adaptations.apply()
    assert (BaseChooser.render, Storage.save) == (render, save)


def imported_from_libraries(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in ("django", "wagtail"):
                    names.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in (
            "django",
            "wagtail",
        ):
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def root_name(node):
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def test_nothing_else_assigns_onto_wagtail_or_django():
    """An assignment onto a name imported from Django or Wagtail (``Class.method = ...``,
    ``setattr(module, ...)``) outside core/adaptations/ is a hidden patch."""
    found = []
    for app in OUR_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative.startswith("core/adaptations/") or "/migrations/" in relative:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            library = imported_from_libraries(tree)
            for node in ast.walk(tree):
                targets = []
                if isinstance(node, ast.Assign):
                    targets = [t for t in node.targets if isinstance(t, ast.Attribute)]
                elif isinstance(node, ast.AugAssign | ast.AnnAssign) and isinstance(
                    node.target, ast.Attribute
                ):
                    targets = [node.target]
                elif (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id == "setattr"
                    and node.args
                ):
                    targets = [node.args[0]]
                for target in targets:
                    if root_name(target) in library:
                        found.append(f"{relative}:{node.lineno}")
    assert not found, found
