"""Site search in a real browser: axe-core finds no WCAG 2.1 AA violation on the results page
(with results, with none, with a "did you mean", filtered, and with the autocomplete open) in
both languages; without JavaScript the form, the type filters and the pages of results work;
with JavaScript the autocomplete is a keyboard-operable ARIA combobox. Nothing is requested
beyond the portal."""

from urllib.parse import quote

import pytest

from tests.browser.axe import axe_violations, report

pytestmark = pytest.mark.browser

RESULTS = {"el": "/search/?q=" + quote("Παιονία"), "en": "/en/search/?q=Paionia"}
NO_RESULTS = {"el": "/search/?q=" + quote("ζζξξψψ"), "en": "/en/search/?q=qqxxzzqq"}
# A typo the engine corrects from the site's own title words (Σαμοθράκης). The engine corrects
# Greek words only, so the English site's typo page shows results or tips, never a suggestion.
SUGGESTION = {"el": "/search/?q=" + quote("Σαμοθρκη"), "en": "/en/search/?q=" + quote("comunity")}
FILTERED = {
    "el": "/search/?q=" + quote("κοινότητας") + "&kind=centre",
    "en": "/en/search/?q=community&kind=centre",
}
EMPTY = {"el": "/search/", "en": "/en/search/"}


def check(page, portal_url, path):
    response = page.goto(portal_url + path)
    assert response.status == 200
    violations = axe_violations(page)
    assert violations == [], report(violations)
    page.wait_for_load_state("networkidle")
    assert page.outside_requests == []


@pytest.mark.parametrize("language", ["el", "en"])
@pytest.mark.parametrize("paths", [EMPTY, RESULTS, FILTERED], ids=["empty", "results", "filtered"])
def test_search_pages_have_no_axe_violations(page, portal_url, paths, language):
    check(page, portal_url, paths[language])
    assert page.locator("html").get_attribute("lang") == language


@pytest.mark.parametrize("language", ["el", "en"])
def test_results_are_labelled_and_marked(page, portal_url, language):
    check(page, portal_url, RESULTS[language])
    assert page.locator(".search-result").count() >= 1
    assert page.locator(".search-result__kind").first.inner_text().strip()
    assert page.locator(".search-result mark").count() >= 1


@pytest.mark.parametrize("language", ["el", "en"])
def test_no_results_page_has_no_axe_violations(page, portal_url, language):
    check(page, portal_url, NO_RESULTS[language])
    assert page.locator(".search-empty").is_visible()


@pytest.mark.parametrize("language", ["el", "en"])
def test_a_misspelt_query_has_no_axe_violations(page, portal_url, language):
    check(page, portal_url, SUGGESTION[language])


@pytest.mark.parametrize("language", ["el", "en"])
def test_did_you_mean_links_to_the_corrected_search(page, portal_url, language):
    page.goto(portal_url + SUGGESTION[language])
    link = page.locator(".search-suggestion a")
    assert link.count() == 1
    with page.expect_navigation():
        link.click()
    assert page.locator(".search-result").count() >= 1
    assert page.locator(".search-suggestion").count() == 0


def test_without_javascript_the_form_filters_and_pages_work(page_without_js, portal_url):
    tab = page_without_js
    tab.goto(portal_url + "/search/")
    box = tab.get_by_role("searchbox")
    assert box.get_attribute("role") is None  # the plain field, not a combobox
    box.fill("κοινότητας")
    with tab.expect_navigation():
        box.press("Enter")
    assert tab.locator(".search-result").count() == 10
    kinds = set(tab.locator(".search-result__kind").all_inner_texts())
    assert len(kinds) >= 1

    with tab.expect_navigation():
        tab.locator("nav.pagination a[rel='next']").click()
    assert "page=2" in tab.url
    assert tab.locator(".search-result").count() >= 1

    tab.locator("#kind-centre").check()
    with tab.expect_navigation():
        tab.locator(".search-filters button[type='submit']").click()
    assert "kind=centre" in tab.url
    assert "page=" not in tab.url
    assert tab.locator(".search-result").count() >= 1
    assert tab.locator(".search-result:not(.search-result--centre)").count() == 0
    assert tab.locator("#kind-centre").is_checked()


def test_autocomplete_is_a_keyboard_combobox(page, portal_url):
    page.goto(portal_url + "/search/")
    box = page.locator("#search-q")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    assert listbox.get_attribute("role") == "listbox"

    box.press_sequentially("Παιον", delay=30)
    listbox.wait_for(state="visible")
    assert box.get_attribute("aria-expanded") == "true"
    options = listbox.get_by_role("option")
    assert options.count() >= 1
    assert page.get_by_role("status").filter(has_text=str(options.count())).count() >= 1

    violations = axe_violations(page)  # with the list open
    assert violations == [], report(violations)

    box.press("ArrowDown")
    first = options.nth(0)
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    if options.count() > 1:
        box.press("ArrowDown")
        assert options.nth(1).get_attribute("aria-selected") == "true"
        assert first.get_attribute("aria-selected") == "false"
        box.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")

    box.press("Escape")
    assert listbox.is_hidden()
    assert box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-activedescendant") is None
    assert page.evaluate("document.activeElement.id") == "search-q"

    box.press("ArrowDown")
    assert box.get_attribute("aria-expanded") == "true"
    title = first.locator(".search-suggest__title").inner_text()
    target = first.get_attribute("data-url")
    with page.expect_navigation():
        box.press("Enter")
    assert page.url.endswith(target)
    assert page.locator("h1").first.inner_text().strip() == title
    assert page.outside_requests == []


def test_enter_without_choosing_submits_the_search(page, portal_url):
    page.goto(portal_url + "/en/search/")
    box = page.locator("#search-q")
    box.press_sequentially("Paionia", delay=30)
    page.locator("#" + box.get_attribute("aria-controls")).wait_for(state="visible")
    with page.expect_navigation():
        box.press("Enter")
    assert "/en/search/?q=Paionia" in page.url
    assert page.locator(".search-result").count() >= 1
