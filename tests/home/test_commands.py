"""The commands `make run` relies on: demo content and the first administrator."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page

from directory.models import Branch, CentrePage

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_demo_content_has_every_centre_in_both_languages():
    greek = CentrePage.objects.filter(locale__language_code="el").live()
    english = CentrePage.objects.filter(locale__language_code="en").live()
    assert greek.count() == english.count() == 9
    assert Page.find_problems() == ([], [], [], [], [])


def test_demo_content_is_idempotent_and_keeps_edits():
    paionia = CentrePage.objects.get(slug="paionia", locale__language_code="el")
    paionia.summary = "Αλλαγή από συντάκτη"
    paionia.save_revision().publish()
    pages, branches = Page.objects.count(), Branch.objects.count()
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    assert "0 centres created" in out.getvalue()
    assert (Page.objects.count(), Branch.objects.count()) == (pages, branches)
    paionia.refresh_from_db()
    assert paionia.summary == "Αλλαγή από συντάκτη"


def test_demo_branches_match_the_sources():
    paionia = CentrePage.objects.get(slug="paionia", locale__language_code="el")
    main = paionia.main_branch
    assert main.street_address.startswith("Πλατεία Παύλου Μελά 1")
    assert (main.phone, main.phone_alt, main.postcode) == ("2343033151", "2343033154", "61200")
    kinds = {
        b.kind
        for b in CentrePage.objects.get(slug="heraklion", locale__language_code="el").branches.all()
    }
    assert kinds == {"main", "kem", "roma", "mobile"}


def test_english_translation_keeps_synchronised_fields():
    greek = CentrePage.objects.get(slug="paionia", locale__language_code="el")
    english = greek.get_translation(greek.locale.__class__.objects.get(language_code="en"))
    assert english.main_branch.phone == greek.main_branch.phone
    assert english.main_branch.latitude == greek.main_branch.latitude
    assert english.main_branch.name != greek.main_branch.name


def test_admin_account_gets_a_random_password_shown_once():
    User = get_user_model()
    User.objects.filter(is_superuser=True).delete()
    first = StringIO()
    call_command("create_admin_account", stdout=first)
    password = first.getvalue().split("password: ")[1].split()[0]
    assert len(password) >= 16
    assert User.objects.get(username="admin").check_password(password)
    second = StringIO()
    call_command("create_admin_account", stdout=second)
    assert password not in second.getvalue()
    assert User.objects.get(username="admin").check_password(password)


def test_two_admin_accounts_never_share_a_password():
    User = get_user_model()
    passwords = set()
    for _ in range(2):
        User.objects.filter(is_superuser=True).delete()
        out = StringIO()
        call_command("create_admin_account", stdout=out)
        passwords.add(out.getvalue().split("password: ")[1].split()[0])
    assert len(passwords) == 2


def run_manage(*args, **env):
    environment = {
        k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS", "DEBUG")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deployment_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="x" * 20 + "-production-secret-key-with-enough-entropy-9f8e7d",
        ALLOWED_HOSTS="koinotita.example.gr",
        TRUSTED_PROXIES="127.0.0.1",  # nginx in front, as deploy/env.example names it
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage(
        "check", DJANGO_SETTINGS_MODULE="portal.settings.production", ALLOWED_HOSTS="x.gr"
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_debug_is_off_unless_asked_for():
    code = "import django; from django.conf import settings; django.setup(); print(settings.DEBUG)"
    environment = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    environment.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="k" * 60,
        ALLOWED_HOSTS="x.gr",
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip() == "False", result.stderr
