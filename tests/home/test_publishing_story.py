"""The editorial publishing story, told once from start to finish through the admin's own views.

A communications officer drafts an announcement and a funding notice and submits them; they
cannot publish them. An editor-in-chief approves them with a go-live time; nothing is public
before that time, and Wagtail's ``publish_scheduled`` puts both pages live in Greek after it.
The English site shows them only once they have been translated with wagtail-localize. The
Heraklion centre page shows the new funding, the EU emblem and the amounts the Greek way. An
urgent site-wide alert written in the snippet admin shows on every kind of page until its end
time, then disappears.

Time is frozen (``freeze_now``) at the moments the story needs, as Athens wall-clock time.
"""

from datetime import datetime

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail.test.utils.form_data import querydict_from_html
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from directory.hours import ATHENS
from directory.models import CentrePage, ServicePage
from home.models import (
    AnnouncementCategory,
    AnnouncementIndexPage,
    AnnouncementPage,
    FundingIndexPage,
    FundingNoticePage,
    SiteAlert,
)
from home.roles import COMMUNICATIONS_STAFF, EDITORS_IN_CHIEF, WORKFLOW_NAME

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
ANNOUNCEMENT = {
    "title": "Νέο εργαστήρι ψηφιακών δεξιοτήτων στο Ηράκλειο",
    "slug": "ergastiri-psifiakon-dexiotiton",
    "summary": "Δωρεάν εργαστήρι για ενήλικες κάθε Τρίτη στο Κέντρο Κοινότητας Ηρακλείου.",
}
NOTICE = {
    "title": "Ψηφιακή υποστήριξη ωφελουμένων Κέντρου Κοινότητας Ηρακλείου",
    "slug": "psifiaki-ypostirixi-heraklion",
    "programme": "ΚΡΗΤΗ 2021-2027",
    "beneficiary": "Δήμος Ηρακλείου",
}
ENGLISH = {
    ANNOUNCEMENT["title"]: "New digital skills workshop in Heraklion",
    ANNOUNCEMENT["summary"]: "A free workshop for adults every Tuesday at the Heraklion centre.",
    NOTICE["title"]: "Digital support for the Heraklion Community Centre's users",
    NOTICE["programme"]: "CRETE 2021-2027",
    NOTICE["beneficiary"]: "Municipality of Heraklion",
}
SERVICE_PATH = "/domes/grocery-heraklion/grocery-heraklion-2/"


def athens(*args) -> datetime:
    return datetime(*args, tzinfo=ATHENS)


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def admin_form(client, url: str) -> tuple[str, dict]:
    """The admin form as a browser would submit it, before any field is changed."""
    html = html_of(client.get(url))
    data = querydict_from_html(html, form_id="page-edit-form")
    # The admin's JavaScript writes each StreamField's block count; these pages have no blocks.
    data.setdefault("body-count", "0")
    data.setdefault("documents-count", "0")
    return html, data


def submitted(client, url: str, data) -> None:
    """Post an admin form and insist it was accepted (an invalid form answers 200). Every value
    of a repeated field is sent: the test client would send only the last of a ``QueryDict``'s."""
    response = client.post(url, dict(data.lists()))
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(
        ".error-message, .help-critical, .messages"
    )


def draft_announcement(client, index, heraklion) -> AnnouncementPage:
    url = reverse("wagtailadmin_pages:add", args=("home", "announcementpage", index.pk))
    _html, data = admin_form(client, url)
    data.update(ANNOUNCEMENT)
    data["date"] = "2026-12-01"
    news = AnnouncementCategory.objects.get(code="news", locale=index.locale)
    data.setlist("categories", [str(news.pk)])
    data.setlist("related_centres", [str(heraklion.pk)])
    data["action-submit"] = "Submit"
    submitted(client, url, data)
    return AnnouncementPage.objects.get(slug=ANNOUNCEMENT["slug"], locale=index.locale)


