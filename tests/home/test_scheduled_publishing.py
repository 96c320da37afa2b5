"""Scheduled publishing happens: the scheduler's loop runs Wagtail's ``publish_scheduled``, so
an approved page goes live at its go-live time and comes down at its expiry time."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from directory.models import ServicePage

pytestmark = pytest.mark.django_db


def test_an_approved_page_goes_live_at_its_go_live_time(client, monkeypatch):
    service = ServicePage.objects.live().filter(locale__language_code="el").first()
    service.unpublish()
    service.refresh_from_db()
    service.go_live_at = timezone.now() + timedelta(minutes=5)
    service.save_revision().publish()  # approval with a go-live time schedules, not publishes
    service.refresh_from_db()
    assert not service.live
    assert client.get(service.url or f"/{service.url_path}").status_code == 404

    call_command("run_scheduler", "--once", verbosity=0)
    service.refresh_from_db()
    assert not service.live  # not yet

    later = timezone.now() + timedelta(minutes=6)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)  # six minutes pass
    call_command("run_scheduler", "--once", verbosity=0)
    monkeypatch.undo()
    service.refresh_from_db()
    assert service.live
    assert client.get(service.url).status_code == 200


def test_a_page_past_its_expiry_comes_down(client):
    service = ServicePage.objects.live().filter(locale__language_code="el").first()
    url = service.url
    service.expire_at = timezone.now() - timedelta(seconds=1)
    service.save(update_fields=["expire_at"])
    call_command("run_scheduler", "--once", verbosity=0)
    service.refresh_from_db()
    assert not service.live and service.expired
    assert client.get(url).status_code == 404


def test_a_failing_run_is_logged_and_the_loop_goes_on(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr("home.management.commands.run_scheduler.call_command", broken)
    call_command("run_scheduler", "--once", verbosity=0)
    assert "publish_scheduled failed" in caplog.text
