"""The editor guide's screenshots, taken from the real admin in a real browser.

Each test signs in as the person the guide's section is written for, opens the screen it
describes, checks that the screen offers what the guide says (the fields, the workflow
action, the schedule, the translation), and takes a 1280×800 screenshot of it. The images go
to pytest's temporary folder, so an ordinary run changes nothing in the checkout; with
``UPDATE_SCREENSHOTS=1`` they replace ``docs/img/editor-guide/*.png``:

    UPDATE_SCREENSHOTS=1 .venv/bin/pytest tests/browser/test_editor_guide_screenshots.py

The admin is shown in English, the language the guide is written in (each editor can choose
Greek under *Account → Preferences*); the content is the Greek demo content.
"""

import json
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
GUIDE_IMAGES = ROOT / "docs" / "img" / "editor-guide"
VIEWPORT = {"width": 1280, "height": 800}
MAX_BYTES = 200_000
PASSWORD = "guide-password-1"  # noqa: S105 - a throwaway account on the test server
WORKFLOW_BUTTON = "Submit to Έγκριση από αρχισυντάκτη"

# One administrator, one communications officer and one editor-in-chief (the admin in
# English), and an announcement the officer has submitted for review.
SETUP = f"""
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page
from wagtail.users.models import UserProfile
from home.models import AnnouncementIndexPage, AnnouncementPage
from home.roles import COMMUNICATIONS_STAFF, EDITORS_IN_CHIEF

users = {{}}
for name, group in (
    ("guide-admin", None),
    ("guide-writer", COMMUNICATIONS_STAFF),
    ("guide-chief", EDITORS_IN_CHIEF),
):
    user, _ = get_user_model().objects.get_or_create(
        username=name, defaults={{"email": name + "@example.org", "is_superuser": group is None}}
    )
    user.set_password({PASSWORD!r})
    user.save()
    if group:
        user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    users[name] = user

index = AnnouncementIndexPage.objects.get(slug="anakoinoseis", locale__language_code="el")
draft = AnnouncementPage.objects.child_of(index).filter(slug="odigos-ergastiri").first()
if draft is None:
    draft = AnnouncementPage(
        title="Νέο εργαστήρι ψηφιακών δεξιοτήτων στο Ηράκλειο",
        slug="odigos-ergastiri",
        summary="Δωρεάν εργαστήρι για ενήλικες κάθε Τρίτη στο Κέντρο Κοινότητας Ηρακλείου.",
        live=False,
    )
    index.add_child(instance=draft)
    draft.save_revision(user=users["guide-writer"])
    draft.get_workflow().start(draft, users["guide-writer"])


def pk(slug, language="el"):
    return Page.objects.get(slug=slug, locale__language_code=language).pk


print(json.dumps({{
    "announcements": index.pk,
    "draft": draft.pk,
    "notice": pk("chrimatodotisi-heraklion"),
    "translated": pk("heraklion-paratasi-2025", "en"),
}}))
"""


@pytest.fixture(scope="module")
def guide(portal_url) -> dict:
    """The accounts and pages the screenshots need; the page ids by name."""
    output = portal_url.manage("shell", "-c", SETUP)
    return json.loads(output.strip().splitlines()[-1])


