"""Every page type, in Greek and in English, is valid HTML by the Nu HTML checker.

Invalid markup is how assistive technology and old phones get a different page from the one
we tested: a stray end tag, a duplicate id that breaks a label, an attribute a screen reader
ignores. The pages are rendered through Django's test client, written to a folder, and checked
by ``vnu.jar`` (npm package ``vnu-jar``, installed by ``make node-deps``) in one run, as the
JVM takes seconds to start. A deliberately broken page goes into the same run, so a checker
that stopped reporting errors would fail this test rather than pass it.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils.text import slugify
from django.views.defaults import permission_denied
from wagtail.models import Locale, Page, get_page_models

from tests.frontend.pages import NOT_FOUND, PageCase, page_cases

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CANARY = "zz-canary.html"
CANARY_HTML = '<!DOCTYPE html><html lang="en"><title>canary</title><p>open <div></p>'


def vnu_command() -> list[str]:
    """The checker's command line, or a failure (under CI) or skip (elsewhere) that says how
    to install what is missing: CI must never pass with the gate silently switched off."""
    java = shutil.which("java")
    missing = []
    if java is None:
        missing.append("java (Debian: default-jre-headless)")
    if not VNU.exists():
        missing.append(f"{VNU.relative_to(ROOT)} (npm package vnu-jar)")
    if missing:
        message = f"The HTML checker needs {' and '.join(missing)}: run 'make node-deps'."
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    return [java, "-Xss4m", "-jar", str(VNU), "--format", "json", "--errors-only"]


def untranslated_page_case() -> PageCase:
    """A Greek-only page seen on the English site: the "not translated yet" notice."""
    from home.models import StandardPage

    about = StandardPage.objects.get(locale__language_code="el", slug="schetika")
    greek_only = StandardPage(
        title="Μόνο στα ελληνικά", slug="mono-ellinika", body="<p>Κείμενο.</p>"
    )
    about.get_parent().add_child(instance=greek_only)
    greek_only.save_revision().publish()
    alias = greek_only.copy_for_translation(Locale.objects.get(language_code="en"), alias=True)
    return PageCase("untranslated page with notice", "en", alias.url)


def error_templates() -> dict[str, str]:
    """The 403 and 500 pages, which no public address produces on demand: rendered the way
    Django's own handlers render them (500 without a request or context)."""
    request = RequestFactory().get("/")
    forbidden = permission_denied(request, PermissionDenied())
    return {
        "error page 403 (el)": forbidden.content.decode(),
        "error page 500": render_to_string("500.html"),
    }


def render_all(client, folder: Path) -> tuple[dict[str, str], set[type]]:
    """Write every page to ``folder``; return file name → page label, and the page models
    that were rendered."""
    cases = page_cases("el") + page_cases("en") + [untranslated_page_case()]
    files, models, wrong_status = {}, set(), []
    for number, case in enumerate(cases, start=1):
        response = client.get(case.path)
        expected = 404 if case.path.endswith(NOT_FOUND) else 200
        if response.status_code != expected:
            wrong_status.append(f"{case.label} {case.path}: {response.status_code}")
            continue
        page = (response.context or {}).get("page")
        if isinstance(page, Page):
            models.add(type(page.specific))
        name = f"{number:02d}-{case.language}-{slugify(case.name)}.html"
        (folder / name).write_bytes(response.content)
        files[name] = f"{case.label} {case.path}"
    assert wrong_status == [], "Pages did not answer as expected:\n" + "\n".join(wrong_status)
    for number, (label, html) in enumerate(error_templates().items(), start=len(cases) + 1):
        name = f"{number:02d}-{slugify(label)}.html"
        (folder / name).write_text(html, encoding="utf-8")
        files[name] = label
    return files, models


def run_checker(folder: Path, names: list[str]) -> list[dict]:
    completed = subprocess.run(
        [*vnu_command(), *(str(folder / name) for name in names)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    # vnu writes its JSON report to standard error and exits 1 when it found errors.
    try:
        return json.loads(completed.stderr)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(
            f"The HTML checker failed to run (exit {completed.returncode}):\n{completed.stderr[-2000:]}"
        )


def describe(message: dict, files: dict[str, str]) -> str:
    name = message.get("url", "").rsplit("/", 1)[-1]
    where = f"line {message.get('lastLine', '?')}, column {message.get('firstColumn', message.get('lastColumn', '?'))}"
    extract = message.get("extract", "").replace("\n", "⏎").strip()
    return f"{files.get(name, name)}: {where}: {message['message']}\n    {extract}"


def test_every_page_type_in_both_languages_is_valid_html(client, tmp_path):
    files, models = render_all(client, tmp_path)
    (tmp_path / CANARY).write_text(CANARY_HTML, encoding="utf-8")
    messages = run_checker(tmp_path, [*files, CANARY])

    canary = [m for m in messages if m.get("url", "").endswith(CANARY)]
    assert canary, "The checker found nothing wrong in a broken page: it is not checking."
    errors = [m for m in messages if m not in canary]
    assert errors == [], f"{len(errors)} HTML errors:\n" + "\n".join(
        describe(message, files) for message in errors
    )

    # Every page model of the portal was among the pages checked.
    portal_models = {
        model for model in get_page_models() if model._meta.app_label in ("home", "directory")
    }
    assert portal_models - models == set(), "Page types the HTML check never rendered"
