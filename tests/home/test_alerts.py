"""Site-wide alerts: shown on every page (or only a centre's), between their start and end,
readable without JavaScript, dismissible unless urgent, gone once expired."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Locale

from home.models import AlertLevel, SiteAlert

pytestmark = pytest.mark.django_db


def alert(message, level=AlertLevel.INFO, centres=(), **times):
    made = SiteAlert.objects.create(
        locale=Locale.objects.get(language_code="el"), level=level, message=message, **times
    )
    made.centres.set(centres)
    made.save()
    return made


def test_an_urgent_alert_shows_on_every_page_until_it_expires(client, paionia, freeze_now):
    now = timezone.now()
    alert(
        "Έκτακτο: κλειστά όλα τα κέντρα λόγω καύσωνα.",
        AlertLevel.URGENT,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=2),
    )
    for url in ("/", paionia.url, "/domes/", "/search/"):
        body = client.get(url).content.decode()
        assert "κλειστά όλα τα κέντρα" in body, url
        assert 'role="alert"' in body
        assert "Hide this message" not in body and "Απόκρυψη" not in body  # urgent: no dismiss
    later = now + timedelta(hours=3)
    freeze_now(*later.astimezone(paionia_tz()).timetuple()[:6])
    assert "κλειστά όλα τα κέντρα" not in client.get("/").content.decode()


def paionia_tz():
    from directory.hours import ATHENS

    return ATHENS


def test_a_centre_alert_shows_only_on_that_centre(client, paionia):
    other = paionia.get_siblings().live().exclude(pk=paionia.pk).first()
    alert("Το κέντρο Παιονίας είναι κλειστό στις 25 Μαρτίου.", centres=[paionia])
    assert "κλειστό στις 25 Μαρτίου" in client.get(paionia.url).content.decode()
    assert "κλειστό στις 25 Μαρτίου" not in client.get(other.url).content.decode()
    assert "κλειστό στις 25 Μαρτίου" not in client.get("/").content.decode()


def test_a_future_alert_waits_for_its_start(client):
    alert("Αύριο αλλάζει το ωράριο.", starts_at=timezone.now() + timedelta(days=1))
    assert "Αύριο αλλάζει" not in client.get("/").content.decode()


def test_dismissing_hides_it_without_javascript_and_an_edit_brings_it_back(client):
    shown = alert("Νέα τηλέφωνα επικοινωνίας.", AlertLevel.WARNING)
    page = client.get("/").content.decode()
    assert "Νέα τηλέφωνα" in page
    dismissed = client.get(f"/alerts/dismiss/{shown.dismiss_key}/?next=/domes/")
    assert dismissed.status_code == 302 and dismissed["Location"] == "/domes/"
    assert "Νέα τηλέφωνα" not in client.get("/").content.decode()
    shown.message = "Νέα τηλέφωνα επικοινωνίας από τη Δευτέρα."
    shown.save()
    assert "από τη Δευτέρα" in client.get("/").content.decode()


def test_dismissal_never_redirects_off_site(client):
    response = client.get("/alerts/dismiss/abc/?next=https://evil.example/")
    assert response["Location"] == "/"


def test_an_end_before_the_start_is_refused():
    now = timezone.now()
    bad = SiteAlert(
        locale=Locale.objects.get(language_code="el"),
        message="x",
        starts_at=now,
        ends_at=now - timedelta(hours=1),
    )
    with pytest.raises(ValidationError):
        bad.full_clean()