def draft_funding_notice(client, index, heraklion) -> FundingNoticePage:
    url = reverse("wagtailadmin_pages:add", args=("home", "fundingnoticepage", index.pk))
    html, data = admin_form(client, url)
    assert 'name="funds"' in html  # the funds are checkboxes, none ticked yet
    data.update(
        title=NOTICE["title"],
        slug=NOTICE["slug"],
        operation_title=NOTICE["title"],
        programme=NOTICE["programme"],
        beneficiary=NOTICE["beneficiary"],
        eligible_expenditure="480000.00",
        eu_share="384000.00",
        national_share="96000.00",
        eu_rate="80",
        start_date="2024-01-01",
        end_date="2025-12-31",
    )
    data.setlist("funds", ["esf_plus", "national"])
    data.setlist("related_centres", [str(heraklion.pk)])
    data["action-submit"] = "Submit"
    submitted(client, url, data)
    return FundingNoticePage.objects.get(slug=NOTICE["slug"], locale=index.locale)


def listed(client, url: str) -> str:
    """The text of a public page's main content."""
    return BeautifulSoup(html_of(client.get(url)), "html.parser").main.get_text(" ", strip=True)


def feed_titles(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return [entry.title for entry in feedparser.parse(response.content).entries]


def funding_card(client, centre_url: str, title: str):
    """The card for the notice called ``title`` in a centre page's funding section, or None."""
    soup = BeautifulSoup(html_of(client.get(centre_url)), "html.parser")
    for card in soup.select("section.funding li.card"):
        if card.select_one(".card__title").get_text(strip=True) == title:
            return card
    return None


def translate_into_english(page, en, on_commit) -> Page:
    """Translate with wagtail-localize as a translator would: its strings, then publish (which
    wagtail-localize does once the transaction commits, so the callbacks are run here)."""
    source, _created = TranslationSource.get_or_create_from_instance(page)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        english = ENGLISH.get(segment.string.data)
        if english is None and segment.context.path == "slug":
            english = page.slug
        if english is not None:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=en,
                context=segment.context,
                defaults={"data": english},
            )
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=en)
    with on_commit(execute=True):
        translation.save_target(publish=True)
    return page.get_translation(en)


