"""Map points: every place a resident can go to — a branch, or a mobile-unit stop — in one
table with indexed coordinates, so the finder prefilters by a bounding box instead of reading
every centre. Rebuilt for a centre whenever it is published, unpublished or deleted
(``directory.signals``); the pages stay the source of truth.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale


class MapPoint(models.Model):
    centre = models.ForeignKey("directory.CentrePage", on_delete=models.CASCADE, related_name="+")
    branch = models.ForeignKey("directory.Branch", on_delete=models.CASCADE, related_name="+")
    locale = models.ForeignKey(Locale, on_delete=models.CASCADE, related_name="+")
    stop_index = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Which stop of a mobile unit; empty for a branch.")
    )
    latitude = models.FloatField(db_index=True)
    longitude = models.FloatField(db_index=True)

    class Meta:
        verbose_name = _("map point")
        indexes = [models.Index(fields=["locale", "latitude", "longitude"])]

    def __str__(self):
        return f"{self.branch_id}/{self.stop_index} ({self.latitude:.4f}, {self.longitude:.4f})"
