"""The issue's "done when", in a real browser: a partner editor signs in, changes their own
service's hours and submits them for review; nothing changes in public until centre staff
approve; the same editor is refused another organisation's page with a 403 page."""

import re

import pytest

pytestmark = pytest.mark.browser

SERVICE = "/domes/grocery-heraklion/grocery-heraklion-2/"
STAFF_SCRIPT = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from directory.partner_access import CENTRE_STAFF
user = get_user_model().objects.create_user(
    "staff@centre.example", "staff@centre.example", "staff-password-1"
)
user.groups.add(Group.objects.get(name=CENTRE_STAFF))
"""


def sign_in(page, portal_url, username, password):
    page.context.clear_cookies()
    page.goto(portal_url + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/admin/$"))


def public_hours(page, portal_url) -> str:
    page.context.clear_cookies()
    page.goto(portal_url + SERVICE)
    return page.locator("main").inner_text()


def page_id(portal_url, path) -> int:
    slug = path.rstrip("/").rsplit("/", 1)[-1]
    output = portal_url.manage(
        "shell",
        "-c",
        f"from wagtail.models import Page; print(Page.objects.get(slug='{slug}', locale__language_code='el').pk)",
    )
    return int(output.strip().splitlines()[-1])


def test_partner_change_goes_live_only_after_approval(page, portal_url):
    output = portal_url.manage("invite_partner", "grocery-heraklion", "grocer@partners.example")
    password = re.search(r"Password \(shown once\): (\S+)", output).group(1)
    portal_url.manage("shell", "-c", STAFF_SCRIPT)
    service_id = page_id(portal_url, SERVICE)
    other_id = page_id(portal_url, "/domes/health-heraklion/health-heraklion-2/")
    assert "13:00" in public_hours(page, portal_url)

    # The partner edits their own service's hours and submits them for review.
    sign_in(page, portal_url, "grocer@partners.example", password)
    page.goto(f"{portal_url}/admin/pages/{service_id}/edit/")
    closes = page.locator('input[name$="opening_hours-0-value-closes"]')
    assert closes.input_value() == "13:00"
    closes.fill("15:00")
    with page.expect_navigation():  # the form post, then Wagtail's redirect
        page.locator('button[name="action-submit"]').evaluate("button => button.click()")
    page.wait_for_load_state()
    assert page.locator(".messages").inner_text().strip() != ""
    assert not page.locator('button[name="action-publish"]').count()  # never theirs to publish

    # Refused another organisation's page: a 403 page, not a bounce or an error.
    response = page.goto(f"{portal_url}/admin/pages/{other_id}/edit/")
    assert response.status == 403
    assert "Δεν επιτρέπεται η πρόσβαση" in page.locator("main h1").inner_text()
    assert page.get_by_role("link", name="Επιστροφή στον πίνακα ελέγχου").is_visible()

    # Not public yet.
    hours = public_hours(page, portal_url)
    assert "13:00" in hours and "15:00" not in hours

    # Centre staff approve it from the edit page's workflow actions.
    sign_in(page, portal_url, "staff@centre.example", "staff-password-1")
    page.goto(f"{portal_url}/admin/pages/{service_id}/edit/")
    page.locator(
        'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
    ).evaluate("button => button.click()")
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))  # back to the listing, published
    hours = public_hours(page, portal_url)
    assert "15:00" in hours and "13:00" not in hours
