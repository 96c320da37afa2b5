"""Roles and review: the groups exist from the migrations; communications
staff write and submit but cannot publish; an editor-in-chief's approval publishes, at the
go-live time when one is set."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from home.models import AnnouncementIndexPage, AnnouncementPage, FundingIndexPage
from home.roles import COMMUNICATIONS_STAFF, EDITORS_IN_CHIEF

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(django_user_model):
    writer = django_user_model.objects.create_user("writer", password="x")  # noqa: S106
    chief = django_user_model.objects.create_user("chief", password="x")  # noqa: S106
    writer.groups.add(Group.objects.get(name=COMMUNICATIONS_STAFF))
    chief.groups.add(Group.objects.get(name=EDITORS_IN_CHIEF))
    return writer, chief


def draft_announcement(writer) -> AnnouncementPage:
    index = AnnouncementIndexPage.objects.get(locale__language_code="el")
    page = AnnouncementPage(
        title="Νέο πρόγραμμα ενημέρωσης",
        slug="neo-programma",
        date=date.today(),
        summary="Ενημέρωση για το νέο πρόγραμμα.",
        live=False,
    )
    index.add_child(instance=page)
    page.save_revision(user=writer)
    return page


def test_the_groups_exist_from_the_migrations():
    names = set(Group.objects.values_list("name", flat=True))
    assert {COMMUNICATIONS_STAFF, EDITORS_IN_CHIEF, "Προσωπικό Κέντρων Κοινότητας"} <= names


@pytest.mark.parametrize("model", [AnnouncementIndexPage, FundingIndexPage])
def test_writers_may_add_but_not_publish_in_every_language(people, model):
    writer, chief = people
    for index in model.objects.all():
        assert index.permissions_for_user(writer).can_add_subpage()
        assert not index.permissions_for_user(writer).can_publish_subpage()
        assert index.permissions_for_user(chief).can_publish_subpage()
        assert index.get_workflow() is not None


def test_a_submission_goes_live_only_when_an_editor_in_chief_approves(people, client):
    writer, chief = people
    page = draft_announcement(writer)
    assert not page.permissions_for_user(writer).can_publish()
    state = page.get_workflow().start(page, writer)
    task = state.current_task_state.task.specific
    assert task.get_actions(page, writer) == []  # the writer cannot approve their own
    assert "approve" in [name for name, *_ in task.get_actions(page, chief)]
    page.refresh_from_db()
    assert not page.live
    state.current_task_state.approve(user=chief)
    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 200


def test_an_approved_page_with_a_go_live_time_waits_for_it(people, monkeypatch):
    writer, chief = people
    page = draft_announcement(writer)
    page.go_live_at = timezone.now() + timedelta(hours=2)
    page.save_revision(user=writer)
    page.get_workflow().start(page, writer).current_task_state.approve(user=chief)
    page.refresh_from_db()
    assert not page.live  # approved, scheduled
    call_command("run_scheduler", "--once", verbosity=0)
    page.refresh_from_db()
    assert not page.live
    later = timezone.now() + timedelta(hours=2, minutes=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    call_command("run_scheduler", "--once", verbosity=0)
    page.refresh_from_db()
    assert page.live


def test_editorial_groups_manage_alerts_and_submit_translations(people, client):
    from django.urls import reverse

    from home.models import StandardPage

    page = StandardPage.objects.get(slug="schetika", locale__language_code="el")
    for user in people:
        client.force_login(user)
        assert client.get(reverse("wagtailsnippets_home_sitealert:add")).status_code == 200
        submit = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
        assert client.get(submit).status_code == 200


def test_writers_edit_standard_pages_but_only_chiefs_publish_them(people):
    from wagtail.models import Page

    from home.models import AccessibilityStatementPage, StandardPage

    writer, chief = people
    pages = [*StandardPage.objects.all(), *AccessibilityStatementPage.objects.all()]
    assert len(pages) >= 6  # About, Privacy and the statement, in both languages
    for page in pages:
        assert page.permissions_for_user(writer).can_edit(), page
        assert not page.permissions_for_user(writer).can_publish(), page
        assert page.permissions_for_user(chief).can_publish(), page
        assert page.get_workflow() is not None
    home = Page.objects.get(depth=2, locale__language_code="el")
    assert not home.permissions_for_user(writer).can_edit()
    assert not home.permissions_for_user(writer).can_add_subpage()


def test_the_admin_sends_no_e_mail_hash_to_gravatar(people, client):
    writer, _chief = people
    writer.email = "writer@example.org"
    writer.save()
    client.force_login(writer)
    assert "gravatar" not in client.get("/admin/").content.decode()