def test_from_draft_to_scheduled_publication_in_both_languages(
    client, admin_client, django_user_model, freeze_now, django_capture_on_commit_callbacks
):
    on_commit = django_capture_on_commit_callbacks
    el, en = Locale.objects.get(language_code="el"), Locale.objects.get(language_code="en")
    announcements = AnnouncementIndexPage.objects.get(slug="anakoinoseis", locale=el)
    funding = FundingIndexPage.objects.get(slug="chrimatodotisi", locale=el)
    heraklion = CentrePage.objects.get(slug="heraklion", locale=el)
    assert heraklion.url == "/kentra/heraklion/"
    writer = django_user_model.objects.create_user("writer", "writer@dimos.example", "x")
    chief = django_user_model.objects.create_user("chief", "chief@dimos.example", "x")
    writer.groups.add(Group.objects.get(name=COMMUNICATIONS_STAFF))
    chief.groups.add(Group.objects.get(name=EDITORS_IN_CHIEF))

    # 09:00 — the communications officer drafts both pages in the admin and submits them.
    freeze_now(2026, 12, 1, 9, 0)
    client.force_login(writer)
    announcement = draft_announcement(client, announcements, heraklion)
    notice = draft_funding_notice(client, funding, heraklion)
    pages = (announcement, notice)
    for page in pages:
        assert not page.live
        state = page.current_workflow_state
        assert state is not None and state.workflow.name == WORKFLOW_NAME
        assert state.requested_by == writer
    notified = {address for message in mail.outbox for address in message.to}
    assert chief.email in notified  # editors-in-chief are told there is something to review
    assert writer.email not in notified

    # The officer is offered no way to publish, and forcing one publishes nothing: under review
    # the page is locked for them.
    for page in pages:
        edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
        html, data = admin_form(client, edit)
        assert 'name="action-publish"' not in html
        assert 'data-workflow-action-name="approve"' not in html
        assert not page.permissions_for_user(writer).can_publish()
        assert page.get_lock().for_user(writer)
        for forced in (
            {"action-publish": "1"},
            {"action-workflow-action": "1", "workflow-action-name": "approve"},
        ):
            assert client.post(edit, dict(data.lists()) | forced).status_code == 200  # refused
        page.refresh_from_db()
        assert not page.live
        assert page.current_workflow_state.status == "in_progress"
        assert client.get(page.url).status_code == 404

    # 10:00 — the editor-in-chief sets a go-live time of 12:00 and approves each page.
    freeze_now(2026, 12, 1, 10, 0)
    client.force_login(chief)
    for page in pages:
        edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
        html, data = admin_form(client, edit)
        assert 'data-workflow-action-name="approve"' in html  # offered to the approver
        data["go_live_at"] = "2026-12-01 12:00"
        data["action-workflow-action"] = "1"
        data["workflow-action-name"] = "approve"
        submitted(client, edit, data)
        page.refresh_from_db()
        assert page.current_workflow_state is None  # the review is over: approved
        assert page.workflow_states.get().status == "approved"
        assert page.get_latest_revision().approved_go_live_at == athens(2026, 12, 1, 12, 0)
        assert not page.live  # scheduled, not published

    # 11:59 — the scheduler runs; nothing is public yet.
    client.logout()
    freeze_now(2026, 12, 1, 11, 59)
    call_command("publish_scheduled", verbosity=0)
    for page in pages:
        page.refresh_from_db()
        assert not page.live
        assert client.get(page.url).status_code == 404
    assert ANNOUNCEMENT["title"] not in listed(client, "/anakoinoseis/")
    assert NOTICE["title"] not in listed(client, "/chrimatodotisi/")
    assert ANNOUNCEMENT["title"] not in feed_titles(client, "/announcements/feed/atom/")
    assert funding_card(client, heraklion.url, NOTICE["title"]) is None

    # 12:01 — the scheduler's next run publishes both, in Greek.
    freeze_now(2026, 12, 1, 12, 1)
    call_command("publish_scheduled", verbosity=0)
    for page in pages:
        page.refresh_from_db()
        assert page.live
        assert page.locale == el
        assert page.title in html_of(client.get(page.url))
    assert ANNOUNCEMENT["title"] in listed(client, "/anakoinoseis/")
    assert NOTICE["title"] in listed(client, "/chrimatodotisi/")
    assert ANNOUNCEMENT["title"] in feed_titles(client, "/announcements/feed/atom/")
    assert ANNOUNCEMENT["title"] in feed_titles(client, "/announcements/feed/rss/")

    # The Heraklion centre page names the new announcement and shows the new funding with the
    # EU emblem, the programme, the amount the Greek way and the end date; its existing
    # notice (2,4 M €) is still there.
    centre_html = html_of(client.get("/kentra/heraklion/"))
    assert announcement.url in centre_html
    card = funding_card(client, "/kentra/heraklion/", NOTICE["title"])
    assert card is not None
    emblem = card.select_one("img.eu-funding__emblem")
    assert emblem is not None and emblem["src"].endswith("img/eu-emblem.svg")
    assert emblem["alt"]
    assert "Συγχρηματοδοτείται από την Ευρωπαϊκή Ένωση" in card.get_text()
    facts = card.select_one("dl.details").get_text(" ", strip=True)
    assert "ΚΡΗΤΗ 2021-2027" in facts
    assert f"480.000,00{NBSP}€" in facts
    assert "31/12/2025" in facts
    funding_text = BeautifulSoup(centre_html, "html.parser").select_one("section.funding").text
    assert f"2.400.000,00{NBSP}€" in funding_text

    # English: a mirrored (untranslated) copy is Greek text and is listed nowhere …
    announcement.copy_for_translation(en, alias=True)
    assert ANNOUNCEMENT["title"] not in listed(client, "/en/anakoinoseis/")
    assert ENGLISH[ANNOUNCEMENT["title"]] not in listed(client, "/en/anakoinoseis/")
    assert feed_titles(client, "/en/announcements/feed/atom/")  # the English feed has entries
    assert ANNOUNCEMENT["title"] not in feed_titles(client, "/en/announcements/feed/atom/")
    assert NOTICE["title"] not in listed(client, "/en/chrimatodotisi/")
    assert ENGLISH[NOTICE["title"]] not in listed(client, "/en/chrimatodotisi/")
    assert funding_card(client, "/en/kentra/heraklion/", NOTICE["title"]) is None

    # … until it is translated with wagtail-localize and published.
    english_announcement = translate_into_english(announcement, en, on_commit)
    english_notice = translate_into_english(notice, en, on_commit)
    for english in (english_announcement, english_notice):
        assert english.live and english.alias_of_id is None
        assert not english.has_unpublished_changes
        assert english.url.startswith("/en/")
    english_title = ENGLISH[ANNOUNCEMENT["title"]]
    assert english_title in listed(client, "/en/anakoinoseis/")
    assert ANNOUNCEMENT["title"] not in listed(client, "/en/anakoinoseis/")
    assert english_title in feed_titles(client, "/en/announcements/feed/atom/")
    assert english_title in feed_titles(client, "/en/announcements/feed/rss/")
    assert english_title not in feed_titles(client, "/announcements/feed/atom/")
    assert ENGLISH[NOTICE["title"]] in listed(client, "/en/chrimatodotisi/")
    card = funding_card(client, "/en/kentra/heraklion/", ENGLISH[NOTICE["title"]])
    assert card is not None
    assert card.select_one("img.eu-funding__emblem")["src"].endswith("img/eu-emblem.svg")
    assert "Co-funded by the European Union" in card.get_text()
    facts = card.select_one("dl.details").get_text(" ", strip=True)
    assert "CRETE 2021-2027" in facts
    assert f"480.000,00{NBSP}€" in facts  # synchronised from the Greek notice
    assert "31/12/2025" in facts

    # 12:05 — an administrator posts an urgent alert for the afternoon in the snippet admin; it
    # shows on the home page, a centre, a service and the new announcement until 18:00.
    freeze_now(2026, 12, 1, 12, 5)
    add = reverse("wagtailsnippets_home_sitealert:add") + "?locale=el"
    data = querydict_from_html(html_of(admin_client.get(add)), form_id="w-editor-form")
    message = "Έκτακτο: όλα τα κέντρα κλείνουν σήμερα στις 14:00 λόγω καύσωνα."
    data.update(
        level="urgent", message=message, starts_at="2026-12-01 12:00", ends_at="2026-12-01 18:00"
    )
    data.setlist("centres", [])  # every page
    assert admin_client.post(add, dict(data.lists())).status_code == 302
    alert = SiteAlert.objects.get(message=message)
    assert alert.locale == el
    assert alert.ends_at == athens(2026, 12, 1, 18, 0)

    service = ServicePage.objects.get(url_path__endswith=SERVICE_PATH, locale=el)
    everywhere = ("/", "/kentra/heraklion/", service.url, announcement.url)
    assert service.url == SERVICE_PATH
    for url in everywhere:
        soup = BeautifulSoup(html_of(client.get(url)), "html.parser")
        banner = soup.select_one(".site-alert--urgent[role='alert']")
        assert banner is not None, url
        assert message in banner.get_text(), url
        assert banner.select_one(".site-alert__dismiss") is None  # urgent: cannot be hidden
    freeze_now(2026, 12, 1, 17, 59)
    assert message in html_of(client.get("/"))

    # 18:01 — it has ended and is gone from every page.
    freeze_now(2026, 12, 1, 18, 1)
    for url in everywhere:
        html = html_of(client.get(url))
        assert message not in html, url
        assert "site-alert--urgent" not in html, url
