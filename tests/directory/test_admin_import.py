"""Importing partners' data from the admin: upload → preview (nothing written) → confirm
(written, in the site history); partners cannot; a bad file is refused with its problems."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import PageLogEntry

from directory.models import OrganisationLocation, OrganisationPage
from directory.partner_access import CENTRE_STAFF, invite_partner

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "external_partner_files"
URL = "/admin/directory/import/"


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_user("staff@centre.example", password="x")
    user.groups.add(Group.objects.get(name=CENTRE_STAFF))
    client.force_login(user)
    return user


def upload(client, name, **extra):
    data = (FILES / name).read_bytes()
    return client.post(
        URL,
        {
            "step": "preview",
            "file": SimpleUploadedFile(name, data),
            "language": "el",
            **extra,
        },
    )


def test_staff_preview_then_confirm(client, staff):
    before = OrganisationPage.objects.count()
    preview = upload(client, "other_publisher.json")
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Προεπισκόπηση" in html or "Preview" in html
    assert "Ξενώνας" in html  # the addresses kept confidential are listed, with why
    assert OrganisationPage.objects.count() == before  # the preview wrote nothing
    token = preview.context["pending"]["token"]
    done = client.post(URL, {"step": "confirm", "token": token})
    assert done.status_code == 200 and done.context["done"]
    assert OrganisationPage.objects.count() == before + 30
    assert not OrganisationPage.objects.filter(
        translation_key="30614c8e-5122-5827-a83c-acae9aaed066", live=True
    ).exists()  # drafts for review
    assert OrganisationLocation.objects.get(
        translation_key="e38a5fc2-6496-5c09-85e6-2ae408b9e4f0"
    ).is_confidential
    assert PageLogEntry.objects.filter(action="directory.import", user=staff).exists()
    # The token is used up: confirming again writes nothing more.
    again = client.post(URL, {"step": "confirm", "token": token})
    assert again.context["problems"]
    assert OrganisationPage.objects.count() == before + 30


def test_a_hostile_file_is_refused_with_its_problems(client, staff):
    before = OrganisationPage.objects.count()
    response = upload(client, "hostile.json")
    assert response.status_code == 200
    assert response.context["problems"]
    assert "organizations[9].name" in response.content.decode()
    assert OrganisationPage.objects.count() == before


def test_cancel_writes_nothing(client, staff):
    before = OrganisationPage.objects.count()
    preview = upload(client, "other_publisher.json")
    token = preview.context["pending"]["token"]
    response = client.post(URL, {"step": "cancel", "token": token})
    assert response.context["cancelled"]
    assert OrganisationPage.objects.count() == before


def test_a_partner_cannot_import(client):
    page = OrganisationPage.objects.get(slug="ngo-heraklion", locale__language_code="el")
    partner, _password = invite_partner(page, "p@partners.example")
    client.force_login(partner)
    assert client.get(URL).status_code in (302, 403)
    assert upload(client, "other_publisher.json").status_code in (302, 403)
