"""An editor types a date the Greek way into an admin date field, in a real browser: the
picker keeps what was typed and the saved draft holds that date, not today's."""

import re

import pytest

pytestmark = pytest.mark.browser

ADMIN = "dates-admin"
PASSWORD = "a-long-test-password-for-dates"  # noqa: S105 - a throwaway account of the test server
MAKE_ADMIN = f"""
from django.contrib.auth import get_user_model
User = get_user_model()
user, _ = User.objects.get_or_create(username="{ADMIN}", defaults={{"is_superuser": True, "is_staff": True}})
user.set_password("{PASSWORD}")
user.save()
"""
SAVED = """
from wagtail.models import Page
page = Page.objects.get(slug='chania', locale__language_code='el').specific
print(page.get_latest_revision_as_object().last_verified.isoformat())
"""


def test_a_date_typed_day_first_is_the_date_saved(page, portal_url):
    page.on("dialog", lambda dialog: dialog.accept())
    portal_url.manage("shell", "-c", MAKE_ADMIN)
    page.goto(portal_url + "/admin/login/")
    page.locator("#id_username").fill(ADMIN)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/admin/$"))
    centre = portal_url.manage(
        "shell",
        "-c",
        "from wagtail.models import Page; "
        "print(Page.objects.get(slug='chania', locale__language_code='el').pk)",
    ).split()[-1]
    page.goto(f"{portal_url}/admin/pages/{centre}/edit/")
    field = page.locator("#id_last_verified")
    field.click()
    field.fill("")
    field.type("31/12/2026")
    page.keyboard.press("Escape")
    page.locator("#id_title").click()  # leave the field: the picker checks what was typed
    assert field.input_value() == "31/12/2026"
    with page.expect_navigation():
        page.locator("form#page-edit-form button[type=submit]").first.click()
    page.wait_for_load_state()
    saved = portal_url.manage("shell", "-c", SAVED).split()[-1]
    assert saved == "2026-12-31"
