"""Announcements: the listing (order, pagination, filters), a centre's latest announcements,
required alt text, and the Atom/RSS feeds in both languages."""

import datetime

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.blocks import StructBlockValidationError
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale

from directory.models import CentrePage
from home.announcement_blocks import ImageBlock
from home.models import AnnouncementCategory, AnnouncementIndexPage, AnnouncementPage

pytestmark = pytest.mark.django_db

INDEX_URL = "/anakoinoseis/"


@pytest.fixture
def el():
    return Locale.objects.get(language_code="el")


@pytest.fixture
def en():
    return Locale.objects.get(language_code="en")


@pytest.fixture
def index(el):
    return AnnouncementIndexPage.objects.get(locale=el)


def add(index, slug, date, title=None, category=None, centres=(), summary="Περίληψη"):
    page = AnnouncementPage(
        title=title or slug, slug=slug, date=date, summary=summary, locale=index.locale
    )
    if category:
        page.categories = [AnnouncementCategory.objects.get(code=category, locale=index.locale)]
    page.related_centres = list(CentrePage.objects.filter(locale=index.locale, slug__in=centres))
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def listed(response):
    return [page.slug for page in response.context["announcements"]]


def test_demo_announcements_exist_in_both_languages(el, en):
    greek = AnnouncementPage.objects.live().filter(locale=el)
    english = AnnouncementPage.objects.live().filter(locale=en, alias_of__isnull=True)
    assert greek.count() == english.count() == 5
    years = {page.date.year for page in greek}
    assert len(years) >= 2


def test_listing_is_newest_first(client):
    response = client.get(INDEX_URL)
    assert response.status_code == 200
    dates = [page.date for page in response.context["announcements"]]
    assert dates == sorted(dates, reverse=True)
    assert response.context["announcement_total"] == 5


def test_pagination_and_absurd_page_numbers(client, index):
    for day in range(1, 9):
        add(index, f"extra-{day}", datetime.date(2024, 1, day))
    first = client.get(INDEX_URL)
    assert len(first.context["announcements"]) == 10
    second = client.get(INDEX_URL + "?page=2")
    assert len(second.context["announcements"]) == 3
    assert second.context["announcements"][-1].slug == "extra-1"
    for bad, number in (("999", 2), ("0", 1), ("-3", 1), ("abc", 1), ("1e9", 1), ("9" * 40, 2)):
        response = client.get(INDEX_URL + f"?page={bad}")
        assert response.status_code == 200, bad
        assert response.context["announcement_page"].number == number, bad


def test_filter_by_category(client):
    response = client.get(INDEX_URL + "?category=funding")
    assert sorted(listed(response)) == ["chania-entaxi-kritis", "heraklion-paratasi-2025"]


def test_filter_by_centre(client):
    response = client.get(INDEX_URL + "?centre=heraklion")
    assert listed(response) == [
        "kentra-koinotitas-ti-prosferoun",
        "heraklion-kinit-monada",
        "heraklion-paratasi-2025",
    ]


def test_filter_by_year(client):
    response = client.get(INDEX_URL + "?year=2026")
    assert listed(response) == ["kentra-koinotitas-ti-prosferoun", "heraklion-kinit-monada"]


def test_filters_combine(client):
    response = client.get(INDEX_URL + "?category=news&centre=heraklion&year=2026")
    assert listed(response) == ["kentra-koinotitas-ti-prosferoun", "heraklion-kinit-monada"]
    response = client.get(INDEX_URL + "?category=funding&centre=heraklion&year=2026")
    assert listed(response) == []
    assert response.context["announcement_total"] == 0
    assert "Δεν υπάρχουν ανακοινώσεις για εμφάνιση." in response.content.decode()


def test_unknown_filter_values_are_ignored(client):
    response = client.get(INDEX_URL + "?category=nope&centre=nowhere&year=1066")
    assert response.status_code == 200
    assert response.context["announcement_total"] == 5
    assert response.context["announcement_filters"] == {}


