"""The partner directory in a real browser: accessible with filters applied, on a service page
and on its printed referral slip, in both languages; usable without JavaScript."""

import pytest

from tests.browser.axe import axe_violations, report

pytestmark = pytest.mark.browser

PAGES = [
    "/domes/",
    "/domes/?q=%CF%88%CF%85%CF%87%CE%BF%CE%BB%CE%BF%CE%B3%CE%B9%CE%BA%CE%AE&near=61200&category=health&open_now=on",
    "/domes/?q=nothing-at-all-here",
    "/domes/health-heraklion/",
    "/domes/health-heraklion/health-heraklion-2/",
    "/domes/shelter-heraklion/shelter-heraklion-1/",
    "/en/domes/?category=legal-aid&language=ar",
    "/en/domes/health-heraklion/health-heraklion-2/",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations(page, portal_url, path):
    page.goto(portal_url + path)
    violations = axe_violations(page)
    assert violations == [], report(violations)


@pytest.mark.parametrize(
    "path", ["/domes/health-heraklion/health-heraklion-2/", "/en/domes/kep-paionia/kep-paionia-1/"]
)
def test_referral_slip_in_print(page, portal_url, path):
    page.goto(portal_url + path)
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator("h1").is_visible()
    assert page.locator(".print-only").is_visible()  # the page's address on the slip
    violations = axe_violations(page)
    assert violations == [], report(violations)


def test_filters_without_javascript(page_without_js, portal_url):
    page_without_js.goto(portal_url + "/domes/")
    page_without_js.get_by_label("Τι χρειάζεστε;").fill("ψυχολογική υποστήριξη")
    page_without_js.get_by_label("Κοντά σε (ταχυδρομικός κώδικας ή περιοχή)").fill("Ηράκλειο")
    page_without_js.get_by_role("button", name="Αναζήτηση", exact=True).last.click()
    assert "near=" in page_without_js.url
    first = page_without_js.locator("#directory-results ~ ol .card").first
    assert "Ηρακλείου" in first.inner_text()
