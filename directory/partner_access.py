"""Who may edit what in the directory.

- **Centre staff** (one group) edit and publish centres and the partner directory, and approve
  partners' changes in the review workflow.
- **Each partner organisation** gets its own group: it may edit its OrganisationPage (in every
  language) and create and edit services under it, and submit them for review — never publish,
  and nothing outside its own subtree. Its images and documents live in its own collection.

Everything here is idempotent, so ``load_demo_content`` and ``manage.py invite_partner`` can run
it again safely.
"""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import (
    Collection,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
)

from core.permissions import approval_workflow, grant_collection, grant_pages

CENTRE_STAFF = "Προσωπικό Κέντρων Κοινότητας"
WORKFLOW_NAME = "Έγκριση αλλαγών συνεργαζόμενων δομών"
PARTNER_PREFIX = "Δομή: "
PARTNER_PAGE_PERMISSIONS = ("add", "change")  # no publish, no bypass_workflow, no lock
STAFF_PAGE_PERMISSIONS = ("add", "change", "publish", "delete", "bulk_delete", "lock", "unlock")
MEDIA_PERMISSIONS = (
    ("wagtailimages", "image", ("add", "change", "choose")),
    ("wagtaildocs", "document", ("add", "change", "choose")),
)


def _admin_access() -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def _all_languages(page: Page) -> list[Page]:
    return list(page.get_translations(inclusive=True))


@transaction.atomic
def ensure_centre_staff(directory_index: Page, centre_index: Page | None = None) -> Group:
    group, _ = Group.objects.get_or_create(name=CENTRE_STAFF)
    group.permissions.add(_admin_access())
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="directory", codename="confirm_public_address"
        )
    )
    for root in [directory_index, centre_index]:
        if root is None:
            continue
        for page in _all_languages(root):
            grant_pages(group, page, STAFF_PAGE_PERMISSIONS)
    grant_collection(group, Collection.get_first_root_node(), MEDIA_PERMISSIONS)
    return group


@transaction.atomic
def ensure_review_workflow(directory_index: Page, staff: Group) -> Workflow:
    """Partners' submissions go to centre staff for approval (approve / request changes)."""
    workflow = approval_workflow(WORKFLOW_NAME, "Έγκριση από το Κέντρο Κοινότητας", staff)
    for page in _all_languages(directory_index):
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def ensure_partner_group(organisation: Page) -> Group:
    """The organisation's own group, with rights on its own subtree and collection only."""
    source = organisation.get_translations(inclusive=True).order_by("id").first()
    name = f"{PARTNER_PREFIX}{source.title}"[:150]
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(_admin_access())
    for page in _all_languages(organisation):
        grant_pages(group, page, PARTNER_PAGE_PERMISSIONS)
    root = Collection.get_first_root_node()
    collection = next((c for c in root.get_children() if c.name == name), None)
    if collection is None:
        collection = root.add_child(name=name)
    grant_collection(group, collection, MEDIA_PERMISSIONS)
    return group


def partner_paths(user) -> list[str]:
    """Tree paths of the organisations (in every language) a partner editor works on; empty for
    staff, administrators and everyone else, who are not limited this way."""
    if not user.is_authenticated or user.is_superuser:
        return []
    groups = list(user.groups.values_list("name", flat=True))
    if CENTRE_STAFF in groups or not any(name.startswith(PARTNER_PREFIX) for name in groups):
        return []
    return list(
        GroupPagePermission.objects.filter(group__user=user, group__name__startswith=PARTNER_PREFIX)
        .values_list("page__path", flat=True)
        .distinct()
    )


def limit_page_chooser(pages, user):
    """What a partner editor's page chooser lists: everything in their own organisation, and
    elsewhere only pages that are live with no pending changes, so another organisation's
    drafts (even a draft title) never show."""
    paths = partner_paths(user)
    if not paths:
        return pages
    own = Q()
    for path in paths:
        own |= Q(path__startswith=path)
    # Only fields the search backend can filter on (the chooser's search goes through it):
    # pages with pending changes are named by id, a short list.
    pending = Page.objects.filter(has_unpublished_changes=True).exclude(own)
    return pages.filter(own | Q(live=True)).exclude(
        id__in=list(pending.values_list("id", flat=True))
    )


def invite_partner(
    organisation: Page, email: str, first_name: str = ""
) -> tuple[object, str | None]:
    """Create (or reuse) the partner editor's account in the organisation's group.

    Returns the user and, for a new account, a generated password to hand over once.
    """
    User = get_user_model()
    group = ensure_partner_group(organisation)
    user = User.objects.filter(username=email).first()
    password = None
    if user is None:
        password = secrets.token_urlsafe(15)
        user = User.objects.create_user(
            username=email, email=email, password=password, first_name=first_name
        )
    user.groups.add(group)
    return user, password
