"""The Content Security Policy in a real browser: the public pages run under the strict policy
(no ``unsafe-inline``), the Wagtail admin works under its own (inline scripts and styles
allowed, nothing else relaxed: portal/security_headers.py), and the browser reports no violation on either
(Chromium logs each one on the console)."""

import re

import pytest

pytestmark = pytest.mark.browser

ADMIN = "csp-admin"
PASSWORD = "a-long-test-password-for-csp"  # noqa: S105 - a throwaway account of the test server
MAKE_ADMIN = f"""
from django.contrib.auth import get_user_model
User = get_user_model()
user, _ = User.objects.get_or_create(username="{ADMIN}", defaults={{"is_superuser": True, "is_staff": True}})
user.set_password("{PASSWORD}")
user.save()
"""


def violations_of(page) -> list[str]:
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


PUBLIC = ["/", "/?q=Χανιά", "/domes/", "/kentra/chania/", "/search/?q=ψυχολογος", "/en/"]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_run_their_scripts_under_the_policy(page, portal_url, path):
    found = violations_of(page)
    response = page.goto(portal_url + path)
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    assert found == []


def test_search_suggestions_work_under_the_policy(page, portal_url):
    found = violations_of(page)
    page.goto(portal_url + "/search/")
    page.locator("input[name=q]").first.fill("Παιον")
    page.locator("[role=listbox] [role=option]").first.wait_for(state="visible", timeout=10_000)
    assert found == []


def sign_in(page, portal_url) -> None:
    portal_url.manage("shell", "-c", MAKE_ADMIN)
    page.goto(portal_url + "/admin/login/")
    page.locator("#id_username").fill(ADMIN)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/admin/$"))


def test_the_admin_works_under_the_policy(page, portal_url):
    found = violations_of(page)
    sign_in(page, portal_url)
    # The sidebar's menu is drawn by the admin's scripts.
    page.locator("#wagtail-sidebar nav").wait_for(state="visible")
    page.goto(portal_url + "/admin/pages/")
    page.locator("main").wait_for(state="visible")
    # The page editor: its rich-text fields and tabs are drawn by JavaScript.
    centre = portal_url.manage(
        "shell",
        "-c",
        "from wagtail.models import Page; print(Page.objects.get(slug='chania', locale__language_code='el').pk)",
    ).split()[-1]
    page.goto(portal_url + f"/admin/pages/{centre}/edit/")
    page.locator(".Draftail-Editor").first.wait_for(state="visible", timeout=15_000)
    # The live preview panel frames the portal's own page.
    page.locator("[data-side-panel-toggle='preview']").click()
    frame = page.frame_locator("iframe[id^='w-preview-iframe'], .preview-panel iframe").first
    frame.locator("body").wait_for(timeout=15_000)
    # The page listing's filters hold date widgets, which Wagtail starts with inline scripts.
    page.goto(portal_url + "/admin/pages/search/?q=Χανιά")
    page.locator("main").wait_for(state="visible")
    paths = (
        "/admin/images/",
        "/admin/documents/",
        "/admin/snippets/",
        "/admin/reports/site-history/",
    )
    for path in paths:
        page.goto(portal_url + path)
        page.locator("main").wait_for(state="visible")
    page.wait_for_load_state("networkidle")
    assert found == []
