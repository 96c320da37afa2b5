"""Crawlers: robots.txt points at a sitemap that lists both languages' pages."""

import xml.etree.ElementTree as ET  # noqa: S405 - parsing our own response

import pytest

from home.models import AccessibilityStatementPage

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_the_sitemap_lists_pages_in_both_languages(client):
    body = client.get("/sitemap.xml").content
    urls = [loc.text for loc in ET.fromstring(body).findall("s:url/s:loc", NS)]  # noqa: S314
    for statement in AccessibilityStatementPage.objects.all():
        assert statement.full_url in urls
    assert any("/en/" in url for url in urls) and any("/en/" not in url for url in urls)
