"""The directory's listing index: it must say exactly what the live content says (never a
draft), follow every change that affects it, and answer "open now" as the opening-hours engine
would at any instant."""

import random
from datetime import datetime, time, timedelta

import pytest

from directory import listing
from directory.hours import ATHENS, Session
from directory.models import (
    Category,
    FacetKind,
    OrganisationPage,
    ServiceFacet,
    ServicePage,
    ServicePlace,
    ServiceStatus,
    ServiceWeeklySession,
    TargetGroup,
)

pytestmark = pytest.mark.django_db


def facet_values(service, kind):
    return set(
        ServiceFacet.objects.filter(service=service, kind=kind).values_list("value", flat=True)
    )


@pytest.fixture
def service():
    """A Heraklion service filed under a child category (e.g. Health → Mental health)."""
    return (
        ServicePage.objects.filter(
            slug__contains="heraklion",
            locale__language_code="el",
            categories__parent__isnull=False,
        )
        .order_by("pk")
        .first()
    )


class TestKeptInStep:
    def test_categories_include_their_ancestors(self, service):
        paths = set(service.categories.values_list("tree_path", flat=True))
        expected = {code for path in paths for code in path.split("/")}
        assert facet_values(service, FacetKind.CATEGORY) == expected
        assert any("/" in path for path in paths)  # the check covers a child category

    def test_a_draft_changes_nothing_until_it_is_published(self, service):
        before = facet_values(service, FacetKind.TARGET_GROUP)
        roma = TargetGroup.objects.get(code="roma", locale=service.locale)
        assert roma.code not in before
        draft = service.get_latest_revision_as_object()
        draft.target_groups = [*draft.target_groups.all(), roma]
        revision = draft.save_revision()
        assert facet_values(service, FacetKind.TARGET_GROUP) == before
        revision.publish()
        assert facet_values(service, FacetKind.TARGET_GROUP) == before | {"roma"}

    def test_moving_a_category_moves_its_services(self, service):
        category = service.categories.filter(parent__isnull=False).first()
        old_parent = category.parent.code
        new_parent = Category.objects.get(code="family", locale=category.locale)
        assert new_parent.code != old_parent
        category.parent = new_parent
        category.save()
        values = facet_values(service, FacetKind.CATEGORY)
        assert "family" in values and category.code in values

    def test_deleting_a_target_group_forgets_it(self, service):
        term = service.target_groups.first()
        TargetGroup.objects.filter(code=term.code).delete()
        assert term.code not in facet_values(service, FacetKind.TARGET_GROUP)

    def test_an_organisation_moving_updates_its_services_places(self, service):
        organisation = OrganisationPage.objects.get(pk=service.get_parent().pk)
        draft = organisation.get_latest_revision_as_object()
        locations = list(draft.locations.all())
        locations[0].latitude, locations[0].longitude = 35.5, 24.0
        locations[0].municipality = "Δήμος Χανίων"
        draft.locations = locations
        draft.save_revision().publish()
        assert list(
            ServicePlace.objects.filter(service=service).values_list("latitude", "longitude")
        ) == [(35.5, 24.0)]
        assert facet_values(service, FacetKind.MUNICIPALITY) == {
            listing.municipality_key("ΔΗΜΟΣ ΧΑΝΙΩΝ")
        }

    @pytest.mark.parametrize("language", ["el", "en"])
    def test_a_confidential_location_is_placed_only_at_its_municipality(self, language):
        from directory.models import Municipality

        shelter = ServicePage.objects.get(
            slug="shelter-heraklion-1", locale__language_code=language
        )
        location = shelter.service_locations.get().location
        centre = Municipality.objects.get(name_el="Δήμος Ηρακλείου")
        places = list(ServicePlace.objects.filter(service=shelter))
        assert [(p.latitude, p.longitude, p.approximate) for p in places] == [
            (centre.latitude, centre.longitude, True)
        ]
        assert (location.latitude, location.longitude) != (centre.latitude, centre.longitude)
        assert facet_values(shelter, FacetKind.MUNICIPALITY)  # findable by municipality


def set_hours(service, sessions=None, exceptions=None):
    """Give the service's first location these hours (saved to the database, as a publish
    would) and rebuild its rows."""
    link = service.service_locations.select_related("location").first()
    if sessions is not None:
        link.opening_hours = [("session", s) for s in sessions]
        link.save()
    if exceptions is not None:
        link.location.hours_exceptions = [("exception", e) for e in exceptions]
        link.location.save()
    listing.rebuild([service.pk])
    listing.rebuild_organisation(link.location.organisation_id)  # its other services too


def open_by_engine(at):
    services = (
        ServicePage.objects.live()
        .filter(locale__language_code="el")
        .exclude(status__in=[ServiceStatus.INACTIVE, ServiceStatus.TEMPORARILY_CLOSED])
        .prefetch_related("service_locations__location")
    )
    return {
        s.pk
        for s in services
        if any(link.hours_engine.is_open(at) for link in s.service_locations.all())
    }


