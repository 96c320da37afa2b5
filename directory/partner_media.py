"""Each partner organisation's images and documents stay its own in the admin API and on
download.

Wagtail keeps its image and document listings, choosers and edit screens to the collections a
user holds rights on (a partner's group: its own collection, ``directory.partner_access``).
Two other ways in did not, and gave a partner editor every organisation's files:

- the admin API (``/admin/api/main/images/`` and ``documents/``: listing, detail, find) hides
  only collections whose view restriction the request fails, and every signed-in editor passes
  a "signed-in users only" restriction: it listed the titles, file addresses and thumbnails of
  every file;
- a document in a collection for signed-in users only is downloaded by any signed-in user.

So, through Wagtail's own hooks (registered in ``directory.wagtail_hooks``):

- the admin API's image and document endpoints are replaced by subclasses whose queryset keeps
  to the files the user may change, delete or choose, as Wagtail's permission policy for the
  model says; another file is not found;
- a partner editor downloads a restricted collection's document only if it is theirs to use.

Superusers and centre staff hold those rights on the root collection and keep seeing
everything. The bulk actions' confirmation pages are limited in the same way
(``directory.partner_bulk_actions``). Images have no serving view here (their renditions are
public files by design, docs/decisions/0013), so documents are the only files checked on
download.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import BaseViewRestriction
from wagtail.permissions import policy_registry

from directory.partner_access import CENTRE_STAFF, PARTNER_PREFIX

# What lets a user see a file anywhere in the admin: its listing ("change", "delete") or a
# chooser ("choose").
VISIBLE = ("change", "delete", "choose")


def usable_files(model, user):
    """The ``model`` instances (images or documents) ``user`` may see in the admin."""
    return policy_registry.get_by_type(model).instances_user_has_any_permission_for(user, VISIBLE)


# --- the admin API ----------------------------------------------------------------------------


class OwnFilesAPIMixin:
    def get_queryset(self):
        usable = usable_files(self.model, self.request.user)
        return super().get_queryset().filter(pk__in=usable.values("pk"))


class ImagesAPIViewSet(OwnFilesAPIMixin, ImagesAdminAPIViewSet):
    pass


class DocumentsAPIViewSet(OwnFilesAPIMixin, DocumentsAdminAPIViewSet):
    pass


def limit_admin_api(router) -> None:
    """``construct_admin_api``, after Wagtail's own hooks, which register the endpoints."""
    router.register_endpoint("images", ImagesAPIViewSet)
    router.register_endpoint("documents", DocumentsAPIViewSet)


# --- downloads --------------------------------------------------------------------------------


def is_partner_editor(user) -> bool:
    """A member of a partner organisation's group who is neither centre staff nor a superuser."""
    if not user.is_authenticated or user.is_superuser:
        return False
    names = set(user.groups.values_list("name", flat=True))
    return CENTRE_STAFF not in names and any(name.startswith(PARTNER_PREFIX) for name in names)


def refuse_another_organisations_document(document, request):
    """``before_serve_document``: a partner editor is refused a document of a collection for
    signed-in users only (or behind a password) unless they may use it. A restriction to named
    groups already says who may read it, and is left to Wagtail."""
    restrictions = document.collection.get_view_restrictions()
    if not restrictions or not is_partner_editor(request.user):
        return None
    if any(r.restriction_type == BaseViewRestriction.GROUPS for r in restrictions):
        return None
    if usable_files(get_document_model(), request.user).filter(pk=document.pk).exists():
        return None
    raise PermissionDenied
