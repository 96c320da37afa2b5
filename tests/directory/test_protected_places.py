"""Places of a protected kind (decision 0018): a shelter's address stays in the admin unless
centre staff confirm it public; categories, not only a flag on the place, decide; an import
never makes a confidential address public; no two categories of one name at one level."""

import os
import subprocess
import sys
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from directory.hsds.importer import import_organisations
from directory.models import (
    Category,
    LocationKind,
    OrganisationLocation,
    OrganisationPage,
    ServicePage,
)
from directory.partner_access import CENTRE_STAFF, invite_partner
from directory.protection import describes_shelter, says_confidential

pytestmark = pytest.mark.django_db


def organisation(name, location_name, street, service_name, categories=(), location_extra=None):
    org_id, location_id, service_id = (str(uuid.uuid4()) for _ in range(3))
    location = {
        "id": location_id,
        "location_type": "physical",
        "name": location_name,
        "latitude": 35.33,
        "longitude": 25.13,
        "addresses": [
            {
                "id": str(uuid.uuid4()),
                "location_id": location_id,
                "address_1": street,
                "city": "Ηράκλειο",
                "region": "",
                "state_province": "",
                "postal_code": "71202",
                "country": "GR",
                "address_type": "physical",
            }
        ],
        **(location_extra or {}),
    }
    return {
        "id": org_id,
        "name": name,
        "description": name,
        "legal_status": "ΑΜΚΕ",
        "locations": [location],
        "services": [
            {
                "id": service_id,
                "name": service_name,
                "description": service_name,
                "status": "active",
                "attributes": [
                    {
                        "id": str(uuid.uuid4()),
                        "taxonomy_term": {
                            "id": str(uuid.uuid4()),
                            "code": code,
                            "name": code,
                            "description": code,
                        },
                    }
                    for code in categories
                ],
                "service_at_locations": [
                    {"id": str(uuid.uuid4()), "service_id": service_id, "location_id": location_id}
                ],
            }
        ],
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Διεύθυνση εμπιστευτική – δεν δημοσιεύεται", True),
        ("ΑΠΟΡΡΗΤΗ ΔΙΕΥΘΥΝΣΗ", True),
        ("Η διεύθυνση δίνεται μόνο τηλεφωνικά", True),
        ("Confidential address - do not publish", True),
        ("The location is undisclosed", True),
        ("Η συζήτηση με τη σύμβουλο είναι εμπιστευτική", False),
        ("Γραφείο στο κέντρο της πόλης", False),
    ],
)
def test_words_that_say_an_address_is_secret(text, expected):
    assert bool(says_confidential(text)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ξενώνας Φιλοξενίας Γυναικών Θυμάτων Βίας", True),
        ("ΞΕΝΩΝΑΣ ΑΣΥΝΟΔΕΥΤΩΝ ΑΝΗΛΙΚΩΝ", True),
        ("Στήριξη θυμάτων εμπορίας ανθρώπων", True),
        ("Shelter for women and children", True),
        ("Νυχτερινό καταφύγιο αστέγων", False),
        ("Κοινωνικό παντοπωλείο", False),
    ],
)
def test_words_that_describe_a_shelter_for_people_at_risk(text, expected):
    assert bool(describes_shelter(text)) is expected


def test_an_imported_shelter_described_only_by_its_kind_keeps_its_address_hidden(client):
    org = organisation(
        "Δίκτυο Φροντίδας",
        "Ξενώνας βραχείας φιλοξενίας",
        "Οδός Κρυφή 12",
        "Φιλοξενία θυμάτων εμπορίας ανθρώπων",
    )
    summary = import_organisations([org], publish=True)
    assert [d.reason for d in summary.confidential]  # the report says why
    location = OrganisationLocation.objects.get(translation_key=org["locations"][0]["id"])
    assert location.is_confidential and location.public_address == ""
    service = ServicePage.objects.get(translation_key=org["services"][0]["id"])
    assert "Οδός Κρυφή" not in client.get(service.url).content.decode()


