"""The finder in a real browser: with and without JavaScript, with geolocation, and accessible
in every state (results, a choice list, an error) in both languages."""

import pytest

from tests.browser.axe import axe_violations, report

pytestmark = pytest.mark.browser

STATES = [
    "/kentra/?q=61200",
    "/kentra/?q=Irakleio",
    "/kentra/?q=Qwxyzzy",
    "/kentra/?lat=abc&lng=1",
    "/kentra/?q=%CE%91%CE%B8%CE%AE%CE%BD%CE%B1",  # Αθήνα: nothing within 50 km
    "/en/kentra/?q=Xania",
    "/en/kentra/?q=Irakleio",
    "/en/kentra/?q=Qwxyzzy",
]


@pytest.mark.parametrize("path", STATES)
def test_finder_states_have_no_axe_violations(page, portal_url, path):
    page.goto(portal_url + path)
    violations = axe_violations(page)
    assert violations == [], report(violations)


def first_result(tab) -> str:
    return tab.locator(".finder-list .card__title").first.inner_text().strip()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("61200", "Κέντρο Κοινότητας Παιονίας"),
        ("Αξιουπολη", "Κέντρο Κοινότητας Παιονίας"),
        ("axioupoli", "Κέντρο Κοινότητας Παιονίας"),
        ("ΠΑΙΟΝΙΑ", "Κέντρο Κοινότητας Παιονίας"),
    ],
)
def test_home_page_search_without_javascript(page_without_js, portal_url, query, expected):
    page_without_js.goto(portal_url + "/")
    page_without_js.get_by_label("Ταχυδρομικός κώδικας ή περιοχή").fill(query)
    page_without_js.get_by_role("button", name="Εύρεση").click()
    assert first_result(page_without_js) == expected
    assert "q=" in page_without_js.url  # a shareable address
    assert page_without_js.url.endswith("#finder-results")


@pytest.mark.parametrize("query", ["Xania", "Χανιά"])
def test_chania_with_javascript(page, portal_url, query):
    page.goto(portal_url + "/kentra/")
    page.get_by_label("Ταχυδρομικός κώδικας ή περιοχή").fill(query)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    names = page.locator(".finder-list .card__title").all_inner_texts()
    assert {names[0].strip(), names[1].strip()} == {
        "Κέντρο Κοινότητας Χανίων",
        "Παράρτημα Ρομά Χανίων",
    }


def test_use_my_location_in_heraklion(browser, portal_url):
    context = browser.new_context(
        geolocation={"latitude": 35.3387, "longitude": 25.1442}, permissions=["geolocation"]
    )
    tab = context.new_page()
    tab.goto(portal_url + "/kentra/")
    button = tab.get_by_role("button", name="Χρήση της τοποθεσίας μου")
    assert button.is_visible()
    button.click()
    tab.wait_for_url("**lat=*")
    card = tab.locator(".finder-list .card").first
    assert "Ηρακλείου" in card.inner_text()
    context.close()


def test_location_button_is_hidden_without_javascript(page_without_js, portal_url):
    page_without_js.goto(portal_url + "/kentra/")
    assert not page_without_js.get_by_role("button", name="Χρήση της τοποθεσίας μου").is_visible()


def test_error_is_linked_to_the_field(page_without_js, portal_url):
    page_without_js.goto(portal_url + "/kentra/?q=612")
    summary_link = page_without_js.locator(".error-summary a").first
    assert "πέντε ψηφία" in summary_link.inner_text()
    summary_link.click()
    field = page_without_js.locator("#id_q")
    assert field.get_attribute("aria-invalid") == "true"
    assert "id_q_error" in field.get_attribute("aria-describedby")


def test_choice_list_leads_to_results(page_without_js, portal_url):
    page_without_js.goto(portal_url + "/kentra/?q=Irakleio")
    page_without_js.locator(".choice-list a").first.click()
    assert "place=" in page_without_js.url
    assert page_without_js.locator(".finder-list .card").count() > 0
