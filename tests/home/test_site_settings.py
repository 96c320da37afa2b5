"""Site settings: the municipality's name, contact details, footer line and
social links are edited once in the admin and shown in every page's footer, in the reader's
language, as plain links that fetch nothing from the networks."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Site

from home.models import PortalSettings

pytestmark = pytest.mark.django_db


def footer_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode().split('class="site-footer"')[1]


@pytest.fixture
def portal():
    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation_name = "Δήμος Παιονίας"
    settings.organisation_name_en = "Municipality of Paionia"
    settings.postal_address = "Κεντρική Πλατεία, 61200 Αξιούπολη"
    settings.postal_address_en = ""
    settings.contact_phone = "+30 23430 33151"
    settings.contact_email = "info@paionia.example"
    settings.footer_text = "Τηλεφωνικό κέντρο: Δευτέρα–Παρασκευή 08:00–15:00"
    settings.footer_text_en = "Switchboard: Monday–Friday 08:00–15:00"
    settings.social_links = [
        ("link", {"network": "facebook", "url": "https://www.facebook.com/paionia", "label": ""}),
        ("link", {"network": "other", "url": "https://video.example/paionia", "label": "Βίντεο"}),
    ]
    settings.save()
    return settings


def test_greek_footer_shows_the_municipality_and_how_to_reach_it(client, portal, paionia):
    for url in ("/", "/domes/", paionia.url):
        footer = footer_of(client, url)
        assert "Δήμος Παιονίας" in footer, url
        assert "Κεντρική Πλατεία, 61200 Αξιούπολη" in footer
        assert 'href="tel:+302343033151"' in footer
        assert 'href="mailto:info@paionia.example"' in footer
        assert "Τηλεφωνικό κέντρο: Δευτέρα–Παρασκευή 08:00–15:00" in footer
        assert '<a href="https://www.facebook.com/paionia" rel="me noopener">Facebook</a>' in footer
        assert '<a href="https://video.example/paionia" rel="me noopener">Βίντεο</a>' in footer


def test_english_footer_uses_the_english_twins_and_falls_back_to_greek(client, portal):
    footer = footer_of(client, "/en/")
    assert "Municipality of Paionia" in footer
    assert "Δήμος Παιονίας" not in footer
    assert "Switchboard: Monday–Friday 08:00–15:00" in footer
    # No English address given: the Greek one is better than none.
    assert "Κεντρική Πλατεία, 61200 Αξιούπολη" in footer
    assert 'aria-label="Follow us"' in footer


def test_an_empty_setting_leaves_no_empty_markup(client):
    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    for field in ("organisation_name", "postal_address", "contact_phone", "contact_email"):
        setattr(settings, field, "")
    settings.footer_text = ""
    settings.social_links = []
    settings.save()
    footer = footer_of(client, "/")
    assert "<address" not in footer
    assert "site-footer__social" not in footer


def test_the_phone_must_be_a_phone_number():
    settings = PortalSettings(contact_phone="call us")
    with pytest.raises(ValidationError) as caught:
        settings.full_clean(exclude=["site"])
    assert "contact_phone" in caught.value.message_dict


def test_demo_content_fills_the_footer(client):
    footer = footer_of(client, "/")
    assert "Koinotita — πύλη επίδειξης των Κέντρων Κοινότητας" in footer
    assert 'href="mailto:info@koinotita.example"' in footer
