"""Every place where the project changes Wagtail's or Django's own code at run time, or
replaces one of their templates: what no hook, setting, viewset, permission policy or template
block can express. Nothing outside this package assigns onto a library's class or module.

Each module here

- says why the adaptation exists and which release it mirrors;
- lists in ``MIRRORS`` the pieces of the library it replaces, copies or relies on, each with a
  fingerprint of its source (``fingerprint``): tests/core/test_adaptations.py fails when one
  of them changes, so an upgrade says what to read again;
- changes the library, if it must, in ``install()``, which ``apply()`` calls once, from
  ``CoreConfig.ready`` (core/apps.py).

The replaced templates sit in core/templates/, which Django's app loader reads before
wagtail.admin's (``core`` is the first of ``INSTALLED_APPS``).
"""

import ast
import hashlib
import importlib
import importlib.util
from pathlib import Path

MODULES = (
    "core.adaptations.admin_refusal",
    "core.adaptations.chooser_starters",
    "core.adaptations.inline_script_templates",
    "core.adaptations.storage_writes",
)


def modules() -> list:
    return [importlib.import_module(name) for name in MODULES]


def apply() -> None:
    """Install every adaptation. Idempotent: each ``install()`` recognises its own work."""
    for module in modules():
        install = getattr(module, "install", None)
        if install is not None:
            install()


def _package_file(package: str, relative: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise LookupError(f"{package} is not installed")
    return Path(spec.origin).parent / relative


def _definition(module: str, qualname: str) -> str:
    """The source text of ``qualname`` (``Class.method`` or ``function``) as written in
    ``module``'s file: read from disk, so an installed replacement does not hide it."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise LookupError(f"{module} is not installed")
    text = Path(spec.origin).read_text(encoding="utf-8")
    body = ast.parse(text).body
    node = None
    for part in qualname.split("."):
        node = next(
            (
                n
                for n in body
                if isinstance(n, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                and n.name == part
            ),
            None,
        )
        if node is None:
            raise LookupError(f"{module} no longer defines {qualname}")
        body = node.body
    return ast.get_source_segment(text, node)


def fingerprint(target: str) -> str:
    """A short hash of a library's definition or template.

    ``"wagtail.admin.auth:permission_denied"`` names a function or ``Class.method`` in a
    module; ``"template:wagtail.admin:wagtailadmin/widgets/date_input.html"`` a template in a
    package's ``templates/`` folder."""
    if target.startswith("template:"):
        _, package, name = target.split(":", 2)
        text = _package_file(package, f"templates/{name}").read_text(encoding="utf-8")
    else:
        module, qualname = target.split(":", 1)
        text = _definition(module, qualname)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
