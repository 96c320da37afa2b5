"""Security by default (portal/settings/headers.py, core/security_headers.py): the headers
every page sends, and production settings that pass Django's deployment check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from wagtail.models import Page

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {
        part.split()[0]: " ".join(part.split()[1:])
        for part in (item.strip() for item in policy.split(";"))
        if part
    }


@pytest.mark.parametrize("url", ["/", "/en/", "/domes/", "/search/?q=κεα", "/api/hsds/"])
def test_public_responses_carry_a_strict_policy(client, url):
    response = client.get(url)
    csp = directives(response)
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=(self)" in response["Permissions-Policy"]


def test_no_page_has_inline_script_or_style_the_policy_would_block(client):
    """The policy holds only because the pages never need inline code: no inline script
    (other than JSON data blocks), no style attribute, no event handler attribute."""
    import re

    pages = [page.url for page in Page.objects.live().filter(depth__gte=2)[:60]]
    for url in ["/", "/en/", "/search/?q=κεα", *pages]:
        body = client.get(url).content.decode()
        scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", body)
        assert all(
            "application/ld+json" in attrs or "application/json" in attrs for attrs in scripts
        ), url
        assert not re.search(r"<[^>]+\sstyle=", body), url
        assert not re.search(r"<[^>]+\son[a-z]+=", body), url
        assert "<style" not in body, url


def test_the_admin_preview_may_be_framed_by_the_admin_only(admin_client):
    centre = Page.objects.get(slug="chania", locale__language_code="el")
    response = admin_client.get(f"/admin/pages/{centre.pk}/edit/preview/?mode=")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(response)["frame-ancestors"] == "'self'"
    assert directives(admin_client.get("/admin/"))["frame-ancestors"] == "'none'"


def test_the_admin_runs_no_inline_script_and_allows_only_style_elements(client, admin_client):
    """The signed-in admin has the public site's ``script-src 'self'`` (its widgets start from
    data blocks: core/adaptations/). Its one relaxation is inline ``<style>`` elements,
    which the rich-text editor draws; ``style=""`` attributes stay blocked. The sign-in page
    and the previews keep the strict policy."""
    for url in ("/admin/", "/admin/pages/", "/admin/snippets/", "/admin/reports/site-history/"):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        csp = directives(response)
        assert csp["script-src"] == "'self'", url
        assert csp["style-src"] == "'self'", url
        assert csp["style-src-elem"] == "'self' 'unsafe-inline'", url
        assert "script-src-elem" not in csp and "style-src-attr" not in csp, url
        assert csp["default-src"] == "'self'" and csp["connect-src"] == "'self'", url
        assert csp["object-src"] == "'none'" and csp["frame-ancestors"] == "'none'", url
        assert "unsafe-eval" not in response["Content-Security-Policy"], url
    login = directives(client.get("/admin/login/"))
    assert login["script-src"] == "'self'" and login["style-src"] == "'self'"
    assert "style-src-elem" not in login
    centre = Page.objects.get(slug="chania", locale__language_code="el")
    preview = directives(admin_client.get(f"/admin/pages/{centre.pk}/edit/preview/?mode="))
    assert preview["script-src"] == "'self'" and "style-src-elem" not in preview


def test_production_settings_pass_the_deployment_check():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "x7#Kp2$vL9qR4wZ8mN3bT6yH1jF5cD0gS2aE7uI9oP4lK8nB3vC6xZ1qW5eR0tY",
        "ALLOWED_HOSTS": "portal.example.gr",
        "DATABASE_URL": "sqlite:///:memory:",
        "TRUSTED_PROXIES": "127.0.0.1",  # nginx in front, as deploy/env.example names it
    }
    env.pop("SECURE_SSL_REDIRECT", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_its_secrets():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.production"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "Set SECRET_KEY" in result.stderr


def test_hsts_for_a_year_and_secure_cookies_in_production():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "portal.example.gr",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["31536000", "True", "True", "True"]
    assert settings.SECURE_CONTENT_TYPE_NOSNIFF
