"""A Greek-only page on the English site says so and links to the Greek version."""

import pytest
from wagtail.models import Locale

from home.models import StandardPage

pytestmark = pytest.mark.django_db


def test_an_untranslated_page_says_so_and_links_to_the_greek(client):
    about = StandardPage.objects.get(locale__language_code="el", slug="schetika")
    home = about.get_parent()
    greek_only = StandardPage(
        title="Μόνο στα ελληνικά", slug="mono-ellinika", body="<p>Κείμενο.</p>"
    )
    home.add_child(instance=greek_only)
    greek_only.save_revision().publish()
    alias = greek_only.copy_for_translation(Locale.objects.get(language_code="en"), alias=True)
    page = client.get(alias.url).content.decode()
    assert "has not been translated into English yet" in page
    assert f'href="{greek_only.url}"' in page
    assert "has not been translated" not in client.get(greek_only.url).content.decode()
    translated = StandardPage.objects.get(locale__language_code="en", slug="schetika")
    assert "has not been translated" not in client.get(translated.url).content.decode()
