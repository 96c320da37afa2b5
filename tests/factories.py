"""Factories for unit tests: each test builds the few objects it is about, under a tree of its
own, instead of reading the demo's centres and partners by name. Page and browser tests keep
the demo (it is what a fresh ``make run`` shows); model-level tests use these.

``wagtail_factories.PageFactory`` creates a page with treebeard's ``add_child`` under the
``parent`` given (default: a new root-level page), as an editor's first save would."""

import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.models import Locale

from directory.models import (
    Category,
    DirectoryIndexPage,
    LocationKind,
    OrganisationLocation,
    OrganisationPage,
    ServiceAtLocation,
    ServicePage,
)


def greek():
    return Locale.objects.get(language_code="el")


class GreekPageFactory(wagtail_factories.PageFactory):
    class Meta:
        abstract = True

    locale = factory.LazyFunction(greek)


class DirectoryIndexFactory(GreekPageFactory):
    class Meta:
        model = DirectoryIndexPage

    title = factory.Sequence(lambda n: f"Ευρετήριο δοκιμής {n}")


class OrganisationFactory(GreekPageFactory):
    class Meta:
        model = OrganisationPage

    title = factory.Sequence(lambda n: f"Σύλλογος δοκιμής {n}")
    description = "Οργάνωση που υποστηρίζει οικογένειες της περιοχής."
    legal_status = "non-profit"
    parent = factory.SubFactory(DirectoryIndexFactory, parent=None)


class ServiceFactory(GreekPageFactory):
    class Meta:
        model = ServicePage

    title = factory.Sequence(lambda n: f"Υπηρεσία δοκιμής {n}")
    description = "Συμβουλευτική στήριξη για ενήλικες."
    parent = factory.SubFactory(OrganisationFactory)


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category

    code = factory.Sequence(lambda n: f"test-category-{n}")
    name = factory.Sequence(lambda n: f"Κατηγορία δοκιμής {n}")
    locale = factory.LazyFunction(greek)


class LocationFactory(DjangoModelFactory):
    class Meta:
        model = OrganisationLocation

    organisation = factory.SubFactory(OrganisationFactory)
    name = "Γραφείο"
    kind = LocationKind.PHYSICAL
    street_address = "Οδός Δοκιμής 12"
    postcode = "71202"
    municipality = "Ηρακλείου"
    latitude = 35.3387
    longitude = 25.1442
    locale = factory.LazyFunction(greek)


class ServiceAtLocationFactory(DjangoModelFactory):
    class Meta:
        model = ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory)
    locale = factory.LazyFunction(greek)