def test_a_service_filed_under_a_protected_category_hides_a_physical_place():
    shelter = Category.objects.get(code="shelter", locale__language_code="el")
    assert shelter.protected  # set by migration and by the demo
    org = organisation(
        "Σύλλογος Αρωγής", "Γραφείο", "Λεωφόρος Ορατή 3", "Φιλοξενία", categories=["shelter"]
    )
    import_organisations([org], publish=True)
    location = OrganisationLocation.objects.get(translation_key=org["locations"][0]["id"])
    assert location.protected_kind
    assert location.public_point is None and location.public_address == ""
    # Centre staff confirm the address public: then, and only then, it shows.
    location.address_public = True
    location.kind = LocationKind.PHYSICAL
    location.save()
    location.refresh_from_db()
    assert location.public_address.startswith("Λεωφόρος Ορατή 3")


def test_marking_a_category_protected_hides_the_places_of_its_services():
    org = organisation("Σύλλογος Β", "Γραφείο Β", "Οδός Β 1", "Στήριξη", categories=["legal-aid"])
    import_organisations([org], publish=True)
    location = OrganisationLocation.objects.get(translation_key=org["locations"][0]["id"])
    assert not location.is_confidential
    legal_aid = Category.objects.get(code="legal-aid", locale__language_code="el")
    legal_aid.protected = True
    legal_aid.save()
    location.refresh_from_db()
    assert location.is_confidential


def test_an_import_never_makes_a_confidential_address_public():
    org = organisation(
        "Σύλλογος Γ", "Χώρος", "Οδός Γ 5", "Συμβουλευτική", location_extra={"name": "Χώρος Γ"}
    )
    import_organisations([org], publish=True)
    location = OrganisationLocation.objects.get(translation_key=org["locations"][0]["id"])
    OrganisationLocation.objects.filter(pk=location.pk).update(kind=LocationKind.CONFIDENTIAL)
    org["services"][0]["description"] = "Νέα περιγραφή"
    summary = import_organisations([org], publish=True)
    location = OrganisationLocation.objects.get(translation_key=org["locations"][0]["id"])
    assert location.kind == LocationKind.CONFIDENTIAL
    assert any("never publishes" in d.reason for d in summary.confidential)


def test_the_public_flag_is_for_centre_staff_only(client):
    page = OrganisationPage.objects.get(slug="ngo-heraklion", locale__language_code="el")
    partner, _password = invite_partner(page, "p@partners.example")
    staff = get_user_model().objects.create_user("s@centre.example", password="x")
    staff.groups.add(Group.objects.get(name=CENTRE_STAFF))
    url = f"/admin/pages/{page.pk}/edit/"
    client.force_login(partner)
    assert "address_public" not in client.get(url).content.decode()
    assert client.get("/admin/reports/protected-places/").status_code in (302, 403)
    client.force_login(staff)
    assert "address_public" in client.get(url).content.decode()
    report = client.get("/admin/reports/protected-places/")
    assert report.status_code == 200


def test_two_categories_of_one_folded_name_at_one_level_are_refused():
    housing = Category.objects.get(code="housing", locale__language_code="el")
    twin = Category(code="stegasi", name="ΣΤΕΓΑΣΗ ΚΑΙ ΦΙΛΟΞΕΝΙΑ", locale=housing.locale)
    with pytest.raises(ValidationError):
        twin.full_clean()
    elsewhere = Category(
        code="stegasi", name="Στέγαση και φιλοξενία", locale=housing.locale, parent=housing
    )
    elsewhere.full_clean()  # under another parent, the same words are another level


def test_an_imported_term_named_like_ours_files_services_under_ours():
    org = organisation("Σύλλογος Δ", "Γραφείο Δ", "Οδός Δ 1", "Επίδομα")
    org["services"][0]["attributes"] = [
        {
            "id": str(uuid.uuid4()),
            "taxonomy_term": {
                "id": str(uuid.uuid4()),
                "code": "EPID-01",
                "name": "ΕΠΙΔΟΜΑΤΑ & ΠΑΡΟΧΕΣ",
                "description": "Επιδόματα",
            },
        }
    ]
    before = Category.objects.count()
    import_organisations([org], publish=True)
    assert Category.objects.count() == before
    service = ServicePage.objects.get(translation_key=org["services"][0]["id"])
    assert [c.code for c in service.categories.all()] == ["benefits"]


def test_a_generation_moved_by_another_process_is_seen_at_once():
    from core import generations

    before = generations.current("test-generation")
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; django.setup(); from core import generations; "
            "generations.advance('test-generation')",
        ],
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"},
        stdout=subprocess.DEVNULL,
    )
    assert generations.current("test-generation") != before
