"""Keep the finder's map points in step with what is published."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from directory.map_points import clear_map_points, rebuild_map_points
from directory.models import CentrePage


@receiver(page_published, sender=CentrePage)
def centre_published(sender, instance, **kwargs):
    rebuild_map_points(instance)


@receiver(page_unpublished, sender=CentrePage)
def centre_unpublished(sender, instance, **kwargs):
    clear_map_points(instance)


@receiver(post_delete, sender=CentrePage)
def centre_deleted(sender, instance, **kwargs):
    clear_map_points(instance)
