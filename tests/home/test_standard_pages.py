"""Standard pages and the accessibility statement: the statement carries
every section of the EU model statement and is linked from every page's footer."""

import pytest

from home.models import AccessibilityStatementPage, StandardPage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["el", "en"])
def test_the_statement_is_linked_from_every_pages_footer(client, language, paionia):
    statement = AccessibilityStatementPage.objects.get(locale__language_code=language)
    prefix = "/en" if language == "en" else ""
    for url in (
        f"{prefix}/",
        f"{prefix}/domes/",
        paionia.get_translation_or_none(statement.locale).url,
    ):
        footer = client.get(url).content.decode().split('class="site-footer"')[1]
        assert f'href="{statement.url}"' in footer, url


def test_the_statement_has_every_section_of_the_eu_model(client):
    statement = AccessibilityStatementPage.objects.get(locale__language_code="en")
    page = client.get(statement.url).content.decode()
    for heading in (
        "Compliance status",
        "Non-accessible content",
        "Preparation of this accessibility statement",
        "Feedback and contact information",
        "Enforcement procedure",
    ):
        assert f">{heading}</h2>" in page, heading
    assert statement.feedback_email in page
    assert "24/11/2026" in page


def test_about_and_privacy_are_in_the_footer_in_both_languages(client):
    for language, prefix in (("el", ""), ("en", "/en")):
        footer = client.get(f"{prefix}/").content.decode().split('class="site-footer"')[1]
        for page in StandardPage.objects.filter(locale__language_code=language, in_footer=True):
            assert page.title in footer
        assert client.get(page.url).status_code == 200