def open_by_index(at):
    services = (
        ServicePage.objects.live()
        .filter(locale__language_code="el")
        .exclude(status__in=[ServiceStatus.INACTIVE, ServiceStatus.TEMPORARILY_CLOSED])
    )
    return set(services.filter(listing.open_now_filter(services, at)).values_list("pk", flat=True))


class TestOpenNow:
    @pytest.fixture
    def irregular(self):
        """Services with a night session, a closure, special hours and a long closure."""
        services = list(
            ServicePage.objects.live()
            .filter(locale__language_code="el")
            .exclude(status=ServiceStatus.INACTIVE)
            .order_by("pk")
        )
        night, closed, special, summer = services[3], services[10], services[20], services[30]
        set_hours(
            night,
            sessions=[
                {
                    "days": ["4", "5", "6"],
                    "opens": "22:00",
                    "closes": "02:00",
                    "past_midnight": True,
                }
            ],
        )
        set_hours(
            closed,
            exceptions=[
                {
                    "start_date": "2026-11-23",
                    "end_date": "2026-11-23",
                    "closed": True,
                    "reason": "Staff training",
                }
            ],
        )
        set_hours(
            special,
            exceptions=[
                {
                    "start_date": "2026-11-29",
                    "closed": False,
                    "opens": "18:00",
                    "closes": "01:00",
                    "reason": "Open evening",
                }
            ],
        )
        set_hours(
            summer,
            exceptions=[
                {
                    "start_date": "2026-08-01",
                    "end_date": "2026-08-31",
                    "closed": True,
                    "reason": "Summer",
                }
            ],
        )
        return night, closed, special, summer

    INSTANTS = [
        (2026, 11, 23, 10, 0),  # Monday morning: the closure applies
        (2026, 11, 24, 10, 0),  # Tuesday morning
        (2026, 11, 28, 1, 30),  # Saturday 01:30: Friday's night session
        (2026, 11, 29, 19, 0),  # Sunday evening: special hours
        (2026, 11, 30, 0, 30),  # Monday 00:30: the special hours run past midnight
        (2026, 3, 25, 10, 0),  # Independence Day (holiday, Wednesday)
        (2026, 3, 26, 1, 0),  # after a holiday: a night session that started on it is closed
        (2026, 4, 13, 11, 0),  # Easter Monday 2026
        (2026, 8, 12, 10, 0),  # the summer closure
        (2026, 10, 25, 3, 30),  # the October night the clocks go back
        (2026, 3, 29, 4, 30),  # the March night the clocks go forward
    ]

    @pytest.mark.parametrize("moment", INSTANTS)
    def test_agrees_with_the_engine(self, irregular, moment):
        at = datetime(*moment, tzinfo=ATHENS)
        assert open_by_index(at) == open_by_engine(at)

    def test_agrees_with_the_engine_at_random_instants(self, irregular):
        rng = random.Random(20261124)
        start = datetime(2026, 1, 1, tzinfo=ATHENS)
        for _ in range(25):
            at = start + timedelta(minutes=rng.randrange(365 * 24 * 60))
            assert open_by_index(at) == open_by_engine(at), at

    def test_the_cases_are_not_vacuous(self, irregular):
        night, closed, special, _ = irregular
        assert night.pk in open_by_index(datetime(2026, 11, 28, 1, 30, tzinfo=ATHENS))
        assert closed.pk not in open_by_index(datetime(2026, 11, 23, 10, 0, tzinfo=ATHENS))
        assert closed.pk in open_by_index(datetime(2026, 11, 24, 10, 0, tzinfo=ATHENS))
        assert special.pk in open_by_index(datetime(2026, 11, 30, 0, 30, tzinfo=ATHENS))
        assert open_by_index(datetime(2026, 4, 13, 11, 0, tzinfo=ATHENS)) == set()

    def test_a_monthly_rule_is_left_to_the_engine(self, service):
        """A row SQL cannot decide (the 2nd Thursday) never makes a closed service open."""
        at = datetime(2026, 11, 22, 12, 0, tzinfo=ATHENS)  # Sunday noon: the service is closed
        assert service.pk not in open_by_engine(at)
        ServiceWeeklySession.objects.bulk_create(
            listing.weekly_rows(service.pk, [Session(6, time(9), time(17), nth=4)])
        )
        assert service.pk not in open_by_index(at)


def test_night_sessions_are_split_at_midnight():
    rows = listing.weekly_rows(1, [Session(6, time(22), time(6), past_midnight=True)])
    assert [(r.start_minute, r.end_minute, r.continued) for r in rows] == [
        (6 * 1440 + 22 * 60, 7 * 1440, False),
        (0, 6 * 60, True),  # Sunday night runs into Monday morning
    ]
