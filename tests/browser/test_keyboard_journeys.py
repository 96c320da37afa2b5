"""Three things residents come to do, done with the keyboard alone.

Someone who cannot use a mouse or a touch screen (a tremor, a switch device, a screen reader)
moves with Tab and Shift+Tab and acts with Enter, Space and the arrow keys. Each journey starts
on a fresh page and uses only ``page.keyboard``: no clicks, no ``locator.fill`` or
``locator.press``, which would move focus for us. At every element the journey reaches, the
element in focus must show it (a computed outline or box shadow), as a sighted keyboard user
has no other way to know where they are; and the skip link must be the first stop and take
focus to the content.
"""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# How many Tab presses a journey may spend looking for its next stop before giving up: a
# page with more stops than this between two steps would be a finding of its own.
MAX_TABS = 60

FOCUSED = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {
    tag: element.tagName.toLowerCase(),
    id: element.id,
    text: (element.innerText || element.value || element.getAttribute("aria-label") || "")
      .trim().slice(0, 60),
    href: element.getAttribute("href"),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== "none",
    width: box.width,
    height: box.height,
  };
}"""


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED)


def assert_focus_visible(page) -> dict:
    """The element in focus shows it: an outline or a box shadow, on a box that has a size."""
    element = focused(page)
    assert element is not None, "Focus was lost to the page body"
    assert element["outline"] or element["shadow"], f"No visible focus indicator on {element}"
    assert element["width"] > 0 and element["height"] > 0, f"Focus is on a hidden {element}"
    return element


def tab_to(page, selector: str, *, backwards: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until the element in focus matches ``selector``, checking the
    focus indicator at every stop on the way."""
    key = "Shift+Tab" if backwards else "Tab"
    path = []
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        element = assert_focus_visible(page)
        path.append(element["id"] or element["text"] or element["tag"])
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return element
    raise AssertionError(f"{MAX_TABS} presses of {key} never reached {selector}: {path}")


def skip_to_content(page) -> None:
    """The first Tab stop is the skip link, shown when focused; Enter moves focus to <main>."""
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    assert_focus_visible(page)
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def choose_option(page, value: str) -> None:
    """Arrow keys on a focused drop-down list until ``value`` is chosen."""
    for _ in range(MAX_TABS):
        if page.evaluate("document.activeElement.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"Arrow keys never reached the option {value!r}")


def open_focused_link(page) -> str:
    """Enter on the focused link; returns the address it led to."""
    href = page.evaluate("document.activeElement.href")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == href
    return href


def test_a_resident_finds_the_nearest_centre_by_keyboard(page, portal_url):
    page.goto(portal_url + "/kentra/")
    skip_to_content(page)
    box = tab_to(page, "#id_q")
    assert box["tag"] == "input"
    page.keyboard.type("61200")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=61200" in page.url
    expect(page.locator("#finder-results")).to_contain_text("61200")

    # The results heading is the address's fragment, so the next Tab is the first result.
    first_result = page.locator(".finder-list .card__title a").first
    tab_to(page, ".finder-list .card__title a")
    assert first_result.evaluate("element => element === document.activeElement")
    # The result names the branch; its link opens the centre page the branch belongs to.
    address = open_focused_link(page)
    assert address.startswith(portal_url + "/kentra/") and address != portal_url + "/kentra/"
    expect(page.locator("body.template-centre")).to_have_count(1)


def test_a_resident_filters_the_directory_and_opens_a_service_by_keyboard(page, portal_url):
    page.goto(portal_url + "/domes/")
    skip_to_content(page)
    tab_to(page, "#dir-category")
    choose_option(page, "health")
    tab_to(page, "#dir-target")
    choose_option(page, "older-people")
    # Back to check the category kept its value, then forward again to the button.
    tab_to(page, "#dir-category", backwards=True)
    assert page.evaluate("document.activeElement.value") == "health"
    tab_to(page, ".directory-form button[type='submit']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "category=health" in page.url and "target=older-people" in page.url
    expect(page.locator("#dir-category")).to_have_value("health")
    expect(page.locator("#dir-target")).to_have_value("older-people")

    results = page.locator("#directory-results ~ ol .card__title a")
    expect(results.first).to_be_visible()
    tab_to(page, "#directory-results ~ ol .card__title a")
    service = page.evaluate("document.activeElement.innerText")
    open_focused_link(page)
    expect(page.locator("h1")).to_have_text(service)


def test_a_resident_searches_and_opens_a_result_by_keyboard(page, portal_url):
    page.goto(portal_url + "/search/")
    skip_to_content(page)
    tab_to(page, "#search-q")
    page.keyboard.type("Παιονία", delay=30)
    listbox = page.locator("#search-q-suggestions")
    expect(listbox).to_be_visible()
    # Look through the suggestions, then close them and search for the words typed.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    expect(listbox.locator("[aria-selected='true']")).to_have_count(1)
    assert_focus_visible(page)
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=" in page.url
    expect(page.locator(".search-result").first).to_be_visible()

    tab_to(page, ".search-result .card__title a")
    title = page.evaluate("document.activeElement.innerText")
    open_focused_link(page)
    expect(page.locator("h1")).to_have_text(title)


def test_a_resident_opens_a_page_from_the_search_suggestions_by_keyboard(page, portal_url):
    page.goto(portal_url + "/search/")
    skip_to_content(page)
    tab_to(page, "#search-q")
    page.keyboard.type("Παιον", delay=30)
    options = page.locator("#search-q-suggestions [role='option']")
    expect(options.first).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    chosen = page.locator("#search-q-suggestions [aria-selected='true']")
    expect(chosen).to_have_count(1)
    expect(chosen).to_have_id(options.first.get_attribute("id"))
    # The chosen option is marked for the eye, not only for screen readers.
    assert chosen.evaluate("element => getComputedStyle(element).outlineStyle") != "none"
    assert page.evaluate("document.activeElement.getAttribute('aria-activedescendant')") == (
        chosen.get_attribute("id")
    )
    title = chosen.locator(".search-suggest__title").inner_text()
    address = chosen.get_attribute("data-url")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == portal_url + address
    expect(page.locator("h1")).to_have_text(title)
