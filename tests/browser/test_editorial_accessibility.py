"""The editorial page types in a real browser: axe-core finds no WCAG 2.1 AA violation on the
announcements, funding notices, standard pages, the accessibility statement and the alert
banner, in both languages, and none of them asks anything of a third party."""

import pytest

from tests.browser.axe import axe_violations, report

pytestmark = pytest.mark.browser

PAGES = [
    "/anakoinoseis/",
    "/anakoinoseis/?year=2025",
    "/anakoinoseis/heraklion-paratasi-2025/",
    "/chrimatodotisi/",
    "/chrimatodotisi/chrimatodotisi-heraklion/",
    "/schetika/",
    "/prostasia-dedomenon/",
    "/dilosi-prosvasimotitas/",
    "/en/anakoinoseis/",
    "/en/anakoinoseis/heraklion-paratasi-2025/",
    "/en/chrimatodotisi/",
    "/en/chrimatodotisi/chrimatodotisi-heraklion/",
    "/en/schetika/",
    "/en/dilosi-prosvasimotitas/",
]

ALERT = """
from django.utils import timezone
from wagtail.models import Locale
from home.models import SiteAlert
for code, text in (("el", "Δοκιμαστική επείγουσα ειδοποίηση."), ("en", "A test urgent alert.")):
    SiteAlert.objects.get_or_create(
        locale=Locale.objects.get(language_code=code), message=text,
        defaults={"level": "urgent", "starts_at": timezone.now()},
    )
for code, text in (("el", "Δοκιμαστική προειδοποίηση."), ("en", "A test warning.")):
    SiteAlert.objects.get_or_create(
        locale=Locale.objects.get(language_code=code), message=text,
        defaults={"level": "warning", "starts_at": timezone.now()},
    )
"""


@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations_on_editorial_pages(page, portal_url, path):
    response = page.goto(portal_url + path)
    assert response.status == 200
    violations = axe_violations(page)
    assert violations == [], report(violations)
    page.wait_for_load_state("networkidle")
    assert page.outside_requests == []


@pytest.mark.parametrize("path", ["/", "/en/", "/kentra/heraklion/"])
def test_the_alert_banner_is_accessible_and_readable_without_javascript(
    page, page_without_js, portal_url, path
):
    portal_url.manage("shell", "-c", ALERT)
    page.goto(portal_url + path)
    assert page.locator(".site-alert--urgent[role='alert']").count() == 1
    violations = axe_violations(page)
    assert violations == [], report(violations)
    page_without_js.goto(portal_url + path)
    assert page_without_js.locator(".site-alert--warning").is_visible()
    page_without_js.locator(".site-alert--warning .site-alert__dismiss").click()
    assert page_without_js.locator(".site-alert--warning").count() == 0
    assert page_without_js.locator(".site-alert--urgent").count() == 1
