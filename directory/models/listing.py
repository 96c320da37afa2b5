"""The directory's listing index: small rows derived from each service, so the directory page
can filter, count, sort by distance and answer "open now" in SQL, whatever the number of
services.

These rows are never edited: ``directory.listing`` rewrites a service's rows from the database
whenever the service, its organisation's locations or the category tree change. They hold only
what may be public: a confidential location's coordinates never enter this index; it
contributes only its municipality, that municipality's centroid and its hours.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FacetKind(models.TextChoices):
    CATEGORY = "c", _("Category")
    TARGET_GROUP = "t", _("Target group")
    LANGUAGE = "l", _("Language")
    MUNICIPALITY = "m", _("Municipality")


class ServiceFacet(models.Model):
    """One filterable value of a service: a category code (and each of its ancestors' codes,
    so a parent includes its children), a target-group code, a language code, or the folded
    name of a municipality where the service is offered. One row per distinct value, so
    counting rows counts services."""

    service = models.ForeignKey(
        "directory.ServicePage", on_delete=models.CASCADE, related_name="facets"
    )
    kind = models.CharField(max_length=1, choices=FacetKind.choices)
    value = models.CharField(max_length=120)
    label = models.CharField(max_length=120, blank=True, help_text="As editors wrote it.")

    class Meta:
        indexes = [models.Index(fields=["kind", "value", "service"])]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "kind", "value"], name="unique_service_facet"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"


class ServicePlace(models.Model):
    """Where a service is offered, for "near" searches: a physical location's own point; for
    a confidential location only its municipality's centroid (``approximate``), which says no
    more than the municipality the directory already shows; for an online or phone service
    no point at all (it serves every place). An approximate place is used to find and order
    services, never to show a distance."""

    service = models.ForeignKey(
        "directory.ServicePage", on_delete=models.CASCADE, related_name="places"
    )
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)
    approximate = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self):
        if self.latitude is None:
            return "online or by phone"
        return f"{self.latitude:.5f}, {self.longitude:.5f}"


class ServiceWeeklySession(models.Model):
    """A weekly opening in Athens wall-clock minutes of the week (Monday 00:00 = 0).

    A session past midnight is split in two; the part after midnight is ``continued`` (it
    belongs to the day before, so that day's holiday or exception governs it). ``nth`` marks a
    monthly rule ("the 2nd Thursday"), which SQL cannot decide: such services are checked with
    the opening-hours engine."""

    service = models.ForeignKey(
        "directory.ServicePage", on_delete=models.CASCADE, related_name="weekly_sessions"
    )
    start_minute = models.PositiveSmallIntegerField()
    end_minute = models.PositiveSmallIntegerField()
    continued = models.BooleanField(default=False)
    nth = models.SmallIntegerField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["start_minute", "end_minute"])]

    def __str__(self):
        return f"{self.start_minute}–{self.end_minute}"


class ServiceHoursException(models.Model):
    """The dates a dated exception (closure or special hours) covers at one of a service's
    locations; on those dates the engine, not SQL, decides whether it is open."""

    service = models.ForeignKey(
        "directory.ServicePage", on_delete=models.CASCADE, related_name="hours_exception_dates"
    )
    start = models.DateField()
    end = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["start", "end"])]

    def __str__(self):
        return f"{self.start}–{self.end}"
