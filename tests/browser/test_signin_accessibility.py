"""The sign-in pages in a real browser: an admin user sets up an authenticator (QR code drawn
in the page, nothing fetched from elsewhere), sees their backup codes, is asked for a code at
the next sign-in and manages two-step verification from their account; someone who keeps
guessing passwords meets the lock-out page. axe-core finds no WCAG 2.1 AA violation on any of
them, including with an error showing."""

import re
from binascii import unhexlify

import pytest
from django_otp.oath import totp

from tests.browser.axe import axe_violations, report

pytestmark = pytest.mark.browser

USERNAME = "two-factor@centre.example"
PASSWORD = "two-factor-password-1"  # noqa: S105 - a throwaway account on the test server
USER_SCRIPT = f"""
from django.contrib.auth import get_user_model
get_user_model().objects.create_superuser({USERNAME!r}, {USERNAME!r}, {PASSWORD!r})
"""
KEY_SCRIPT = f"""
from django_otp.plugins.otp_totp.models import TOTPDevice
print(TOTPDevice.objects.get(user__username={USERNAME!r}).key)
"""


def code(key: str, steps_ahead: int = 0) -> str:
    return f"{totp(unhexlify(key), drift=steps_ahead):06d}"


def sign_in(page, portal_url):
    page.context.clear_cookies()
    page.goto(portal_url + "/admin/login/")
    page.locator("#id_username").fill(USERNAME)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()


def submit_code(page, value: str):
    page.locator("#id_code").fill(value)
    with page.expect_navigation():
        page.locator("form.signin-form button[type=submit]").click()


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], report(violations)


def test_setting_up_and_using_two_factor_sign_in_is_accessible(page, portal_url):
    portal_url.manage("shell", "-c", USER_SCRIPT)
    sign_in(page, portal_url)
    page.wait_for_url(re.compile(r".*/admin/$"))
    page.wait_for_load_state("networkidle")
    page.outside_requests.clear()  # the dashboard's own (see below); the pages under test start here
    page.goto(portal_url + "/admin/two-factor/set-up/")
    assert page.locator("svg[role=img] title").count() == 1
    assert_accessible(page)
    submit_code(page, "12")
    assert page.locator("#id_code[aria-invalid=true]").count() == 1
    assert page.locator("#id_code-errors .error-message").is_visible()
    assert_accessible(page)

    key = portal_url.manage("shell", "-c", KEY_SCRIPT).strip().splitlines()[-1]
    submit_code(page, code(key))
    page.wait_for_url(re.compile(r".*/admin/two-factor/backup-codes/.*"))
    assert page.locator("main li code").count() == 10
    assert_accessible(page)

    sign_in(page, portal_url)
    page.wait_for_url(re.compile(r".*/admin/two-factor/verify/.*"))
    assert_accessible(page)
    page.wait_for_load_state("networkidle")
    # The set-up, backup-code and verification pages asked nothing of a third party. (The
    # dashboard itself asks releases.wagtail.org unless WAGTAIL_ENABLE_UPDATE_CHECK is off.)
    assert page.outside_requests == []
    submit_code(page, code(key, steps_ahead=1))
    page.wait_for_url(re.compile(r".*/admin/$"))

    page.goto(portal_url + "/admin/two-factor/")
    assert page.locator("form[action$='/two-factor/backup-codes/new/']").count() == 1
    assert_accessible(page)


def test_the_lock_out_page_is_accessible(page, portal_url):
    page.context.clear_cookies()
    for _ in range(5):
        page.goto(portal_url + "/admin/login/")
        page.locator("#id_username").fill("someone@example.org")
        page.locator("#id_password").fill("wrong-password")
        with page.expect_navigation():
            page.locator("form button[type=submit]").first.click()
    assert page.locator("main h1").count() == 1
    assert page.locator("#id_password").count() == 0  # the lock-out page, not the form
    assert_accessible(page)
