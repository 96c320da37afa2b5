"""The Content Security Policy in a real browser: the public pages and the Wagtail admin run
under ``script-src 'self'`` (no ``unsafe-inline``; the admin only allows inline ``<style>``
elements for its rich-text editor: core/security_headers.py), the admin's widgets, which
Wagtail starts with inline scripts, still work when started from data blocks
(core/adaptations/), and the browser reports no violation (Chromium logs each one on the
console)."""

import re
from urllib.parse import quote

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


def centre_pk(portal_url) -> str:
    return portal_url.manage(
        "shell",
        "-c",
        "from wagtail.models import Page; print(Page.objects.get(slug='chania', locale__language_code='el').pk)",
    ).split()[-1]


def test_the_admin_works_under_the_policy(page, portal_url):
    found = violations_of(page)
    page.on("dialog", lambda dialog: dialog.accept())  # "leave with unsaved changes?"
    sign_in(page, portal_url)
    response = page.goto(portal_url + "/admin/pages/")
    policy = response.headers["content-security-policy"]
    csp = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    # The sidebar's menu is drawn by the admin's scripts.
    page.locator("#wagtail-sidebar nav").wait_for(state="visible")
    page.locator("main").wait_for(state="visible")
    # The page editor: its rich-text fields and tabs are drawn by JavaScript.
    page.goto(portal_url + f"/admin/pages/{centre_pk(portal_url)}/edit/")
    page.locator(".Draftail-Editor").first.wait_for(state="visible", timeout=15_000)
    # Each partner's page chooser was started from its data block when the page loaded...
    started = "id => !!(document.getElementById(id) || {}).widget"
    assert page.evaluate(started, "id_partners-0-organisation-chooser")
    # ...and so is the chooser of a partner added now (the inline panel was started too):
    # it opens its modal, finds a partner and fills in the choice.
    index = int(page.locator("#id_partners-TOTAL_FORMS").input_value())
    page.locator("#id_partners-ADD").click()
    chooser = page.locator(f"#id_partners-{index}-organisation-chooser")
    chooser.wait_for(state="visible")
    assert page.evaluate(started, f"id_partners-{index}-organisation-chooser")
    chooser.locator("[data-chooser-action-choose]").click()
    modal = page.locator(".modal-content")
    modal.locator("#id_q").fill("ΚΕΠ")
    choice = modal.locator("a.choose-page").first
    choice.wait_for(state="visible", timeout=10_000)
    chosen = choice.inner_text().strip()
    choice.click()
    assert page.locator(f"#id_partners-{index}-organisation-title").inner_text() == chosen
    assert page.locator(f"#id_partners-{index}-organisation").input_value().isdigit()
    # The "last verified" date field opens its calendar.
    page.locator("#id_last_verified").click()
    page.locator(".xdsoft_datetimepicker >> visible=true").first.wait_for(timeout=5_000)
    # The live preview panel frames the portal's own page.
    page.keyboard.press("Escape")
    page.locator("[data-side-panel-toggle='preview']").click()
    frame = page.frame_locator("iframe[id^='w-preview-iframe'], .preview-panel iframe").first
    frame.locator("body").wait_for(timeout=15_000)
    paths = (
        "/admin/pages/search/?q=Χανιά",
        "/admin/images/",
        "/admin/documents/",
        "/admin/snippets/",
    )
    for path in paths:
        page.goto(portal_url + path)
        page.locator("main").wait_for(state="visible")
    page.wait_for_load_state("networkidle")
    assert found == []


def test_a_listing_date_filter_works_under_the_policy(page, portal_url):
    """The site history's "date from" filter: its calendar opens, and the date picked in it
    filters the listing."""
    found = violations_of(page)
    sign_in(page, portal_url)
    page.goto(portal_url + "/admin/reports/site-history/")
    page.locator("main").wait_for(state="visible")
    filters = ".w-dropdown:has([aria-controls='drilldown-id_timestamp']) .w-dropdown__toggle"
    page.locator(filters).first.click()
    page.locator("[aria-controls='drilldown-id_timestamp']").click()
    page.locator("#id_timestamp_0").click()
    calendar = page.locator(".xdsoft_datetimepicker >> visible=true").first
    calendar.wait_for(timeout=5_000)
    calendar.locator(".xdsoft_date:not(.xdsoft_disabled)").first.click()
    picked = page.locator("#id_timestamp_0").input_value()
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", picked)  # day first, as Greece writes dates
    page.wait_for_url(re.compile(rf".*timestamp_from={re.escape(quote(picked, safe=''))}.*"))
    page.wait_for_load_state("networkidle")
    assert found == []


def test_the_translation_screens_run_under_the_policy(page, portal_url):
    """wagtail-localize's "translate" screen and translation editor, whose inline scripts are
    replaced by files (core/templates/wagtail_localize/): the editor gets its chooser URLs."""
    found = violations_of(page)
    sign_in(page, portal_url)
    source = centre_pk(portal_url)
    english = portal_url.manage(
        "shell",
        "-c",
        "from wagtail.models import Page; print(Page.objects.get(slug='chania', "
        "locale__language_code='en').pk)",
    ).split()[-1]
    page.goto(portal_url + f"/admin/localize/submit/page/{source}/")
    page.locator("main form").wait_for(state="visible")
    page.goto(portal_url + f"/admin/pages/{english}/edit/")
    page.locator(".js-translation-editor *").first.wait_for(state="visible", timeout=15_000)
    urls = page.evaluate("() => window.chooserUrls")
    assert urls["pageChooser"] == "/admin/choose-page/"
    assert urls["imageChooser"] and urls["documentChooser"]
    page.wait_for_load_state("networkidle")
    assert found == []