def test_filter_form_has_labels(client):
    html = client.get(INDEX_URL).content.decode()
    for field in ("ann-category", "ann-centre", "ann-year"):
        assert f'<label for="{field}">' in html
        assert f'id="{field}"' in html
    assert 'rel="alternate" type="application/atom+xml"' in html


def test_english_listing_filters_by_centre(client):
    response = client.get("/en/anakoinoseis/?centre=paionia")
    assert response.status_code == 200
    assert listed(response) == ["kentra-koinotitas-ti-prosferoun", "paionia-psychologos"]
    assert all(page.locale.language_code == "en" for page in response.context["announcements"])


def test_centre_page_shows_its_latest_three(client, index):
    add(index, "heraklion-newest", datetime.date(2026, 11, 1), centres=["heraklion"])
    add(index, "chania-only", datetime.date(2026, 11, 2), centres=["chania"])
    response = client.get("/kentra/heraklion/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "heraklion-newest" in html
    assert "/anakoinoseis/kentra-koinotitas-ti-prosferoun/" in html
    assert "/anakoinoseis/heraklion-kinit-monada/" in html
    assert "/anakoinoseis/heraklion-paratasi-2025/" not in html
    assert "chania-only" not in html
    assert "/announcements/feed/centre/heraklion/atom/" in html


def test_centre_page_in_english_shows_english_announcements(client):
    html = client.get("/en/kentra/paionia/").content.decode()
    assert "A psychologist at the Paionia Community Centre" in html
    assert "Ψυχολόγος στο Κέντρο" not in html


def test_announcement_page_renders(client):
    response = client.get("/anakoinoseis/heraklion-paratasi-2025/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "ΚΡΗΤΗ 2021-2027" in html
    assert "/kentra/heraklion/" in html


def test_image_requires_alt_text():
    image = Image.objects.create(title="test", file=get_test_image_file())
    block = ImageBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"image": image.pk, "alt": "", "caption": ""}))
    assert "alt" in error.value.block_errors
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"image": image.pk, "alt": "   ", "caption": ""}))
    value = block.clean(block.to_python({"image": image.pk, "alt": "Η είσοδος", "caption": ""}))
    assert value["alt"] == "Η είσοδος"


def test_no_embed_block_by_default():
    assert "embed" not in AnnouncementPage._meta.get_field("body").stream_block.child_blocks


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, (url, feed.get("bozo_exception"))
    return feed


@pytest.mark.parametrize("kind, version", [("atom", "atom10"), ("rss", "rss20")])
def test_feeds_in_greek(client, kind, version):
    feed = parse(client, f"/announcements/feed/{kind}/")
    assert feed.version == version
    titles = [entry.title for entry in feed.entries]
    assert titles[0] == "Τι προσφέρουν τα Κέντρα Κοινότητας"
    assert len(titles) == 5
    assert feed.entries[0].link.endswith("/anakoinoseis/kentra-koinotitas-ti-prosferoun/")
    if kind == "atom":
        assert feed.feed.author  # required by Atom 1.0 when entries have none


@pytest.mark.parametrize("kind, version", [("atom", "atom10"), ("rss", "rss20")])
def test_feeds_in_english(client, kind, version):
    feed = parse(client, f"/en/announcements/feed/{kind}/")
    assert feed.version == version
    titles = [entry.title for entry in feed.entries]
    assert "What the community centres offer" in titles
    assert len(titles) == 5
    assert all("/en/" in entry.link for entry in feed.entries)


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_centre_feeds(client, kind):
    feed = parse(client, f"/announcements/feed/centre/paionia/{kind}/")
    assert [entry.title for entry in feed.entries] == [
        "Τι προσφέρουν τα Κέντρα Κοινότητας",
        "Ψυχολόγος στο Κέντρο Κοινότητας Παιονίας",
    ]
    feed = parse(client, f"/en/announcements/feed/centre/paionia/{kind}/")
    assert [entry.title for entry in feed.entries] == [
        "What the community centres offer",
        "A psychologist at the Paionia Community Centre",
    ]
    assert client.get(f"/announcements/feed/centre/nowhere/{kind}/").status_code == 404


