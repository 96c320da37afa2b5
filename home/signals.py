"""Grant the editorial roles on an announcements or funding index page when it is created
(in any language), so the review workflow covers it from its first child."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from home.models import (
    AccessibilityStatementPage,
    AnnouncementIndexPage,
    FundingIndexPage,
    StandardPage,
)
from home.roles import ensure_editorial_roles, ensure_standard_page_roles


@receiver(post_save, sender=AnnouncementIndexPage)
@receiver(post_save, sender=FundingIndexPage)
def editorial_index_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        ensure_editorial_roles(instance)


@receiver(post_save, sender=StandardPage)
@receiver(post_save, sender=AccessibilityStatementPage)
def standard_page_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        ensure_standard_page_roles(instance)
