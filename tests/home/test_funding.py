"""Funding notices: amounts the Greek way, validation an editor sees, the EU emblem and
statement in both languages, and a centre page that shows its funding."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale
from wagtail.test.utils.form_data import querydict_from_html

from directory.models import CentrePage
from home.models import FundingIndexPage, FundingNoticePage
from home.templatetags.funding_tags import euro

ROOT = Path(__file__).resolve().parents[2]
NBSP = "\u00a0"
pytestmark = pytest.mark.django_db


def notice(slug="chrimatodotisi-heraklion", language="el") -> FundingNoticePage:
    return FundingNoticePage.objects.get(slug=slug, locale__language_code=language)


def page_text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (514080, "514.080,00"),
        (Decimal("514080.00"), "514.080,00"),
        (0, "0,00"),
        (2400000, "2.400.000,00"),
        (Decimal("58320.5"), "58.320,50"),
        (Decimal("999.999"), "1.000,00"),
        ("112320", "112.320,00"),
    ],
)
def test_euro_filter_writes_amounts_the_greek_way(value, expected):
    assert euro(value) == f"{expected}{NBSP}€"


def test_euro_filter_leaves_missing_amounts_empty():
    assert euro(None) == "" == euro("") == euro("not a number")


def test_euro_filter_is_the_same_in_english():
    with translation.override("en"):
        assert euro(Decimal("514080")) == f"514.080,00{NBSP}€"


def build(**fields) -> FundingNoticePage:
    defaults = {"title": "Δοκιμή", "operation_title": "Δοκιμή", "programme": "Κρήτη 2021-2027"}
    return FundingNoticePage(**(defaults | fields))


def errors_of(page) -> dict:
    """The messages in English, rendered while English is active (they are lazy)."""
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            page.clean()
        return {
            field: " ".join(str(m) for m in messages)
            for field, messages in caught.value.message_dict.items()
        }


def test_shares_must_add_up_to_the_eligible_expenditure():
    errors = errors_of(
        build(
            eligible_expenditure=Decimal("1000"),
            eu_share=Decimal("800"),
            national_share=Decimal("100"),
        )
    )
    assert "add up to 900" in errors["national_share"]
    assert "eligible expenditure of 1000" in errors["national_share"]


def test_consistent_shares_and_rate_are_accepted():
    build(
        eligible_expenditure=Decimal("112320.00"),
        eu_share=Decimal("89856.00"),
        national_share=Decimal("22464.00"),
        eu_rate=Decimal("80"),
    ).clean()


def test_rate_must_match_the_eu_share():
    errors = errors_of(
        build(eligible_expenditure=Decimal("1000"), eu_share=Decimal("800"), eu_rate=Decimal("50"))
    )
    assert "A rate of 50" in errors["eu_rate"]


def test_rate_is_a_percentage():
    page = build(eu_rate=Decimal("150"))
    with pytest.raises(ValidationError) as caught:
        page.clean_fields(exclude=[f.name for f in page._meta.fields if f.name != "eu_rate"])
    assert "eu_rate" in caught.value.message_dict


def test_period_must_run_forwards():
    from datetime import date

    errors = errors_of(build(start_date=date(2024, 1, 1), end_date=date(2023, 12, 31)))
    assert errors["end_date"] == "The end date cannot be before the start date."
    errors = errors_of(build(end_date=date(2025, 6, 30), extended_until=date(2025, 1, 1)))
    assert errors["extended_until"] == "The extension cannot end before the original end date."


def test_unknown_fund_code_is_refused():
    with pytest.raises(ValidationError):
        FundingNoticePage._meta.get_field("funds").clean(["esf", "lottery"], None)


@pytest.fixture
def editor(admin_client, admin_user):
    """An administrator whose admin speaks English (the messages' source language)."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    return admin_client


def edit_form(client, page):
    """The edit form's fields as the browser would send them. Post ``dict(data.lists())``:
    a QueryDict posted as it is keeps only the last of several values (the funds)."""
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    # The admin's JavaScript writes a StreamField's block count; the demo notices have no
    # documents, so a browser would send 0.
    data.setdefault("documents-count", "0")
    return url, data


def test_admin_shows_validation_errors_instead_of_failing(editor):
    page = notice()
    url, data = edit_form(editor, page)
    data["eu_share"] = "2000000.00"
    data["national_share"] = "100.00"
    data["start_date"] = "2024-01-01"
    data["end_date"] = "2023-01-01"
    response = editor.post(url, dict(data.lists()))
    html = page_text(response)
    assert "add up to 2000100.00" in html
    assert "The end date cannot be before the start date." in html
    page.refresh_from_db()
    assert page.eu_share is None  # nothing was saved


def test_admin_refuses_a_rate_over_100_and_a_notice_without_centres(editor):
    url, data = edit_form(editor, notice())
    data["eu_rate"] = "150"
    data.setlist("related_centres", [])
    html = page_text(editor.post(url, dict(data.lists())))
    assert "less than or equal to 100" in html
    assert "This field is required." in html


def test_admin_saves_a_valid_notice(editor):
    page = notice()
    url, data = edit_form(editor, page)
    data["eu_share"] = "1920000.00"
    data["national_share"] = "480000.00"
    data["eu_rate"] = "80"
    response = editor.post(url, dict(data.lists()))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().eu_share == Decimal("1920000.00")


def test_notice_page_shows_the_emblem_and_statement_in_greek(client):
    html = page_text(client.get(notice().url))
    assert re.search(r'<img class="eu-funding__emblem" src="[^"]*img/eu-emblem\.svg" alt="', html)
    assert "Συγχρηματοδοτείται από την Ευρωπαϊκή Ένωση" in html
    assert f"2.400.000,00{NBSP}€" in html
    assert "ΚΡΗΤΗ 2021-2027" in html
    assert "31/12/2025" in html


def test_notice_page_shows_the_emblem_and_statement_in_english(client):
    page = notice(language="en")
    assert page.url.startswith("/en/")
    html = page_text(client.get(page.url))
    assert "img/eu-emblem.svg" in html
    assert "Co-funded by the European Union" in html
    assert "Συγχρηματοδοτείται" not in html
    assert f"2.400.000,00{NBSP}€" in html
    assert "CRETE 2021-2027" in html


def test_english_notice_keeps_the_synchronised_facts():
    greek, english = notice("chrimatodotisi-paionia"), notice("chrimatodotisi-paionia", "en")
    assert english.eligible_expenditure == greek.eligible_expenditure == Decimal("112320.00")
    assert english.mis_code == greek.mis_code == "5002880"
    assert english.funds == greek.funds == ["esf", "national"]
    assert english.programme == "Central Macedonia 2014-2020"


def test_heraklion_centre_page_shows_its_funding(client):
    centre = CentrePage.objects.get(slug="heraklion", locale__language_code="el")
    html = page_text(client.get(centre.url))
    assert 'id="funding-heading"' in html
    assert f"2.400.000,00{NBSP}€" in html
    assert "ΚΡΗΤΗ 2021-2027" in html
    assert "31/12/2025" in html
    assert "eu-emblem.svg" in html
    assert "Συγχρηματοδοτείται από την Ευρωπαϊκή Ένωση" in html
    assert notice().url in html


def test_english_centre_page_links_the_english_notice(client):
    centre = CentrePage.objects.get(slug="heraklion", locale__language_code="en")
    html = page_text(client.get(centre.url))
    assert "Co-funded by the European Union" in html
    assert notice(language="en").url in html
    assert f'href="{notice().url}"' not in html


def test_unpublished_notice_is_not_shown_on_the_centre_page(client):
    notice().unpublish()
    centre = CentrePage.objects.get(slug="heraklion", locale__language_code="el")
    assert "2.400.000,00" not in page_text(client.get(centre.url))


def test_index_lists_every_notice_newest_first(client):
    index = FundingIndexPage.objects.get(locale__language_code="el")
    html = page_text(client.get(index.url))
    notices = FundingNoticePage.objects.child_of(index).live()
    assert notices.count() == 9
    for page in notices:
        assert page.url in html
    # Chania (decision of 08/12/2016) before Xanthi (07/12/2016).
    assert html.index(notice("chrimatodotisi-chania").url) < html.index(
        notice("chrimatodotisi-xanthi").url
    )


def test_index_filters_by_centre(client):
    index = FundingIndexPage.objects.get(locale__language_code="en")
    html = page_text(client.get(index.url, {"centre": "paionia"}))
    assert notice("chrimatodotisi-paionia", "en").url in html
    assert notice(language="en").url not in html
    assert f"112.320,00{NBSP}€" in html


def test_each_demo_act_has_its_notice_in_both_languages():
    for language in ("el", "en"):
        locale = Locale.objects.get(language_code=language)
        assert FundingNoticePage.objects.filter(locale=locale).live().count() == 9
    eastern = FundingNoticePage.objects.filter(
        locale__language_code="el",
        slug__in=[
            f"chrimatodotisi-{s}"
            for s in ("xanthi", "avdira", "topeiros", "samothraki", "maroneia-sapes")
        ],
    )
    assert sum(p.eligible_expenditure for p in eastern) == Decimal("2500000.00")


def test_emblem_is_a_3_by_2_blue_rectangle_with_12_gold_stars():
    svg = (ROOT / "static/img/eu-emblem.svg").read_text()
    assert 'viewBox="0 0 810 540"' in svg
    assert 'role="img"' in svg
    assert 'fill="#003399"' in svg and 'fill="#FFCC00"' in svg
    stars = re.findall(r'<polygon points="([^"]+)"', svg)
    assert len(stars) == 12
    assert all(len(points.split()) == 10 for points in stars)  # five points, five notches


def test_untranslated_notice_is_not_shown_as_english(client):
    """A Greek notice mirrored into the English tree (an alias) is Greek text: neither the
    English index nor the English centre page lists it."""
    english = notice(language="en")
    english_index = english.get_parent()
    english.delete()
    alias = notice().create_alias(parent=english_index, update_locale=english_index.locale)
    centre = CentrePage.objects.get(slug="heraklion", locale__language_code="en")
    assert alias.url not in page_text(client.get(english_index.url))
    assert 'id="funding-heading"' not in page_text(client.get(centre.url))
