"""The gazetteer: municipalities, postcodes and place names with coordinates, shipped with the
project (© OpenStreetMap contributors, ODbL; see directory/data/SOURCES.md).

Place names are stored with a sound-alike key (``search.normalise.phonetic_key``) so one indexed
lookup matches "Χανιά", "ΧΑΝΙΑ", "Xania" and "Chania" alike; no request ever calls an outside
geocoder.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    """One of Greece's 332 municipalities (Kallikratis, 2011, as amended)."""

    code = models.PositiveIntegerField(unique=True, help_text=_("Row id in the source table."))
    name_el = models.CharField(max_length=120)
    short_name_el = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)
    seat_el = models.CharField(max_length=120)
    seat_en = models.CharField(max_length=120)
    regional_unit_el = models.CharField(max_length=120)
    regional_unit_en = models.CharField(max_length=120)
    region_el = models.CharField(max_length=120)
    region_en = models.CharField(max_length=120)
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        ordering = ["name_el"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name_el


class Postcode(models.Model):
    """A five-digit postcode with an approximate position (its municipality's or town's)."""

    code = models.CharField(max_length=5, db_index=True)
    place_el = models.CharField(max_length=120)
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.SET_NULL, related_name="postcodes"
    )
    latitude = models.FloatField()
    longitude = models.FloatField()
    precision = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("postcode")

    def __str__(self):
        return f"{self.code} {self.place_el}"


class PlaceKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    SEAT = "seat", _("Municipal seat")
    TOWN = "town", _("Town or village")


class PlaceName(models.Model):
    """A name a resident may type for a place, with the point it stands for."""

    name_el = models.CharField(max_length=150)
    name_en = models.CharField(max_length=150)
    kind = models.CharField(max_length=15, choices=PlaceKind.choices)
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.CASCADE, related_name="places"
    )
    latitude = models.FloatField()
    longitude = models.FloatField()
    key = models.CharField(max_length=200, db_index=True, help_text=_("Sound-alike key."))
    latin = models.CharField(max_length=200, db_index=True, help_text=_("Folded English name."))

    class Meta:
        ordering = ["kind", "name_el"]
        verbose_name = _("place name")

    def __str__(self):
        return self.name_el
