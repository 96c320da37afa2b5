"""``directory.protection.refresh`` on objects built for each test (tests/factories.py), not on
the demo: which places of an organisation are of a protected kind, and what that hides."""

import pytest

from directory import protection
from directory.models import LocationKind
from tests.factories import (
    CategoryFactory,
    LocationFactory,
    OrganisationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


def offer(service, location, *categories):
    service.categories.set(categories)
    service.save()
    ServiceAtLocationFactory(service=service, location=location)


def refreshed(location):
    protection.refresh([location.organisation_id])
    location.refresh_from_db()
    return location


def test_a_service_of_a_protected_kind_hides_the_address_where_it_is_offered():
    shelters = CategoryFactory(name="Ξενώνες φιλοξενίας", protected=True)
    location = LocationFactory()
    offer(ServiceFactory(parent=location.organisation), location, shelters)
    location = refreshed(location)
    assert location.protected_kind and location.is_confidential
    assert location.public_address == "" and location.public_point is None
    # Centre staff confirm it public: then, and only then, it is shown.
    location.address_public = True
    assert location.public_address == "Οδός Δοκιμής 12, 71202"
    assert location.public_point == (35.3387, 25.1442)


def test_a_sub_category_of_a_protected_kind_is_protected_too():
    shelters = CategoryFactory(name="Ξενώνες", protected=True)
    for_minors = CategoryFactory(name="Ξενώνες ανηλίκων", parent=shelters)
    location = LocationFactory()
    offer(ServiceFactory(parent=location.organisation), location, for_minors)
    assert refreshed(location).is_confidential


def test_an_office_of_the_same_organisation_offering_other_help_stays_public():
    shelters = CategoryFactory(protected=True)
    counselling = CategoryFactory(name="Συμβουλευτική")
    organisation = OrganisationFactory()
    shelter = LocationFactory(organisation=organisation, name="Ξενώνας")
    office = LocationFactory(organisation=organisation, name="Γραφείο υποδοχής")
    offer(ServiceFactory(parent=organisation), shelter, shelters)
    offer(ServiceFactory(parent=organisation), office, counselling)
    assert refreshed(shelter).is_confidential
    office = refreshed(office)
    assert not office.is_confidential and office.public_address


def test_a_place_that_says_its_address_is_secret_is_hidden_whatever_it_offers():
    location = LocationFactory(
        name="Χώρος φιλοξενίας", access_notes="Η διεύθυνση δεν δημοσιεύεται."
    )
    offer(ServiceFactory(parent=location.organisation), location, CategoryFactory())
    assert refreshed(location).is_confidential


def test_nothing_of_a_protected_kind_leaves_an_ordinary_office_public():
    location = LocationFactory()
    offer(ServiceFactory(parent=location.organisation), location, CategoryFactory())
    location = refreshed(location)
    assert not location.protected_kind
    assert location.public_address == "Οδός Δοκιμής 12, 71202"


def test_a_location_marked_confidential_is_hidden_even_when_confirmed_public():
    location = LocationFactory(kind=LocationKind.CONFIDENTIAL, address_public=True)
    assert location.is_confidential and location.public_point is None
