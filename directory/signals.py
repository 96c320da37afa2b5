"""Keep derived data in step with what is published: the finder's map points, the
directory's listing index when a taxonomy term is deleted (its links go with it), and the
counts cached beside the index when a listed page leaves the public site without a save
that would rebuild its rows (an unpublish, a delete, a login restriction)."""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from directory import listing
from directory.map_points import clear_map_points, rebuild_map_points
from directory.models import (
    Category,
    CentrePage,
    OrganisationPage,
    ServiceLanguage,
    ServicePage,
    TargetGroup,
)


@receiver(page_published, sender=CentrePage)
def centre_published(sender, instance, **kwargs):
    rebuild_map_points(instance)


@receiver(page_unpublished, sender=CentrePage)
def centre_unpublished(sender, instance, **kwargs):
    clear_map_points(instance)


@receiver(post_delete, sender=CentrePage)
def centre_deleted(sender, instance, **kwargs):
    clear_map_points(instance)


@receiver(pre_delete, sender=Category)
@receiver(pre_delete, sender=TargetGroup)
@receiver(pre_delete, sender=ServiceLanguage)
def term_deleting(sender, instance, **kwargs):
    instance._listed_services = list(instance.services.values_list("pk", flat=True))


@receiver(post_delete, sender=Category)
@receiver(post_delete, sender=TargetGroup)
@receiver(post_delete, sender=ServiceLanguage)
def term_deleted(sender, instance, **kwargs):
    listing.rebuild(getattr(instance, "_listed_services", []))


@receiver(page_unpublished, sender=ServicePage)
@receiver(page_unpublished, sender=OrganisationPage)
@receiver(post_delete, sender=ServicePage)
@receiver(post_delete, sender=OrganisationPage)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def listed_pages_changed(sender, **kwargs):
    listing.invalidate()
