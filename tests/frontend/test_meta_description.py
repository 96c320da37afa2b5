"""Every page tells search engines and link previews what it is about: its own search
description, else its summary, else a sentence about the site."""

import re

import pytest

from home.models import HomePage

pytestmark = pytest.mark.django_db


def description(response) -> str:
    found = re.findall(r'<meta name="description" content="([^"]*)">', response.content.decode())
    assert len(found) == 1, "a page has exactly one description"
    return found[0]


def test_a_page_without_a_search_description_uses_its_own_summary(client):
    home = HomePage.objects.get(locale__language_code="el")
    home.search_description = ""
    home.save()
    assert home.intro
    text = description(client.get(home.url))
    assert text.startswith(" ".join(home.intro.split())[:100])
    assert len(text) <= 160


def test_the_search_description_wins_without_markup_and_escaped(client):
    home = HomePage.objects.get(locale__language_code="el")
    home.search_description = 'Κέντρα "Κοινότητας" & <b>Δομές</b>'
    home.save()
    assert description(client.get(home.url)) == "Κέντρα &quot;Κοινότητας&quot; &amp; Δομές"


def test_pages_outside_the_page_tree_describe_the_site(client):
    assert description(client.get("/en/search/")).startswith("Find your nearest Community Centre")
    assert description(client.get("/den-yparxei/")).strip()