def test_english_feed_and_listing_leave_out_untranslated_alias(client, index, en):
    page = add(index, "mono-ellinika", datetime.date(2026, 11, 20), title="Μόνο στα ελληνικά")
    alias = page.copy_for_translation(en, alias=True)
    assert alias.alias_of_id == page.pk and alias.live
    greek = parse(client, "/announcements/feed/atom/")
    assert greek.entries[0].title == "Μόνο στα ελληνικά"
    for kind in ("atom", "rss"):
        english = parse(client, f"/en/announcements/feed/{kind}/")
        assert "Μόνο στα ελληνικά" not in [entry.title for entry in english.entries]
    assert "mono-ellinika" not in listed(client.get("/en/anakoinoseis/"))


def test_index_query_count_does_not_grow_with_announcements(client, index):
    AnnouncementPage.objects.filter(locale__language_code="el").delete()
    for day in range(1, 4):
        add(index, f"q-{day}", datetime.date(2026, 1, day), category="news", centres=["chania"])
    client.get(INDEX_URL)
    with CaptureQueriesContext(connection) as three:
        assert client.get(INDEX_URL).status_code == 200
    for day in range(4, 13):
        add(
            index,
            f"q-{day}",
            datetime.date(2026, 1, day),
            category="funding",
            centres=["chania", "heraklion"],
        )
    client.get(INDEX_URL)
    with CaptureQueriesContext(connection) as twelve:
        assert client.get(INDEX_URL).status_code == 200
    assert len(twelve) == len(three), [q["sql"] for q in twelve.captured_queries]


def test_embeds_only_when_the_setting_allows(settings):
    from home.announcement_blocks import body_blocks

    settings.KOINOTITA_ALLOW_EMBEDS = True
    assert "embed" in dict(body_blocks())
    settings.KOINOTITA_ALLOW_EMBEDS = False
    assert "embed" not in dict(body_blocks())


def test_preview_of_an_unsaved_announcement(rf, index, el):
    """The editor's preview renders a page whose relations exist only in memory."""
    page = AnnouncementPage(
        title="Προεπισκόπηση",
        slug="proepiskopisi",
        summary="Περίληψη",
        locale=el,
        body=[("heading", {"text": "Ενότητα", "level": "h3"})],
    )
    page.categories = [AnnouncementCategory.objects.get(code="news", locale=el)]
    page.related_centres = list(CentrePage.objects.filter(locale=el, slug="chania"))
    index.add_child(instance=page)
    page.save_revision()
    page = AnnouncementPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    request = rf.get("/")
    response = page.serve_preview(request, page.default_preview_mode)
    html = response.render().content.decode()
    assert "<h3>Ενότητα</h3>" in html
    assert "Νέα" in html
    assert "/kentra/chania/" in html


def test_restricted_announcements_are_left_out(client, index):
    from wagtail.models import PageViewRestriction

    page = add(index, "idiotiki", datetime.date(2026, 11, 20), centres=["heraklion"])
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert "idiotiki" not in listed(client.get(INDEX_URL))
    assert "idiotiki" not in client.get("/kentra/heraklion/").content.decode()
    feed = parse(client, "/announcements/feed/rss/")
    assert "idiotiki" not in [entry.title for entry in feed.entries]
    PageViewRestriction.objects.all().delete()
    PageViewRestriction.objects.create(page=index, restriction_type="login")
    # A private list has no public feed.
    assert client.get("/announcements/feed/atom/").status_code == 404
    assert parse(client, "/announcements/feed/centre/heraklion/atom/").entries == []
