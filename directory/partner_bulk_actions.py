"""Bulk actions name and act on only what the user may see in the admin.

Wagtail's bulk-action confirmation pages (``/admin/bulk/<app>/<model>/<action>/?id=…``) look
up every id asked for and list, by title, those the user may not act on as well as those they
may. A partner editor who asked for another organisation's ids read the titles of its images,
documents and draft pages (``?id=all&childOf=<its page>`` listed them all), though every other
screen refused them.

The image, document and page bulk actions are replaced (through the ``register_bulk_action``
hook, in ``directory.wagtail_hooks``) by subclasses that keep to what the user may see: files
they may change, delete or choose (``directory.partner_media.usable_files``), pages they may
explore (Wagtail's own rule for the page explorer). Others are left out, and when none is left
the page is not found. Superusers and centre staff see what they saw before.
"""

from __future__ import annotations

from django.http import Http404
from wagtail.admin.views.pages import bulk_actions as page_actions
from wagtail.documents.views import bulk_actions as document_actions
from wagtail.images.views import bulk_actions as image_actions
from wagtail.models import Page
from wagtail.permissions import policy_registry

from directory.partner_media import usable_files


def visible(model, user):
    """The instances of ``model`` ``user`` may see in the admin."""
    if issubclass(model, Page):
        return policy_registry.get_by_type(Page).explorable_instances(user)
    return usable_files(model, user)


class VisibleOnlyMixin:
    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        asked = [*objects, *extra["items_with_no_access"]]
        seen = set(
            visible(self.model, self.request.user)
            .filter(pk__in=[obj.pk for obj in asked])
            .values_list("pk", flat=True)
        )
        objects = [obj for obj in objects if obj.pk in seen]
        without_access = [obj for obj in extra["items_with_no_access"] if obj.pk in seen]
        if not objects and not without_access:
            raise Http404
        return objects, {**extra, "items_with_no_access": without_access}


def _visible_only(action):
    name = f"{action.models[0].__name__}{action.__name__}"  # e.g. ImageDeleteBulkAction
    return type(name, (VisibleOnlyMixin, action), {"__module__": __name__})


# Every bulk action Wagtail registers for images, documents and pages
# (tests/security/test_partner_media.py fails when Wagtail adds one).
BULK_ACTIONS = [
    _visible_only(action)
    for action in (
        image_actions.AddTagsBulkAction,
        image_actions.AddToCollectionBulkAction,
        image_actions.DeleteBulkAction,
        document_actions.AddTagsBulkAction,
        document_actions.AddToCollectionBulkAction,
        document_actions.DeleteBulkAction,
        page_actions.DeleteBulkAction,
        page_actions.MoveBulkAction,
        page_actions.PublishBulkAction,
        page_actions.UnpublishBulkAction,
    )
]