@pytest.fixture
def screenshot(tmp_path):
    """Save what the browser shows, at the guide's size, where this run should put it."""
    folder = GUIDE_IMAGES if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path

    def take(page, name: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        page.screenshot(path=path, full_page=False, animations="disabled")
        assert 0 < path.stat().st_size < MAX_BYTES, f"{path} is {path.stat().st_size} bytes"
        return path

    return take


def sign_in(page, portal_url, username: str) -> None:
    page.set_viewport_size(VIEWPORT)
    page.context.clear_cookies()
    page.goto(portal_url + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/admin/$"))


def label(page, field: str) -> str:
    return " ".join(page.locator(f"label[for='id_{field}']").inner_text().split())


def open_actions_menu(page) -> None:
    """Open the menu beside *Save draft* at the foot of the editor."""
    page.locator("footer .w-dropdown__toggle").click()
    page.locator("footer .w-dropdown__content").wait_for(state="visible")


def test_announcement_form(page, portal_url, guide, screenshot):
    sign_in(page, portal_url, "guide-writer")
    response = page.goto(
        f"{portal_url}/admin/pages/add/home/announcementpage/{guide['announcements']}/"
    )
    assert response.status == 200
    assert page.get_by_role("heading", name="New: Announcement").count() == 1
    assert label(page, "date") == "Date*"
    assert label(page, "summary") == "Summary*"
    assert label(page, "categories") == "Categories"
    assert label(page, "related_centres") == "Related centres"
    assert page.get_by_text("shown in lists and feeds").is_visible()
    assert page.get_by_text("paragraphs, headings, images, documents, a button").is_visible()
    page.locator("#id_title").fill("Νέο εργαστήρι ψηφιακών δεξιοτήτων στο Ηράκλειο")
    page.locator("#id_summary").fill(
        "Δωρεάν εργαστήρι για ενήλικες κάθε Τρίτη στο Κέντρο Κοινότητας Ηρακλείου."
    )
    page.locator("#id_title").blur()
    screenshot(page, "announcement-form")


def test_submit_for_review_menu(page, portal_url, guide, screenshot):
    """Communications staff are offered the review workflow, never *Publish*."""
    sign_in(page, portal_url, "guide-writer")
    page.goto(f"{portal_url}/admin/pages/add/home/announcementpage/{guide['announcements']}/")
    open_actions_menu(page)
    submit = page.locator("footer button[name='action-submit']")
    assert submit.is_visible()
    assert submit.inner_text().strip() == WORKFLOW_BUTTON
    assert page.locator("footer button[name='action-publish']").count() == 0
    screenshot(page, "submit-for-review")


def test_approve_menu(page, portal_url, guide, screenshot):
    """An editor-in-chief opening a submitted page is offered to approve it or ask for changes."""
    sign_in(page, portal_url, "guide-chief")
    page.goto(f"{portal_url}/admin/pages/{guide['draft']}/edit/")
    open_actions_menu(page)
    menu = page.locator("footer .w-dropdown__content")
    approve = menu.locator("button[data-workflow-action-name='approve']").first
    assert approve.is_visible() and approve.inner_text().strip() == "Approve and Publish"
    reject = menu.locator("button[data-workflow-action-name='reject']")
    assert reject.is_visible() and reject.inner_text().strip() == "Request changes"
    screenshot(page, "approve")


def test_schedule_dialog(page, portal_url, guide, screenshot):
    """Go-live and expiry times are set in the status panel's *Set schedule* dialog."""
    sign_in(page, portal_url, "guide-chief")
    page.goto(f"{portal_url}/admin/pages/{guide['draft']}/edit/")
    page.locator("[data-side-panel-toggle='status']").click()
    expect(page.get_by_text("No publishing schedule set")).to_be_visible()
    page.get_by_role("button", name="Set schedule").click()
    dialog = page.get_by_role("dialog", name="Set publishing schedule")
    dialog.wait_for(state="visible")
    assert dialog.locator("label[for='id_go_live_at']").inner_text().strip() == "Go live date/time"
    assert dialog.locator("label[for='id_expire_at']").inner_text().strip() == "Expiry date/time"
    expect(dialog.get_by_role("button", name="Save schedule")).to_be_visible()
    screenshot(page, "schedule")


def test_site_alert_form(page, portal_url, screenshot):
    sign_in(page, portal_url, "guide-admin")
    response = page.goto(f"{portal_url}/admin/snippets/home/sitealert/add/?locale=el")
    assert response.status == 200
    assert page.get_by_role("heading", name="Site-wide alert").is_visible()
    assert label(page, "level") == "Level*"
    assert label(page, "message") == "Message*"
    assert label(page, "starts_at") == "Starts at*"
    assert label(page, "ends_at") == "Ends at"
    assert label(page, "centres") == "Centres"
    levels = page.locator("#id_level option").all_inner_texts()
    assert [level.strip() for level in levels] == ["Information", "Warning", "Urgent"]
    page.locator("#id_level").select_option("urgent")
    page.locator("#id_message").fill("Έκτακτο: όλα τα κέντρα κλείνουν σήμερα στις 14:00.")
    page.locator("#id_message").blur()
    screenshot(page, "site-alert")


def test_funding_notice_form(page, portal_url, guide, screenshot):
    """The Heraklion notice's amounts, entered as plain numbers, and its funds."""
    sign_in(page, portal_url, "guide-writer")
    response = page.goto(f"{portal_url}/admin/pages/{guide['notice']}/edit/")
    assert response.status == 200
    assert label(page, "operation_title") == "Operation title*"
    assert label(page, "programme") == "Programme*"
    assert label(page, "eligible_expenditure") == "Eligible expenditure"
    assert page.locator("#id_programme").input_value() == "ΚΡΗΤΗ 2021-2027"
    assert page.locator("#id_eligible_expenditure").input_value() == "2400000.00"
    assert page.get_by_label("European Social Fund Plus (ESF+)").is_checked()
    assert page.get_by_label("National resources").is_checked()
    assert not page.get_by_label("European Regional Development Fund (ERDF)").is_checked()
    # The funds above, the amounts below the middle of the screen.
    page.get_by_role("heading", name="Amounts").evaluate("h => h.scrollIntoView({block: 'center'})")
    screenshot(page, "funding-notice")


def test_translation_editor(page, portal_url, guide, screenshot):
    """wagtail-localize's editor: each Greek text beside its English translation."""
    sign_in(page, portal_url, "guide-admin")
    response = page.goto(f"{portal_url}/admin/pages/{guide['translated']}/edit/")
    assert response.status == 200
    editor = page.locator("#tab-content")
    editor.get_by_role("heading", name="Greek to English translation").wait_for()
    assert editor.get_by_text(
        "Παράταση λειτουργίας του Κέντρου Κοινότητας Ηρακλείου"
    ).first.is_visible()
    assert editor.get_by_text(
        "The Heraklion Community Centre's operation is extended"
    ).first.is_visible()
    assert page.get_by_role("button", name="Publish in English").is_visible()
    screenshot(page, "translate")
